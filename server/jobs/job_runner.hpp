#pragma once
/// Runs jobs from the queue on a few worker threads, and periodic tasks (with jitter) on a
/// scheduler thread. Owned by the app: started after wiring, stopped in the destructor (finishing
/// the jobs in hand). Handlers throw to fail a job: RetryableError (or a retryable provider error,
/// via the `is_retryable` hook) retries with backoff, anything else goes straight to "dead".
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "jobs/job_queue.hpp"

namespace cw::jobs {

class RetryableError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Thrown out of JobContext::progress() when the job was asked to stop: the handler unwinds
/// (whatever it finished stays done) and the runner ends the job "cancelled".
class JobCancelled : public std::runtime_error {
 public:
  JobCancelled() : std::runtime_error("the job was cancelled") {}
};

/// What a handler has besides its job: a way to say how far it is, and to hear that it should stop.
class JobContext {
 public:
  using ProgressListener = std::function<void(const Job&, const JobProgress&)>;
  JobContext(JobQueue& queue, const Job& job, const ProgressListener* listener)
      : queue_(queue), job_(job), listener_(listener) {}

  /// Records progress — in the database at most once a second, the rest is dropped — and throws
  /// JobCancelled once the job was asked to stop (heard here or by the heartbeat).
  void progress(long long done, long long total, const std::string& message);
  bool cancel_requested() const { return cancel_requested_; }
  /// The heartbeat heard a cancel request.
  void note_cancel_requested() { cancel_requested_ = true; }

 private:
  JobQueue& queue_;
  const Job& job_;
  const ProgressListener* listener_;
  std::atomic<bool> cancel_requested_{false};
  std::chrono::steady_clock::time_point last_write_{};
};

using JobHandler = std::function<nlohmann::json(const Job&, JobContext&)>;

struct RunnerSettings {
  int workers = 2;
  Millis poll_interval_ms = 500;
  /// Short, and renewed every third of it while a job runs (the heartbeat): a worker that dies
  /// mid-job — a crash, kill -9 — lets another replica or the restarted server take the job
  /// over within this time, while a long job that is alive is never run twice.
  Millis lease_ms = 30'000;
};

class JobRunner {
 public:
  JobRunner(JobQueue& queue, RunnerSettings settings);
  ~JobRunner();

  void handle(const std::string& type, JobHandler handler);
  /// Decides whether an exception other than RetryableError is worth retrying.
  void set_retry_classifier(std::function<bool(const std::exception&)> classify);
  /// Hears every progress report that reached the database (the app publishes job.progress).
  void set_progress_listener(JobContext::ProgressListener listener) { progress_listener_ = std::move(listener); }
  /// Hears each periodic task this replica ran (the app counts them in /metrics).
  void set_on_periodic_run(std::function<void(const std::string& name)> listener) {
    on_periodic_run_ = std::move(listener);
  }
  /// Runs `task` every `interval_ms` (±10% jitter) on the scheduler thread of one replica of
  /// the cluster per period (JobQueue::claim_period).
  void every(const std::string& name, Millis interval_ms, std::function<void()> task);

  void start();
  void stop();
  void wake();
  /// Claims and runs due jobs on the calling thread until none is due (tests, CLI). Returns count.
  int run_due_jobs();
  /// One heartbeat now (tests): renews the running jobs' leases; returns how many were lost.
  int heartbeat() { return renew_leases(); }

 private:
  bool run_one();
  void worker_loop();
  void scheduler_loop();
  void heartbeat_loop();
  /// Renews the leases of the jobs running in this process; returns how many were lost.
  int renew_leases();

  JobQueue& queue_;
  RunnerSettings settings_;
  std::map<std::string, JobHandler> handlers_;
  std::function<bool(const std::exception&)> classify_;
  struct Periodic {
    std::string name;
    Millis interval_ms;
    std::function<void()> task;
    std::chrono::steady_clock::time_point next;
  };
  std::vector<Periodic> periodic_;
  std::mutex running_jobs_mutex_;
  struct Running {
    Job job;
    JobContext* context;
  };
  std::map<std::string, Running> running_jobs_;  // by id: what the heartbeat renews
  JobContext::ProgressListener progress_listener_;
  std::function<void(const std::string&)> on_periodic_run_;
  std::atomic<bool> running_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
};

}  // namespace cw::jobs
