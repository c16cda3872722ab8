import { describe, expect, it } from 'vitest';
import { auditSentence, pastTense } from './auditWords';

describe('auditSentence', () => {
  it('puts the known actions in words', () => {
    expect(auditSentence('resources.create', 'success')).toBe('created a resource');
    expect(auditSentence('auth.login', 'success')).toBe('signed in');
    expect(auditSentence('providers.create', 'success')).toBe('connected a cloud account');
    expect(auditSentence('providers.sync', 'success')).toBe('synced a cloud account');
    expect(auditSentence('demo.load', 'success', { scenario: 'multicloud' })).toBe('loaded the Multicloud demo');
    expect(auditSentence('demo.clear', 'success')).toBe('removed the demo data');
    expect(auditSentence('resources.action', 'success', { action: 'stop' })).toBe('stopped a resource');
    expect(auditSentence('jobs.retry', 'success')).toBe('retried a job');
    expect(auditSentence('users.create', 'success', { email: 'grace@example.com' })).toBe('added member grace@example.com');
    expect(auditSentence('notifications.channel.create', 'success')).toBe('added a notification channel');
    expect(auditSentence('notifications.channel.test', 'success')).toBe('sent a test notification');
  });

  it('names the target when the entry carries a name', () => {
    expect(auditSentence('resources.create', 'success', { name: 'web-1' })).toBe('created resource web-1');
  });

  it('says "tried to" for denied and failed attempts', () => {
    expect(auditSentence('resources.delete', 'denied')).toBe('tried to delete a resource');
    expect(auditSentence('providers.test', 'failure')).toBe('tried to test a cloud account');
  });

  it('humanises actions it does not know instead of showing them raw', () => {
    expect(auditSentence('resource.create', 'success')).toBe('created resource');
    expect(auditSentence('policies.apply', 'success')).toBe('applied policy');
    expect(auditSentence('billing.export_report', 'success')).toBe('exported report (billing)');
    expect(auditSentence('reboot', 'success')).toBe('rebooted');
  });

  it('forms the past tense', () => {
    expect(['create', 'sign', 'retry', 'stop', 'run', 'test'].map(pastTense)).toEqual(['created', 'signed', 'retried', 'stopped', 'ran', 'tested']);
  });
});
