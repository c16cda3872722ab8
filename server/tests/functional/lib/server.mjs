// Starts the real cloudweave binary on a free port with a fresh data dir (and, when the
// environment asks for it, a fresh PostgreSQL database and a flushed Redis), and stops it.
//
//   const srv = await startServer({ env: { CLOUDWEAVE_RATE_LIMIT: '5' } });
//   srv.url        // http://127.0.0.1:PORT
//   await srv.stop()   // SIGTERM, wait, clean up → { code, signal }
//
// Environment of the test run:
//   CLOUDWEAVE_BIN               path of the binary (default <repo>/build/cloudweave)
//   CLOUDWEAVE_TEST_DATABASE_URL postgresql:// admin URL → one fresh database per server
//   CLOUDWEAVE_TEST_REDIS_URL    redis:// URL → CLOUDWEAVE_REDIS_URL (flushed at each start:
//                                a throwaway test Redis only)
//   CLOUDWEAVE_TEST_VERBOSE=1    copy the server's output to stderr
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { binPath } from './paths.mjs';
import { Api } from './http.mjs';

const live = new Set();
process.on('exit', () => {
  for (const child of live) {
    try {
      child.kill('SIGKILL');
    } catch {}
  }
});

let dbCounter = 0;

function psql(adminUrl, sql) {
  execFileSync('psql', [adminUrl, '-v', 'ON_ERROR_STOP=1', '-qAt', '-c', sql], {
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 30000,
  });
}

// Test databases collate like most production installations (en-US: case and punctuation
// ignored at first) rather than like the throwaway cluster's C locale, so an ORDER BY that
// depends on the database collation shows up as a difference from SQLite. Without ICU support
// the cluster's default is used.
const LOCALE_AWARE = "TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.utf8'";
let localeAware = true;

function createDatabase(adminUrl) {
  const name = `cw_ft_${process.pid}_${++dbCounter}_${randomBytes(3).toString('hex')}`;
  if (localeAware) {
    try {
      psql(adminUrl, `CREATE DATABASE ${name} ${LOCALE_AWARE}`);
    } catch {
      localeAware = false;
    }
  }
  if (!localeAware) psql(adminUrl, `CREATE DATABASE ${name}`);
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { name, url: u.toString() };
}

function dropDatabase(adminUrl, name) {
  try {
    psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } catch (e) {
    process.stderr.write(`warning: could not drop test database ${name}: ${e.message}\n`);
  }
}

