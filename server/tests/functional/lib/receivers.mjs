// Real local receivers for notification tests: an SMTP server (npm smtp-server) that takes one
// login and keeps the mails, and an HTTP webhook receiver that verifies X-CloudWeave-Signature.
import http from 'node:http';
import crypto from 'node:crypto';
import { SMTPServer } from 'smtp-server';

export async function startSmtp({ username = 'mailer', password = 'mail-secret' } = {}) {
  const mails = [];
  const server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true, // the tests speak plain SMTP on loopback (starttls: false)
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === username && auth.password === password) return cb(null, { user: username });
      return cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.on('data', (c) => (raw += c));
      stream.on('end', () => {
        mails.push({ from: session.envelope.mailFrom.address, to: session.envelope.rcptTo.map((r) => r.address), raw, user: session.user });
        cb();
      });
    },
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = server.server.address().port;
  return { port, mails, stop: () => new Promise((r) => server.close(r)) };
}

/// Verifies "t=<unix>,v1=<hex>" as a receiver would: HMAC-SHA256(secret, `${t}.${body}`).
export function verifySignature(header, body, secret) {
  const parts = Object.fromEntries(String(header || '').split(',').map((p) => p.split('=')));
  if (!parts.t || !parts.v1) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${parts.t}.${body}`).digest('hex');
  const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) < 300;
  return fresh && crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(parts.v1));
}

/// POST /ok/<name> answers 204, POST /fail/<name> answers 500; every request is kept with
/// whether its signature verified against `secret`.
export async function startWebhookReceiver(secret) {
  const received = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({
        path: req.url,
        body: body ? JSON.parse(body) : null,
        verified: verifySignature(req.headers['x-cloudweave-signature'], body, secret),
        headers: req.headers,
      });
      if (req.url.startsWith('/fail')) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('receiver broken');
      } else {
        res.writeHead(204);
        res.end();
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, received, stop: () => new Promise((r) => server.close(r)) };
}
