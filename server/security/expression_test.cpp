#include "security/expression.hpp"

#include <gtest/gtest.h>

namespace cw::security {
namespace {

using nlohmann::json;

const json kServer = {
    {"type", "server"},
    {"provider", "aws"},
    {"region", "us-east-1"},
    {"name", "bastion-1"},
    {"status", "running"},
    {"spec", {{"instanceType", "t3.micro"}, {"kind", "vm"}}},
    {"tags", {{"env", "prod"}, {"cost-center", "42"}}},
    {"posture",
     {{"encrypted", false},
      {"publicIp", true},
      {"accessKeyAgeDays", 400},
      {"openPorts", json::array({{{"port", 22}, {"cidr", "0.0.0.0/0"}}, {{"port", 443}, {"cidr", "10.0.0.0/8"}}})}}}};

Truth eval(const std::string& text, const json& subject = kServer) { return Expression::parse(text).evaluate(subject); }

TEST(SecurityExpression, ComparesFactsWithLiterals) {
  EXPECT_EQ(eval("posture.encrypted == false"), Truth::kTrue);
  EXPECT_EQ(eval("posture.encrypted != false"), Truth::kFalse);
  EXPECT_EQ(eval("posture.accessKeyAgeDays > 90"), Truth::kTrue);
  EXPECT_EQ(eval("posture.accessKeyAgeDays <= 90"), Truth::kFalse);
  EXPECT_EQ(eval("type == 'server' && region == \"us-east-1\""), Truth::kTrue);
  EXPECT_EQ(eval("tags.env == 'prod' and tags['cost-center'] == '42'"), Truth::kTrue);
  EXPECT_EQ(eval("posture.publicIp"), Truth::kTrue);
  EXPECT_EQ(eval("not posture.publicIp"), Truth::kFalse);
  EXPECT_EQ(eval("spec.instanceType in ['t3.micro', 't3.nano']"), Truth::kTrue);
  EXPECT_EQ(eval("startsWith(name, 'bastion') && endsWith(spec.instanceType, 'micro')"), Truth::kTrue);
  EXPECT_EQ(eval("contains(name, 'stion') && len(posture.openPorts) == 2"), Truth::kTrue);
}

TEST(SecurityExpression, QuantifiersBindItToEachElement) {
  EXPECT_EQ(eval("any(posture.openPorts, it.port == 22 && it.cidr in ['0.0.0.0/0', '::/0'])"), Truth::kTrue);
  EXPECT_EQ(eval("any(posture.openPorts, it.port == 3389)"), Truth::kFalse);
  EXPECT_EQ(eval("all(posture.openPorts, it.port < 1024)"), Truth::kTrue);
  EXPECT_EQ(eval("all(posture.openPorts, it.cidr == '10.0.0.0/8')"), Truth::kFalse);
  EXPECT_EQ(eval("any(posture.nothing, it.port == 22)"), Truth::kUnknown);
}

TEST(SecurityExpression, MissingFactsAreUnknownNeverAFinding) {
  EXPECT_EQ(eval("posture.backupsEnabled == false"), Truth::kUnknown);
  EXPECT_EQ(eval("!posture.backupsEnabled"), Truth::kUnknown);
  EXPECT_EQ(eval("posture.backupsEnabled != true"), Truth::kUnknown);
  // Unknown spreads only as far as logic allows.
  EXPECT_EQ(eval("posture.backupsEnabled == false && type == 'database'"), Truth::kFalse);
  EXPECT_EQ(eval("posture.backupsEnabled == false || posture.publicIp"), Truth::kTrue);
  EXPECT_EQ(eval("posture.backupsEnabled == false || type == 'database'"), Truth::kUnknown);
  EXPECT_EQ(eval("exists(posture.backupsEnabled)"), Truth::kFalse);
  EXPECT_EQ(eval("!exists(posture.backupsEnabled) || posture.backupsEnabled == false"), Truth::kTrue);
  // A fact of the wrong type cannot be ordered.
  EXPECT_EQ(eval("name > 5"), Truth::kUnknown);
  EXPECT_EQ(eval("spec.instanceType == 5"), Truth::kFalse);
}

TEST(SecurityExpression, BadConditionsSayWhereAndWhat) {
  auto error = [](const std::string& text) {
    try {
      Expression::parse(text);
    } catch (const ExpressionError& e) { return std::string(e.what()); }
    return std::string("parsed");
  };
  EXPECT_EQ(error("posture.encrypted = false"), "unexpected '=' at 19 (comparison is ==)");
  EXPECT_EQ(error("secrets.key == 1"),
            "unknown fact 'secrets' at 1 (facts start with type, provider, region, name, status, spec, tags, posture)");
  EXPECT_NE(error("it.port == 22").find("inside any() or all()"), std::string::npos);
  EXPECT_EQ(error("posture.encrypted =="), "expected a value, a fact or a function at 21, found the end");
  EXPECT_EQ(error("(type == 'server'"), "expected ')' at 18, found the end");
  EXPECT_EQ(error("exists('x')"), "exists() at 1 takes a fact, such as posture.encrypted");
  EXPECT_EQ(error("len(name, type)"), "len() at 1 takes 1 argument");
  EXPECT_EQ(error("name == 'unterminated"), "expected the end of the string at 9");
  EXPECT_EQ(error("type == 'a' type"), "expected an operator or the end at 13, found 'type'");
  EXPECT_EQ(error(std::string(40, '(') + "true" + std::string(40, ')')), "a condition nests at most 32 levels deep");
  EXPECT_EQ(error(std::string(5000, ' ')), "a condition is at most 4096 characters");
  EXPECT_EQ(error("system('rm -rf /')").substr(0, 22), "unknown fact 'system' ");
}

TEST(SecurityExpression, KnowsWhetherTheSubjectReportsAFactItReads) {
  // The guard (spec.kind) selects; it is not evidence that the rule looked at the resource.
  auto guarded = Expression::parse("spec.kind == \"cluster\" && posture.secretsEncryption == false");
  const json service = {{"spec", {{"kind", "service"}}}, {"posture", {{"encrypted", true}}}};
  EXPECT_EQ(guarded.evaluate(service), Truth::kFalse);
  EXPECT_FALSE(guarded.reads_reported_fact(service));
  const json cluster = {{"spec", {{"kind", "cluster"}}}, {"posture", {{"secretsEncryption", true}}}};
  EXPECT_EQ(guarded.evaluate(cluster), Truth::kFalse);
  EXPECT_TRUE(guarded.reads_reported_fact(cluster));
  // Facts inside any() are read through their list; tags and spec count; null is not reported.
  auto ports = Expression::parse("any(posture.openPorts, it.port == 22) || tags[\"env\"] == 'prod'");
  EXPECT_TRUE(ports.reads_reported_fact(kServer));
  EXPECT_FALSE(ports.reads_reported_fact(json{{"posture", {{"openPorts", nullptr}}}}));
  EXPECT_TRUE(Expression::parse("spec.instanceType == 'x'").reads_reported_fact(kServer));
  // A condition over the always-present facts answers whenever it is definite.
  EXPECT_TRUE(Expression::parse("type == 'server'").reads_reported_fact(json::object()));
}

}  // namespace
}  // namespace cw::security
