#include "providers/common/paging.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "providers/provider.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::common {
namespace {

using providers::testing::code_of;

TEST(FollowPages, ReadsEveryPageUntilTheTokenIsEmpty) {
  std::vector<std::string> asked;
  follow_pages("List", [&](const std::string& token) {
    asked.push_back(token);
    return token.empty() ? std::string("a") : token == "a" ? std::string("b") : std::string();
  });
  EXPECT_EQ(asked, (std::vector<std::string>{"", "a", "b"}));
}

TEST(FollowPages, ATokenSentAgainEndsTheCallInsteadOfLoopingForever) {
  int calls = 0;
  auto repeat = [&](const std::string&) { return ++calls, std::string("same"); };
  EXPECT_EQ(code_of([&] { follow_pages("GetCostAndUsage", repeat); }), "MalformedResponse");
  EXPECT_EQ(calls, 2);
  calls = 0;
  auto cycle = [&](const std::string& t) { return ++calls, std::string(t == "x" ? "y" : "x"); };
  EXPECT_EQ(code_of([&] { follow_pages("List", cycle); }), "MalformedResponse");
  EXPECT_EQ(calls, 3);  // "" → x → y → x
  try {
    follow_pages("GetCostAndUsage", repeat);
    FAIL() << "a repeated token was followed";
  } catch (const ProviderError& e) {
    EXPECT_NE(std::string(e.what()).find("GetCostAndUsage"), std::string::npos) << e.what();
  }
}

TEST(FollowPages, StopsAfterMaxPages) {
  int calls = 0;
  auto endless = [&](const std::string&) { return std::to_string(++calls); };
  EXPECT_EQ(code_of([&] { follow_pages("List", endless, 5); }), "MalformedResponse");
  EXPECT_EQ(calls, 5);
}

}  // namespace
}  // namespace cw::providers::common
