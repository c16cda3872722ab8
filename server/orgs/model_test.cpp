#include "orgs/model.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace cw::orgs {
namespace {

nlohmann::json fields_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ApiError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kValidation);
    return e.details()["fields"];
  }
  ADD_FAILURE() << "expected VALIDATION_ERROR";
  return {};
}

TEST(Preferences, MergesPartialUpdates) {
  auto merged =
      merge_preferences(default_preferences(), {{"theme", "dark"}, {"notifications", {{"weeklyReport", true}}}});
  EXPECT_EQ(merged["theme"], "dark");
  EXPECT_EQ(merged["notifications"]["weeklyReport"], true);
  EXPECT_EQ(merged["notifications"]["email"], true) << "untouched keys stay";
  EXPECT_EQ(merged["timezone"], "UTC");
}

TEST(Preferences, NamesEveryBadField) {
  auto fields = fields_of([] {
    merge_preferences(default_preferences(), {{"theme", "neon"},
                                              {"timezone", "Mars/Olympus_Mons"},
                                              {"notifications", {{"sms", true}}},
                                              {"defaultCloudProvider", "ibm"},
                                              {"colour", "red"}});
  });
  for (const char* f : {"theme", "timezone", "notifications.sms", "defaultCloudProvider", "colour"})
    EXPECT_TRUE(fields.contains(f)) << f << " in " << fields.dump();
}

TEST(Onboarding, TracksStepsAndCompletion) {
  auto o = merge_onboarding(default_onboarding(),
                            {{"currentStep", "demo-or-real"}, {"steps", {{{"id", "welcome"}, {"completed", true}}}}});
  EXPECT_EQ(o["currentStep"], "demo-or-real");
  EXPECT_EQ(o["steps"][0]["completed"], true);
  EXPECT_FALSE(onboarding_done(o));
  EXPECT_TRUE(onboarding_done(merge_onboarding(o, {{"skipped", true}})));
  auto fields = fields_of([&] { merge_onboarding(o, {{"currentStep", "nope"}, {"completed", "yes"}}); });
  EXPECT_TRUE(fields.contains("currentStep"));
  EXPECT_TRUE(fields.contains("completed"));
}

}  // namespace
}  // namespace cw::orgs
