#!/usr/bin/env node
// Runs clang-tidy (the checks in .clang-tidy) on every production C++ source of the server and
// the benchmarks, and exits non-zero when any check fires. Run by scripts/run-tests.
//
//   node scripts/check-tidy.mjs [--build-dir build] [--jobs N] [--changed-since COMMIT] [FILE...]
//
// --changed-since COMMIT (run-tests passes .ci/tidy-baseline, a commit whose whole tree came out
// clean) checks only the sources that differ from that commit, themselves or through a header
// they include (ninja's dependency records, after a build); everything when .clang-tidy or this
// script changed, or when the commit is not in the history.
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
const baseline = option('--changed-since', '');
const cacheDir = path.join(root, '.cache', 'tidy');

// Tests may do what production code must not (copy a fixture, compare floats); they are not checked.
const isProduction = (file) =>
  /\/(server|bench)\//.test(file) && !/_(test|pgtest|emutest)\.cpp$/.test(file) && !file.includes('/tests/');

const database = JSON.parse(readFileSync(path.join(buildDir, 'compile_commands.json'), 'utf8'));
const wanted = new Set(args.map((f) => path.resolve(f)));
let entries = database.filter((e) =>
  wanted.size ? wanted.has(path.resolve(e.directory, e.file)) : isProduction(path.resolve(e.directory, e.file)),
);
if (entries.length === 0) {
  console.error('check-tidy: no sources to check (is the build configured?)');
  process.exit(2);
}

/** The files (absolute) that differ from `commit`, committed or not; null when that cannot be told. */
function changedSince(commit) {
  const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    git('cat-file', '-e', `${commit}^{commit}`);
    const names = git('diff', '--name-only', commit).split('\n').concat(git('ls-files', '--others', '--exclude-standard').split('\n'));
    return new Set(names.filter(Boolean).map((n) => path.resolve(root, n)));
  } catch {
    return null;
  }
}

/** source (absolute) → the headers it includes, from ninja's records of the last build. */
function headerDeps() {
  const out = new Map();
  const text = execFileSync('ninja', ['-C', buildDir, '-t', 'deps'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  let deps = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(' ')) {
      deps = [];
      continue;
    }
    const dep = line.trim();
    if (!dep) continue;
    deps.push(path.resolve(buildDir, dep));
    if (/\.(cpp|cc)$/.test(dep)) out.set(path.resolve(buildDir, dep), deps);
  }
  return out;
}

if (baseline && wanted.size === 0) {
  const changed = changedSince(baseline);
  const everything = !changed || [...changed].some((f) => /(\.clang-tidy|check-tidy\.mjs)$/.test(f));
  if (!everything) {
    const deps = headerDeps();
    const before = entries.length;
    const keep = entries.filter((e) => {
      const file = path.resolve(e.directory, e.file);
      return changed.has(file) || !deps.has(file) || deps.get(file).some((d) => changed.has(d));
    });
    entries.splice(0, entries.length, ...keep);
    console.log(`clang-tidy: ${before - keep.length} of ${before} sources unchanged since ${baseline.slice(0, 12)} (clean then)`);
  }
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

// The compile command as an argument list, with its output and dependency-file flags removed,
// and without the precompiled header (CMakeLists.txt): clang cannot read GCC's .gch, and every
// source includes what the header holds anyway.
function compileArgs(entry) {
  const argv = entry.arguments ?? entry.command.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g).map((a) => a.replace(/^["']|["']$/g, ''));
  const kept = [];
  for (let i = 0; i < argv.length; i++) {
    if (['-o', '-MF', '-MT', '-MQ'].includes(argv[i])) { i++; continue; }
    if (argv[i] === '-include' && /cmake_pch\.hxx$/.test(argv[i + 1] ?? '')) { i++; continue; }
    if (['-MD', '-MMD', '-c', '-Winvalid-pch'].includes(argv[i])) continue;
    kept.push(argv[i]);
  }
  return kept;
}

// clang-tidy reads its commands from a compilation database: the same one, without the PCH.
const tidyDbDir = path.join(root, '.cache', 'tidy-db');
mkdirSync(tidyDbDir, { recursive: true });
// The command is edited as text, not split and rejoined: a define such as
// -DCLOUDWEAVE_VERSION=\"0.1.0\" must reach clang exactly as the shell would pass it.
const withoutPch = (command) =>
  command.replace(/\s-Winvalid-pch(?=\s)/g, '').replace(/\s-include\s+\S*cmake_pch\.hxx(?=\s)/g, '');
writeFileSync(
  path.join(tidyDbDir, 'compile_commands.json'),
  JSON.stringify(
    database.map((e) =>
      e.arguments
        ? { directory: e.directory, file: e.file, arguments: compileArgs(e) }
        : { directory: e.directory, file: e.file, command: withoutPch(e.command) },
    ),
  ),
);

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
    const result = await run('clang-tidy', ['-p', tidyDbDir, '--quiet', ...extraArgs, file], root);
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
