// After `vite build`: writes a gzip sibling (file.js.gz) for every compressible file in dist/
// worth compressing. The C++ server sends it to clients that accept gzip (see
// server/http/static_files.cpp), so the UI costs a fraction of the bytes on the wire.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const root = new URL('../dist/', import.meta.url).pathname;
const compressible = /\.(js|mjs|css|html|svg|json|txt|map|webmanifest)$/;
let files = 0;
let before = 0;
let after = 0;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    if (!compressible.test(name)) continue;
    const raw = readFileSync(path);
    if (raw.length < 1024) continue;
    const gz = gzipSync(raw, { level: constants.Z_BEST_COMPRESSION });
    if (gz.length >= raw.length * 0.9) continue;
    writeFileSync(`${path}.gz`, gz);
    files += 1;
    before += raw.length;
    after += gz.length;
  }
}

walk(root);
console.log(`precompressed ${files} files: ${(before / 1024).toFixed(0)} KB → ${(after / 1024).toFixed(0)} KB gzip`);
