import { describe, expect, it } from 'vitest';
import { uploadMetadata } from './upload';

describe('uploadMetadata', () => {
  it('names the file, its folder and its type', () => {
    expect(uploadMetadata({ name: 'r\u00e9sum\u00e9.pdf', type: 'application/pdf' }, 'vfo_1')).toEqual({
      filename: 'r\u00e9sum\u00e9.pdf',
      folderId: 'vfo_1',
      filetype: 'application/pdf',
    });
  });
  it('leaves out an unknown type', () => {
    expect(uploadMetadata({ name: 'notes', type: '' }, 'root')).toEqual({ filename: 'notes', folderId: 'root' });
  });
});
