/**
 * Domain types of the CloudWeave API (base /api/v1).
 * Types the contract defines come from the generated schema.d.ts (`npm run gen:api`);
 * the rest (providers, resources, demo — a later server issue) are hand-written in the same
 * shape and switch to aliases once api/openapi.yaml defines them.
 */
import type { components } from './schema';

type Schemas = components['schemas'];
export type Role = Schemas['Role'];
export type ThemePreference = 'system' | 'light' | 'dark';
export type ProviderKind = Schemas['CloudProvider'];
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
export type DemoScenario = Schemas['DemoScenario'];
export type OnboardingStepId = Schemas['OnboardingStepId'];

export type PageMeta = Schemas['ListMeta'];

export interface Page<T> {
  items: T[];
  page: PageMeta;
}

export type NotificationPreferences = Schemas['NotificationPreferences'];

export type Preferences = Schemas['Preferences'];

export type User = Schemas['User'];

export type Me = Schemas['Me'];

export type Organization = Schemas['Organization'];

export type AuthResult = Schemas['AuthResult'];

export type RegisterRequest = Schemas['RegisterRequest'];

export type LoginRequest = Schemas['LoginRequest'];

export type OnboardingState = Schemas['Onboarding'];
export type OnboardingUpdate = Schemas['OnboardingUpdate'];

export type ApiKey = Schemas['ApiKey'];

export type CreatedApiKey = Schemas['CreatedApiKey'];
export type CreatedUser = Schemas['CreatedUser'];

export type AuditEntry = Schemas['AuditEntry'];

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
