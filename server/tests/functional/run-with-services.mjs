#!/usr/bin/env node
// Runs the functional tests against PostgreSQL + Redis: starts both with
// scripts/start-postgres and scripts/start-redis (throwaway, free ports), runs `node --test`
// with CLOUDWEAVE_TEST_DATABASE_URL / CLOUDWEAVE_TEST_REDIS_URL, stops them again.
//   npm run test:services [-- extra node --test args]
// If CLOUDWEAVE_TEST_DATABASE_URL / CLOUDWEAVE_TEST_REDIS_URL are already set they are used as is.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './lib/paths.mjs';

const stateDir = mkdtempSync(join(tmpdir(), 'cw-ft-services-'));
const pgState = join(stateDir, 'pg.state');
const redisState = join(stateDir, 'redis.state');
const env = { ...process.env };
const started = [];

function start(script, state) {
  const out = execFileSync(join(repoRoot, 'scripts', script), [state], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim();
}

let code = 1;
try {
  if (!env.CLOUDWEAVE_TEST_DATABASE_URL) {
    env.CLOUDWEAVE_TEST_DATABASE_URL = start('start-postgres', pgState);
    started.push(['stop-postgres', pgState]);
  }
  if (!env.CLOUDWEAVE_TEST_REDIS_URL) {
    env.CLOUDWEAVE_TEST_REDIS_URL = start('start-redis', redisState);
    started.push(['stop-redis', redisState]);
  }
  console.log(`functional tests with database ${env.CLOUDWEAVE_TEST_DATABASE_URL} and redis ${env.CLOUDWEAVE_TEST_REDIS_URL}`);
  const r = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=1', '--test-timeout=120000', ...process.argv.slice(2), 'test/'],
    { stdio: 'inherit', env, cwd: new URL('.', import.meta.url).pathname },
  );
  code = r.status ?? 1;
} catch (e) {
  console.error(e.message);
} finally {
  for (const [script, state] of started.reverse()) {
    try {
      execFileSync(join(repoRoot, 'scripts', script), [state], { stdio: 'inherit' });
    } catch (e) {
      console.error(`${script}: ${e.message}`);
    }
  }
  rmSync(stateDir, { recursive: true, force: true });
}
process.exit(code);
