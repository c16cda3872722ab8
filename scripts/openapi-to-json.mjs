#!/usr/bin/env node
// Converts the OpenAPI contract from YAML to JSON for embedding in the server binary.
//
//   node scripts/openapi-to-json.mjs api/openapi.yaml OUT.json
//
// Needs the `yaml` package from scripts/package.json (`npm ci --prefix scripts`).
// Fails (exit 1) on YAML errors, duplicate keys, or a document that is not OpenAPI 3.x,
// so a broken contract breaks the build instead of being served. The output is written
// atomically (temp file + rename) so an interrupted build never leaves half a file.
import { readFileSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';

function fail(msg) {
  process.stderr.write(`openapi-to-json: ${msg}\n`);
  process.exit(1);
}

const [input, output] = process.argv.slice(2);
if (!input || !output) fail('usage: node scripts/openapi-to-json.mjs INPUT.yaml OUTPUT.json');

let text;
try {
  text = readFileSync(input, 'utf8');
} catch (e) {
  fail(`cannot read ${input}: ${e.message}`);
}

let doc;
try {
  // uniqueKeys (default true) rejects duplicate keys; merge keys are not part of YAML 1.2.
  doc = parse(text, { prettyErrors: true, strict: true, uniqueKeys: true, maxAliasCount: 1000 });
} catch (e) {
  fail(`${input}: ${e.message}`);
}

if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail(`${input}: not a mapping`);
if (typeof doc.openapi !== 'string' || !/^3\.\d+\.\d+$/.test(doc.openapi)) {
  fail(`${input}: missing or unsupported "openapi" version (want 3.x.y)`);
}
if (!doc.paths || typeof doc.paths !== 'object') fail(`${input}: no "paths"`);

// Every local $ref must point at something, or the served document is useless to clients.
const missing = [];
function pointer(obj, ref) {
  let cur = obj;
  for (const raw of ref.slice(2).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object' || !(key in cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}
(function walk(node, where) {
  if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${where}/${i}`));
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/') && pointer(doc, v) === undefined) {
      missing.push(`${where}: ${v}`);
    }
    walk(v, `${where}/${k}`);
  }
})(doc, '#');
if (missing.length) fail(`unresolved $ref:\n  ${missing.join('\n  ')}`);

const out = resolve(output);
mkdirSync(dirname(out), { recursive: true });
const tmp = `${out}.tmp-${process.pid}`;
writeFileSync(tmp, JSON.stringify(doc) + '\n');
renameSync(tmp, out);
