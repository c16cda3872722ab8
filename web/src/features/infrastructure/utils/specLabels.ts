/**
 * Words for the `spec` keys providers report (cpu, memoryGb, invocationsPerMonth, …): a label
 * with its unit, and the value formatted for reading. Unknown keys get a label built from the
 * camelCase name, with known abbreviations and unit suffixes recognised.
 */

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

const KNOWN: Record<string, string> = {
  cpu: 'CPU (vCPU)',
  memoryGb: 'Memory (GB)',
  memoryMb: 'Memory (MB)',
  storageGb: 'Storage (GB)',
  sizeGb: 'Size (GB)',
  iops: 'IOPS',
  os: 'Operating system',
  image: 'Image',
  instanceType: 'Instance type',
  nodeInstanceType: 'Node instance type',
  availabilityZone: 'Availability zone',
  privateIp: 'Private IP',
  publicIp: 'Public IP',
  cidr: 'CIDR block',
  dnsName: 'DNS name',
  multiAz: 'Multi-AZ',
  kubernetesVersion: 'Kubernetes version',
  engineVersion: 'Engine version',
  avgDurationMs: 'Average duration (ms)',
  timeoutSeconds: 'Timeout (s)',
  retentionDays: 'Retention (days)',
  invocationsPerMonth: 'Invocations per month',
  queriesPerMonth: 'Queries per month',
  processedGbPerMonth: 'Data processed per month (GB)',
  messagesPerDay: 'Messages per day',
  objectCount: 'Objects',
  recordCount: 'Records',
  nodeCount: 'Nodes',
  desiredCount: 'Desired tasks',
  versioning: 'Versioning',
  storageClass: 'Storage class',
  volumeType: 'Volume type',
  listeners: 'Listener ports',
};

/** Word-level replacements in built labels. */
const WORDS: Record<string, string> = {
  cpu: 'CPU',
  vcpu: 'vCPU',
  ip: 'IP',
  ips: 'IPs',
  id: 'ID',
  dns: 'DNS',
  az: 'AZ',
  iops: 'IOPS',
  os: 'OS',
  url: 'URL',
  arn: 'ARN',
  vpc: 'VPC',
  tls: 'TLS',
  ssl: 'SSL',
  http: 'HTTP',
  https: 'HTTPS',
  ttl: 'TTL',
  sku: 'SKU',
  api: 'API',
};

/** Unit suffixes of a camelCase key → the unit shown in brackets. */
const UNITS: [RegExp, string][] = [
  [/Gb$/, 'GB'],
  [/Mb$/, 'MB'],
  [/Kb$/, 'KB'],
  [/Tb$/, 'TB'],
  [/Ms$/, 'ms'],
  [/Seconds$/, 's'],
  [/Minutes$/, 'min'],
  [/Hours$/, 'h'],
  [/Days$/, 'days'],
  [/Mbps$/, 'Mbps'],
  [/Gbps$/, 'Gbps'],
  [/Percent$/, '%'],
  [/Usd$/, 'USD'],
];

function words(key: string): string {
  const parts = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  const out = parts.map((p, i) => {
    const known = WORDS[p.toLowerCase()];
    if (known) return known;
    const lower = p.toLowerCase();
    return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
  });
  return out.join(' ');
}

export function specLabel(key: string): string {
  if (KNOWN[key]) return KNOWN[key];
  for (const [re, unit] of UNITS) {
    if (re.test(key) && key.replace(re, '')) {
      return `${words(key.replace(re, ''))} (${unit})`;
    }
  }
  return words(key) || key;
}

export function specValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'number') return Number.isFinite(value) ? number.format(value) : String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => specValue(v)).join(', ') : '—';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Values that are identifiers or addresses read better in monospace; words and numbers do not. */
export function specIsCode(key: string, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  return /(ip|cidr|image|endpoint|dnsName|domain|handler|arn|id)$/i.test(key) || /^[\w.-]+\/[\w./-]+$/.test(value);
}
