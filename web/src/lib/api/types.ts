/**
 * Domain types of the CloudWeave API (base /api/v1).
 * Every type comes from the schema.d.ts generated from api/openapi.yaml (`npm run gen:api`);
 * this file only gives them short names (plus a few UI-side helpers).
 */
import type { components, operations } from './schema';

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
export type AuthSession = Schemas['AuthSession'];

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

// --- notifications ----------------------------------------------------------------------

export type NotificationKind = Schemas['NotificationKind'];
export type NotificationLevel = Schemas['NotificationLevel'];
/** One entry of the caller's in-app center (named so it does not shadow the DOM's Notification). */
export type InAppNotification = Schemas['Notification'];
export type NotificationChannelType = Schemas['NotificationChannelType'];
export type NotificationChannel = Schemas['NotificationChannel'];
export type NotificationChannelInput = Schemas['NotificationChannelInput'];
export type NotificationChannelPatch = Schemas['NotificationChannelPatch'];
export type ChannelTestResult = Schemas['ChannelTestResponse']['data'];
export type DeliveryStatus = Schemas['DeliveryStatus'];
export type NotificationDelivery = Schemas['NotificationDelivery'];
/** `meta` of GET /notifications: the list's paging plus the caller's unread count (all pages). */
export type NotificationListMeta = Schemas['NotificationListResponse']['meta'];

export const NOTIFICATION_KINDS: NotificationKind[] = ['alerts', 'costAlerts', 'security', 'deployments', 'sync', 'vault'];
export const NOTIFICATION_CHANNEL_TYPES: NotificationChannelType[] = ['in_app', 'email', 'slack', 'webhook'];
export const DELIVERY_STATUSES: DeliveryStatus[] = ['pending', 'delivered', 'failed', 'dead'];

// --- realtime ---------------------------------------------------------------------------

/** Every message the server may send on /api/v1/ws (discriminated on `type`). */
export type WsServerMessage = Schemas['WsServerMessage'];

/**
 * Event types the contract lists but the server does not send yet (deployments come with their
 * domain). The socket drops them, so no code handles an event that never arrives; when the server
 * starts sending one, remove it here and the compiler shows every switch to extend.
 */
export const UNSENT_EVENT_TYPES = ['deployment.updated'] as const;
type UnsentEventType = (typeof UNSENT_EVENT_TYPES)[number];

type ControlMessageType = 'auth.ok' | 'pong' | 'error';
type EventMessage = Exclude<WsServerMessage, { type: ControlMessageType }>;
/** A union member with the unsent types taken out of its `type` (dropped when none is left). */
type WithoutTypes<M, T> = M extends { type: infer K }
  ? [Exclude<K, T>] extends [never]
    ? never
    : Omit<M, 'type'> & { type: Exclude<K, T> }
  : never;

/** Resource events carry a `Resource` with the UI's free-form `spec` (see `Resource` above). */
type WithUiResource<M> = M extends { type: 'resource.created' | 'resource.updated' } ? Omit<M, 'data'> & { data: Resource } : M;

/** A server event as the UI receives it: `{type, data, timestamp}`, typed by `type`. */
export type RealtimeEvent = WithUiResource<WithoutTypes<EventMessage, UnsentEventType>>;
export type RealtimeEventType = RealtimeEvent['type'];
/** The event of one type, e.g. `RealtimeEventOf<'notification'>`. */
export type RealtimeEventOf<T extends RealtimeEventType> = Extract<RealtimeEvent, { type: T }>;

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
  'account',
  'identity',
  'key',
];

/** Accounts, identities and keys are read from the cloud; everything else can be created. */
export const CREATABLE_RESOURCE_TYPES: ResourceType[] = RESOURCE_TYPES.filter((t) => !['account', 'identity', 'key'].includes(t));

export const RESOURCE_STATUSES: ResourceStatus[] = [
  'provisioning',
  'running',
  'stopped',
  'terminated',
  'error',
];

export const PROVIDER_KINDS: ProviderKind[] = ['aws', 'azure', 'gcp', 'simulated'];
export const ROLES: Role[] = ['owner', 'admin', 'operator', 'viewer'];

