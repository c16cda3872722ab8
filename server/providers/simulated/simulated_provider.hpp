#pragma once
/// The simulated cloud (`provider: "simulated"`): a deterministic fake cloud that behaves like a
/// real one, so demo mode and tests travel the real pipeline (DESIGN.md "Cloud providers").
///
/// Credentials: {"scenario": "startup"|"enterprise"|"devops"|"multicloud", "seed": integer
/// (default 1), "resourceCount": 1..1000000 (default: the scenario's size), "failureRate": 0..1
/// (default 0)}. Unknown fields are rejected so a typo does not silently change the account.
///
/// Scenarios (inventory.hpp has the layout): startup ≈ 25 resources, aws, mostly us-east-1;
/// enterprise ≈ 2,000, aws, six regions, linked accounts per environment (spec.accountId);
/// devops ≈ 150, aws, clusters, container services, CI/CD pipelines (container kind "pipeline",
/// function kind "pipeline-step", build queues; tag "pipeline"), functions; multicloud ≈ 300
/// spread over aws, azure and gcp (ResourceRecord.provider). Every scenario starts with
/// demo-web-server-1 (server) and demo-database-1 (database).
///
/// Posture keys (ResourceRecord.posture; healthy values unless planted):
///   publicAccess (bool)            storage buckets, databases — true = reachable by anyone
///   openPorts ([{port, protocol, cidr}])  servers, databases, load balancers — cidr 0.0.0.0/0
///                                  on 22 (SSH) or 3389 (RDP) is the planted weakness
///   encrypted (bool)               servers (root volume), databases, storage, caches, queues
///   accessKeyAgeDays (int)         servers, functions, containers that use a long-lived access
///                                  key; absent = none; > 90 is the planted weakness
///   backupsEnabled (bool), backupRetentionDays (int)   databases
///   deletionProtection (bool)      databases (true in prod)
///   publicIp (bool)                servers
///   versioning, loggingEnabled (bool)   storage buckets
///   flowLogsEnabled (bool)         networks
///   publicEndpoint (bool)          Kubernetes clusters
///   httpsOnly (bool)               load balancers (false = a plain HTTP listener on 80)
///   authEnabled (bool)             caches
///   publicUrl (bool)               functions
///   dnssec (bool)                  DNS zones (informational)
/// publicAccess, encrypted, backupsEnabled and openPorts given in the spec of a create or a patch
/// become the resource's posture, so a fix (or a mistake) made through the API shows in scans.
///
/// Lifecycles, computed from ProviderDeps::clock (no threads), stored in simulated_objects:
///   create → "provisioning", "running" 3–8 s later
///   stop   → still "running" (the source status) until "stopped" 2–3 s later
///   start  → "provisioning" until "running" 2–4 s later
///   reboot → "provisioning" until "running" 1–2 s later
///   delete → "terminated" at once, gone from listings 10 s later
/// Start/stop apply to servers, databases and containers, reboot also to caches; anything else
/// fails with "UnsupportedOperation". An action on a resource in transition to another state fails
/// with "IncorrectState" (retryable); repeating the action in progress is a no-op.
///
/// Errors (ProviderError code, retryable): "NotFound" (unknown id), "InvalidParameterValue"
/// (bad input, unknown type/region/instance type, bad page token, too many metric points),
/// "Conflict" (a name-addressed resource that exists), "QuotaExceeded" (always for names starting
/// with "fail-"; and injected), "InsufficientInstanceCapacity" (injected), "RequestLimitExceeded" /
/// "Throttling" (injected, retryable), "IncorrectState", "UnsupportedOperation".
/// Injection: a write (create, update, delete, action) fails with probability failureRate, a read
/// (test, list page, get, changes, metrics, costs) with failureRate² — 1.0 fails everything, 0.1
/// fails one write in ten and one page in a hundred. The draw is a function of (seed, operation,
/// subject, clock second), so a retry a second later may succeed.
///
/// Listing: pages of up to 1000 generated resources by index (the token holds the offset), with
/// changes applied, then the created ones. A page may hold fewer items than asked (deleted ones
/// are skipped); only an empty next_token ends the listing.
///
/// Metrics: every name of kMetricNames (units and patterns in telemetry.hpp), at most 2,000 points
/// per call; 0 before a resource was created and from the moment it stopped or was deleted.
///
/// Costs: one line per resource per day (monthly_cost / 30 with ±3 % variation, none before its
/// creation or after today; a stopped resource bills its disks and control plane only), shaped
/// over time by billing.hpp: weekly and month-end seasonality, a planted spike (one day in 97,
/// Compute in the first region ×3.5), a savings plan covering ~30 % of servers (billed 0,
/// effective 72 % of list; a Purchase line with the plan's fee on the 1st of each month). Per
/// flavour and day: "Support" and "Data Transfer" usage, a "Credits" line (Credit, negative) and
/// a "Tax" line (Tax, 7 % of the day's billed total). When resources × days exceeds 200,000 the
/// resource lines are summed per (day, service, region) with an empty resource_external_id
/// (and no savings plan). At most 366 days per call.
#include <string>

#include "providers/provider.hpp"

namespace cw::providers::simulated {

/// The "simulated" provider kind for the ProviderRegistry.
ProviderKind simulated_kind();

/// Removes the persisted state of a simulated account (call when the account is deleted).
void forget_account(storage::Database& db, const std::string& account_id);

}  // namespace cw::providers::simulated
