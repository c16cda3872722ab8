import { errorMessage, fieldErrors } from './errors';

/**
 * Server field errors mapped onto the fields a form shows.
 *
 * The server names a field by its path in the request body (`email`,
 * `credentials.serviceAccountJson.client_email`, `items[2].name`). Each error goes to the
 * longest visible field name that is that path or a parent of it, the rest of the path named in
 * the message ("client_email is required"); several errors for one field are joined. Errors no
 * visible field holds come back in `formError`, for an alert above the form, so that a failure
 * is never silent. An error that is not a VALIDATION_ERROR with fields becomes `formError` too.
 */
export interface ServerFormErrors {
  fields: Record<string, string>;
  formError: string | null;
}

/** The visible field holding `path`, and what is left of the path below it. */
export function owningField(path: string, visible: readonly string[]): { field: string; rest: string } | null {
  let best: string | null = null;
  for (const f of visible) {
    if (path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`)) {
      if (best === null || f.length > best.length) best = f;
    }
  }
  if (best === null) return null;
  return { field: best, rest: path.slice(best.length).replace(/^\./, '') };
}

/** "client_email" + "is required" → "client_email is required"; a full sentence keeps a colon. */
function withSubject(subject: string, message: string): string {
  if (!subject) return message;
  return /^[a-z]/.test(message) ? `${subject} ${message}` : `${subject}: ${message}`;
}

export function serverFormErrors(error: unknown, visible: readonly string[], fallback = 'Something went wrong'): ServerFormErrors {
  const raw = fieldErrors(error);
  const keys = Object.keys(raw);
  if (keys.length === 0) return { fields: {}, formError: errorMessage(error, fallback) };
  const fields: Record<string, string> = {};
  const unmapped: string[] = [];
  for (const key of keys) {
    const owner = owningField(key, visible);
    if (!owner) {
      unmapped.push(withSubject(key, raw[key]));
      continue;
    }
    const text = withSubject(owner.rest, raw[key]);
    fields[owner.field] = fields[owner.field] ? `${fields[owner.field]}; ${text}` : text;
  }
  // The envelope's message repeats every field ("invalid fields: a (…) b (…)"): list only the
  // ones no field shows.
  const formError = unmapped.length ? unmapped.join('; ') : null;
  return { fields, formError };
}
