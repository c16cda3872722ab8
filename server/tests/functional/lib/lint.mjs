// Lints the contract: the official OpenAPI 3.0 JSON schema (via
// @seriousme/openapi-schema-validator), every local $ref resolvable, every schema
// compilable by ajv, unique operationIds, and an example check of a few shapes.
import { Validator } from '@seriousme/openapi-schema-validator';
import { loadSpecRaw, spec } from './openapi.mjs';

export async function lintSpec() {
  const problems = [];
  const raw = loadSpecRaw();

  const validator = new Validator();
  const res = await validator.validate(structuredClone(raw));
  if (!res.valid) {
    for (const e of [].concat(res.errors || [])) {
      problems.push(`schema: ${e.instancePath || ''} ${e.message || JSON.stringify(e)}`);
    }
  }
  if (!/^3\.0\.\d+$/.test(raw.openapi)) problems.push(`openapi version ${raw.openapi} is not 3.0.x`);

  // Local refs.
  const lookup = (ref) =>
    ref
      .replace(/^#\//, '')
      .split('/')
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((o, p) => (o == null ? undefined : o[p]), raw);
  (function walk(node, where) {
    if (Array.isArray(node)) return node.forEach((v, i) => walk(v, `${where}/${i}`));
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref') {
        if (typeof v !== 'string' || !v.startsWith('#/')) problems.push(`${where}: non-local $ref ${v}`);
        else if (lookup(v) === undefined) problems.push(`${where}: unresolved $ref ${v}`);
      } else walk(v, `${where}/${k}`);
    }
  })(raw, '#');

  // operationIds unique, path params declared.
  const seen = new Set();
  for (const [path, item] of Object.entries(raw.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'put', 'post', 'delete', 'patch', 'options', 'head'].includes(method)) continue;
      if (!op.operationId) problems.push(`${method.toUpperCase()} ${path}: no operationId`);
      else if (seen.has(op.operationId)) problems.push(`duplicate operationId ${op.operationId}`);
      else seen.add(op.operationId);
      const declared = [...(item.parameters || []), ...(op.parameters || [])]
        .map((p) => (p.$ref ? lookup(p.$ref) : p))
        .filter((p) => p && p.in === 'path')
        .map((p) => p.name);
      for (const m of path.matchAll(/\{([^}]+)\}/g)) {
        if (!declared.includes(m[1])) problems.push(`${method.toUpperCase()} ${path}: path parameter ${m[1]} not declared`);
      }
      if (!op.responses || !Object.keys(op.responses).length) problems.push(`${method.toUpperCase()} ${path}: no responses`);
    }
  }

  // Every component schema compiles with ajv (after the nullable rewrite).
  try {
    const s = spec();
    for (const name of Object.keys(raw.components.schemas)) {
      try {
        s.ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
      } catch (e) {
        problems.push(`components/schemas/${name}: ajv cannot compile: ${e.message}`);
      }
    }
    // Sanity: the examples of the contract itself validate.
    const checks = [
      ['Timestamp', '2026-11-22T10:00:00.000Z', true],
      ['Timestamp', '2026-11-22T10:00:00Z', false],
      ['ErrorResponse', { success: false, error: { code: 'NOT_FOUND', message: 'x', details: null, requestId: 'r', timestamp: '2026-11-22T10:00:00.000Z' } }, true],
      ['ErrorResponse', { success: false, error: { code: 'NOPE', message: 'x', details: null, requestId: 'r', timestamp: '2026-11-22T10:00:00.000Z' } }, false],
      ['Health', { status: 'ok', version: '1', checks: { database: 'ok', redis: 'disabled' } }, true],
    ];
    for (const [name, value, ok] of checks) {
      const err = s.validateSchema(name, value);
      if (ok && err) problems.push(`self-check ${name} should accept ${JSON.stringify(value)}: ${err}`);
      if (!ok && !err) problems.push(`self-check ${name} should reject ${JSON.stringify(value)}`);
    }
  } catch (e) {
    problems.push(`ajv: ${e.message}`);
  }
  return problems;
}
