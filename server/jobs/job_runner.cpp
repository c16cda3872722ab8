#include "jobs/job_runner.hpp"

#include <random>

#include "core/log.hpp"

namespace cw::jobs {

void JobContext::progress(long long done, long long total, const std::string& message) {
  auto now = std::chrono::steady_clock::now();
  if (now - last_write_ >= std::chrono::seconds(1)) {
    last_write_ = now;
    JobProgress p{done, total, message};
    LeaseStatus status = queue_.report_progress(job_, p);
    if (status.cancel_requested) cancel_requested_ = true;
    if (status.held && listener_ && *listener_) (*listener_)(job_, p);
  }
  if (cancel_requested_) throw JobCancelled();
}

JobRunner::JobRunner(JobQueue& queue, RunnerSettings settings) : queue_(queue), settings_(settings) {}

JobRunner::~JobRunner() { stop(); }

void JobRunner::handle(const std::string& type, JobHandler handler) { handlers_[type] = std::move(handler); }

void JobRunner::set_retry_classifier(std::function<bool(const std::exception&)> classify) {
  classify_ = std::move(classify);
}

void JobRunner::every(const std::string& name, Millis interval_ms, std::function<void()> task) {
  periodic_.push_back({name, interval_ms, std::move(task),
                       std::chrono::steady_clock::now() + std::chrono::milliseconds(interval_ms / 10)});
}

void JobRunner::start() {
  if (running_.exchange(true)) return;
  queue_.set_on_enqueue([this] { wake(); });
  for (int i = 0; i < settings_.workers; ++i) threads_.emplace_back([this] { worker_loop(); });
  threads_.emplace_back([this] { heartbeat_loop(); });
  if (!periodic_.empty()) threads_.emplace_back([this] { scheduler_loop(); });
}

void JobRunner::stop() {
  if (!running_.exchange(false)) return;
  queue_.set_on_enqueue(nullptr);
  wake_.notify_all();
  for (auto& t : threads_) t.join();
  threads_.clear();
}

void JobRunner::wake() { wake_.notify_all(); }

bool JobRunner::run_one() {
  std::optional<Job> job;
  try {
    job = queue_.claim(settings_.lease_ms);
  } catch (const std::exception& e) {
    log::warn("job claim failed", {{"error", e.what()}});
    return false;
  }
  if (!job) return false;
  auto it = handlers_.find(job->type);
  if (it == handlers_.end()) {
    queue_.fail(*job, "no handler for job type " + job->type, false);
    return true;
  }
  JobContext context(queue_, *job, &progress_listener_);
  {
    std::lock_guard lock(running_jobs_mutex_);
    running_jobs_.insert_or_assign(job->id, Running{*job, &context});
  }
  struct Finished {
    JobRunner& runner;
    const std::string& id;
    ~Finished() {
      std::lock_guard lock(runner.running_jobs_mutex_);
      runner.running_jobs_.erase(id);
    }
  };
  bool held = true;
  try {
    Finished finished{*this, job->id};
    nlohmann::json result = it->second(*job, context);
    held = queue_.complete(*job, result);
    log::debug("job succeeded", {{"jobId", job->id}, {"type", job->type}});
  } catch (const JobCancelled&) {
    log::info("job cancelled", {{"jobId", job->id}, {"type", job->type}});
    held = queue_.finish_cancelled(*job);
  } catch (const RetryableError& e) {
    log::warn("job failed, will retry", {{"jobId", job->id}, {"type", job->type}, {"error", e.what()}});
    held = queue_.fail(*job, e.what(), true);
  } catch (const std::exception& e) {
    bool retry = classify_ && classify_(e);
    log::warn("job failed", {{"jobId", job->id}, {"type", job->type}, {"error", e.what()}, {"retry", retry}});
    held = queue_.fail(*job, e.what(), retry);
  }
  if (!held)
    log::warn("job lease was lost while it ran; its outcome is not recorded (another worker has it)",
              {{"jobId", job->id}, {"type", job->type}});
  return true;
}

int JobRunner::renew_leases() {
  std::vector<Job> jobs;
  {
    std::lock_guard lock(running_jobs_mutex_);
    for (const auto& [id, running] : running_jobs_) jobs.push_back(running.job);
  }
  int lost = 0;
  for (const auto& job : jobs) {
    try {
      LeaseStatus status = queue_.renew(job, settings_.lease_ms);
      if (!status.held) {
        ++lost;
        log::warn("job lease lost", {{"jobId", job.id}, {"type", job.type}});
      } else if (status.cancel_requested) {
        std::lock_guard lock(running_jobs_mutex_);  // the context lives while its entry does
        if (auto it = running_jobs_.find(job.id); it != running_jobs_.end())
          it->second.context->note_cancel_requested();
      }
    } catch (const std::exception& e) {
      log::warn("job lease renewal failed", {{"jobId", job.id}, {"error", e.what()}});
    }
  }
  return lost;
}

void JobRunner::heartbeat_loop() {
  while (running_) {
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(settings_.lease_ms / 3), [this] { return !running_.load(); });
    lock.unlock();
    if (running_) renew_leases();
  }
}

int JobRunner::run_due_jobs() {
  int n = 0;
  while (run_one()) ++n;
  return n;
}

void JobRunner::worker_loop() {
  std::mt19937 rng{std::random_device{}()};
  while (running_) {
    if (run_one()) continue;
    // Poll with jitter so replicas do not hit the database in lock step.
    Millis wait =
        settings_.poll_interval_ms / 2 + std::uniform_int_distribution<Millis>(0, settings_.poll_interval_ms)(rng);
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(wait));
  }
}

void JobRunner::scheduler_loop() {
  std::mt19937 rng{std::random_device{}()};
  while (running_) {
    auto now = std::chrono::steady_clock::now();
    auto next_due = now + std::chrono::seconds(1);
    for (auto& p : periodic_) {
      if (p.next <= now) {
        try {
          // Every replica's timer fires; the database lets one of them run the period.
          if (queue_.claim_period(p.name, p.interval_ms)) {
            p.task();
            if (on_periodic_run_) on_periodic_run_(p.name);
          }
        } catch (const std::exception& e) {
          log::warn("periodic task failed", {{"task", p.name}, {"error", e.what()}});
        }
        Millis jitter = std::uniform_int_distribution<Millis>(-p.interval_ms / 10, p.interval_ms / 10)(rng);
        p.next = std::chrono::steady_clock::now() + std::chrono::milliseconds(p.interval_ms + jitter);
      }
      next_due = std::min(next_due, p.next);
    }
    std::unique_lock lock(mutex_);
    wake_.wait_until(lock, next_due, [this] { return !running_.load(); });
  }
}

}  // namespace cw::jobs
