import { describe, expect, it } from 'vitest';
import { errorMessage, fieldErrors } from './errors';

describe('fieldErrors', () => {
  it('reads details.fields of a VALIDATION_ERROR', () => {
    expect(fieldErrors({ code: 'VALIDATION_ERROR', message: 'x', details: { fields: { email: 'bad', password: 'short' } } })).toEqual({
      email: 'bad',
      password: 'short',
    });
  });
  it('ignores other errors', () => {
    expect(fieldErrors({ code: 'CONFLICT', message: 'dup', details: { fields: { email: 'x' } } })).toEqual({});
    expect(fieldErrors(new Error('x'))).toEqual({});
  });
  it('gives a message for anything', () => {
    expect(errorMessage({ code: 'X', message: 'Boom' })).toBe('Boom');
    expect(errorMessage(undefined, 'fallback')).toBe('fallback');
  });
});
