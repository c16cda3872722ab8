#include <gtest/gtest.h>

#include "core/json_parse.hpp"

namespace cw {
namespace {

std::string nested(int levels) { return std::string(levels, '[') + std::string(levels, ']'); }

TEST(JsonParse, RefusesNestingPastTheLimitBeforeBuildingATree) {
  EXPECT_TRUE(json_nesting_within(nested(kMaxJsonDepth)));
  EXPECT_FALSE(json_nesting_within(nested(kMaxJsonDepth + 1)));
  // What crashed the server: 100,000 levels. Refused, and dump() is never reached.
  EXPECT_TRUE(parse_untrusted_json(nested(100000)).is_discarded());
  EXPECT_EQ(parse_untrusted_json(nested(kMaxJsonDepth)).dump().size(), 2u * kMaxJsonDepth);
}

TEST(JsonParse, CountsObjectsAndArraysAlikeAndSkipsStrings) {
  std::string objects;
  for (int i = 0; i < 65; ++i) objects += "{\"a\":";
  objects += "1" + std::string(65, '}');
  EXPECT_FALSE(json_nesting_within(objects));
  // Brackets inside strings, escaped quotes included, are text.
  std::string in_string = "{\"k\":\"" + std::string(1000, '[') + "\\\"" + std::string(1000, '{') + "\"}";
  EXPECT_TRUE(json_nesting_within(in_string));
  EXPECT_EQ(parse_untrusted_json(in_string)["k"].get<std::string>().size(), 2001u);
}

TEST(JsonParse, WideAndLongDocumentsAreFine) {
  std::string wide = "[";
  for (int i = 0; i < 100000; ++i) wide += (i ? ",[1]" : "[1]");
  wide += "]";
  EXPECT_EQ(parse_untrusted_json(wide).size(), 100000u);
  EXPECT_TRUE(parse_untrusted_json("{\"a\":").is_discarded());
}

}  // namespace
}  // namespace cw
