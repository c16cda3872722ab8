import { describe, expect, it } from 'vitest';
import { signedIn } from '@/test/render';
import { fail, mockApi, ok } from '@/test/mockApi';
import { PICTURES_FOLDER, setProfilePicture, tusMetadata } from './avatarUpload';

describe('tusMetadata', () => {
  it('writes key base64(value) pairs of UTF-8', () => {
    expect(tusMetadata({ filename: 'été.jpg', folderId: 'root' })).toBe('filename w6l0w6kuanBn,folderId cm9vdA==');
  });
});

describe('setProfilePicture', () => {
  it('uploads into the pictures folder with tus, waits for processing, then sets the picture', async () => {
    signedIn();
    let polls = 0;
    const m = mockApi({
      'POST /vault/folders': fail(409, 'CONFLICT', `'${PICTURES_FOLDER}' exists here`, { existingId: 'vfo_pics' }),
      'POST /vault/uploads': { status: 201, body: null, headers: { 'X-Vault-File-Id': 'vfi_me' } },
      'GET /vault/items/vfi_me': () => ok({ id: 'vfi_me', processing: ++polls < 2 ? 'pending' : 'done' }),
      'PUT /users/me/avatar': ok({ avatarUrl: '/api/v1/users/usr_1/avatar' }),
    });
    const steps: string[] = [];
    await setProfilePicture(new File(['jpeg bytes'], 'me.jpg', { type: 'image/jpeg' }), (s) => steps.push(s));
    expect(steps).toEqual(['uploading', 'processing', 'saving']);
    const upload = m.find('POST', '/vault/uploads')[0];
    expect(upload.headers['Tus-Resumable']).toBe('1.0.0');
    expect(upload.headers['Upload-Length']).toBe('10');
    expect(upload.headers['Content-Type']).toBe('application/offset+octet-stream');
    expect(upload.headers['Upload-Metadata']).toBe(tusMetadata({ filename: 'me.jpg', folderId: 'vfo_pics', filetype: 'image/jpeg' }));
    expect(polls).toBe(2);
    expect(m.find('PUT', '/users/me/avatar')[0].body).toEqual({ fileId: 'vfi_me' });
  });

  it('a refused upload says why and sets nothing', async () => {
    signedIn();
    const m = mockApi({
      'POST /vault/folders': ok({ id: 'vfo_new' }, undefined, 201),
      'POST /vault/uploads': fail(413, 'PAYLOAD_TOO_LARGE', 'the organization quota is used up'),
    });
    await expect(setProfilePicture(new File(['x'], 'me.png', { type: 'image/png' }))).rejects.toThrow(/quota/);
    expect(m.find('PUT', '/users/me/avatar')).toHaveLength(0);
  });
});
