import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { layers } from './layers.js';

const src = (p) => path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src', p);
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser } });
const INFRA = src('features/infrastructure/components/Page.tsx');
const bad = (code, filename) => ({ code, filename, errors: [{ messageId: 'layer' }] });

tester.run('cloudweave/layers', layers, {
  valid: [
    { code: "import { x } from '@/lib/format';", filename: INFRA },
    { code: "import { x } from '@/components/Button';", filename: INFRA },
    { code: "import { x } from '../hooks/useThing';", filename: INFRA },
    { code: "import { x } from '@/features/infrastructure/types';", filename: INFRA },
    { code: "import { x } from '../../../lib/format';", filename: INFRA },
    { code: "import { x } from 'react';", filename: INFRA },
    { code: "import { x } from '@/features/dashboard';", filename: src('app/routes.tsx') },
    { code: "import { x } from '@/features/notifications';", filename: src('app/store.ts') },
    { code: "import { x } from '@/components/Button';", filename: src('lib/toast/useToast.ts') },
    { code: "import { makeStore } from '@/app/store';", filename: src('test/render.tsx') },
    { code: "import { x } from '../src/features/dashboard';", filename: src('../e2e/a.test.mjs') },
  ],
  invalid: [
    bad("import { x } from '@/features/dashboard/api/dashboardApi';", INFRA),
    bad("import { x } from '@/features/dashboard';", INFRA),
    bad("import { x } from '../../dashboard/api/dashboardApi';", INFRA),
    bad("import { x } from '../components/../../dashboard';", INFRA),
    bad("import { x } from '@/app/store';", INFRA),
    bad("import { x } from '../../../app/store';", INFRA),
    bad("import { x } from '@/app/store';", src('features/infrastructure/components/Page.test.tsx')),
    bad("export { x } from '@/features/auth';", src('features/settings/index.ts')),
    bad("export * from '../auth';", src('features/settings/index.ts')),
    bad("const m = import('@/features/dashboard');", INFRA),
    bad("type T = import('@/features/dashboard').Stats;", INFRA),
    bad("vi.mock('@/features/dashboard/api/dashboardApi');", INFRA),
    bad("import { x } from '@/features/auth';", src('lib/api/http.ts')),
    bad("import { x } from '@/app/store';", src('lib/hooks.ts')),
    bad("import { x } from '../features/auth';", src('components/Button.tsx')),
    bad("import { x } from '@/app/routes';", src('components/Button.tsx')),
  ],
});
