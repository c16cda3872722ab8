#pragma once
/// The condition language of security rules: a small expression over one resource's facts,
/// parsed once when the catalog loads and evaluated per resource. It cannot call code, loop
/// unboundedly or touch anything but the subject it is given (docs/security.md has the grammar).
///
///   posture.publicAccess == true
///   any(posture.openPorts, it.port in [22, 3389] && it.cidr in ["0.0.0.0/0", "::/0"])
///   posture.accessKeyAgeDays > 90 || !exists(posture.encrypted)
///
/// Subject: {"type", "provider", "region", "name", "status", "spec", "tags", "posture"}; `it` is
/// the element inside any()/all(). Facts the resource does not report are *unknown*, and unknown
/// spreads (unknown == 1 is unknown, !unknown is unknown, false && unknown is false): a rule
/// raises a finding only when its condition is plainly true, never on a missing fact.
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cw::security {

enum class Truth { kFalse, kTrue, kUnknown };

struct ExpressionNode;

class Expression {
 public:
  /// Parses `text`; throws ExpressionError naming the position and what was expected.
  static Expression parse(std::string_view text);

  Truth evaluate(const nlohmann::json& subject) const;
  const std::string& text() const { return text_; }

  /// Whether `subject` reports a fact the condition reads: a spec, tags or posture path other than
  /// spec.kind, which only selects what a rule looks at. A condition that is false only because a
  /// guard ruled the resource out (`spec.kind == "cluster" && posture.secretsEncryption == false`
  /// on a container service) has not looked at the resource, so a scan must not count it as
  /// evidence for a compliance requirement. A condition that reads no such fact answers whenever
  /// it is definite.
  bool reads_reported_fact(const nlohmann::json& subject) const;

 private:
  std::string text_;
  std::shared_ptr<const ExpressionNode> root_;
  struct Fact {
    std::string root;
    std::vector<std::string> segments;
  };
  std::vector<Fact> facts_;  // the spec/tags/posture paths the condition reads, once each
};

class ExpressionError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cw::security
