// PageReader hands out a provider's pages in order, prepared for storage, then the provider's
// error (after the pages before it), and lets its owner stop early without hanging.
#include <gtest/gtest.h>

#include <atomic>

#include "core/wait_test_support.hpp"
#include "inventory/page_reader.hpp"

namespace cw::inventory {
namespace {

/// `pages` pages of `per_page` records; page number `fail_at` (if >= 0) throws instead, page
/// number `stuck_at` (if >= 0) answers with its own token again.
class PagedCloud final : public providers::CloudProvider {
 public:
  PagedCloud(int pages, int per_page, int fail_at = -1, int stuck_at = -1)
      : pages_(pages), per_page_(per_page), fail_at_(fail_at), stuck_at_(stuck_at) {}
  std::atomic<int> served{0};
  /// Page number `held_at` (if >= 0) is answered only once `released` is set: a slow cloud.
  int held_at = -1;
  std::atomic<bool> released{false};

  providers::ResourcePage list_resources(const std::string& token, int) override {
    int page = token.empty() ? 0 : std::stoi(token);
    if (page == held_at) released.wait(false);
    if (page == fail_at_) throw providers::ProviderError("Throttling", "slow down", true);
    providers::ResourcePage out;
    for (int i = 0; i < per_page_; ++i) {
      providers::ResourceRecord r;
      r.external_id = "i-" + std::to_string(page) + "-" + std::to_string(i);
      r.name = "Server " + std::to_string(i);
      r.tags = {{"Env", "Prod"}};
      out.items.push_back(r);
    }
    if (page + 1 < pages_) out.next_token = std::to_string(page == stuck_at_ ? page : page + 1);
    ++served;
    return out;
  }
  providers::ConnectionTest test_connection() override { throw std::logic_error("unused"); }
  std::optional<providers::ResourceRecord> get_resource(const std::string&) override {
    throw std::logic_error("unused");
  }
  std::string kind() const override { return "paged"; }

 private:
  int pages_, per_page_, fail_at_, stuck_at_;
};

TEST(PageReader, HandsOutEveryPageInOrderPrepared) {
  PagedCloud cloud(25, 40);
  PageReader reader(cloud, 40, 3);
  int pages = 0;
  while (auto page = reader.next()) {
    ASSERT_EQ(page->items.size(), 40u);
    ASSERT_EQ(page->stored.size(), 40u);
    for (size_t i = 0; i < page->items.size(); ++i) {
      EXPECT_EQ(page->items[i].external_id, "i-" + std::to_string(pages) + "-" + std::to_string(i));
      EXPECT_EQ(page->stored[i].record, &page->items[i]);
      EXPECT_NE(page->stored[i].search_text.find("env=prod"), std::string::npos);
      EXPECT_EQ(page->stored[i].tags, R"({"Env":"Prod"})");
      EXPECT_TRUE(page->items[i].tags.is_null());  // kept as text only, the tree is freed
      EXPECT_TRUE(page->items[i].spec.is_null());
      EXPECT_FALSE(page->stored[i].content_hash.empty());
    }
    ++pages;
  }
  EXPECT_EQ(pages, 25);
  EXPECT_FALSE(reader.next().has_value());
}

TEST(PageReader, TakesPagesBackToFreeWhileReadingAndAfterTheLast) {
  PagedCloud cloud(12, 30);
  PageReader reader(cloud, 30, 2);
  std::vector<PreparedPage> kept;
  int pages = 0;
  while (auto page = reader.next()) {
    ++pages;
    if (pages % 2)
      reader.discard(std::move(*page));  // freed on the reader's thread
    else
      kept.push_back(std::move(*page));
  }
  EXPECT_EQ(pages, 12);
  for (auto& page : kept) reader.discard(std::move(page));  // after the last page, too
  EXPECT_FALSE(reader.next().has_value());
}  // the destructor joins the threads with pages still waiting to be freed

TEST(PageReader, ProviderErrorComesAfterThePagesBeforeIt) {
  PagedCloud cloud(10, 5, /*fail_at=*/4);
  PageReader reader(cloud, 5);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(reader.next().has_value());
  try {
    reader.next();
    FAIL() << "expected the provider's error";
  } catch (const providers::ProviderError& e) {
    EXPECT_EQ(e.code(), "Throttling");
    EXPECT_TRUE(e.retryable());
  }
}

TEST(PageReader, AProviderRepeatingAPageTokenFailsInsteadOfListingForever) {
  PagedCloud cloud(10, 5, -1, 3);
  PageReader reader(cloud, 5, 2);
  int pages = 0;
  try {
    while (reader.next()) ++pages;
    FAIL() << "the listing ended";
  } catch (const providers::ProviderError& e) { EXPECT_EQ(e.code(), "MalformedResponse"); }
  EXPECT_EQ(pages, 4);  // 0 to 3: page 3 answers with the token "3" that page 2 gave, and nothing more is asked
  EXPECT_EQ(cloud.served.load(), 4);
}

TEST(PageReader, SaysWhetherTheNextPageIsReadyWithoutWaitingForIt) {
  PagedCloud cloud(3, 10);
  cloud.held_at = 1;
  PageReader reader(cloud, 10, 2);
  // No ASSERT until page 1 is released: returning early would leave the reader's thread waiting
  // on the cloud, and the test would hang instead of failing.
  EXPECT_TRUE(reader.next().has_value());
  EXPECT_FALSE(reader.next_is_ready()) << "page 1 is still with the cloud";
  cloud.released = true;
  cloud.released.notify_all();
  ASSERT_TRUE(reader.next().has_value());
  // Page 2 arrives, then the end of the walk: each makes next() answer at once.
  for (int page = 2; page <= 3; ++page) {
    EXPECT_TRUE(cw::testing::wait_until([&] { return reader.next_is_ready(); }));
    EXPECT_EQ(reader.next().has_value(), page == 2);
  }
}

TEST(PageReader, StoppingEarlyDoesNotReadEverything) {
  PagedCloud cloud(1000, 10);
  {
    PageReader reader(cloud, 10, 2);
    ASSERT_TRUE(reader.next().has_value());
  }  // the destructor stops the thread
  EXPECT_LT(cloud.served.load(), 10) << "reads at most a few pages ahead";
}

}  // namespace
}  // namespace cw::inventory
