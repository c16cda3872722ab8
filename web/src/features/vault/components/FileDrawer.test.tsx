import { describe, expect, it, vi } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ME, renderRoute, signedIn } from '@/test/render';
import { mockApi, ok } from '@/test/mockApi';
import type { VaultItem } from '@/lib/api/types';
import { FileDrawer } from './FileDrawer';
import { Thumbnail } from './Thumbnail';

function file(over: Partial<VaultItem> = {}): VaultItem {
  return {
    id: 'vfi_1',
    kind: 'file',
    name: 'holiday.jpg',
    parentId: 'root',
    size: 34319,
    mimeType: 'image/jpeg',
    sha256: 'a'.repeat(64),
    thumbnailUrl: null,
    createdAt: '2026-12-05T10:00:00.000Z',
    updatedAt: '2026-12-05T10:00:00.000Z',
    createdBy: 'usr_1',
    processing: 'done',
    processingError: null,
    infected: false,
    ...over,
  };
}

function setup(detail: VaultItem, canWrite = true) {
  signedIn();
  URL.createObjectURL = vi.fn(() => 'blob:preview');
  const m = mockApi({
    'GET /auth/me': ok(ME),
    'GET /vault/items/vfi_1': ok(detail),
    'GET /vault/files/vfi_1/versions': ok([]),
    'GET /vault/files/vfi_1/content': { text: 'x', contentType: 'image/jpeg' },
    'GET /vault/shares': ok([]),
    'POST /vault/files/vfi_1/process': ok({ jobId: 'job_1', fileId: 'vfi_1' }, undefined, 202),
  });
  renderRoute(<FileDrawer item={file()} canWrite={canWrite} onClose={() => undefined} onShare={() => undefined} />, {
    path: '/vault',
    route: '/vault',
  });
  return m;
}

describe('FileDrawer processing', () => {
  it('shows what processing learnt: pixels, camera and exposure', async () => {
    setup(
      file({
        media: {
          width: 4032,
          height: 3024,
          pages: 1,
          format: 'jpeg',
          exif: { make: 'Canon', model: 'EOS R6', takenAt: '2026:07:14 18:02:11', fNumber: 'f/2.8', iso: '400' },
        },
      }),
    );
    expect(await screen.findByText('4032 × 3024 px')).toBeInTheDocument();
    expect(screen.getByText('Canon EOS R6')).toBeInTheDocument();
    expect(screen.getByText('2026:07:14 18:02:11')).toBeInTheDocument();
    expect(screen.getByText('f/2.8 · ISO 400')).toBeInTheDocument();
    expect(screen.getByTestId('vault-processing')).toHaveTextContent('Done');
  });

  it('a failed file says why, stays downloadable, and can be retried by an operator', async () => {
    const m = setup(file({ processing: 'failed', processingError: 'the media worker took longer than 60000 ms and was stopped' }));
    const state = await screen.findByTestId('vault-processing');
    await waitFor(() => expect(state).toHaveTextContent('Failed'));
    expect(state).toHaveTextContent('was stopped');
    expect(screen.getByRole('button', { name: 'Download' })).toBeInTheDocument();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(m.find('POST', '/vault/files/vfi_1/process')).toHaveLength(1));
  });

  it('a viewer sees the state but no retry', async () => {
    setup(file({ processing: 'failed', processingError: 'clamd is not listening' }), false);
    await waitFor(() => expect(screen.getByTestId('vault-processing')).toHaveTextContent('clamd is not listening'));
    expect(screen.queryByRole('button', { name: 'Retry' })).toBeNull();
  });
});

describe('Thumbnail', () => {
  it('fetches the thumbnail with the session and shows it; without one, the icon', async () => {
    signedIn();
    URL.createObjectURL = vi.fn(() => 'blob:thumb');
    const m = mockApi({ 'GET /vault/files/vfi_9/thumbnail': { text: 'RIFF', contentType: 'image/webp' } });
    const { container } = renderRoute(
      <>
        <Thumbnail item={file({ id: 'vfi_9', thumbnailUrl: '/api/v1/vault/files/vfi_9/thumbnail?v=0123456789abcdef' })} />
        <Thumbnail item={file({ thumbnailUrl: null, mimeType: 'text/plain' })} />
      </>,
      { path: '/vault', route: '/vault' },
    );
    await waitFor(() => expect(container.querySelector('img.vault-thumb')).not.toBeNull());
    expect(container.querySelector('img.vault-thumb')).toHaveAttribute('src', 'blob:thumb');
    expect(container.querySelectorAll('svg.vault-icon')).toHaveLength(1);
    const call = m.find('GET', '/vault/files/vfi_9/thumbnail')[0];
    expect(call.query.get('v')).toBe('0123456789abcdef');
    expect(String(call.headers.Authorization ?? (call.headers as Record<string, string>).authorization)).toMatch(/^Bearer /);
  });
});
