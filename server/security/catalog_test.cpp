#include "security/catalog.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace cw::security {
namespace {

using nlohmann::json;

// Every shipped rule against its own examples: the catalog's generated tests.
TEST(SecurityCatalog, EveryShippedRulePassesAndFailsItsExamples) {
  const Catalog& c = Catalog::shipped();
  ASSERT_FALSE(c.rules().empty());
  for (const auto& rule : c.rules()) {
    SCOPED_TRACE(rule.id);
    ASSERT_FALSE(rule.failing.empty());
    ASSERT_FALSE(rule.passing.empty());
    for (const auto& e : rule.failing) EXPECT_EQ(rule.condition.evaluate(example_subject(rule, e)), Truth::kTrue);
    for (const auto& e : rule.passing) EXPECT_NE(rule.condition.evaluate(example_subject(rule, e)), Truth::kTrue);
    EXPECT_FALSE(rule.remediation.text.empty());
  }
  EXPECT_EQ(c.version().size(), 12u);
}

TEST(SecurityCatalog, CoversEveryCloudAndTheEightFrameworks) {
  const Catalog& c = Catalog::shipped();
  EXPECT_GE(c.rules().size(), 60u);
  for (const char* provider : {"aws", "azure", "gcp"}) {
    size_t n = 0;
    for (const auto& r : c.rules())
      for (const auto& p : r.providers) n += p == provider || p == "*";
    EXPECT_GE(n, 40u) << provider;
  }
  std::set<std::string> ids;
  for (const auto& f : c.frameworks()) ids.insert(f.id);
  EXPECT_EQ(ids, (std::set<std::string>{"cis-aws-3.0", "cis-azure-3.0", "cis-gcp-3.0", "aws-fsbp", "nist-800-53-r5",
                                        "soc2", "pci-dss-4.0", "iso-27001-2022"}));
  // Every rule answers for at least one requirement somewhere.
  for (const auto& r : c.rules()) EXPECT_FALSE(c.mappings_of(r.id).empty()) << r.id;
}

// Each cloud has rules of its own (not only the provider-neutral "*" ones), the frameworks list the
// requirements cloud configuration evidences, and every framework leaves some to be checked by hand.
TEST(SecurityCatalog, EachCloudHasItsOwnRulesAndEachFrameworkItsRequirements) {
  const Catalog& c = Catalog::shipped();
  std::map<std::string, size_t> own;
  for (const auto& r : c.rules())
    for (const auto& p : r.providers) ++own[p];
  for (const char* provider : {"aws", "azure", "gcp"}) EXPECT_GE(own[provider], 5u) << provider;
  EXPECT_GE(own["*"], 30u);
  const std::map<std::string, size_t> kAtLeast = {{"cis-aws-3.0", 55}, {"cis-azure-3.0", 30},  {"cis-gcp-3.0", 20},
                                                  {"aws-fsbp", 40},    {"nist-800-53-r5", 25}, {"soc2", 20},
                                                  {"pci-dss-4.0", 25}, {"iso-27001-2022", 25}};
  for (const auto& [id, n] : kAtLeast) {
    const Framework* f = c.framework(id);
    ASSERT_NE(f, nullptr) << id;
    EXPECT_GE(f->requirements.size(), n) << id;
    size_t manual = 0, mapped = 0;
    for (const auto& r : f->requirements) ++(r.rules.empty() ? manual : mapped);
    EXPECT_GT(manual, 0u) << id;
    EXPECT_GT(mapped, manual / 4) << id << ": most of a framework should be evaluated by some rule";
  }
}

TEST(SecurityCatalog, FrameworkRequirementsNameRulesOfTheCatalog) {
  const Catalog& c = Catalog::shipped();
  ASSERT_NE(c.framework("cis-aws-3.0"), nullptr);
  for (const auto& f : c.frameworks())
    for (const auto& r : f.requirements)
      for (const auto& id : r.rules) EXPECT_NE(c.find(id), nullptr) << f.id << " " << r.id;
  bool manual = false;
  for (const auto& r : c.framework("cis-aws-3.0")->requirements) manual = manual || r.rules.empty();
  EXPECT_TRUE(manual) << "requirements no rule evaluates are listed as manual";
  EXPECT_FALSE(c.mappings_of("storage-bucket-public").empty());
}

std::string load_error(const std::string& rules, const std::string& framework = "") {
  std::vector<EmbeddedFile> r = {{"bad.json", rules.c_str()}};
  std::vector<EmbeddedFile> f;
  if (!framework.empty()) f.push_back({"fw.json", framework.c_str()});
  try {
    Catalog::load(r, f);
  } catch (const CatalogError& e) { return e.what(); }
  return "loaded";
}

const char* kGoodRule = R"({"id": "x-public", "title": "Public", "severity": "high", "providers": ["aws"],
  "resourceTypes": ["storage"], "condition": "posture.publicAccess == true", "risk": "Leaks.",
  "remediation": {"text": "Block it."},
  "examples": {"failing": [{"posture": {"publicAccess": true}}], "passing": [{"posture": {"publicAccess": false}}]}})";

