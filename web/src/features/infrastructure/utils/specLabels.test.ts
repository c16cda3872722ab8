import { describe, expect, it } from 'vitest';
import { specLabel, specValue } from './specLabels';

describe('spec labels', () => {
  it('names known keys with their units', () => {
    expect(specLabel('cpu')).toBe('CPU (vCPU)');
    expect(specLabel('memoryGb')).toBe('Memory (GB)');
    expect(specLabel('storageGb')).toBe('Storage (GB)');
    expect(specLabel('privateIp')).toBe('Private IP');
    expect(specLabel('multiAz')).toBe('Multi-AZ');
    expect(specLabel('avgDurationMs')).toBe('Average duration (ms)');
  });

  it('builds labels for unknown keys, with abbreviations and unit suffixes', () => {
    expect(specLabel('bandwidthMbps')).toBe('Bandwidth (Mbps)');
    expect(specLabel('diskSizeGb')).toBe('Disk size (GB)');
    expect(specLabel('ttlSeconds')).toBe('TTL (s)');
    expect(specLabel('vpcId')).toBe('VPC ID');
    expect(specLabel('backup_window')).toBe('Backup window');
    expect(specLabel('HTTPSPort')).toBe('HTTPS port');
  });

  it('formats values for reading', () => {
    expect(specValue(true)).toBe('Yes');
    expect(specValue(false)).toBe('No');
    expect(specValue(9782428)).toBe('9,782,428');
    expect(specValue(1.75)).toBe('1.75');
    expect(specValue([443, 80])).toBe('443, 80');
    expect(specValue(null)).toBe('—');
    expect(specValue({ a: 1 })).toBe('{"a":1}');
  });
});
