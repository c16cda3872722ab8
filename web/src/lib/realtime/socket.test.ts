import { describe, expect, it, vi } from 'vitest';
import { RealtimeClient } from './socket';

class FakeSocket {
  static instances: FakeSocket[] = [];
  sent: string[] = [];
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.instances.push(this);
  }
  send(s: string) {
    this.sent.push(s);
  }
  close() {}
  emit(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

describe('RealtimeClient', () => {
  it('authenticates first, forwards events and reconnects with backoff', async () => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    const events: string[] = [];
    const statuses: string[] = [];
    const client = new RealtimeClient({
      url: 'ws://x/api/v1/ws',
      getToken: () => 'tok',
      onEvent: (e) => events.push(e.type),
      onStatus: (s) => statuses.push(s),
      createSocket: (u) => new FakeSocket(u) as unknown as WebSocket,
      minDelayMs: 100,
    });
    client.start();
    const ws = FakeSocket.instances[0];
    ws.onopen?.();
    expect(JSON.parse(ws.sent[0])).toEqual({ type: 'auth', token: 'tok' });
    ws.emit({ type: 'auth.ok', data: {} });
    expect(statuses).toContain('open');
    ws.emit({ type: 'resource.created', data: { id: 'r1' }, timestamp: 't' });
    expect(events).toEqual(['resource.created']);
    // Control messages, events the server does not send yet and unknown types are not events.
    ws.emit({ type: 'pong' });
    ws.emit({ type: 'deployment.updated', data: { id: 'dep_1' }, timestamp: 't' });
    ws.emit({ type: 'something.new', data: {}, timestamp: 't' });
    ws.emit({ type: 'notification', data: { id: 'ntf_1', title: 'Hi' }, timestamp: 't' });
    expect(events).toEqual(['resource.created', 'notification']);

    ws.onclose?.({ code: 1006 });
    expect(statuses.at(-1)).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(150);
    expect(FakeSocket.instances).toHaveLength(2);
    client.stop();
    vi.useRealTimers();
  });

  it('refreshes the token when the server rejects it', async () => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    const onAuthFailed = vi.fn(async () => undefined);
    const client = new RealtimeClient({
      url: 'ws://x',
      getToken: () => 'tok',
      onEvent: () => {},
      onAuthFailed,
      createSocket: (u) => new FakeSocket(u) as unknown as WebSocket,
      minDelayMs: 10,
    });
    client.start();
    const ws = FakeSocket.instances[0];
    ws.onopen?.();
    ws.emit({ type: 'error', data: { code: 'AUTHENTICATION_ERROR', message: 'expired' } });
    ws.onclose?.({ code: 1008 });
    expect(onAuthFailed).toHaveBeenCalled();
    client.stop();
    vi.useRealTimers();
  });
});
