#!/usr/bin/env node
// Runs clang-tidy (the checks in .clang-tidy) on every production C++ source of the server and
// the benchmarks, and exits non-zero when any check fires. Run by scripts/run-tests.
//
//   node scripts/check-tidy.mjs [--build-dir build] [--jobs N] [FILE...]
//
// A source that came out clean is remembered in .cache/tidy under the hash of what clang-tidy
// would read: its preprocessed text (so every header it includes counts), its compile command,
// .clang-tidy and the clang-tidy version. A second run only checks what changed, which matters
// because one file costs 3-10 s (the Boost headers are large).
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) return fallback;
  const value = args[i + 1];
  args.splice(i, 2);
  return value;
};
const buildDir = path.resolve(root, option('--build-dir', process.env.BUILD_DIR || 'build'));
const jobs = Number(option('--jobs', String(os.cpus().length)));
const cacheDir = path.join(root, '.cache', 'tidy');

// Tests may do what production code must not (copy a fixture, compare floats); they are not checked.
const isProduction = (file) =>
  /\/(server|bench)\//.test(file) && !/_(test|pgtest|emutest)\.cpp$/.test(file) && !file.includes('/tests/');

const database = JSON.parse(readFileSync(path.join(buildDir, 'compile_commands.json'), 'utf8'));
const wanted = new Set(args.map((f) => path.resolve(f)));
const entries = database.filter((e) =>
  wanted.size ? wanted.has(path.resolve(e.directory, e.file)) : isProduction(path.resolve(e.directory, e.file)),
);
if (entries.length === 0) {
  console.error('check-tidy: no sources to check (is the build configured?)');
  process.exit(2);
}

// Boost 1.74 enables co_await for clang only with <experimental/coroutine>, which libstdc++ does
// not have; GCC (which builds the server) gets it from <coroutine>, and so does clang 14.
const extraArgs = ['--extra-arg=-DBOOST_ASIO_HAS_CO_AWAIT=1'];
const version = execFileSync('clang-tidy', ['--version'], { encoding: 'utf8' });
const config = readFileSync(path.join(root, '.clang-tidy'), 'utf8');
mkdirSync(cacheDir, { recursive: true });

function run(cmd, argv, cwd) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('close', (code) => resolve({ code, out }));
  });
}

// The compile command as an argument list, with its output and dependency-file flags removed.
function compileArgs(entry) {
  const argv = entry.arguments ?? entry.command.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g).map((a) => a.replace(/^["']|["']$/g, ''));
  const kept = [];
  for (let i = 0; i < argv.length; i++) {
    if (['-o', '-MF', '-MT', '-MQ'].includes(argv[i])) { i++; continue; }
    if (['-MD', '-MMD', '-c'].includes(argv[i])) continue;
    kept.push(argv[i]);
  }
  return kept;
}

async function cacheKey(entry) {
  const argv = compileArgs(entry);
  const compiler = argv[0].endsWith('ccache') ? argv[1] : argv[0];
  const rest = argv.slice(argv[0].endsWith('ccache') ? 2 : 1);
  const pre = await run(compiler, [...rest, '-E'], entry.directory);
  if (pre.code !== 0) return null;  // let clang-tidy report what is wrong
  return createHash('sha256').update(version).update(config).update(argv.join('\0')).update(extraArgs.join('\0')).update(pre.out).digest('hex');
}

let failed = 0;
let cached = 0;
const queue = [...entries];
async function worker() {
  for (let entry = queue.shift(); entry; entry = queue.shift()) {
    const file = path.resolve(entry.directory, entry.file);
    const key = await cacheKey(entry);
    const marker = key && path.join(cacheDir, key);
    if (marker && existsSync(marker)) { cached++; continue; }
    const result = await run('clang-tidy', ['-p', buildDir, '--quiet', ...extraArgs, file], root);
    const findings = result.out
      .split('\n')
      .filter((l) => !/^\d+ warnings? (and \d+ errors? )?generated\.$/.test(l) && l.trim() !== '')
      .join('\n');
    if (result.code !== 0) {
      failed++;
      console.log(`${path.relative(root, file)}:\n${findings}\n`);
    } else if (marker) {
      writeFileSync(marker, path.relative(root, file) + '\n');
    }
  }
}
const started = Date.now();
await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
const seconds = ((Date.now() - started) / 1000).toFixed(0);
console.log(`clang-tidy: ${entries.length} sources, ${cached} unchanged since a clean run, ${failed} with findings (${seconds} s)`);
process.exit(failed ? 1 : 0);
