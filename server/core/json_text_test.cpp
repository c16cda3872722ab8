#include <gtest/gtest.h>

#include "core/json_text.hpp"

namespace cw {
namespace {

std::string text_of(const nlohmann::json& document) {
  std::string out;
  append_json_text(out, document);
  return out;
}

TEST(JsonText, WritesWhatDumpWrites) {
  const nlohmann::json documents[] = {
      nlohmann::json::object(),
      nlohmann::json::array(),
      nullptr,
      true,
      false,
      42,
      -7,
      18446744073709551615ULL,
      0.1,
      1e300,
      -0.0,
      3.0,
      "",
      "plain text 123",
      "quote \" backslash \\ slash /",
      "tab\tnewline\ncontrol\x01 delete\x7f",
      "\xc3\x84rger \xe2\x82\xac \xf0\x9f\x98\x80",  // UTF-8: two, three and four bytes
      {{"b", 1}, {"a", {{"nested", {1, "two", nullptr, false, {{"deep", 2.5}}}}}}, {"", ""}},
      {{"key \"quoted\"", "v"}, {"\xc3\xa9t\xc3\xa9", "\xe2\x82\xac"}, {"ctl\x02", "x"}},
      {{"instanceType", "t3.micro"}, {"securityGroupIds", {"sg-1", "sg-2"}}, {"publicIp", true}},
  };
  for (const auto& document : documents) EXPECT_EQ(text_of(document), document.dump()) << document.dump();
}

TEST(JsonText, AppendsToWhatIsThere) {
  std::string out = "spec=";
  append_json_text(out, {{"a", "b"}});
  EXPECT_EQ(out, "spec={\"a\":\"b\"}");
}

TEST(JsonText, RefusesTextThatIsNotUtf8AsDumpDoes) {
  nlohmann::json bad = {{"name", "caf\xe9"}};  // Latin-1, not UTF-8
  EXPECT_THROW(bad.dump(), nlohmann::json::type_error);
  EXPECT_THROW(text_of(bad), nlohmann::json::type_error);
  nlohmann::json bad_key = {{"caf\xe9", "x"}};
  EXPECT_THROW(text_of(bad_key), nlohmann::json::type_error);
}

}  // namespace
}  // namespace cw
