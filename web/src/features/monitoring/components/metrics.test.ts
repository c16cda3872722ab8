import { describe, expect, it } from 'vitest';
import { scopeText } from './metrics';

describe('scopeText', () => {
  it('says what a rule covers', () => {
    expect(scopeText({ type: 'server', tag: 'env=prod' })).toBe('every server · tag env=prod');
    expect(scopeText({ providerId: 'acc_1' }, (id) => (id === 'acc_1' ? 'Production' : id))).toBe('account Production');
    expect(scopeText(undefined)).toBe('all resources');
  });
  it('speaks of accounts for a rule about syncs', () => {
    expect(scopeText(undefined, undefined, 'sync_failure')).toBe('all accounts');
    expect(scopeText({}, undefined, 'sync_failure')).toBe('all accounts');
  });
});