std::string with(const std::string& field_json) {
  json rule = json::parse(kGoodRule);
  json patch = json::parse(field_json);
  for (auto it = patch.begin(); it != patch.end(); ++it) {
    if (it->is_null())
      rule.erase(it.key());
    else
      rule[it.key()] = *it;
  }
  return json{{"rules", json::array({rule})}}.dump();
}

TEST(SecurityCatalog, BadRuleFilesAreRefusedWithTheFileAndTheReason) {
  EXPECT_EQ(load_error(json{{"rules", json::array({json::parse(kGoodRule)})}}.dump()), "loaded");
  EXPECT_EQ(load_error("{\"rules\": [ {"), "security catalog bad.json: not valid JSON");
  EXPECT_EQ(load_error("[]"), "security catalog bad.json: must be an object {\"rules\": [ … ]} with at least one rule");
  EXPECT_EQ(load_error(with(R"({"condition": "posture.publicAccess = true"})")),
            "security catalog bad.json: rule #1 (x-public): condition unexpected '=' at 22 (comparison is ==)");
  EXPECT_EQ(load_error(with(R"({"severity": "urgent"})")),
            "security catalog bad.json: rule #1 (x-public): severity must be one of critical, high, medium, low, "
            "informational");
  EXPECT_EQ(load_error(with(R"({"serverity": "high"})")),
            "security catalog bad.json: rule #1 (x-public): serverity is not a rule field (a typo would silently "
            "change the rule)");
  EXPECT_EQ(load_error(with(R"({"resourceTypes": ["bucket"]})")).substr(0, 77),
            "security catalog bad.json: rule #1 (x-public): resourceTypes must list only s");
  EXPECT_EQ(load_error(with(R"({"title": null})")), "security catalog bad.json: rule #1 (x-public): title is required");
  EXPECT_EQ(load_error(with(R"({"examples": {"failing": [{"posture": {"publicAccess": false}}],
                                             "passing": [{"posture": {}}]}})")),
            "security catalog bad.json: rule #1 (x-public): examples.failing[0] does not make the condition true");
  EXPECT_EQ(load_error(with(R"({"examples": null})")),
            "security catalog bad.json: rule #1 (x-public): examples must hold at least one passing and one failing "
            "resource");
  json two = {{"rules", json::array({json::parse(kGoodRule), json::parse(kGoodRule)})}};
  EXPECT_EQ(load_error(two.dump()),
            "security catalog bad.json: rule #2 (x-public): id x-public is used by another rule");
}

TEST(SecurityCatalog, BadFrameworkFilesAreRefused) {
  std::string rules = json{{"rules", json::array({json::parse(kGoodRule)})}}.dump();
  EXPECT_EQ(load_error(rules, R"({"id": "f", "name": "F", "version": "1",
                                  "requirements": [{"id": "1.1", "title": "T", "rules": ["x-public"]}]})"),
            "loaded");
  EXPECT_EQ(load_error(rules, R"({"id": "f", "name": "F", "version": "1",
                                  "requirements": [{"id": "1.1", "title": "T", "rules": ["nope"]}]})"),
            "security catalog fw.json: requirement 1.1: names rule \"nope\", which the catalog does not have");
  EXPECT_EQ(load_error(rules, R"({"id": "f", "name": "F", "version": "1",
                                  "requirements": [{"id": "1.1", "title": "T"}, {"id": "1.1", "title": "U"}]})"),
            "security catalog fw.json: requirement 1.1: is listed twice");
  EXPECT_EQ(load_error(rules, R"({"id": "f", "name": "F", "version": "1", "requirements": []})"),
            "security catalog fw.json: requirements must be a non-empty list");
}

}  // namespace
}  // namespace cw::security
