// Where things are, overridable from the environment.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../../..');
export const specPath = process.env.CLOUDWEAVE_OPENAPI || resolve(repoRoot, 'api/openapi.yaml');
export const binPath = process.env.CLOUDWEAVE_BIN
  ? resolve(process.env.CLOUDWEAVE_BIN)
  : resolve(repoRoot, 'build/cloudweave');
export const testdataDir = process.env.CLOUDWEAVE_TESTDATA
  ? resolve(process.env.CLOUDWEAVE_TESTDATA)
  : resolve(repoRoot, '../shared/testdata');
