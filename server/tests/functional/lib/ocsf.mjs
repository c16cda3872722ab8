// OCSF classes as JSON Schema, compiled here from the OCSF schema's own sources
// (server/tests/testdata/ocsf-schema-1.8.0: dictionary, events, objects, profiles), so the
// server's exports are checked against the published schema by an independent reading of it.
//
//   const validate = ocsfValidator('findings/detection_finding', ['cloud']);
//   validate(event) → [] or a list of problems
//
// What is compiled: a class's attributes through its `extends` chain and `$include`d files,
// attributes of profiles not applied left out, each attribute's type from the dictionary
// (scalars, objects, arrays), enums of *_id attributes, `required` attributes, and no attribute
// the schema does not define (additionalProperties false), recursively through every object.
// Not compiled: `constraints` (at_least_one, just_one) and string formats of the scalar types.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { repoRoot } from './paths.mjs';

const ROOT = join(repoRoot, 'server', 'tests', 'testdata', 'ocsf-schema-1.8.0');
const read = (rel) => JSON.parse(readFileSync(join(ROOT, rel), 'utf8'));

const SCALARS = {
  string_t: 'string',
  integer_t: 'integer',
  long_t: 'integer',
  float_t: 'number',
  boolean_t: 'boolean',
};

export const OCSF_VERSION = read('version.json').version;

/** Attributes of a definition file after its extends chain and includes, profile-tagged. */
function attributesOf(def, loadParent) {
  let attrs = {};
  if (def.extends) attrs = structuredClone(loadParent(def.extends));
  const own = def.attributes ?? {};
  for (const inc of [].concat(own.$include ?? [])) {
    const file = read(inc);
    for (const [name, a] of Object.entries(file.attributes ?? {})) {
      if (name === '$include') continue;
      attrs[name] = { ...attrs[name], ...a, profile: a.profile === undefined ? (file.name ?? null) : a.profile };
    }
  }
  for (const [name, a] of Object.entries(own)) {
    if (name === '$include') continue;
    attrs[name] = { ...attrs[name], ...a };
  }
  return attrs;
}

export function ocsfValidator(classPath, profiles = []) {
  const dictionary = read('dictionary.json');
  const types = dictionary.types.attributes;
  const scalarOf = (t) => {
    for (let cur = t; cur; cur = types[cur]?.type) if (SCALARS[cur]) return SCALARS[cur];
    return null;
  };
  const objectCache = new Map();
  const loadObject = (name) => {
    if (!objectCache.has(name)) objectCache.set(name, attributesOf(read(`objects/${name}.json`), loadObject));
    return objectCache.get(name);
  };
  const loadEvent = (name) => (name === 'base_event' ? attributesOf(read('events/base_event.json'), loadEvent) : attributesOf(read(`events/findings/${name}.json`), loadEvent));

  const defs = {};
  const schemaOf = (attrs) => {
    const properties = {};
    const required = [];
    for (const [name, local] of Object.entries(attrs)) {
      if (local.profile && !profiles.includes(local.profile)) continue;
      const dict = dictionary.attributes[name];
      if (!dict) throw new Error(`OCSF attribute ${name} is not in the dictionary`);
      const type = local.type ?? dict.type;
      let s;
      const scalar = scalarOf(type);
      if (type === 'json_t') s = {};
      else if (scalar) s = { type: scalar };
      else {
        const objectType = local.object_type ?? dict.object_type ?? type;
        if (!defs[objectType]) {
          defs[objectType] = true; // placeholder against cycles
          defs[objectType] = schemaOf(loadObject(objectType));
        }
        s = { $ref: `#/$defs/${objectType}` };
      }
      const values = local.enum ?? dict.enum;
      if (values && scalar === 'integer') s.enum = Object.keys(values).map(Number);
      properties[name] = (local.is_array ?? dict.is_array) ? { type: 'array', items: s } : s;
      if (local.requirement === 'required') required.push(name);
    }
    return { type: 'object', properties, required, additionalProperties: false };
  };
  const name = classPath.split('/').pop();
  const event = read(`events/${classPath}.json`);
  const root = schemaOf(loadEvent(name));
  const category = read('categories.json').attributes[classPath.split('/')[0]];
  root.properties.class_uid = { type: 'integer', enum: [category.uid * 1000 + event.uid] };
  root.properties.category_uid = { type: 'integer', enum: [category.uid] };
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validate = ajv.compile({ ...root, $defs: defs });
  return (doc) => (validate(doc) ? [] : validate.errors.map((e) => `${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ''}`));
}
