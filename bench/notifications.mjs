// Notification fan-out benchmark: how long 1,000 webhook deliveries take, end to end.
//
//   node bench/notifications.mjs            (after `make build`; uses server/tests/functional's
//                                            node_modules and server launcher)
//
// Starts build/cloudweave (fresh SQLite data dir, as the functional tests do) and a local
// webhook receiver, creates BENCH_CHANNELS (1,000) webhook channels for the `sync` kind, then
// makes one sync fail: the event → 1,000 delivery rows and jobs in one transaction → the job
// workers POST them. Prints the time from the sync request to the last delivery received, the
// rate, and the target (< 5 s). Channel creation is not timed.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { startServer } from '../server/tests/functional/lib/server.mjs';
import { registerOwner } from '../server/tests/functional/lib/fixtures.mjs';
import { connectAndSync } from '../server/tests/functional/lib/inventory.mjs';

const channels = Number(process.env.BENCH_CHANNELS || 1000);
let received = 0;
let lastAt = 0;
const receiver = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    received++;
    lastAt = performance.now();
    res.writeHead(204);
    res.end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${receiver.address().port}/hook`;

const srv = await startServer();
try {
  const owner = await registerOwner(srv, { prefix: 'bench', organizationName: 'Bench' });
  for (let i = 0; i < channels; i++) {
    const res = await owner.api.post('notification-channels', { name: `hook ${i}`, type: 'webhook', config: { url, secret: 's3cret' }, events: ['sync'] });
    if (res.status !== 201) throw new Error(`channel ${i}: ${res.status} ${JSON.stringify(res.body)}`);
  }
  const account = await connectAndSync(owner.api, { scenario: 'startup', seed: 3, resourceCount: 5 }, { name: 'Bench cloud' });
  await owner.api.patch(`providers/${account.id}`, { credentials: { scenario: 'startup', seed: 3, resourceCount: 5, failureRate: 1 } });
  const started = performance.now();
  await owner.api.post(`providers/${account.id}/sync`);
  const deadline = started + 120_000;
  while (received < channels && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const seconds = (lastAt - started) / 1000;
  console.log(`webhook deliveries: ${received}/${channels} in ${seconds.toFixed(2)} s (${Math.round(received / seconds)}/s) — target < 5 s: ${received === channels && seconds < 5 ? 'met' : 'MISSED'}`);
} finally {
  await srv.stop();
  receiver.close();
}
