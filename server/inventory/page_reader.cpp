#include "inventory/page_reader.hpp"

#include <pthread.h>

#include "providers/common/paging.hpp"

namespace cw::inventory {

PageReader::PageReader(providers::CloudProvider& provider, int page_size, size_t pages_ahead)
    : provider_(provider),
      page_size_(page_size),
      pages_ahead_(pages_ahead),
      fetcher_([this] { fetch(); }),
      preparer_([this] { prepare(); }) {}

PageReader::~PageReader() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  fetcher_.join();
  preparer_.join();
}

void PageReader::fetch() {
  pthread_setname_np(pthread_self(), "cw-page-fetch");  // tells the stages apart in top and perf
  try {
    // A provider (or the cloud behind it) that repeats a page token fails the sync instead of
    // listing the same pages forever.
    providers::common::follow_pages(
        "the inventory listing",
        [&](const std::string& token) {
          providers::ResourcePage page = provider_.list_resources(token, page_size_);
          std::string next = page.next_token;
          std::unique_lock lock(mutex_);
          changed_.wait(lock, [&] { return stopping_ || fetch_stopping_ || fetched_.size() < pages_ahead_; });
          if (stopping_ || fetch_stopping_) return std::string();  // nobody needs more pages
          fetched_.push_back(std::move(page));
          lock.unlock();
          changed_.notify_all();
          return next;
        },
        kMaxPages);
  } catch (...) {
    std::lock_guard lock(mutex_);
    if (!error_) error_ = std::current_exception();
  }
  {
    std::lock_guard lock(mutex_);
    fetched_all_ = true;
  }
  changed_.notify_all();
}

void PageReader::prepare() {
  pthread_setname_np(pthread_self(), "cw-page-prepare");
  std::unique_lock lock(mutex_);
  // Frees what the owner handed back, outside the lock.
  auto free_discarded = [&] {
    std::vector<PreparedPage> freeing;
    freeing.swap(discarded_);
    lock.unlock();
    freeing.clear();
    lock.lock();
  };
  for (;;) {
    changed_.wait(
        lock, [&] { return stopping_ || !discarded_.empty() || (!finished_ && (!fetched_.empty() || fetched_all_)); });
    if (stopping_) return;
    if (!discarded_.empty()) {
      free_discarded();
      continue;
    }
    if (fetched_.empty()) {  // everything fetched has been prepared; stay to free discarded pages
      finished_ = true;
      changed_.notify_all();
      continue;
    }
    PreparedPage prepared{std::move(fetched_.front().items), {}};
    fetched_.pop_front();
    lock.unlock();
    changed_.notify_all();
    try {
      prepared.stored.reserve(prepared.items.size());
      for (auto& record : prepared.items) {
        prepared.stored.push_back(prepare_record(record));
        // Stored as text now: the trees go at once, so the next pages reuse their memory instead
        // of touching fresh pages while a batch waits to be written (a first sync of 50,000
        // instances costs about 15% less CPU; bench/aws_replay_benchmark.cpp).
        record.spec = nlohmann::json();
        record.tags = nlohmann::json();
        record.posture = nlohmann::json();
      }
    } catch (...) {  // e.g. text that is not UTF-8: the walk ends here, as for a provider error
      lock.lock();
      if (!error_) error_ = std::current_exception();
      finished_ = true;
      fetch_stopping_ = true;  // the fetcher need not go on
      changed_.notify_all();
      continue;
    }
    lock.lock();
    for (;;) {
      changed_.wait(lock, [&] { return stopping_ || ready_.size() < pages_ahead_ || !discarded_.empty(); });
      if (stopping_) return;
      if (ready_.size() < pages_ahead_) break;
      free_discarded();
    }
    ready_.push_back(std::move(prepared));
    changed_.notify_all();
  }
}

bool PageReader::next_is_ready() {
  std::lock_guard lock(mutex_);
  return !ready_.empty() || finished_;
}

void PageReader::discard(PreparedPage&& page) {
  {
    std::lock_guard lock(mutex_);
    discarded_.push_back(std::move(page));
  }
  changed_.notify_all();
}

std::optional<PreparedPage> PageReader::next() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [&] { return !ready_.empty() || finished_; });
  if (!ready_.empty()) {
    PreparedPage page = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();
    changed_.notify_all();
    return page;
  }
  // Pages before an error were handed out first; the error ends the walk.
  if (error_) std::rethrow_exception(error_);
  return std::nullopt;
}

}  // namespace cw::inventory
