// The npm cloud emulators of scripts/emulators/<name>/ (s3rver, azurite), started for one test
// file through their own `run` script, in a fresh state directory on a free loopback port.
//
//   const s3 = await startEmulator('s3rver');
//   s3.env.CLOUDWEAVE_TEST_S3_URL   // what `run start` printed, KEY=VALUE
//   await s3.stop()                 // `run stop`, then the state directory is removed
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './paths.mjs';

const run = promisify(execFile);

export async function startEmulator(name, { timeoutMs = 120000 } = {}) {
  const script = resolve(repoRoot, 'scripts/emulators', name, 'run');
  if (!existsSync(script)) throw new Error(`no emulator ${name}: ${script} is missing`);
  const state = mkdtempSync(join(tmpdir(), `cw-ft-${name}-`));
  let stdout;
  try {
    // The first start in a fresh checkout installs the emulator's pinned npm package.
    ({ stdout } = await run(script, ['start', state], { timeout: timeoutMs }));
  } catch (e) {
    const log = join(state, `${name}.log`);
    e.message += existsSync(log) ? `\n--- ${name} log ---\n${readFileSync(log, 'utf8')}` : '';
    await run(script, ['stop', state]).catch(() => {});
    rmSync(state, { recursive: true, force: true });
    throw e;
  }
  const env = {};
  for (const line of stdout.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) env[m[1]] = m[2];
  }
  return {
    env,
    state,
    stop: async () => {
      await run(script, ['stop', state]).catch(() => {});
      rmSync(state, { recursive: true, force: true });
    },
  };
}
