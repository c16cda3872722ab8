// Raw TCP requests for malformed-HTTP tests: write bytes, read until the server closes
// (or a timeout), report what came back and whether the connection was closed.
import net from 'node:net';

export function rawExchange(port, bytes, { host = '127.0.0.1', timeoutMs = 5000, halfClose = false } = {}) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(port, host);
    const chunks = [];
    let settled = false;
    const finish = (closedByServer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('latin1');
      const m = text.match(/^HTTP\/1\.[01] (\d{3})/);
      const headerEnd = text.indexOf('\r\n\r\n');
      const head = headerEnd >= 0 ? text.slice(0, headerEnd) : text;
      const headers = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      sock.destroy();
      resolve({
        status: m ? Number(m[1]) : null,
        text,
        headers,
        body: headerEnd >= 0 ? text.slice(headerEnd + 4) : '',
        closedByServer,
      });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.on('connect', () => {
      sock.write(bytes, () => {
        if (halfClose) sock.end();
      });
    });
    sock.on('data', (d) => chunks.push(d));
    sock.on('end', () => finish(true));
    sock.on('close', () => finish(true));
    sock.on('error', (e) => {
      // A reset after the server answered still counts as "closed by server".
      if (chunks.length) finish(true);
      else if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(e);
      }
    });
  });
}

/** Parses one JSON body out of a raw response (handles Content-Length and chunked). */
export function rawJson(res) {
  let body = res.body;
  if (/chunked/i.test(res.headers['transfer-encoding'] || '')) {
    let out = '';
    let rest = body;
    for (;;) {
      const i = rest.indexOf('\r\n');
      if (i < 0) break;
      const n = parseInt(rest.slice(0, i), 16);
      if (!n) break;
      out += rest.slice(i + 2, i + 2 + n);
      rest = rest.slice(i + 2 + n + 2);
    }
    body = out;
  } else if (res.headers['content-length']) {
    body = body.slice(0, Number(res.headers['content-length']));
  }
  return JSON.parse(Buffer.from(body, 'latin1').toString('utf8'));
}
