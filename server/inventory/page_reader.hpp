#pragma once
/// Reads a provider's inventory on a thread of its own, a few pages ahead of the sync, and
/// prepares every record for storage there too (JSON text, search text, content hash). The sync
/// writes one batch to the database while the next pages are fetched, so the cloud's latency —
/// or the simulated cloud's CPU — overlaps the database's work instead of adding to it.
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "inventory/model.hpp"
#include "providers/provider.hpp"

namespace cw::inventory {

struct PreparedPage {
  std::vector<providers::ResourceRecord> items;
  std::vector<StoredRecord> stored;  // stored[i].record points at items[i]; moving the page keeps that
};

class PageReader {
 public:
  PageReader(providers::CloudProvider& provider, int page_size, size_t pages_ahead = 4);
  /// Stops reading (after the page in flight) and waits for the thread.
  ~PageReader();
  PageReader(const PageReader&) = delete;
  PageReader& operator=(const PageReader&) = delete;

  /// The next page in order; nullopt after the last. Rethrows what the provider threw.
  std::optional<PreparedPage> next();

 private:
  void run();

  providers::CloudProvider& provider_;
  int page_size_;
  size_t pages_ahead_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<PreparedPage> ready_;
  bool finished_ = false;   // the last page (or an error) is in
  bool stopping_ = false;   // the reader's owner is gone
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace cw::inventory
