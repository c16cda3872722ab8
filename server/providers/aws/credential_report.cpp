#include "providers/aws/credential_report.hpp"

#include <algorithm>
#include <map>
#include <string>

#include "providers/aws/iam_responses.hpp"

namespace cw::providers::aws {
namespace {

constexpr Millis kDayMs = 86'400'000;

/// RFC 4180 records (quoted fields, "" escapes, LF or CRLF). The report has no quotes today, but
/// IAM user names may hold a comma. (costs/csv_reader.hpp streams files in another layer; this
/// report is one small document already in memory.)
std::vector<std::vector<std::string>> csv_records(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  std::string field;
  bool quoted = false, any = false;
  auto end_record = [&] {
    if (any || !field.empty() || !fields.empty()) {
      fields.push_back(std::move(field));
      records.push_back(std::move(fields));
    }
    fields.clear();
    field.clear();
    any = false;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c != '"') {
        field += c;
      } else if (i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else {
        quoted = false;
      }
    } else if (c == '"') {
      quoted = any = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\n') {
      end_record();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (quoted) throw ProviderError("MalformedResponse", "credential report: a quoted field does not end");
  end_record();
  return records;
}

std::optional<bool> boolean(const std::string& v) {
  if (v == "true") return true;
  if (v == "false") return false;
  return std::nullopt;
}

int days_since(Millis t, Millis now) { return static_cast<int>(std::max<Millis>(0, now - t) / kDayMs); }

/// A row's cells by column name ("" for a column the header lacks or a short row).
class Row {
 public:
  Row(const std::map<std::string, size_t>& columns, const std::vector<std::string>& cells)
      : columns_(columns), cells_(cells) {}
  const std::string& operator[](const std::string& column) const {
    static const std::string kNone;
    auto it = columns_.find(column);
    return it != columns_.end() && it->second < cells_.size() ? cells_[it->second] : kNone;
  }

 private:
  const std::map<std::string, size_t>& columns_;
  const std::vector<std::string>& cells_;
};

/// What the row says about the user's access keys; nullopt fields are unknown.
struct KeyFacts {
  bool any_active = false;
  std::optional<int> oldest_days = 0, last_used_days = 0;
};

KeyFacts key_facts(const Row& row, Millis now) {
  KeyFacts facts;
  for (const char* n : {"1", "2"}) {
    const std::string prefix = std::string("access_key_") + n + "_";
    std::optional<bool> active = boolean(row[prefix + "active"]);
    if (active == false) continue;
    if (!active) {  // cannot tell whether this key counts
      facts.oldest_days = facts.last_used_days = std::nullopt;
      continue;
    }
    facts.any_active = true;
    std::optional<Millis> created = parse_rfc3339(row[prefix + "last_rotated"]);
    const std::string& used_text = row[prefix + "last_used_date"];
    // "N/A": never used (or not since IAM began tracking it): counted from the key's creation.
    std::optional<Millis> used = used_text == "N/A" ? created : parse_rfc3339(used_text);
    if (facts.oldest_days && created)
      facts.oldest_days = std::max(*facts.oldest_days, days_since(*created, now));
    else
      facts.oldest_days = std::nullopt;
    if (facts.last_used_days && used)
      facts.last_used_days = std::max(*facts.last_used_days, days_since(*used, now));
    else
      facts.last_used_days = std::nullopt;
  }
  return facts;
}

ResourceRecord user_record(const Row& row, Millis now) {
  ResourceRecord r = iam_user_record(row["arn"], row["user"], parse_rfc3339(row["user_creation_time"]).value_or(0));
  nlohmann::json unknown = nlohmann::json::array();
  auto put = [&](const char* fact, const auto& value) {
    if (value)
      r.posture[fact] = *value;
    else
      unknown.push_back(fact);
  };
  put("consolePassword", boolean(row["password_enabled"]));
  put("mfaEnabled", boolean(row["mfa_active"]));
  KeyFacts keys = key_facts(row, now);
  // Without an active key there is no key age to report: left out, and not unknown either.
  if (keys.any_active || !keys.oldest_days) {
    put("accessKeyAgeDays", keys.oldest_days);
    put("accessKeyLastUsedDays", keys.last_used_days);
  }
  if (!unknown.empty()) r.posture["unknown"] = unknown;
  return r;
}

}  // namespace

CredentialReport parse_credential_report(std::string_view csv, Millis now) {
  std::vector<std::vector<std::string>> records = csv_records(csv);
  if (records.empty()) throw ProviderError("MalformedResponse", "the credential report is empty");
  std::map<std::string, size_t> columns;
  for (size_t i = 0; i < records[0].size(); ++i) columns.emplace(records[0][i], i);
  if (!columns.count("user") || !columns.count("arn"))
    throw ProviderError("MalformedResponse", "the credential report has no user/arn columns");
  CredentialReport report;
  std::map<std::string, size_t> by_arn;
  for (size_t i = 1; i < records.size(); ++i) {
    Row row(columns, records[i]);
    if (row["user"] == "<root_account>") {
      std::optional<bool> k1 = boolean(row["access_key_1_active"]), k2 = boolean(row["access_key_2_active"]);
      if (k1 == true || k2 == true)
        report.root_access_keys = true;
      else if (k1 && k2)
        report.root_access_keys = false;
      report.root_mfa_enabled = boolean(row["mfa_active"]);
      continue;
    }
    if (row["user"].empty() || row["arn"].empty()) continue;  // not a user row
    ResourceRecord user = user_record(row, now);
    // Real reports have held one ARN on two rows (cloud-custodian's recording does): the later
    // row wins, so the listing names each id once.
    auto [seen, fresh] = by_arn.emplace(user.external_id, report.users.size());
    if (fresh)
      report.users.push_back(std::move(user));
    else
      report.users[seen->second] = std::move(user);
  }
  return report;
}

}  // namespace cw::providers::aws
