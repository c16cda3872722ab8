import type { RealtimeEvent, RealtimeEventType, WsServerMessage } from '../api/types';

/**
 * The event types the server sends (the contract's `WsServerMessage` without the control messages
 * and without UNSENT_EVENT_TYPES). A Record so that the compiler insists on every type.
 */
const SENT: Record<RealtimeEventType, true> = {
  'user.created': true,
  'user.updated': true,
  'user.deleted': true,
  'organization.updated': true,
  'resource.created': true,
  'resource.updated': true,
  'resource.deleted': true,
  'sync.progress': true,
  'sync.completed': true,
  'job.progress': true,
  notification: true,
  'cost.anomaly_detected': true,
  'budget.threshold_crossed': true,
  'security.scan_completed': true,
  'security.findings_opened': true,
  'alert.pending': true,
  'alert.fired': true,
  'alert.resolved': true,
  'vault.file.uploaded': true,
  'vault.item.trashed': true,
  'vault.share.downloaded': true,
  'vault.file.processed': true,
};

/** True for the events the UI reacts to; control messages and unknown types are not events. */
export function isRealtimeEvent(msg: WsServerMessage | { type: string }): msg is RealtimeEvent {
  return Object.prototype.hasOwnProperty.call(SENT, msg.type) && 'data' in msg;
}

/**
 * Exhaustiveness check at the end of a switch over event types: a type added to the contract
 * fails to compile until it is handled. At run time nothing happens (isRealtimeEvent already
 * dropped what the UI does not know).
 */
export function exhaustive(value: never): void {
  void value;
}
