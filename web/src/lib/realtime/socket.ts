import type { RealtimeEvent, WsServerMessage } from '../api/types';
import { isRealtimeEvent } from './events';

export type ConnectionStatus = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface RealtimeOptions {
  url: string;
  getToken: () => string | null | undefined;
  /** Called when the server rejects the token; should refresh it. */
  onAuthFailed?: () => Promise<unknown>;
  onEvent: (event: RealtimeEvent) => void;
  onStatus?: (status: ConnectionStatus) => void;
  /** For tests. */
  createSocket?: (url: string) => WebSocket;
  minDelayMs?: number;
  maxDelayMs?: number;
}

/**
 * One authenticated WebSocket to /api/v1/ws with exponential, jittered reconnect.
 * The first message carries the access token; events arrive as {type, data, timestamp}
 * (`WsServerMessage` of the contract) and only the ones the server sends reach `onEvent`.
 */
export class RealtimeClient {
  private ws: WebSocket | null = null;
  private attempts = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private authFailed = false;

  constructor(private readonly opts: RealtimeOptions) {}

  start() {
    if (!this.stopped) return;
    this.stopped = false;
    this.connect();
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onclose = null;
      ws.close(1000, 'bye');
    }
    this.opts.onStatus?.('closed');
  }

  /** Reconnect now (e.g. after the access token changed). */
  restart() {
    this.stop();
    this.start();
  }

  private connect() {
    const token = this.opts.getToken();
    if (!token) {
      this.opts.onStatus?.('idle');
      return;
    }
    this.opts.onStatus?.(this.attempts ? 'reconnecting' : 'connecting');
    let ws: WebSocket;
    try {
      ws = this.opts.createSocket ? this.opts.createSocket(this.opts.url) : new WebSocket(this.opts.url);
    } catch {
      this.schedule();
      return;
    }
    this.ws = ws;
    this.authFailed = false;
    ws.onopen = () => {
      ws.send(JSON.stringify({ type: 'auth', token: this.opts.getToken() }));
    };
    ws.onmessage = (msg) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(msg.data));
      } catch {
        return;
      }
      if (!parsed || typeof parsed !== 'object' || typeof (parsed as { type?: unknown }).type !== 'string') return;
      const m = parsed as WsServerMessage;
      switch (m.type) {
        case 'auth.ok':
          this.attempts = 0;
          this.opts.onStatus?.('open');
          return;
        case 'pong':
          return;
        case 'error':
          // A bad or expired token: the server closes with 1008 next; refresh before reconnecting.
          if (String(m.data?.code).startsWith('AUTH')) this.authFailed = true;
          return;
        default:
          // Unknown types (a newer server) and the contract's not-yet-sent events are dropped.
          if (isRealtimeEvent(m)) this.opts.onEvent(m);
      }
    };
    ws.onclose = (e) => {
      this.ws = null;
      if (this.stopped) return;
      if (this.authFailed || e.code === 4001 || e.code === 1008) {
        void (this.opts.onAuthFailed?.() ?? Promise.resolve()).finally(() => this.schedule());
      } else {
        this.schedule();
      }
    };
  }

  private schedule() {
    if (this.stopped) return;
    this.opts.onStatus?.('reconnecting');
    const min = this.opts.minDelayMs ?? 1000;
    const max = this.opts.maxDelayMs ?? 30000;
    const base = Math.min(max, min * 2 ** this.attempts);
    const delay = base / 2 + Math.random() * (base / 2);
    this.attempts += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay);
  }
}

export function defaultSocketUrl(): string {
  const proto = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${window.location.host}/api/v1/ws`;
}