/** Sends FLUSHALL to a throwaway Redis so throttles/limits of earlier servers do not leak in. */
function flushRedis(redisUrl) {
  const u = new URL(redisUrl);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(u.port || 6379), u.hostname);
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`redis ${redisUrl}: no answer to FLUSHALL`));
    }, 5000);
    sock.on('connect', () => {
      let cmd = '';
      if (u.password) cmd += `*2\r\n$4\r\nAUTH\r\n$${u.password.length}\r\n${u.password}\r\n`;
      cmd += '*1\r\n$8\r\nFLUSHALL\r\n';
      sock.write(cmd);
    });
    sock.on('data', (d) => {
      buf += d.toString();
      if (buf.includes('+OK\r\n') && (!u.password || buf.split('+OK\r\n').length > 2)) {
        clearTimeout(timer);
        sock.end();
        resolve();
      } else if (buf.startsWith('-')) {
        clearTimeout(timer);
        sock.destroy();
        reject(new Error(`redis: ${buf.trim()}`));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** A fresh, empty database for a CLI run outside startServer: { url, drop() } or null. */
export function freshDatabase() {
  const adminUrl = process.env.CLOUDWEAVE_TEST_DATABASE_URL;
  if (!adminUrl) return null;
  const db = createDatabase(adminUrl);
  return { url: db.url, drop: () => dropDatabase(adminUrl, db.name) };
}

/**
 * Options: env (extra/overriding variables; undefined deletes), args (extra CLI args),
 * startTimeoutMs, shareWith (another started server: reuse its database, Redis, JWT secret and
 * master key — a second replica of the same deployment; the database is then left to the first),
 * keep (stop() leaves the data dir and database for a restart), restartOf (a stopped `keep`
 * server: same data dir, database, Redis and secrets; this one cleans up on stop).
 */
export async function startServer(opts = {}) {
  const { env: extraEnv = {}, args = [], startTimeoutMs = 30000, keep = false, restartOf } = opts;
  const shareWith = opts.shareWith || restartOf;
  if (!existsSync(binPath)) {
    throw new Error(`cloudweave binary not found at ${binPath} — run \`make build\` or set CLOUDWEAVE_BIN`);
  }
  const dataDir = restartOf ? restartOf.dataDir : mkdtempSync(join(tmpdir(), 'cw-ft-'));
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!k.startsWith('CLOUDWEAVE_')) env[k] = v;
  }
  env.CLOUDWEAVE_RATE_LIMIT = '100000';
  // The cloud fakes, replays and emulators listen on 127.0.0.1.
  env.CLOUDWEAVE_OUTBOUND_ALLOW_PRIVATE = 'true';
  env.CLOUDWEAVE_LOG_LEVEL = process.env.CLOUDWEAVE_TEST_LOG_LEVEL || 'warn';
  env.CLOUDWEAVE_JWT_SECRET = randomBytes(32).toString('hex');

  const adminUrl = process.env.CLOUDWEAVE_TEST_DATABASE_URL;
  let db = restartOf ? restartOf.db : null;
  const redisUrl = process.env.CLOUDWEAVE_TEST_REDIS_URL;
  if (shareWith) {
    for (const k of ['CLOUDWEAVE_DATABASE_URL', 'CLOUDWEAVE_REDIS_URL', 'CLOUDWEAVE_JWT_SECRET', 'CLOUDWEAVE_MASTER_KEY', 'CLOUDWEAVE_MASTER_KEY_PREVIOUS']) {
      if (shareWith.env[k]) env[k] = shareWith.env[k];
    }
    // Replicas share the master key (README): without it a job that opens stored cloud
    // credentials fails on whichever replica did not seal them.
    const keyFile = join(shareWith.dataDir, 'master.key');
    if (!restartOf && existsSync(keyFile)) copyFileSync(keyFile, join(dataDir, 'master.key'));
  } else {
    if (adminUrl) {
      db = createDatabase(adminUrl);
      env.CLOUDWEAVE_DATABASE_URL = db.url;
    }
    if (redisUrl) {
      await flushRedis(redisUrl);
      env.CLOUDWEAVE_REDIS_URL = redisUrl;
    }
  }
  for (const [k, v] of Object.entries(extraEnv)) {
    if (v === undefined || v === null) delete env[k];
    else env[k] = String(v);
  }

  const argv = ['serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, ...args];
  const child = spawn(binPath, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  live.add(child);
  const output = [];
  const verbose = process.env.CLOUDWEAVE_TEST_VERBOSE === '1';
  const remember = (stream, name) => {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      if (verbose) process.stderr.write(chunk);
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop();
      for (const l of lines) {
        output.push(`[${name}] ${l}`);
        if (output.length > 2000) output.shift();
        child.emit('line', l, name);
      }
    });
  };
  remember(child.stdout, 'out');
  remember(child.stderr, 'err');

  let exitInfo = null;
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      exitInfo = { code, signal };
      live.delete(child);
      resolve(exitInfo);
    });
    // A binary that cannot be executed (missing, being relinked: ETXTBSY) never emits 'exit'.
    child.on('error', (error) => {
      if (exitInfo) return;
      exitInfo = { code: null, signal: null, error };
      live.delete(child);
      resolve(exitInfo);
    });
  });

  const logs = () => output.join('\n');

  let url;
  try {
    url = await new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`server did not print "listening on" within ${startTimeoutMs} ms`)),
        startTimeoutMs,
      );
      child.on('line', (line, name) => {
        const m = name === 'out' && line.match(/listening on (https?:\/\/[^\s/]+)/);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      exited.then((info) => {
        clearTimeout(timer);
        reject(
          info.error
            ? new Error(`cannot run ${binPath}: ${info.error.message}`)
            : new Error(`server exited during start-up (code ${info.code}, signal ${info.signal})`),
        );
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await exited;
    if (!keep) {
      rmSync(dataDir, { recursive: true, force: true });
      if (db) dropDatabase(adminUrl, db.name);
    }
    e.message += `\n--- server output ---\n${logs()}`;
    throw e;
  }

  const port = Number(new URL(url).port);
  let stopped = null;

  async function stop({ signal = 'SIGTERM', timeoutMs = 15000 } = {}) {
    if (stopped) return stopped;
    stopped = (async () => {
      if (!exitInfo) {
        child.kill(signal);
        const timer = setTimeout(() => {
          process.stderr.write(`server (pid ${child.pid}) did not exit ${timeoutMs} ms after ${signal}; killing\n`);
          child.kill('SIGKILL');
        }, timeoutMs);
        await exited;
        clearTimeout(timer);
      }
      if (!keep) {
        rmSync(dataDir, { recursive: true, force: true });
        if (db) dropDatabase(adminUrl, db.name);
      }
      return exitInfo;
    })();
    return stopped;
  }

  return {
    url,
    port,
    host: new URL(url).hostname,
    pid: child.pid,
    dataDir,
    db,
    env,
    child,
    exited,
    logs,
    stop,
    api: (auth) => new Api(url, auth),
  };
}
