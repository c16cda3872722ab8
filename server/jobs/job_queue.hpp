#pragma once
/// The durable job queue (DESIGN.md): background work is a row in `jobs`. Workers claim a job by
/// leasing it (PostgreSQL: FOR UPDATE SKIP LOCKED, so N replicas never run one job twice); a
/// worker that dies loses its lease and the job is claimed again. Failures retry with jittered
/// exponential backoff and end in state "dead" after max attempts, where they stay visible and
/// can be re-driven.
#include <nlohmann/json.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "storage/database.hpp"

namespace cw::jobs {

/// How far a running job is: `done` of `total` (0 when the total is not known), and what it is doing.
struct JobProgress {
  long long done = 0, total = 0;
  std::string message;
};

/// What the lease's holder learns when it renews its lease or reports progress.
struct LeaseStatus {
  bool held = false;              // false: the lease was lost, another worker has the job
  bool cancel_requested = false;  // someone asked the job to stop
};

struct Job {
  std::string id, organization_id, type, state;  // state: queued|running|succeeded|dead|cancelled
  nlohmann::json payload = nlohmann::json::object();
  int attempts = 0, max_attempts = 0;
  Millis run_after = 0, created_at = 0, updated_at = 0;
  std::optional<Millis> finished_at;
  std::string last_error;
  nlohmann::json result;                // null until it succeeds
  std::optional<JobProgress> progress;  // of the current (or last) attempt
  std::optional<Millis> started_at, cancel_requested_at;
};

nlohmann::json to_json(const Job& job);

struct EnqueueOptions {
  std::string organization_id;
  Millis delay_ms = 0;
  int max_attempts = 5;
  /// While a job with this key is queued or running, enqueueing again returns that job.
  std::string dedupe_key;
};

struct JobFilter {
  std::optional<std::string> state, type;
  int limit = 50;
  long long offset = 0;
};

class JobQueue {
 public:
  JobQueue(storage::Database& db, const Clock& clock, std::string worker_id);

  /// The id of the new job, or of the active job with the same dedupe key.
  std::string enqueue(const std::string& type, const nlohmann::json& payload, const EnqueueOptions& options = {});
  /// Leases the next due job (or one whose lease expired) to this worker for `lease_ms`; the
  /// worker keeps it with renew() while it runs.
  std::optional<Job> claim(Millis lease_ms);
  /// The three below act only while this worker still holds the lease of that claim (`job` as
  /// claim() returned it); false when the lease was lost — another worker took the job over.
  bool complete(const Job& job, const nlohmann::json& result);
  /// Retries later with backoff, or marks the job dead when out of attempts or not retryable.
  bool fail(const Job& job, const std::string& error, bool retryable);
  /// Extends the lease to `lease_ms` from now (the heartbeat of a running job).
  LeaseStatus renew(const Job& job, Millis lease_ms);
  /// Records how far the job is (lease holder only).
  LeaseStatus report_progress(const Job& job, const JobProgress& progress);
  /// Ends a running job whose handler stopped on request: state "cancelled".
  bool finish_cancelled(const Job& job);
  /// Cancels a queued job at once, or asks a running one to stop; the job as it is afterwards
  /// (nullopt when unknown in the organization). Finished jobs are left as they are.
  std::optional<Job> cancel(const std::string& organization_id, const std::string& id);

  std::optional<Job> find(const std::string& organization_id, const std::string& id);
  std::vector<Job> list(const std::string& organization_id, const JobFilter& filter);
  long long count(const std::string& organization_id, const JobFilter& filter);
  /// Puts a dead job back in the queue with fresh attempts. False if it is not dead.
  bool redrive(const std::string& organization_id, const std::string& id);

  /// Whether this worker runs periodic task `name` now: true for one replica per period of
  /// `interval_ms` across the cluster (they share the database), false for the others.
  bool claim_period(const std::string& name, Millis interval_ms);

  /// Called after each enqueue, so a local runner can wake up at once.
  void set_on_enqueue(std::function<void()> callback) { on_enqueue_ = std::move(callback); }
  const std::string& worker_id() const { return worker_id_; }

  /// Backoff before attempt n+1: 2^n seconds (capped at 5 minutes), jittered to 50–100%.
  static Millis backoff_ms(int attempts, double jitter01);

 private:
  storage::Database& db_;
  const Clock& clock_;
  std::string worker_id_;
  std::string claim_sql_;
  std::function<void()> on_enqueue_;
};

}  // namespace cw::jobs
