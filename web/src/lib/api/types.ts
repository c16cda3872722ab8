/**
 * Domain types of the CloudWeave API (base /api/v1).
 * Every type comes from the schema.d.ts generated from api/openapi.yaml (`npm run gen:api`);
 * this file only gives them short names (plus a few UI-side helpers).
 */
import type { components } from './schema';

type Schemas = components['schemas'];
export type Role = Schemas['Role'];
export type ThemePreference = 'system' | 'light' | 'dark';
export type ProviderKind = Schemas['CloudProvider'];
export type ProviderStatus = Schemas['CloudAccountStatus'];
export type ResourceType = Schemas['Resource']['type'];
export type ResourceStatus = Schemas['Resource']['status'];
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

export type CloudProvider = Schemas['CloudAccount'];

export type ProviderValidation = Schemas['ConnectionTest'];

/** `spec` is free-form (the generator renders an open object as Record<string, never>). */
export type Resource = Omit<Schemas['Resource'], 'spec'> & { spec: Record<string, unknown> };

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

export type CreateResourceRequest = Omit<Schemas['CreateResourceRequest'], 'spec'> & { spec?: Record<string, unknown> | null };

export type MetricPoint = Schemas['MetricPoint'];

export type MetricSeries = Schemas['MetricSeries'];
export type MetricName = Schemas['MetricName'];
export type ResourceSummary = Schemas['ResourceSummary'];
export type SummaryBucket = Schemas['SummaryBucket'];

export type DemoState = Schemas['DemoStatus'];

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
