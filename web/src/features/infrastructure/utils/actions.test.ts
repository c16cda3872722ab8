import { describe, expect, it } from 'vitest';
import { actionBlocker, availableActions, transitionSettled, userFacingMessage, type Transition } from './actions';

const vm = { id: 'r1', name: 'vm', type: 'server' as const, actions: ['start', 'stop', 'reboot'] };
const bucket = { id: 'r2', name: 'bucket', type: 'storage' as const, actions: [] as string[] };

describe('availableActions', () => {
  it('offers what the type supports and the status allows', () => {
    expect(availableActions({ ...vm, status: 'running' })).toEqual(['stop', 'reboot']);
    expect(availableActions({ ...vm, status: 'stopped' })).toEqual(['start']);
    expect(availableActions({ ...vm, status: 'provisioning' })).toEqual([]);
    expect(availableActions({ ...vm, status: 'error' })).toEqual([]);
    expect(availableActions({ ...vm, status: 'terminated' })).toEqual([]);
  });

  it('offers nothing on a type whose provider supports no action (a bucket)', () => {
    expect(availableActions({ ...bucket, status: 'running' })).toEqual([]);
    expect(availableActions({ ...bucket, status: 'stopped' })).toEqual([]);
    expect(actionBlocker({ ...bucket, status: 'running' }, 'stop')).toBe('unsupported');
  });

  it('honours a partial list (a cache that reboots but does not stop)', () => {
    expect(availableActions({ id: 'c', name: 'c', status: 'running', actions: ['reboot'] })).toEqual(['reboot']);
  });

  it('falls back to the status alone when the server sends no actions field', () => {
    expect(availableActions({ id: 'x', name: 'x', status: 'running' })).toEqual(['stop', 'reboot']);
    expect(availableActions({ id: 'x', name: 'x', status: 'stopped', actions: null })).toEqual(['start']);
    expect(actionBlocker({ id: 'x', name: 'x', status: 'stopped' }, 'stop')).toBe('status');
  });
});

describe('transitionSettled', () => {
  const t = (action: Transition['action'], extra: Partial<Transition> = {}): Transition => ({ action, since: 0, updatedAt: '2026-01-01T00:00:00.000Z', ...extra });

  it('ends a stop when the resource is stopped, not while it still runs', () => {
    expect(transitionSettled(t('stop'), { status: 'running' })).toBe(false);
    expect(transitionSettled(t('stop'), { status: 'stopped' })).toBe(true);
  });

  it('ends a start when running (provisioning on the way does not)', () => {
    expect(transitionSettled(t('start'), { status: 'stopped' })).toBe(false);
    expect(transitionSettled(t('start'), { status: 'provisioning' })).toBe(false);
    expect(transitionSettled(t('start'), { status: 'running' })).toBe(true);
  });

  it('ends a reboot once running again after an intermediate status or a newer report', () => {
    expect(transitionSettled(t('reboot'), { status: 'running', updatedAt: '2026-01-01T00:00:00.000Z' })).toBe(false);
    expect(transitionSettled(t('reboot', { sawIntermediate: true }), { status: 'running' })).toBe(true);
    expect(transitionSettled(t('reboot'), { status: 'running', updatedAt: '2026-01-01T00:00:05.000Z' })).toBe(true);
  });

  it('ends any transition when the resource fails or is deleted', () => {
    expect(transitionSettled(t('stop'), { status: 'error' })).toBe(true);
    expect(transitionSettled(t('start'), { status: 'terminated' })).toBe(true);
  });
});

describe('userFacingMessage', () => {
  it('drops an internal provider prefix and keeps the rest', () => {
    expect(userFacingMessage('simulated: instance is busy')).toBe('instance is busy');
    expect(userFacingMessage('A storage resource cannot be stopped.')).toBe('A storage resource cannot be stopped.');
  });
});
