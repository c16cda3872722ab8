import { describe, expect, it } from 'vitest';
import type { Resource } from '@/lib/api/types';
import { CSV_COLUMNS, csvField, formatTagsCell, neutralizeFormula, resourcesToCsv } from './csv';

function res(extra: Partial<Resource> = {}): Resource {
  return {
    id: 'res_1',
    name: 'web-1',
    type: 'server',
    provider: 'aws',
    providerId: 'acct_1',
    externalId: 'i-1',
    region: 'us-east-1',
    status: 'running',
    spec: {},
    tags: { env: 'prod', team: 'core' },
    monthlyCost: 42.5,
    isDemo: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastSyncedAt: '2026-01-01T00:00:00.000Z',
    actions: ['start', 'stop', 'reboot'],
    ...extra,
  };
}

describe('CSV', () => {
  it('quotes per RFC 4180: commas, quotes and line breaks; quotes doubled', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(null)).toBe('');
    expect(csvField(12.5)).toBe('12.5');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    for (const s of ['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1']) expect(neutralizeFormula(s)).toBe(`'${s}`);
    expect(neutralizeFormula('web=1')).toBe('web=1');
    expect(csvField('=1+2,3')).toBe(`"'=1+2,3"`);
    expect(csvField('=cmd|" /C calc"!A0')).toBe(`"'=cmd|"" /C calc""!A0"`);
  });

  it('writes the header and one CRLF-terminated record per resource, tags as key=value pairs', () => {
    const text = resourcesToCsv([res(), res({ id: 'res_2', name: '=evil()', tags: { 'a,b': 'x"y' }, monthlyCost: 0 })]);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines[0]).toBe('name,type,provider,region,status,monthlyCost,tags,externalId,id');
    expect(lines[1]).toBe('web-1,server,aws,us-east-1,running,42.5,env=prod; team=core,i-1,res_1');
    expect(lines[2]).toBe(`'=evil(),server,aws,us-east-1,running,0,"a,b=x""y",i-1,res_2`);
    expect(lines[3]).toBe('');
    expect(formatTagsCell({})).toBe('');
  });
});
