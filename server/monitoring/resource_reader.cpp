#include "monitoring/resource_reader.hpp"

#include "core/json_parse.hpp"

namespace cw::monitoring {

bool has_tag(const nlohmann::json& tags, const std::string& tag) {
  if (!tags.is_object()) return false;
  const auto eq = tag.find('=');
  const std::string key = tag.substr(0, eq);
  auto it = tags.find(key);
  if (it == tags.end()) return false;
  if (eq == std::string::npos) return true;
  return it->is_string() && it->get<std::string>() == tag.substr(eq + 1);
}

namespace {
WatchedResource resource_from(const storage::Row& r) {
  WatchedResource w{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.text(5), r.text(6)};
  w.tags = nlohmann::json::parse(r.text(7), nullptr, false);
  if (!w.tags.is_object()) w.tags = nlohmann::json::object();
  return w;
}
constexpr const char* kColumns = "id, account_id, external_id, name, type, region, status, tags";
}  // namespace

std::vector<WatchedResource> ResourceReader::select(const std::string& organization_id, const Selector& s) {
  std::string sql = std::string("SELECT ") + kColumns + " FROM resources WHERE organization_id = ?";
  if (!s.include_terminated) sql += " AND status <> 'terminated'";
  storage::Params p = storage::params(organization_id);
  auto add = [&](const char* clause, const std::optional<std::string>& v) {
    if (!v) return;
    sql += clause;
    p.emplace_back(*v);
  };
  add(" AND id = ?", s.resource_id);
  add(" AND type = ?", s.type);
  add(" AND account_id = ?", s.account_id);
  add(" AND region = ?", s.region);
  if (!s.types.empty()) {
    sql += " AND type IN (" + storage::placeholder_list(s.types.size()) + ")";
    for (const auto& t : s.types) p.emplace_back(t);
  }
  sql += " ORDER BY name, id";
  std::vector<WatchedResource> out;
  for (const auto& row : db_.execute(sql, p).rows) {
    WatchedResource w = resource_from(row);
    if (s.tag && !has_tag(w.tags, *s.tag)) continue;
    out.push_back(std::move(w));
  }
  return out;
}

std::optional<WatchedResource> ResourceReader::find(const std::string& organization_id,
                                                    const std::string& resource_id) {
  auto rows = db_.execute(std::string("SELECT ") + kColumns + " FROM resources WHERE organization_id = ? AND id = ?",
                          storage::params(organization_id, resource_id));
  if (rows.empty()) return std::nullopt;
  return resource_from(rows.first());
}

}  // namespace cw::monitoring
