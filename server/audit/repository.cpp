#include "core/json_values.hpp"
#include "audit/repository.hpp"

#include <nlohmann/json.hpp>

#include "core/ids.hpp"

namespace cw::audit {

using storage::params;

namespace {
constexpr const char* kInsertAudit =
    "INSERT INTO audit_log (id, organization_id, occurred_at, user_id, user_email, api_key_id,"
    " action, method, path, target_type, target_id, result, status_code, request_id, ip_address,"
    " details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr const char* kSelectAudit =
    "SELECT id, occurred_at, user_id, user_email, api_key_id, action, method, path, target_type,"
    " target_id, result, status_code, request_id, ip_address, details, organization_id FROM audit_log ";

std::optional<std::string> non_empty(const std::string& s) {
  return s.empty() ? std::nullopt : std::optional<std::string>(s);
}

std::string where_clause(const std::string& org, const AuditFilter& f, storage::Params& args, bool with_cursor) {
  std::string w = "WHERE organization_id = ?";
  args.push_back(org);
  auto eq = [&](const char* column, const std::optional<std::string>& v) {
    if (!v) return;
    w += std::string(" AND ") + column + " = ?";
    args.push_back(*v);
  };
  eq("action", f.action);
  eq("user_id", f.user_id);
  eq("result", f.result);
  eq("target_type", f.target_type);
  eq("target_id", f.target_id);
  if (f.from) {
    w += " AND occurred_at >= ?";
    args.push_back(*f.from);
  }
  if (f.to) {
    w += " AND occurred_at < ?";
    args.push_back(*f.to);
  }
  if (with_cursor && f.after) {
    w += " AND (occurred_at < ? OR (occurred_at = ? AND id < ?))";
    args.push_back(f.after->first);
    args.push_back(f.after->first);
    args.push_back(f.after->second);
  }
  return w;
}

}  // namespace

void AuditRepository::append(const http::AuditEvent& e) {
  db_.execute(kInsertAudit, params(new_id("aud"), non_empty(e.organization_id), clock_.now_ms(), non_empty(e.user_id),
                                   non_empty(e.user_email), non_empty(e.api_key_id), e.action, e.method, e.path,
                                   non_empty(e.target_type), non_empty(e.target_id), e.result, e.status_code,
                                   e.request_id, e.ip_address, non_empty(e.details_json)));
}

std::vector<AuditEntry> AuditRepository::list(const std::string& org, const AuditFilter& f) {
  storage::Params args;
  std::string sql =
      std::string(kSelectAudit) + where_clause(org, f, args, true) + " ORDER BY occurred_at DESC, id DESC LIMIT ?";
  args.push_back(static_cast<std::int64_t>(f.limit));
  std::vector<AuditEntry> out;
  for (const auto& r : db_.execute(sql, args).rows) {
    AuditEntry e;
    e.id = r.text(0);
    e.occurred_at = r.integer(1);
    e.event.user_id = r.text(2);
    e.event.user_email = r.text(3);
    e.event.api_key_id = r.text(4);
    e.event.action = r.text(5);
    e.event.method = r.text(6);
    e.event.path = r.text(7);
    e.event.target_type = r.text(8);
    e.event.target_id = r.text(9);
    e.event.result = r.text(10);
    e.event.status_code = static_cast<int>(r.integer(11));
    e.event.request_id = r.text(12);
    e.event.ip_address = r.text(13);
    e.event.details_json = r.text(14);
    e.event.organization_id = r.text(15);
    out.push_back(std::move(e));
  }
  return out;
}

long long AuditRepository::count(const std::string& org, const AuditFilter& f) {
  storage::Params args;
  std::string sql = "SELECT COUNT(*) FROM audit_log " + where_clause(org, f, args, false);
  return db_.execute(sql, args).first().integer(0);
}

nlohmann::json to_json(const AuditEntry& e) {
  nlohmann::json details = nullptr;
  if (!e.event.details_json.empty()) details = nlohmann::json::parse(e.event.details_json, nullptr, false);
  if (details.is_discarded()) details = nullptr;
  return {{"id", e.id},
          {"timestamp", format_rfc3339(e.occurred_at)},
          {"organizationId", e.event.organization_id},
          {"userId", string_or_null(e.event.user_id)},
          {"userEmail", string_or_null(e.event.user_email)},
          {"apiKeyId", string_or_null(e.event.api_key_id)},
          {"action", e.event.action},
          {"method", e.event.method},
          {"path", e.event.path},
          {"targetType", string_or_null(e.event.target_type)},
          {"targetId", string_or_null(e.event.target_id)},
          {"result", e.event.result},
          {"statusCode", e.event.status_code},
          {"requestId", e.event.request_id},
          {"ipAddress", e.event.ip_address},
          {"details", details}};
}

}  // namespace cw::audit
