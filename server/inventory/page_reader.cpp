#include "inventory/page_reader.hpp"

namespace cw::inventory {

PageReader::PageReader(providers::CloudProvider& provider, int page_size, size_t pages_ahead)
    : provider_(provider), page_size_(page_size), pages_ahead_(pages_ahead), thread_([this] { run(); }) {}

PageReader::~PageReader() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void PageReader::run() {
  try {
    std::string token;
    do {
      providers::ResourcePage page = provider_.list_resources(token, page_size_);
      PreparedPage prepared{std::move(page.items), {}};
      prepared.stored.reserve(prepared.items.size());
      for (const auto& record : prepared.items) prepared.stored.push_back(prepare_record(record));
      token = std::move(page.next_token);

      std::unique_lock lock(mutex_);
      changed_.wait(lock, [&] { return stopping_ || ready_.size() < pages_ahead_; });
      if (stopping_) return;
      ready_.push_back(std::move(prepared));
      if (token.empty()) finished_ = true;
      lock.unlock();
      changed_.notify_all();
    } while (!token.empty());
  } catch (...) {
    std::lock_guard lock(mutex_);
    error_ = std::current_exception();
    finished_ = true;
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
