export interface ApiErrorShape {
  status: number;
  code: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** The error every API call rejects with (also the RTK Query error type). */
export class ApiError extends Error implements ApiErrorShape {
  status: number;
  code: string;
  details?: unknown;
  requestId?: string;

  constructor(shape: ApiErrorShape) {
    super(shape.message);
    this.name = 'ApiError';
    this.status = shape.status;
    this.code = shape.code;
    this.details = shape.details;
    this.requestId = shape.requestId;
  }

  toJSON(): ApiErrorShape {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      details: this.details,
      requestId: this.requestId,
    };
  }
}

/** Per-field messages of a VALIDATION_ERROR: details.fields, or details as {field: message}. */
export function fieldErrors(error: unknown): Record<string, string> {
  const e = asApiError(error);
  if (!e || e.code !== 'VALIDATION_ERROR' || !e.details || typeof e.details !== 'object') return {};
  const details = e.details as Record<string, unknown>;
  const source =
    details.fields && typeof details.fields === 'object'
      ? (details.fields as Record<string, unknown>)
      : details;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(source)) {
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') out[k] = v[0];
  }
  if (typeof details.field === 'string' && typeof details.reason === 'string') {
    out[details.field] = details.reason;
  }
  return out;
}

export function asApiError(error: unknown): ApiErrorShape | null {
  if (!error || typeof error !== 'object') return null;
  const e = error as Partial<ApiErrorShape>;
  if (typeof e.code === 'string' && typeof e.message === 'string') {
    return { status: e.status ?? 0, code: e.code, message: e.message, details: e.details, requestId: e.requestId };
  }
  return null;
}

/** A human sentence for any error thrown by the API layer. */
export function errorMessage(error: unknown, fallback = 'Something went wrong'): string {
  const e = asApiError(error);
  if (e) return e.message || fallback;
  if (error instanceof Error) return error.message;
  return fallback;
}
