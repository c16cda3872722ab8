import { describe, expect, it } from 'vitest';
import { channel } from '@/test/notifications';
import { createRequest, draftFromChannel, newDraft, parseAddresses, sameKinds, updateRequest, validateDraft } from './channelForm';

describe('channel form', () => {
  it('builds an email channel; an empty `to` stays empty (members who chose email)', () => {
    const d = { ...newDraft('email'), name: ' Ops mail ', host: 'smtp.example.com', port: '2525', username: 'bot', from: 'cw@example.com' };
    d.secrets.password = 'hunter2';
    expect(validateDraft(d)).toEqual({});
    expect(createRequest(d)).toEqual({
      name: 'Ops mail',
      type: 'email',
      enabled: true,
      events: ['alerts', 'costAlerts', 'security', 'deployments', 'sync', 'vault'],
      config: { host: 'smtp.example.com', port: 2525, starttls: true, username: 'bot', password: 'hunter2', from: 'cw@example.com', to: [] },
    });
  });

  it('checks what the browser can', () => {
    const email = { ...newDraft('email'), port: '70000', to: 'a@example.com, not-an-address' };
    expect(validateDraft(email)).toMatchObject({
      name: 'Enter a name',
      'config.host': expect.any(String),
      'config.port': 'Enter a port from 1 to 65535',
      'config.from': expect.any(String),
      'config.to': 'Not an email address: not-an-address',
    });
    const hook = { ...newDraft('webhook'), name: 'x' };
    expect(validateDraft(hook)).toEqual({ 'config.url': 'Enter the URL to call' });
    hook.secrets.url = 'ftp://example.com';
    expect(validateDraft(hook)).toEqual({ 'config.url': 'Enter an http:// or https:// URL' });
  });

  it('never prefills secrets and leaves a stored one out of the PATCH unless replaced', () => {
    const stored = channel({ type: 'webhook', secretsSet: ['url', 'secret'], config: {} });
    const d = draftFromChannel(stored);
    expect(d.secrets).toEqual({ password: '', url: '', secret: '' });
    expect(validateDraft(d, stored)).toEqual({}); // the stored URL counts
    expect(updateRequest(d, stored)).toEqual({ name: stored.name, enabled: true, events: stored.events });
    d.replacing.secret = true;
    d.secrets.secret = 'new-secret';
    expect(updateRequest(d, stored).config).toEqual({ secret: 'new-secret' });
    d.replacing.url = true;
    expect(validateDraft(d, stored)).toEqual({ 'config.url': 'Enter the URL to call' });
  });

  it('reads an email channel back for editing', () => {
    const c = channel({ type: 'email', secretsSet: ['password'], config: { host: 'smtp.x', port: 465, starttls: false, from: 'a@x.io', to: ['b@x.io', 'c@x.io'] } });
    const d = draftFromChannel(c);
    expect(d).toMatchObject({ host: 'smtp.x', port: '465', starttls: false, from: 'a@x.io', to: 'b@x.io, c@x.io' });
    expect(updateRequest(d, c).config).toEqual({ host: 'smtp.x', port: 465, starttls: false, from: 'a@x.io', to: ['b@x.io', 'c@x.io'] });
  });

  it('parses address lists and compares kinds in any order', () => {
    expect(parseAddresses(' a@x.io,b@x.io\nc@x.io ;; ')).toEqual(['a@x.io', 'b@x.io', 'c@x.io']);
    expect(sameKinds(['sync', 'alerts'], ['alerts', 'sync'])).toBe(true);
    expect(sameKinds(['sync'], ['alerts', 'sync'])).toBe(false);
  });
});
