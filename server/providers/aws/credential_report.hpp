#pragma once
/// The IAM credential report (CSV: a header line, then one row per user and one for
/// "<root_account>") turned into the provider's facts. Columns are found by name, so columns AWS
/// adds later do not matter. The placeholders AWS writes ("N/A", "not_supported",
/// "no_information"), and any value a column should not hold, are unknown: the fact is left out
/// and named in posture.unknown. Days are counted from `now`, the provider's clock.
#include <optional>
#include <string_view>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::aws {

struct CredentialReport {
  /// "identity" records (spec.kind "iamUser"), one per user ARN (a later row wins) with posture
  /// consolePassword, mfaEnabled, accessKeyAgeDays (oldest active key; left out without one) and
  /// accessKeyLastUsedDays (active keys: days since last use, or since creation when never used;
  /// the largest).
  std::vector<ResourceRecord> users;
  std::optional<bool> root_access_keys;  // the <root_account> row: access_key_1/2_active
  std::optional<bool> root_mfa_enabled;  // the <root_account> row: mfa_active
};

/// Throws ProviderError("MalformedResponse") when the text is not CSV or has no user/arn columns.
CredentialReport parse_credential_report(std::string_view csv, Millis now);

}  // namespace cw::providers::aws
