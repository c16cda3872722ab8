// ESLint rule `cloudweave/layers`: the layering of the web UI (CONVENTIONS.md, "Web UI").
// Shared code flows one way, lib/components → features → app:
//   * src/features/<a>/** imports neither another feature (src/features/<b>/**) nor src/app/**;
//   * src/lib/** and src/components/** import neither src/features/** nor src/app/**.
// The import is resolved against the importing file, so `@/features/x`, `../../x` and
// `../components/../../x` are judged the same way. Checked: import/export … from, import(),
// and the module paths of vi.mock/vi.doMock/vi.importActual/vi.importMock.
// src/test/** (the test harness, which builds the app's store) and files outside src/ are not
// constrained.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** The layer a file under src/ belongs to: 'app', 'lib', 'components', 'features/<name>', …; null outside src/. */
export function layerOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const [top, sub] = rel.split(path.sep);
  if (top === 'features' && sub) return `features/${sub}`;
  return top;
}

/** The absolute path an import specifier names, or null for a package. */
function resolve(spec, fromFile) {
  if (spec.startsWith('@/')) return path.join(SRC, spec.slice(2));
  if (spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../')) {
    return path.resolve(path.dirname(fromFile), spec);
  }
  return null;
}

/** Why `from` may not import `to`, or null when it may. */
export function violation(from, to) {
  if (!from || !to) return null;
  const fromFeature = from.startsWith('features/');
  if (fromFeature) {
    if (to === 'app') return 'a feature does not import src/app (app wires features together, not the reverse)';
    if (to.startsWith('features/') && to !== from) {
      return 'features do not import each other; move what both need to src/lib or src/components';
    }
  }
  if (from === 'lib' || from === 'components') {
    if (to === 'app' || to.startsWith('features/')) {
      return `src/${from} is shared code and imports neither features nor src/app`;
    }
  }
  return null;
}

const VI_MODULE_CALLS = new Set(['mock', 'doMock', 'importActual', 'importMock', 'unmock', 'doUnmock']);

export const layers = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the web UI layering: lib/components → features → app; features do not import each other' },
    schema: [],
    messages: { layer: "{{from}} must not import '{{spec}}' ({{to}}): {{why}}." },
  },
  create(context) {
    const file = context.physicalFilename ?? context.filename;
    const from = layerOf(file);
    if (!from) return {};
    const check = (node) => {
      if (!node || node.type !== 'Literal' || typeof node.value !== 'string') return;
      const target = resolve(node.value, file);
      if (!target) return;
      const to = layerOf(target);
      const why = violation(from, to);
      if (why) context.report({ node, messageId: 'layer', data: { from: `src/${from}`, spec: node.value, to: `src/${to}`, why } });
    };
    return {
      ImportDeclaration: (n) => check(n.source),
      ExportNamedDeclaration: (n) => check(n.source),
      ExportAllDeclaration: (n) => check(n.source),
      ImportExpression: (n) => check(n.source),
      // `import('…').Type` in a type position.
      TSImportType(n) {
        const arg = n.source ?? n.argument;
        check(arg?.type === 'TSLiteralType' ? arg.literal : arg);
      },
      CallExpression(n) {
        const c = n.callee;
        if (
          c.type === 'MemberExpression' && c.object.type === 'Identifier' && c.object.name === 'vi' &&
          c.property.type === 'Identifier' && VI_MODULE_CALLS.has(c.property.name)
        ) {
          check(n.arguments[0]);
        }
      },
    };
  },
};

export default { meta: { name: 'cloudweave' }, rules: { layers } };
