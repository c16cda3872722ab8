// WebSocket test client: buffers messages so tests can await the next matching one.
import WebSocket from 'ws';
import { spec } from './openapi.mjs';

/** Event types with a schema of their own in api/openapi.yaml. */
const EVENT_SCHEMAS = {
  'resource.created': 'WsResourceEvent',
  'resource.updated': 'WsResourceEvent',
  'resource.deleted': 'WsResourceDeletedEvent',
  'sync.progress': 'WsSyncProgressEvent',
  'sync.completed': 'WsSyncCompletedEvent',
  notification: 'WsNotificationEvent',
};

export class WsClient {
  constructor(ws) {
    this.ws = ws;
    this.messages = [];
    this.waiters = [];
    this.contractProblems = [];
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
    ws.on('message', (data) => {
      let msg;
      try {
        msg = JSON.parse(data.toString());
      } catch {
        msg = { type: '__invalid_json__', raw: data.toString() };
      }
      let problem = spec().validateSchema('WsServerMessage', msg);
      // WsServerMessage is a oneOf: name only the errors of the branch for this event type.
      if (problem && EVENT_SCHEMAS[msg?.type]) problem = spec().validateSchema(EVENT_SCHEMAS[msg.type], msg) || problem;
      if (problem) this.contractProblems.push(`${problem} in ${JSON.stringify(msg).slice(0, 300)}`);
      this.messages.push(msg);
      this.waiters = this.waiters.filter((w) => !w.check());
    });
    ws.on('error', () => {}); // surfaced through `closed`
  }

  static open(baseUrl, { query = '', headers = {} } = {}) {
    const url = baseUrl.replace(/^http/, 'ws') + '/api/v1/ws' + (query ? `?${query}` : '');
    const ws = new WebSocket(url, { headers, handshakeTimeout: 5000 });
    const client = new WsClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (req, res) => reject(new Error(`ws upgrade refused: HTTP ${res.statusCode}`)));
      ws.once('error', reject);
    });
  }

  send(obj) {
    this.ws.send(typeof obj === 'string' ? obj : JSON.stringify(obj));
  }

  /** Resolves with (and removes) the first buffered/future message matching pred. */
  next(pred = () => true, timeoutMs = 5000) {
    const p = typeof pred === 'string' ? (m) => m.type === pred : pred;
    return new Promise((resolve, reject) => {
      const waiter = {
        check: () => {
          const i = this.messages.findIndex(p);
          if (i < 0) return false;
          clearTimeout(waiter.timer);
          resolve(this.messages.splice(i, 1)[0]);
          return true;
        },
      };
      if (waiter.check()) return;
      waiter.timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching ws message within ${timeoutMs} ms; got ${JSON.stringify(this.messages).slice(0, 500)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** Authenticates with the first-message handshake; resolves with auth.ok data. */
  async auth(token) {
    this.send({ type: 'auth', token });
    const m = await this.next((x) => x.type === 'auth.ok' || x.type === 'error');
    if (m.type !== 'auth.ok') throw new Error(`ws auth failed: ${JSON.stringify(m)}`);
    return m.data;
  }

  close() {
    try {
      this.ws.close();
    } catch {}
  }

  terminate() {
    try {
      this.ws.terminate();
    } catch {}
  }
}
