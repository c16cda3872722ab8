#!/usr/bin/env node
// Fails when src/lib/api/schema.d.ts is not what api/openapi.yaml generates: the UI's types must
// follow the contract (run `npm run gen:api` and commit the result).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(web, 'src/lib/api/schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'cw-api-types-'));
try {
  const fresh = join(dir, 'schema.d.ts');
  execFileSync(join(web, 'node_modules/.bin/openapi-typescript'), [join(web, '../api/openapi.yaml'), '-o', fresh], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error('web/src/lib/api/schema.d.ts is out of date with api/openapi.yaml: run `cd web && npm run gen:api` and commit it');
    process.exit(1);
  }
  console.log('web/src/lib/api/schema.d.ts matches api/openapi.yaml');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
