#!/usr/bin/env node
// Lints api/openapi.yaml with a real OpenAPI validator and compiles every schema with ajv.
// Exit 0 when valid. Used by `npm run lint:openapi` and test/openapi.test.mjs.
import { lintSpec } from './lib/lint.mjs';

const problems = await lintSpec();
if (problems.length) {
  console.error(`api/openapi.yaml: ${problems.length} problem(s)`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log('api/openapi.yaml: valid OpenAPI 3.0');
