/**
 * Domain types of the CloudWeave API (base /api/v1).
 * Hand-written in the shape of api/openapi.yaml until the generated schema.d.ts replaces them.
 */

export type Role = 'owner' | 'admin' | 'operator' | 'viewer';
export type ThemePreference = 'system' | 'light' | 'dark';
export type ProviderKind = 'aws' | 'azure' | 'gcp' | 'simulated';
export type ProviderStatus = 'pending' | 'connected' | 'error' | 'disconnected';
export type ResourceType =
  | 'server'
  | 'database'
  | 'storage'
  | 'network'
  | 'container'
  | 'function'
  | 'load_balancer'
  | 'cache'
  | 'queue'
  | 'dns';
export type ResourceStatus = 'provisioning' | 'running' | 'stopped' | 'terminated' | 'error';
export type ResourceAction = 'start' | 'stop' | 'reboot';
export type DemoScenario = 'startup' | 'enterprise' | 'devops' | 'multicloud';
export type OnboardingStepId = 'welcome' | 'cloud-providers' | 'demo-or-real' | 'preferences';

export interface PageMeta {
  limit: number;
  nextCursor: string | null;
  total: number;
}

export interface Page<T> {
  items: T[];
  page: PageMeta;
}

export interface NotificationPreferences {
  email: boolean;
  inApp: boolean;
  alerts: boolean;
  weeklyReport: boolean;
}

export interface Preferences {
  theme: ThemePreference;
  language: string;
  timezone: string;
  notifications: NotificationPreferences;
  dashboardLayout?: unknown;
  defaultCloudProvider?: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  status?: 'active' | 'invited' | 'disabled' | string;
  organizationId: string;
  createdAt?: string;
  lastLoginAt?: string | null;
}

export interface Me extends User {
  organizationName?: string;
  preferences?: Preferences;
  onboardingCompleted: boolean;
  demoMode: boolean;
  demoScenario?: DemoScenario | string | null;
}

export interface Organization {
  id: string;
  name: string;
  slug?: string;
  createdAt?: string;
  demoMode?: boolean;
}

export interface AuthResult {
  user: User;
  organization: Organization;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface RegisterRequest {
  email: string;
  name: string;
  password: string;
  organizationName?: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface OnboardingState {
  currentStep: OnboardingStepId;
  completed: boolean;
  skipped: boolean;
  steps: { id: OnboardingStepId; completed: boolean }[];
}

export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix?: string;
  createdAt: string;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
}

export interface AuditEntry {
  id: string;
  action: string;
  result: 'success' | 'failure' | 'denied' | string;
  userId?: string | null;
  userEmail?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  ip?: string | null;
  requestId?: string | null;
  details?: Record<string, unknown> | null;
  createdAt: string;
}

export interface CloudProvider {
  id: string;
  provider: ProviderKind;
  name: string;
  status: ProviderStatus;
  lastSync?: string | null;
  lastError?: string | null;
  regions?: string[];
  syncIntervalSeconds?: number;
  isDemo?: boolean;
  resourceCount?: number;
  createdAt?: string;
  updatedAt?: string;
}

export interface ProviderValidation {
  valid: boolean;
  permissions?: string[];
  limitations?: string[];
  regions?: string[];
  services?: string[];
  errors?: ({ code?: string; message: string } | string)[];
}

export interface Resource {
  id: string;
  name: string;
  type: ResourceType;
  provider: ProviderKind;
  providerId: string;
  externalId?: string | null;
  region: string;
  status: ResourceStatus;
  spec?: Record<string, unknown> | null;
  tags?: Record<string, string> | null;
  monthlyCost?: number | null;
  isDemo?: boolean;
  createdAt: string;
  updatedAt?: string;
  lastSyncedAt?: string | null;
}

export interface ResourceQuery {
  provider?: string;
  providerId?: string;
  type?: string;
  status?: string;
  region?: string;
  tag?: string;
  q?: string;
  sort?: string;
  limit?: number;
  cursor?: string;
}

export interface CreateResourceRequest {
  name: string;
  type: ResourceType;
  providerId: string;
  region: string;
  spec?: Record<string, unknown>;
  tags?: Record<string, string>;
}

export interface MetricPoint {
  timestamp: string;
  value: number;
}

export interface MetricSeries {
  metric: string;
  unit?: string;
  points: MetricPoint[];
}

export interface DemoState {
  isDemo: boolean;
  scenario?: DemoScenario | null;
  loadedAt?: string | null;
}

export interface RealtimeEvent<T = Record<string, unknown>> {
  type: string;
  data: T;
  timestamp: string;
}

export const RESOURCE_TYPES: ResourceType[] = [
  'server',
  'database',
  'storage',
  'network',
  'container',
  'function',
  'load_balancer',
  'cache',
  'queue',
  'dns',
];

export const RESOURCE_STATUSES: ResourceStatus[] = [
  'provisioning',
  'running',
  'stopped',
  'terminated',
  'error',
];

export const PROVIDER_KINDS: ProviderKind[] = ['aws', 'azure', 'gcp', 'simulated'];
export const ROLES: Role[] = ['owner', 'admin', 'operator', 'viewer'];
