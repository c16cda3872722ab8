#!/usr/bin/env node
// Fails when a server source includes a header of a layer its own layer does not depend on.
//
//   node scripts/check-layers.mjs <layers.txt> <server dir>
//
// layers.txt (written by CMakeLists.txt from its cloudweave_layer() calls) has one line per layer:
// "<name> <dir,dir,…> <dependency,dependency,…>". A layer may include its own headers and those of
// the layers it depends on, directly or through them. Test sources (*_test.cpp, *_pgtest.cpp,
// *_emutest.cpp, *test_support.hpp, *_contract.hpp) may include anything: they wire layers up.
import fs from 'node:fs';
import path from 'node:path';

const [layersFile, serverDir] = process.argv.slice(2);
if (!layersFile || !serverDir) {
  console.error('usage: check-layers.mjs <layers.txt> <server dir>');
  process.exit(2);
}

const layers = new Map(); // name → { dirs, deps }
const layerOfDir = new Map(); // "providers/aws" → "providers"
for (const line of fs.readFileSync(layersFile, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const [name, dirs = '', deps = ''] = line.trim().split(/\s+/);
  layers.set(name, { dirs: dirs.split(',').filter(Boolean), deps: deps.split(',').filter(Boolean) });
  for (const dir of dirs.split(',').filter(Boolean)) layerOfDir.set(dir, name);
}

const reach = new Map(); // layer → every layer it may use (itself included)
function reachable(name, seen = new Set()) {
  if (reach.has(name)) return reach.get(name);
  if (seen.has(name)) throw new Error(`layer cycle through ${name}`);
  seen.add(name);
  const out = new Set([name]);
  for (const dep of layers.get(name)?.deps ?? []) for (const l of reachable(dep, seen)) out.add(l);
  reach.set(name, out);
  return out;
}

function layerOf(relativeDir) {
  for (let dir = relativeDir; dir && dir !== '.'; dir = path.dirname(dir)) if (layerOfDir.has(dir)) return layerOfDir.get(dir);
  return null;
}

const isTestSource = (file) => /(_test|_pgtest|_emutest)\.cpp$|test_support\.hpp$|_contract\.hpp$/.test(file);
const problems = [];
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    const rel = path.relative(serverDir, full);
    if (entry.isDirectory()) {
      if (rel !== 'tests') walk(full);
      continue;
    }
    if (!/\.(cpp|hpp)$/.test(entry.name) || isTestSource(entry.name)) continue;
    const own = layerOf(path.dirname(rel));
    if (!own) {
      problems.push(`server/${rel}: in no layer (add its directory to a cloudweave_layer() in CMakeLists.txt)`);
      continue;
    }
    const allowed = reachable(own);
    const text = fs.readFileSync(full, 'utf8');
    for (const m of text.matchAll(/^#include "([^"]+)"/gm)) {
      const target = layerOf(path.dirname(m[1]));
      if (target && !allowed.has(target))
        problems.push(`server/${rel} includes ${m[1]}: layer ${own} does not depend on ${target}`);
    }
  }
}
walk(serverDir);
if (problems.length) {
  console.error(`Layering: ${problems.length} include(s) break the dependencies declared in CMakeLists.txt:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
