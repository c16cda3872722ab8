#pragma once
/// Reads a provider's inventory a few pages ahead of the sync, in a pipeline of two threads: one
/// fetches pages from the provider, the other prepares every record for storage (JSON text,
/// search text, content hash). The sync writes one batch to the database while the next pages
/// are fetched and prepared, so the cloud's latency — or the simulated cloud's CPU — overlaps the
/// database's work instead of adding to it; and a re-sync that writes nothing runs at the pace of
/// the slower stage rather than of both added up.
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
  /// The records as listed, without spec, tags and posture: those are in `stored` as JSON text.
  std::vector<providers::ResourceRecord> items;
  std::vector<StoredRecord> stored;  // stored[i].record points at items[i]; moving the page keeps that
};

class PageReader {
 public:
  PageReader(providers::CloudProvider& provider, int page_size, size_t pages_ahead = 4);
  /// Stops reading (after the page in flight) and waits for the threads.
  ~PageReader();
  PageReader(const PageReader&) = delete;
  PageReader& operator=(const PageReader&) = delete;

  /// The next page in order; nullopt after the last. Rethrows what the provider threw.
  std::optional<PreparedPage> next();

  /// Whether next() would return at once: a page is prepared, or the walk is over. The sync
  /// writes a smaller batch rather than wait for the cloud with rows in hand.
  bool next_is_ready();

  /// Hands a page the caller is done with back, to be freed on the preparing thread: freeing a
  /// thousand records' JSON is real work, and the caller is the one writing to the database.
  void discard(PreparedPage&& page);

 private:
  /// Pages of one listing at most, far beyond any real account (providers page by 50 to 1,000):
  /// a provider that goes on is broken.
  static constexpr int kMaxPages = 100'000;
  void fetch();
  void prepare();

  providers::CloudProvider& provider_;
  int page_size_;
  size_t pages_ahead_;  // per stage
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<providers::ResourcePage> fetched_;  // fetched, waiting to be prepared
  std::deque<PreparedPage> ready_;               // prepared, waiting for next()
  std::vector<PreparedPage> discarded_;          // handed back, waiting to be freed
  bool fetched_all_ = false;                     // the fetcher is done: the last page (or an error) is in
  bool finished_ = false;                        // every page (or an error) is prepared
  bool stopping_ = false;                        // the reader's owner is gone
  bool fetch_stopping_ = false;                  // preparing failed: nothing more is needed
  std::exception_ptr error_;
  std::thread fetcher_;
  std::thread preparer_;
};

}  // namespace cw::inventory
