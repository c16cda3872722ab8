// Event delivery over real sockets: the whole path a user sees, from an API change to a frame on
// every connected browser of the organization.
//
//   node bench/events-ws.mjs            (after `make build`; uses server/tests/functional's
//                                        node_modules and server launcher)
//   BENCH_CLIENTS=1000 BENCH_RATE=50 BENCH_SECONDS=10 node bench/events-ws.mjs
//
// Starts build/cloudweave (fresh SQLite data dir), opens BENCH_CLIENTS authenticated WebSocket
// sessions of one organization, then changes a resource's tags BENCH_RATE times a second
// (`PATCH /resources/{id}`: the change and its outbox row in one transaction → the dispatcher →
// the hub → every session's socket). For each change it takes the time from sending the request
// to the frame reaching the last of the clients, and prints p50/p99/max and the frames per
// second received. The clients run in this one Node process, which is itself a bottleneck on a
// small machine: build/events_benchmark measures the server side alone at 10,000 events/s.
import { performance } from 'node:perf_hooks';
import WebSocket from '../server/tests/functional/node_modules/ws/index.js';
import { startServer } from '../server/tests/functional/lib/server.mjs';
import { registerOwner } from '../server/tests/functional/lib/fixtures.mjs';
import { connectAndSync } from '../server/tests/functional/lib/inventory.mjs';

const clients = Number(process.env.BENCH_CLIENTS || 1000);
const rate = Number(process.env.BENCH_RATE || 50);
const seconds = Number(process.env.BENCH_SECONDS || 10);

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

const srv = await startServer();
const sockets = [];
try {
  const owner = await registerOwner(srv, { prefix: 'bench', organizationName: 'Bench' });
  const account = await connectAndSync(owner.api, { scenario: 'startup', seed: 5, resourceCount: 20 }, { name: 'Bench cloud' });
  const list = await owner.api.get(`resources?providerId=${account.id}&limit=20`);
  const resources = list.body.data.map((r) => r.id);

  // seq → { sentAt, arrivals }
  const pending = new Map();
  const latencies = [];
  let frames = 0;
  const url = srv.url.replace(/^http/, 'ws') + '/api/v1/ws';
  const onFrame = (data) => {
    frames++;
    const text = data.toString();
    // Only the benchmark's own changes: "bench":"<seq>" in the resource's tags.
    const at = text.indexOf('"bench":"');
    if (at < 0) return;
    const seq = Number(text.slice(at + 9, text.indexOf('"', at + 9)));
    const entry = pending.get(seq);
    if (!entry) return;
    if (++entry.arrivals === clients) {
      latencies.push(performance.now() - entry.sentAt);
      pending.delete(seq);
    }
  };
  for (let i = 0; i < clients; i++) {
    const ws = new WebSocket(url);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'auth', token: owner.accessToken }));
    await new Promise((resolve) => ws.once('message', resolve));  // auth.ok
    ws.on('message', onFrame);
    sockets.push(ws);
  }
  console.log(`${clients} WebSocket sessions open and authenticated`);

  const started = performance.now();
  const total = rate * seconds;
  const requests = [];
  for (let seq = 0; seq < total; seq++) {
    const due = started + (seq * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.set(seq, { sentAt: performance.now(), arrivals: 0 });
    const id = resources[seq % resources.length];
    requests.push(owner.api.patch(`resources/${id}`, { tags: { bench: String(seq) } }));
  }
  const answers = await Promise.all(requests);
  const refused = answers.filter((r) => r.status !== 200);
  if (refused.length) throw new Error(`${refused.length} changes refused, e.g. ${refused[0].status} ${JSON.stringify(refused[0].body)}`);
  const deadline = performance.now() + 30_000;
  while (pending.size && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const elapsed = (performance.now() - started) / 1000;

  latencies.sort((a, b) => a - b);
  console.log(`changes: ${total} at ${rate}/s to ${clients} sessions (${(frames / elapsed).toFixed(0)} frames/s received)`);
  console.log(`delivered to every session: ${latencies.length}/${total}` + (pending.size ? ` (${pending.size} incomplete after 30 s)` : ''));
  console.log(`latency, request sent → frame on the last session: p50 ${percentile(latencies, 0.5).toFixed(1)} ms, ` +
    `p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${latencies[latencies.length - 1].toFixed(1)} ms`);
} finally {
  for (const ws of sockets) ws.terminate();
  await srv.stop();
}