export type CostBreakdown = Schemas['CostBreakdown'];
export type CostSeries = Schemas['CostSeries'];
export type CostImport = Schemas['CostImport'];
export type CostImportProblem = Schemas['CostImportProblem'];
export type CostImportStarted = Schemas['CostImportStartedResponse']['data'];
export type CostCollection = Schemas['CostCollection'];
export type CostQuery = NonNullable<operations['getCosts']['parameters']['query']>;
export type CostForecast = Schemas['CostForecast'];
export type CostExchangeRates = Schemas['CostExchangeRates'];
export type Budget = Schemas['Budget'];
export type BudgetInput = Schemas['BudgetInput'];
export type BudgetThreshold = Schemas['BudgetThreshold'];
export type BudgetDetail = Schemas['BudgetDetailResponse']['data'];
export type CostAnomaly = Schemas['CostAnomaly'];
export type CostMonthForecast = Schemas['CostMonthForecast'];
export type CostForecastQuery = NonNullable<operations['getCostForecast']['parameters']['query']>;
export type CostRecommendation = Schemas['CostRecommendation'];
export type CostRecommendationKind = Schemas['CostRecommendationKind'];
export type CostRecommendationList = Schemas['CostRecommendationList'];
export type CostImportFormat = NonNullable<operations['importCosts']['parameters']['query']>['format'];

export type SecuritySeverity = Schemas['SecuritySeverity'];
export type SecurityFrameworkId = Schemas['SecurityFrameworkId'];
export type SecurityRule = Schemas['SecurityRule'];
export type SecurityRuleInput = Schemas['SecurityRuleInput'];
export type SecurityScan = Schemas['SecurityScan'];
export type SecurityFinding = Schemas['SecurityFindingListResponse']['data'][number];
export type SecurityFindingDetail = Schemas['SecurityFindingDetailResponse']['data'];
export type SecurityMute = Schemas['SecurityMute'];
export type SecuritySummary = Schemas['SecuritySummaryResponse']['data'];
export type SecurityFrameworkScore = Schemas['SecurityFrameworkScore'];
export type SecurityComplianceReport = Schemas['SecurityComplianceReportResponse']['data'];

export type MetricAggregation = Schemas['MetricAggregation'];
export type MetricQueryResult = Schemas['MetricQueryResult'];
export type MetricQuerySeries = Schemas['MetricQuerySeries'];
export type MetricQuery = NonNullable<operations['queryMetrics']['parameters']['query']>;
export type AlertSeverity = Schemas['AlertSeverity'];
export type AlertState = Schemas['AlertState'];
export type AlertRuleKind = Schemas['AlertRuleKind'];
export type AlertRuleOperator = Schemas['AlertRuleOperator'];
export type AlertNoData = Schemas['AlertNoData'];
export type AlertRuleScope = Schemas['AlertRuleScope'];
export type AlertRule = Schemas['AlertRule'];
export type AlertRuleInput = Schemas['AlertRuleInput'];
export type AlertRulePatch = Schemas['AlertRulePatch'];
export type AlertRulePreview = Schemas['AlertRulePreview'];
export type Alert = Schemas['Alert'];
export type AlertHistoryEntry = Schemas['AlertHistoryEntry'];
export type AlertTimelineEntry = Schemas['AlertTimelineEntry'];
export type AlertListQuery = NonNullable<operations['listAlerts']['parameters']['query']>;
export type AlertTimelineQuery = NonNullable<operations['listAlertTimeline']['parameters']['query']>;
export type SilenceMatcher = Schemas['SilenceMatcher'];
export type SilenceInput = Schemas['SilenceInput'];
export type Silence = Schemas['Silence'];
export type MonitoringCollection = Schemas['MonitoringCollection'];
export type MonitoringCollectionPatch = Schemas['MonitoringCollectionPatch'];

export type VaultItem = Schemas['VaultItem'];
export type VaultPathEntry = Schemas['VaultPathEntry'];
export type VaultTrashEntry = Schemas['VaultTrashEntry'];
export type VaultVersion = Schemas['VaultVersion'];
export type VaultShare = Schemas['VaultShare'];
export type VaultUsage = Schemas['VaultUsageResponse']['data'];
export type VaultSettings = Schemas['VaultSettings'];
export type VaultPublicShare = Schemas['VaultPublicShareResponse']['data'];
export type VaultAnalytics = Schemas['VaultAnalyticsResponse']['data'];
