// Loads api/openapi.yaml and validates responses against it with ajv.
//
// OpenAPI 3.0 schemas are almost JSON Schema draft 4/7; the one difference that matters is
// `nullable: true`, which is rewritten to `anyOf: [{type: 'null'}, <schema>]`. The whole
// document is added to ajv under the id `openapi`, so `#/components/...` refs resolve
// inside it and a response schema is compiled as `{ $ref: 'openapi#/paths/...' }`.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { specPath } from './paths.mjs';

let cached;

export function loadSpecRaw() {
  return parse(readFileSync(specPath, 'utf8'));
}

function convertNullable(node) {
  if (Array.isArray(node)) return node.map(convertNullable);
  if (node === null || typeof node !== 'object') return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = convertNullable(v);
  if (out.nullable === true) {
    delete out.nullable;
    // Keep documentation-only keys outside; everything else moves into the non-null branch.
    return { anyOf: [{ type: 'null' }, out] };
  }
  if (out.nullable === false) delete out.nullable;
  return out;
}

function escapePointer(s) {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export function resolveRef(doc, obj) {
  let cur = obj;
  for (let i = 0; i < 20 && cur && typeof cur === 'object' && typeof cur.$ref === 'string'; i++) {
    const parts = cur.$ref.replace(/^#\//, '').split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    cur = parts.reduce((o, p) => (o == null ? o : o[p]), doc);
  }
  return cur;
}

export function spec() {
  if (cached) return cached;
  const raw = loadSpecRaw();
  const doc = convertNullable(raw);
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema(doc, 'openapi');

  // Path templates → regexes; literal paths before templated ones (/users/me before /users/{id}).
  const routes = Object.keys(raw.paths)
    .map((tpl) => {
      const params = (tpl.match(/\{[^}]+\}/g) || []).length;
      const re = new RegExp(
        '^' + tpl.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+') + '$',
      );
      return { tpl, re, params };
    })
    .sort((a, b) => a.params - b.params);

  const compiled = new Map();
  function validatorFor(pointer) {
    if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `openapi#${pointer}` }));
    return compiled.get(pointer);
  }

  function findRoute(path) {
    const p = path.split('?')[0];
    return routes.find((r) => r.re.test(p));
  }

  /**
   * Validates one JSON response. Returns null when fine, else a string describing the problem.
   * Unknown path: an error status must be an ErrorResponse; a success on an unknown path is a
   * problem (the spec does not describe it).
   */
  function validateResponse(method, path, status, body) {
    const m = method.toLowerCase();
    const route = findRoute(path);
    let pointer;
    if (!route || !raw.paths[route.tpl][m]) {
      if (status >= 400) pointer = '/components/schemas/ErrorResponse';
      else return `${method} ${path}: not described in api/openapi.yaml (status ${status})`;
    } else {
      const op = raw.paths[route.tpl][m];
      const key = op.responses[String(status)] ? String(status) : op.responses.default ? 'default' : null;
      if (!key) return `${method} ${route.tpl}: status ${status} not described in api/openapi.yaml`;
      const resp = resolveRef(raw, op.responses[key]);
      const media = resp.content && (resp.content['application/json'] ? 'application/json' : null);
      if (!media) {
        if (body === undefined || body === null || body === '') return null;
        return `${method} ${route.tpl} ${status}: spec describes no JSON body but one was sent`;
      }
      // Point at the schema where it really lives (after following a response $ref).
      const respPointer = op.responses[key].$ref
        ? op.responses[key].$ref.replace(/^#/, '')
        : `/paths/${escapePointer(route.tpl)}/${m}/responses/${key}`;
      pointer = `${respPointer}/content/${escapePointer(media)}/schema`;
    }
    const validate = validatorFor(pointer);
    if (validate(body)) return null;
    const errs = validate.errors
      .slice(0, 8)
      .map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params && e.params.allowedValues ? ' ' + JSON.stringify(e.params.allowedValues) : ''}`)
      .join('; ');
    return `${method} ${path} ${status} does not match api/openapi.yaml: ${errs}\nbody: ${JSON.stringify(body).slice(0, 600)}`;
  }

  /** Validates a value against components/schemas/NAME; returns null or a message. */
  function validateSchema(name, value) {
    const v = validatorFor(`/components/schemas/${name}`);
    if (v(value)) return null;
    return `${name}: ${v.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}`).join('; ')}`;
  }

  cached = { raw, doc, ajv, routes, findRoute, validateResponse, validateSchema };
  return cached;
}
