import { describe, expect, it } from 'vitest';
import { owningField, serverFormErrors } from './formErrors';

const validation = (fields: Record<string, string>) => ({ code: 'VALIDATION_ERROR', message: 'invalid fields', details: { fields } });

describe('owningField', () => {
  it('picks the longest visible field that is the path or a parent of it', () => {
    const visible = ['credentials', 'credentials.serviceAccountJson', 'name'];
    expect(owningField('credentials.serviceAccountJson.client_email', visible)).toEqual({ field: 'credentials.serviceAccountJson', rest: 'client_email' });
    expect(owningField('credentials.unknownKey', visible)).toEqual({ field: 'credentials', rest: 'unknownKey' });
    expect(owningField('name', visible)).toEqual({ field: 'name', rest: '' });
    expect(owningField('items[2].name', ['items'])).toEqual({ field: 'items', rest: '[2].name' });
  });
  it('matches whole path segments only', () => {
    expect(owningField('nameSuffix', ['name'])).toBeNull();
    expect(owningField('regions', ['name'])).toBeNull();
  });
});

describe('serverFormErrors', () => {
  it('puts a nested error on the field that holds it, naming the part that is wrong', () => {
    const r = serverFormErrors(
      validation({ 'credentials.serviceAccountJson.client_email': 'is required (a non-empty string)', 'credentials.serviceAccountJson.private_key': 'is required (a non-empty string)' }),
      ['name', 'credentials.serviceAccountJson'],
    );
    expect(r.fields).toEqual({
      'credentials.serviceAccountJson': 'client_email is required (a non-empty string); private_key is required (a non-empty string)',
    });
    expect(r.formError).toBeNull();
  });
  it('reports errors no visible field holds at form level instead of dropping them', () => {
    const r = serverFormErrors(validation({ email: 'is taken', endpoints: 'must be an object' }), ['email', 'name']);
    expect(r.fields).toEqual({ email: 'is taken' });
    expect(r.formError).toBe('endpoints must be an object');
  });
  it('keeps a full sentence readable', () => {
    const r = serverFormErrors(validation({ token: 'The invitation has expired.' }), ['password']);
    expect(r.formError).toBe('token: The invitation has expired.');
  });
  it('gives the error message when there are no field errors', () => {
    expect(serverFormErrors({ code: 'CONFLICT', message: 'name already used' }, ['name'])).toEqual({ fields: {}, formError: 'name already used' });
    expect(serverFormErrors(undefined, ['name'], 'Could not save')).toEqual({ fields: {}, formError: 'Could not save' });
  });
});
