import type { ResourceAction } from '@/lib/api/types';

export type PendingAction = { kind: ResourceAction | 'delete'; id: string; name: string; updatedAt?: string };

export const SIZE_SPECS: Record<string, { label: string; spec: Record<string, unknown> }> = {
  small: { label: 'Small · 2 vCPU, 4 GiB', spec: { size: 'small', cpu: 2, memoryGb: 4 } },
  medium: { label: 'Medium · 4 vCPU, 16 GiB', spec: { size: 'medium', cpu: 4, memoryGb: 16 } },
  large: { label: 'Large · 8 vCPU, 32 GiB', spec: { size: 'large', cpu: 8, memoryGb: 32 } },
  xlarge: { label: 'X-Large · 16 vCPU, 64 GiB', spec: { size: 'xlarge', cpu: 16, memoryGb: 64 } },
};

export const DEFAULT_REGIONS: Record<string, string[]> = {
  aws: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1'],
  azure: ['eastus', 'westus2', 'westeurope', 'northeurope', 'southeastasia'],
  gcp: ['us-central1', 'us-east1', 'europe-west1', 'europe-west4', 'asia-southeast1'],
  simulated: ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-southeast-1'],
};

export function parseTags(text: string): Record<string, string> | string {
  const out: Record<string, string> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=:]+)[=:](.*)$/.exec(part);
    if (!m || !m[1].trim()) return `"${part}" is not key=value`;
    out[m[1].trim()] = m[2].trim();
  }
  return out;
}

const TYPE_LABELS: Record<string, string> = {
  server: 'Server',
  database: 'Database',
  storage: 'Storage',
  network: 'Network',
  container: 'Container',
  function: 'Function',
  load_balancer: 'Load balancer',
  cache: 'Cache',
  queue: 'Queue',
  dns: 'DNS',
  account: 'Account',
  identity: 'Identity',
  key: 'Encryption key',
};

/** "load_balancer" → "Load balancer", "dns" → "DNS". */
export function typeLabel(type: string): string {
  return TYPE_LABELS[type] ?? type.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

/** The resource flavours GET /resources filters by (`provider`); any other value is a 400. */
export const RESOURCE_PROVIDERS = ['aws', 'azure', 'gcp'] as const;
