#include "jobs/job_queue.hpp"

#include <algorithm>
#include <random>

#include "core/ids.hpp"
#include "storage/dialect.hpp"

namespace cw::jobs {

using storage::params;

namespace {
constexpr const char* kInsertJob =
    "INSERT INTO jobs (id, organization_id, type, payload, state, attempts, max_attempts, run_after,"
    " dedupe_key, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?)";
constexpr const char* kSelectActiveByDedupe =
    "SELECT id FROM jobs WHERE dedupe_key = ? AND state IN ('queued', 'running')";
constexpr const char* kClaimJobTemplate =
    "UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_owner = ?, lease_until = ?,"
    " updated_at = ?, started_at = ?, progress_done = NULL, progress_total = NULL, progress_message = NULL"
    " WHERE id = (SELECT id FROM jobs WHERE (state = 'queued' AND run_after <= ?)"
    " OR (state = 'running' AND lease_until < ?) ORDER BY run_after LIMIT 1%s)"
    " RETURNING id, organization_id, type, payload, state, attempts, max_attempts, run_after,"
    " created_at, updated_at, finished_at, last_error, result, progress_done, progress_total, progress_message,"
    " cancel_requested_at, started_at";
// Completion, failure and renewal count only from the lease's holder: the worker that claimed
// this attempt (an attempt's number changes with every claim, so a worker that lost its lease
// and got the job back later is told apart from its old self).
constexpr const char* kCompleteJob =
    "UPDATE jobs SET state = 'succeeded', result = ?, lease_owner = NULL, lease_until = NULL,"
    " updated_at = ?, finished_at = ?"
    " WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?";
constexpr const char* kRetryJob =
    "UPDATE jobs SET state = 'queued', run_after = ?, last_error = ?, lease_owner = NULL,"
    " lease_until = NULL, updated_at = ?"
    " WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?";
constexpr const char* kBuryJob =
    "UPDATE jobs SET state = 'dead', last_error = ?, lease_owner = NULL, lease_until = NULL,"
    " updated_at = ?, finished_at = ?"
    " WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?";
constexpr const char* kRenewLease =
    "UPDATE jobs SET lease_until = ?"
    " WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ? RETURNING cancel_requested_at";
constexpr const char* kReportProgress =
    "UPDATE jobs SET progress_done = ?, progress_total = ?, progress_message = ?, updated_at = ?"
    " WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ? RETURNING cancel_requested_at";
constexpr const char* kFinishCancelled =
    "UPDATE jobs SET state = 'cancelled', lease_owner = NULL, lease_until = NULL, updated_at = ?, finished_at = ?"
    " WHERE id = ? AND state = 'running' AND lease_owner = ? AND attempts = ?";
// A queued job is cancelled at once; a running one is asked to stop.
constexpr const char* kCancelQueued =
    "UPDATE jobs SET state = 'cancelled', cancel_requested_at = ?, updated_at = ?, finished_at = ?"
    " WHERE organization_id = ? AND id = ? AND state = 'queued'";
constexpr const char* kRequestCancel =
    "UPDATE jobs SET cancel_requested_at = COALESCE(cancel_requested_at, ?), updated_at = ?"
    " WHERE organization_id = ? AND id = ? AND state = 'running'";

constexpr const char* kJobColumns =
    "SELECT id, organization_id, type, payload, state, attempts, max_attempts, run_after,"
    " created_at, updated_at, finished_at, last_error, result, progress_done, progress_total, progress_message,"
    " cancel_requested_at, started_at FROM jobs ";
constexpr const char* kRedriveJob =
    "UPDATE jobs SET state = 'queued', attempts = 0, run_after = ?, updated_at = ?, finished_at = NULL"
    " WHERE organization_id = ? AND id = ? AND state = 'dead'";

constexpr const char* kInsertPeriodic =
    "INSERT INTO periodic_tasks (name, next_run_at) VALUES (?, 0) ON CONFLICT (name) DO NOTHING";
constexpr const char* kClaimPeriod =
    "UPDATE periodic_tasks SET next_run_at = ?, last_run_by = ?, last_run_at = ? WHERE name = ? AND next_run_at <= ?";

Job job_from(const storage::Row& r) {
  Job j;
  j.id = r.text(0);
  j.organization_id = r.text(1);
  j.type = r.text(2);
  j.payload = nlohmann::json::parse(r.text(3), nullptr, false);
  j.state = r.text(4);
  j.attempts = static_cast<int>(r.integer(5));
  j.max_attempts = static_cast<int>(r.integer(6));
  j.run_after = r.integer(7);
  j.created_at = r.integer(8);
  j.updated_at = r.integer(9);
  j.finished_at = r.opt_integer(10);
  j.last_error = r.text(11);
  if (!r.is_null(12)) j.result = nlohmann::json::parse(r.text(12), nullptr, false);
  if (!r.is_null(13)) j.progress = JobProgress{r.integer(13), r.opt_integer(14).value_or(0), r.text(15)};
  j.cancel_requested_at = r.opt_integer(16);
  j.started_at = r.opt_integer(17);
  return j;
}

std::string filter_sql(const std::string& org, const JobFilter& f, storage::Params& args) {
  std::string w = "WHERE organization_id = ?";
  args.push_back(org);
  if (f.state) {
    w += " AND state = ?";
    args.push_back(*f.state);
  }
  if (f.type) {
    w += " AND type = ?";
    args.push_back(*f.type);
  }
  return w;
}
}  // namespace

nlohmann::json to_json(const Job& j) {
  return {{"id", j.id},
          {"type", j.type},
          {"state", j.state},
          {"payload", j.payload},
          {"attempts", j.attempts},
          {"maxAttempts", j.max_attempts},
          {"runAfter", format_rfc3339(j.run_after)},
          {"lastError", j.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(j.last_error)},
          {"result", j.result},
          {"error", j.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(j.last_error)},
          {"progress", j.progress ? nlohmann::json{{"done", j.progress->done},
                                                   {"total", j.progress->total > 0 ? nlohmann::json(j.progress->total)
                                                                                   : nlohmann::json(nullptr)},
                                                   {"message", j.progress->message}}
                                  : nlohmann::json(nullptr)},
          {"cancelRequested", j.cancel_requested_at.has_value()},
          {"startedAt", j.started_at ? nlohmann::json(format_rfc3339(*j.started_at)) : nlohmann::json(nullptr)},
          {"createdAt", format_rfc3339(j.created_at)},
          {"updatedAt", format_rfc3339(j.updated_at)},
          {"finishedAt", j.finished_at ? nlohmann::json(format_rfc3339(*j.finished_at)) : nlohmann::json(nullptr)}};
}

JobQueue::JobQueue(storage::Database& db, const Clock& clock, std::string worker_id)
    : db_(db), clock_(clock), worker_id_(std::move(worker_id)) {
  char buf[1024];
  std::snprintf(buf, sizeof buf, kClaimJobTemplate, storage::skip_locked(db.backend()));
  claim_sql_ = buf;
}

Millis JobQueue::backoff_ms(int attempts, double jitter01) {
  Millis base = std::min<Millis>(300'000, 1000LL << std::min(attempts, 20));
  return static_cast<Millis>(static_cast<double>(base) * (0.5 + 0.5 * jitter01));
}

std::string JobQueue::enqueue(const std::string& type, const nlohmann::json& payload, const EnqueueOptions& o) {
  // With a dedupe key, the insert races other enqueues and the active job finishing: either the
  // insert wins, or there is an active job to return, or that job just finished and we insert
  // again. A few rounds settle it.
  for (int attempt = 0;; ++attempt) {
    Millis now = clock_.now_ms();
    std::string id = new_id("job");
    try {
      db_.execute(kInsertJob, params(id, o.organization_id.empty() ? std::optional<std::string>() : o.organization_id,
                                     type, payload.dump(), o.max_attempts, now + o.delay_ms,
                                     o.dedupe_key.empty() ? std::optional<std::string>() : o.dedupe_key, now, now));
      if (on_enqueue_) db_.after_commit(on_enqueue_);
      return id;
    } catch (const storage::DatabaseError& e) {
      if (!e.unique_violation() || o.dedupe_key.empty() || attempt >= 4) throw;
    }
    auto existing = db_.execute(kSelectActiveByDedupe, params(o.dedupe_key));
    if (!existing.empty()) return existing.first().text(0);
  }
}

std::optional<Job> JobQueue::claim(Millis lease_ms) {
  Millis now = clock_.now_ms();
  auto r = db_.execute(claim_sql_, params(worker_id_, now + lease_ms, now, now, now, now));
  if (r.empty()) return std::nullopt;
  return job_from(r.first());
}

bool JobQueue::complete(const Job& job, const nlohmann::json& result) {
  Millis now = clock_.now_ms();
  return db_.execute(kCompleteJob, params(result.dump(), now, now, job.id, worker_id_, job.attempts)).affected > 0;
}

bool JobQueue::fail(const Job& job, const std::string& error, bool retryable) {
  Millis now = clock_.now_ms();
  std::string message = error.substr(0, 2000);
  if (!retryable || job.attempts >= job.max_attempts)
    return db_.execute(kBuryJob, params(message, now, now, job.id, worker_id_, job.attempts)).affected > 0;
  thread_local std::mt19937 rng{std::random_device{}()};
  double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
  return db_.execute(kRetryJob,
                     params(now + backoff_ms(job.attempts, jitter), message, now, job.id, worker_id_, job.attempts))
             .affected > 0;
}

bool JobQueue::claim_period(const std::string& name, Millis interval_ms) {
  Millis now = clock_.now_ms();
  db_.execute(kInsertPeriodic, params(name));
  // A little short of the interval, so the jitter of the replicas' timers never skips a period.
  Millis next = now + interval_ms * 9 / 10;
  return db_.execute(kClaimPeriod, params(next, worker_id_, now, name, now)).affected == 1;
}

LeaseStatus JobQueue::renew(const Job& job, Millis lease_ms) {
  auto r = db_.execute(kRenewLease, params(clock_.now_ms() + lease_ms, job.id, worker_id_, job.attempts));
  if (r.empty()) return {};
  return {true, !r.first().is_null(0)};
}

LeaseStatus JobQueue::report_progress(const Job& job, const JobProgress& progress) {
  auto r = db_.execute(kReportProgress, params(progress.done, progress.total, progress.message.substr(0, 500),
                                               clock_.now_ms(), job.id, worker_id_, job.attempts));
  if (r.empty()) return {};
  return {true, !r.first().is_null(0)};
}

bool JobQueue::finish_cancelled(const Job& job) {
  Millis now = clock_.now_ms();
  return db_.execute(kFinishCancelled, params(now, now, job.id, worker_id_, job.attempts)).affected > 0;
}

std::optional<Job> JobQueue::cancel(const std::string& organization_id, const std::string& id) {
  Millis now = clock_.now_ms();
  db_.execute(kCancelQueued, params(now, now, now, organization_id, id));
  db_.execute(kRequestCancel, params(now, now, organization_id, id));
  return find(organization_id, id);
}

std::optional<Job> JobQueue::find(const std::string& organization_id, const std::string& id) {
  auto r = db_.execute(std::string(kJobColumns) + "WHERE organization_id = ? AND id = ?", params(organization_id, id));
  if (r.empty()) return std::nullopt;
  return job_from(r.first());
}

std::vector<Job> JobQueue::list(const std::string& organization_id, const JobFilter& f) {
  storage::Params args;
  std::string sql = std::string(kJobColumns) + filter_sql(organization_id, f, args) +
                    " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";
  args.push_back(static_cast<std::int64_t>(f.limit));
  args.push_back(static_cast<std::int64_t>(f.offset));
  std::vector<Job> out;
  for (const auto& row : db_.execute(sql, args).rows) out.push_back(job_from(row));
  return out;
}

long long JobQueue::count(const std::string& organization_id, const JobFilter& f) {
  storage::Params args;
  std::string sql = "SELECT COUNT(*) FROM jobs " + filter_sql(organization_id, f, args);
  return db_.execute(sql, args).first().integer(0);
}

bool JobQueue::redrive(const std::string& organization_id, const std::string& id) {
  Millis now = clock_.now_ms();
  bool ok = db_.execute(kRedriveJob, params(now, now, organization_id, id)).affected > 0;
  if (ok && on_enqueue_) on_enqueue_();
  return ok;
}

}  // namespace cw::jobs
