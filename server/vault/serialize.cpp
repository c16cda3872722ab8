#include "vault/serialize.hpp"

#include <map>

#include "core/clock.hpp"

namespace cw::vault {

namespace {
nlohmann::json opt(const std::optional<std::string>& v) { return v ? nlohmann::json(*v) : nlohmann::json(nullptr); }
nlohmann::json opt_time(const std::optional<Millis>& v) {
  return v ? nlohmann::json(format_rfc3339(*v)) : nlohmann::json(nullptr);
}
}  // namespace

nlohmann::json item_json(const Item& it) {
  return {
      {"id", it.id},
      {"kind", it.kind},
      {"name", it.name},
      {"parentId", it.parent_id},
      {"size", it.is_file() ? it.size : 0},
      {"mimeType", it.is_file() ? opt(it.mime_type) : nlohmann::json(nullptr)},
      {"sha256", opt(it.sha256)},
      // The content's hash in the URL: a new version is a new URL, so browsers may cache it for good.
      {"thumbnailUrl", it.has_thumbnail && !it.infected && it.sha256
                           ? nlohmann::json("/api/v1/vault/files/" + it.id + "/thumbnail?v=" + it.sha256->substr(0, 16))
                           : nlohmann::json(nullptr)},
      {"createdAt", format_rfc3339(it.created_at)},
      {"updatedAt", format_rfc3339(it.updated_at)},
      {"createdBy", it.created_by},
      {"processing", it.processing},
      {"processingError", opt(it.processing_error)},
      {"infected", it.infected}};
}

nlohmann::json path_json(const std::vector<PathEntry>& path) {
  auto out = nlohmann::json::array();
  for (auto& p : path) out.push_back({{"id", p.id}, {"name", p.name}});
  return out;
}

nlohmann::json trash_entry_json(const Item& it, int trash_days) {
  auto j = item_json(it);
  j["deletedAt"] = opt_time(it.trashed_at);
  j["deletedBy"] = it.trashed_by.value_or("");
  j["purgeAt"] = format_rfc3339(it.trashed_at.value_or(0) + static_cast<Millis>(trash_days) * 86'400'000);
  j["originalPath"] = it.original_path.value_or("/");
  return j;
}

nlohmann::json version_json(const Version& v, const std::optional<std::string>& current_id) {
  return {{"id", v.id},
          {"size", v.size},
          {"sha256", v.sha256},
          {"createdAt", format_rfc3339(v.created_at)},
          {"createdBy", v.created_by},
          {"current", current_id && *current_id == v.id}};
}

nlohmann::json share_json(const Share& s, const Item& item, Millis now, const std::string& public_url,
                          const std::string& token) {
  bool active = (!s.expires_at || *s.expires_at > now) && (!s.max_downloads || s.downloads < *s.max_downloads) &&
                !item.in_trash();
  nlohmann::json j{{"id", s.id},
                   {"itemId", s.item_id},
                   {"itemName", item.name},
                   {"itemKind", item.kind},
                   {"url", nullptr},
                   {"createdBy", s.created_by},
                   {"createdAt", format_rfc3339(s.created_at)},
                   {"expiresAt", opt_time(s.expires_at)},
                   {"hasPassword", s.password_hash.has_value()},
                   {"maxDownloads", s.max_downloads ? nlohmann::json(*s.max_downloads) : nlohmann::json(nullptr)},
                   {"downloads", s.downloads},
                   {"uploadOnly", s.upload_only},
                   {"active", active},
                   {"lastAccessAt", opt_time(s.last_access_at)}};
  if (!token.empty()) {
    j["token"] = token;
    j["url"] = public_url + "/s/" + token;
  }
  return j;
}

nlohmann::json settings_json(const Settings& s, int64_t max_upload_bytes) {
  return {{"quotaBytes", s.quota_bytes ? nlohmann::json(*s.quota_bytes) : nlohmann::json(nullptr)},
          {"userQuotaBytes", s.user_quota_bytes ? nlohmann::json(*s.user_quota_bytes) : nlohmann::json(nullptr)},
          {"maxVersions", s.max_versions},
          {"trashDays", s.trash_days},
          {"maxUploadBytes", max_upload_bytes}};
}

nlohmann::json analytics_json(const AnalyticsReport& r) {
  auto storage = nlohmann::json::array();
  for (auto& d : r.storage) storage.push_back({{"date", d.day}, {"used", d.value}});
  auto uploads = nlohmann::json::array();
  std::map<std::string, nlohmann::json> downloads;  // by day
  for (auto& a : r.activity) {
    if (a.kind == "upload") {
      uploads.push_back({{"date", a.day}, {"files", a.files}, {"bytes", a.bytes}});
      continue;
    }
    auto& d = downloads[a.day];
    if (d.is_null()) d = {{"date", a.day}, {"files", 0}, {"bytes", 0}, {"viaLinks", 0}};
    d["files"] = d["files"].get<int64_t>() + a.files;
    d["bytes"] = d["bytes"].get<int64_t>() + a.bytes;
    if (a.kind == "share_download") d["viaLinks"] = d["viaLinks"].get<int64_t>() + a.files;
  }
  auto per_day = nlohmann::json::array();
  for (auto& [day, d] : downloads) per_day.push_back(d);
  auto largest = nlohmann::json::array();
  for (auto& f : r.largest)
    largest.push_back({{"id", f.id}, {"name", f.name}, {"size", f.size}, {"mimeType", opt(f.mime_type)}});
  auto most = nlohmann::json::array();
  for (auto& [f, n] : r.most_downloaded)
    most.push_back({{"id", f.id}, {"name", f.name}, {"size", f.size}, {"downloads", n}});
  auto links = nlohmann::json::array();
  for (auto& s : r.links)
    links.push_back({{"id", s.id},
                     {"itemId", s.item_id},
                     {"downloads", s.downloads},
                     {"lastAccessAt", opt_time(s.last_access_at)}});
  return {{"from", r.from},
          {"to", r.to},
          {"storageOverTime", storage},
          {"uploadsPerDay", uploads},
          {"downloadsPerDay", per_day},
          {"largest", largest},
          {"mostDownloaded", most},
          {"shareActivity", links}};
}

std::string type_group(const std::string& t) {
  auto starts = [&](const char* p) { return t.rfind(p, 0) == 0; };
  if (starts("image/")) return "image";
  if (starts("video/")) return "video";
  if (starts("audio/")) return "audio";
  if (starts("text/")) return "text";
  if (t == "application/pdf" || t.find("officedocument") != std::string::npos ||
      t.find("opendocument") != std::string::npos || t == "application/msword" || t == "application/vnd.ms-excel" ||
      t == "application/rtf")
    return "document";
  if (t == "application/zip" || t == "application/gzip" || t == "application/x-tar" ||
      t == "application/x-7z-compressed" || t == "application/x-xz" || t == "application/x-bzip2" ||
      t == "application/vnd.rar")
    return "archive";
  return "other";
}

}  // namespace cw::vault
