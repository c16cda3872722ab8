import type { Role } from '../api/types';

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, owner: 3 };

export type Permission =
  | 'resources:write'
  | 'providers:write'
  | 'providers:sync'
  | 'demo:manage'
  | 'users:manage'
  | 'apikeys:manage'
  | 'audit:read'
  | 'organization:manage'
  | 'notifications:manage'
  | 'costs:import'
  | 'budgets:manage'
  | 'costs:dismiss'
  | 'security:operate'
  | 'security:rules'
  | 'monitoring:operate'
  | 'monitoring:collection'
  | 'vault:write'
  | 'vault:manage';

const REQUIRED: Record<Permission, Role> = {
  'resources:write': 'operator',
  'providers:write': 'admin',
  'providers:sync': 'operator',
  'demo:manage': 'operator',
  'users:manage': 'admin',
  'apikeys:manage': 'admin',
  'audit:read': 'admin',
  'organization:manage': 'owner',
  // Channels, rules, tests and the delivery log (admin and above in api/openapi.yaml).
  'notifications:manage': 'admin',
  // POST /costs/imports (admin and above in api/openapi.yaml).
  'costs:import': 'admin',
  // POST|PATCH|DELETE /budgets (admin and above).
  'budgets:manage': 'admin',
  // POST /costs/anomalies/{id}/dismiss (operator and above).
  'costs:dismiss': 'operator',
  // POST /security/scans, POST|DELETE /security/mutes (operator and above).
  'security:operate': 'operator',
  // POST|DELETE /security/rules (admin and above).
  'security:rules': 'admin',
  // POST|PATCH|DELETE /alert-rules, POST /alerts/{id}/ack, POST|DELETE /silences (operator and above).
  'monitoring:operate': 'operator',
  // PATCH /monitoring/collection/{id} (admin and above).
  'monitoring:collection': 'admin',
  // Folders, uploads, renames, trash, share links (operator and above).
  'vault:write': 'operator',
  // PATCH /vault/settings, everyone's share links (admin and above).
  'vault:manage': 'admin',
};

export function roleAtLeast(role: Role | undefined, min: Role): boolean {
  if (!role || !(role in RANK)) return false;
  return RANK[role] >= RANK[min];
}

export function can(role: Role | undefined, permission: Permission): boolean {
  return roleAtLeast(role, REQUIRED[permission]);
}
