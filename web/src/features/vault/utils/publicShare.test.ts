import { describe, expect, it } from 'vitest';
import { publicShareState } from './publicShare';

const err = (code: string) => ({ success: false, error: { code, message: 'x' } });

describe('publicShareState', () => {
  it('shows the item', () => {
    const data = { kind: 'file', name: 'a.pdf', uploadOnly: false, expiresAt: null, downloadsLeft: 2 };
    expect(publicShareState(200, { success: true, data }, null)).toEqual({ kind: 'ready', share: data });
  });
  it('asks for the password, and says when it was wrong', () => {
    expect(publicShareState(401, err('SHARE_PASSWORD_REQUIRED'), null)).toEqual({ kind: 'password', wrong: false });
    expect(publicShareState(401, err('SHARE_PASSWORD_WRONG'), null)).toEqual({ kind: 'password', wrong: true });
  });
  it('says how long to wait after too many guesses', () => {
    expect(publicShareState(429, err('RATE_LIMITED'), '30')).toEqual({ kind: 'throttled', message: 'Too many attempts. Try again in 30 seconds.' });
  });
  it('tells used-up links from missing ones', () => {
    expect(publicShareState(410, err('GONE'), null).kind).toBe('gone');
    expect(publicShareState(410, err('GONE'), null)).toMatchObject({ message: "This link's downloads are used up." });
    expect(publicShareState(404, err('NOT_FOUND'), null)).toMatchObject({ message: 'This link does not exist, was revoked, or has expired.' });
  });
});
