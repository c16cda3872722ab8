#include "vault/routes.hpp"

#include <nlohmann/json.hpp>

#include <map>

#include "core/error.hpp"
#include "core/json_body.hpp"
#include "http/file_response.hpp"
#include "http/paging.hpp"
#include "http/router.hpp"
#include "vault/analytics_service.hpp"
#include "vault/download.hpp"
#include "vault/download_links.hpp"
#include "vault/processing.hpp"
#include "vault/serialize.hpp"
#include "vault/vault_service.hpp"

namespace cw::vault {

namespace {

/// The content a download of `file` serves: its current one, or the version asked for (404 when
/// the file has no such version); 403 INFECTED for quarantined content.
std::string downloadable_content(VaultService& vault, const Item& file, const std::optional<std::string>& version_id) {
  if (file.infected) throw ApiError(ErrorCode::kInfected, "this file is quarantined and cannot be downloaded");
  if (!version_id) return file.sha256.value_or("");
  for (const auto& v : vault.version_list(file))
    if (v.id == *version_id) return v.sha256;
  throw not_found("version");
}

OnConflict on_conflict_of(JsonBody& body) {
  auto v = body.optional_one_of("onConflict", {"fail", "rename"});
  return v && *v == "rename" ? OnConflict::kRename : OnConflict::kFail;
}

/// A name as sent (normalize_name trims and checks it): a string, not too absurdly long.
std::optional<std::string> raw_name(JsonBody& body, const char* field) {
  if (!body.has(field)) return std::nullopt;
  const auto& v = body.raw()[field];
  if (!v.is_string() || v.get<std::string>().size() > 1024) {
    body.fail(field, "must be a name of at most 255 bytes");
    return std::nullopt;
  }
  return v.get<std::string>();
}

/// A folder reference: "root" or a folder id.
std::optional<std::string> folder_ref(JsonBody& body, const char* field) {
  auto v = body.optional_string(field, 1, 64);
  return v;
}

nlohmann::json item_with_path(VaultService& vault, const Item& item) {
  auto j = item_json(item);
  j["path"] = path_json(vault.path_to(item.organization_id, item.parent_id));
  return j;
}

std::optional<int64_t> nullable_size(JsonBody& body, const char* field, bool& present) {
  present = body.has(field);
  if (!present || body.raw()[field].is_null()) return std::nullopt;
  auto v = body.optional_int(field, 0, int64_t{1} << 53);
  return v ? std::optional<int64_t>(*v) : std::nullopt;
}

}  // namespace

namespace {

/// A folder as a zip made while it streams (see zip_source.hpp), for `who`.
http::Response archive_response(http::RequestContext& ctx, VaultRouteContext& c, const Principal& who,
                                const std::string& folder_id) {
  auto [name, entries] = c.vault.archive(who, folder_id);
  ctx.audit_target_id = folder_id;
  ctx.audit_details = {{"name", name}, {"entries", entries.size()}};
  http::Response r;
  r.content_type = "application/zip";
  r.set_header("Content-Disposition", content_disposition(name + ".zip", false));
  r.set_header("Content-Security-Policy", "sandbox; default-src 'none'");
  r.body_source = std::make_shared<ZipSource>(std::move(entries));
  return r;
}

}  // namespace

void register_vault_routes(http::Router& router, VaultRouteContext& c) {
  router.add("GET", "/api/v1/vault/folders/{folderId}/children",
             [&c](http::RequestContext& ctx) {
               auto page = http::parse_page(ctx);
               auto sort = http::parse_sort(ctx, {"name", "size", "updatedAt"}, {"name", false});
               SortField field = sort.field == "size"        ? SortField::kSize
                                 : sort.field == "updatedAt" ? SortField::kUpdatedAt
                                                             : SortField::kName;
               std::string q = ctx.query("q").value_or("");
               if (q.size() > 255) throw field_error("q", "must be at most 255 bytes");
               auto result = c.vault.children(ctx.caller(), ctx.param("folderId"), field, sort.descending, q,
                                              page.limit, page.cursor);
               auto items = nlohmann::json::array();
               for (auto& item : result.items) items.push_back(item_json(item));
               nlohmann::json path = path_json(result.path);
               return http::ok_list(
                   items, {{"limit", page.limit},
                           {"nextCursor", result.next_cursor ? nlohmann::json(http::encode_cursor(*result.next_cursor))
                                                             : nlohmann::json(nullptr)},
                           {"folder", path.back()},
                           {"path", path}});
             },
             {.blocking = true});

  router.add(
      "POST", "/api/v1/vault/folders",
      [&c](http::RequestContext& ctx) {
        JsonBody body(ctx.json());
        auto parent = folder_ref(body, "parentId");
        if (!parent) body.fail("parentId", "is required (a folder id or \"root\")");
        auto name = raw_name(body, "name");
        if (!name && !body.has("name")) body.fail("name", "is required");
        auto on_conflict = on_conflict_of(body);
        body.finish();
        auto folder = c.vault.create_folder(ctx.caller(), *parent, *name, on_conflict);
        ctx.audit_target_id = folder.id;
        ctx.audit_details = {{"name", folder.name}, {"parentId", folder.parent_id}};
        return http::created(item_with_path(c.vault, folder));
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.folder.create", .target_type = "vault_item"});

  router.add("GET", "/api/v1/vault/items/{id}",
             [&c](http::RequestContext& ctx) {
               auto item = c.vault.get(ctx.caller(), ctx.param("id"));
               auto j = item_with_path(c.vault, item);
               if (item.is_file()) {
                 j["versions"] = c.vault.version_count(item);
                 j["media"] = c.processing.media(item.organization_id, item.sha256.value_or(""));
               }
               return http::ok(j);
             },
             {.blocking = true});

  router.add(
      "PATCH", "/api/v1/vault/items/{id}",
      [&c](http::RequestContext& ctx) {
        JsonBody body(ctx.json());
        auto name = raw_name(body, "name");
        auto parent = folder_ref(body, "parentId");
        auto on_conflict = on_conflict_of(body);
        body.finish();
        auto item = c.vault.update(ctx.caller(), ctx.param("id"), name, parent, on_conflict);
        ctx.audit_details = {{"name", item.name}, {"parentId", item.parent_id}};
        return http::ok(item_with_path(c.vault, item));
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.item.update", .target_type = "vault_item"});

  router.add(
      "DELETE", "/api/v1/vault/items/{id}",
      [&c](http::RequestContext& ctx) {
        auto item = c.vault.trash(ctx.caller(), ctx.param("id"));
        ctx.audit_details = {{"name", item.name}, {"kind", item.kind}};
        return http::no_content();
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.item.delete", .target_type = "vault_item"});

  router.add("POST", "/api/v1/vault/items/{id}/copy",
             [&c](http::RequestContext& ctx) {
               JsonBody body(ctx.json());
               auto parent = folder_ref(body, "parentId");
               if (!parent) body.fail("parentId", "is required (a folder id or \"root\")");
               auto name = raw_name(body, "name");
               auto on_conflict = on_conflict_of(body);
               body.finish();
               auto copy = c.vault.copy(ctx.caller(), ctx.param("id"), *parent, name, on_conflict);
               ctx.audit_details = {{"copyId", copy.id}, {"name", copy.name}, {"parentId", copy.parent_id}};
               return http::created(item_with_path(c.vault, copy));
             },
             {.min_role = Role::kOperator, .blocking = true, .action = "vault.item.copy", .target_type = "vault_item"});

  // --- trash ---
  router.add("GET", "/api/v1/vault/trash",
             [&c](http::RequestContext& ctx) {
               auto page = http::parse_page(ctx);
               auto result = c.vault.trash_list(ctx.caller(), page.limit, page.cursor);
               int days = c.vault.settings(ctx.caller().organization_id).trash_days;
               auto items = nlohmann::json::array();
               std::map<std::string, std::string> names;  // a page holds few distinct deleters
               for (auto& item : result.items) {
                 auto j = trash_entry_json(item, days);
                 const std::string by = item.trashed_by.value_or("");
                 if (!names.count(by)) names[by] = by.empty() ? "" : c.user_name(by);
                 j["deletedByName"] = names[by];
                 items.push_back(std::move(j));
               }
               return http::ok_list(
                   items, {{"limit", page.limit},
                           {"nextCursor", result.next_cursor ? nlohmann::json(http::encode_cursor(*result.next_cursor))
                                                             : nlohmann::json(nullptr)}});
             },
             {.blocking = true});
  router.add(
      "POST", "/api/v1/vault/trash/{id}/restore",
      [&c](http::RequestContext& ctx) {
        OnConflict on_conflict = OnConflict::kFail;
        if (!ctx.request.body.empty()) {
          JsonBody body(ctx.json());
          on_conflict = on_conflict_of(body);
          body.finish();
        }
        auto item = c.vault.restore(ctx.caller(), ctx.param("id"), on_conflict);
        ctx.audit_details = {{"name", item.name}, {"parentId", item.parent_id}};
        return http::ok(item_with_path(c.vault, item));
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.trash.restore", .target_type = "vault_item"});
  router.add(
      "DELETE", "/api/v1/vault/trash/{id}",
      [&c](http::RequestContext& ctx) {
        c.vault.purge(ctx.caller(), ctx.param("id"));
        return http::no_content();
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.trash.purge", .target_type = "vault_item"});

  // --- content and versions ---
  router.add("GET", "/api/v1/vault/files/{id}/content",
             [&c](http::RequestContext& ctx) {
               auto file = c.vault.get_file(ctx.caller(), ctx.param("id"));
               const std::string sha = downloadable_content(c.vault, file, ctx.query("version"));
               ctx.audit_details = {{"name", file.name}, {"sha256", sha}};
               // A preview in the drawer is a view: audited as such, and not a download in the
               // analytics or the file's download count.
               const bool preview = ctx.query("inline").value_or("") == "1";
               if (preview) ctx.audit_action = "vault.file.preview";
               std::function<void()> counted;
               if (!preview) counted = [&c, file] { c.analytics.downloaded(file, false); };
               return download_response(ctx.request, c.blobs,
                                        {.organization_id = file.organization_id,
                                         .sha256 = sha,
                                         .filename = file.name,
                                         .mime_type = file.mime_type.value_or(""),
                                         .want_inline = preview,
                                         .on_complete = std::move(counted)});
             },
             {.blocking = true, .action = "vault.file.download", .target_type = "vault_item", .audit_reads = true});
  // A link the browser downloads by itself (download_links.hpp): large files never pass through
  // page memory. Asking for one is a read; using it is the download (audited there).
  router.add("POST", "/api/v1/vault/files/{id}/download-link",
             [&c](http::RequestContext& ctx) {
               std::optional<std::string> version_id;
               if (!ctx.request.body.empty()) {
                 JsonBody body(ctx.json());
                 version_id = body.optional_string("versionId", 1, 100);
                 body.finish();
               }
               auto file = c.vault.get_file(ctx.caller(), ctx.param("id"));
               const std::string sha = downloadable_content(c.vault, file, version_id);
               const std::string token = c.links.issue({file.organization_id, ctx.caller().user_id, file.id, sha});
               return http::ok({{"url", "/api/v1/vault/downloads/" + token},
                                {"expiresAt", format_rfc3339(c.clock.now_ms() + DownloadLinks::kTtlMs)}});
             },
             {.blocking = true, .action = "vault.file.download_link", .target_type = "vault_item"});
  router.add("GET", "/api/v1/vault/downloads/{token}",
             [&c](http::RequestContext& ctx) {
               auto grant = c.links.open(ctx.param("token"));
               // Expired, altered, or its member gone: as if it never existed.
               if (!grant || grant->user_id.empty() || !c.member_of(grant->user_id, grant->organization_id))
                 throw ApiError(ErrorCode::kNotFound,
                                "this download link has expired; download the file again from the vault");
               Principal member{grant->user_id, "", grant->organization_id, Role::kViewer, ""};
               ctx.audit_actor = member;
               ctx.audit_target_id = grant->file_id;
               if (grant->folder) {
                 ctx.audit_action = "vault.folder.download";
                 return archive_response(ctx, c, member, grant->file_id);
               }
               auto file = c.vault.get_file(member, grant->file_id);
               if (file.infected)
                 throw ApiError(ErrorCode::kInfected, "this file is quarantined and cannot be downloaded");
               bool held = false;
               for (auto& v : c.vault.versions(member, file.id)) held = held || v.sha256 == grant->sha256;
               if (!held) throw not_found("version");
               ctx.audit_details = {{"name", file.name}, {"sha256", grant->sha256}, {"link", true}};
               return download_response(ctx.request, c.blobs,
                                        {.organization_id = file.organization_id,
                                         .sha256 = grant->sha256,
                                         .filename = file.name,
                                         .mime_type = file.mime_type.value_or(""),
                                         .on_complete = [&c, file] { c.analytics.downloaded(file, false); }});
             },
             {.authenticated = false,
              .blocking = true,
              .action = "vault.file.download",
              .target_type = "vault_item",
              .audit_reads = true});
  // The WebP thumbnail processing made (image files, a PDF's first page); 404 when there is none.
  router.add("GET", "/api/v1/vault/files/{id}/thumbnail",
             [&c](http::RequestContext& ctx) {
               // The URL carries the content's hash (thumbnailUrl): a new version is a new URL.
               http::Response r =
                   http::bytes_response(ctx.request, c.processing.thumbnail(ctx.caller(), ctx.param("id")),
                                        "image/webp", "private, max-age=31536000");
               r.set_header("Content-Security-Policy", "sandbox; default-src 'none'");
               r.set_header("X-Content-Type-Options", "nosniff");
               return r;
             },
             {.blocking = true});
  router.add(
      "POST", "/api/v1/vault/files/{id}/process",
      [&c](http::RequestContext& ctx) { return http::ok(c.processing.reprocess(ctx.caller(), ctx.param("id")), 202); },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.file.process", .target_type = "vault_item"});
  router.add("GET", "/api/v1/vault/folders/{folderId}/archive",
             [&c](http::RequestContext& ctx) { return archive_response(ctx, c, ctx.caller(), ctx.param("folderId")); },
             {.blocking = true, .action = "vault.folder.download", .target_type = "vault_item", .audit_reads = true});
  // As for files: the browser's own download manager fetches the zip, which can be any size.
  router.add("POST", "/api/v1/vault/folders/{folderId}/download-link",
             [&c](http::RequestContext& ctx) {
               const std::string folder_id = ctx.param("folderId");
               c.vault.archive_name(ctx.caller(), folder_id);  // 404 unless the caller sees the folder
               const std::string token = c.links.issue(
                   {ctx.caller().organization_id, ctx.caller().user_id, folder_id, "", 0, /*folder=*/true});
               return http::ok({{"url", "/api/v1/vault/downloads/" + token},
                                {"expiresAt", format_rfc3339(c.clock.now_ms() + DownloadLinks::kTtlMs)}});
             },
             {.blocking = true, .action = "vault.folder.download_link", .target_type = "vault_item"});
  router.add("GET", "/api/v1/vault/files/{id}/versions",
             [&c](http::RequestContext& ctx) {
               auto file = c.vault.get_file(ctx.caller(), ctx.param("id"));
               auto out = nlohmann::json::array();
               for (auto& v : c.vault.versions(ctx.caller(), file.id)) out.push_back(version_json(v, file.version_id));
               return http::ok(out);
             },
             {.blocking = true});
  router.add(
      "POST", "/api/v1/vault/files/{id}/versions/{versionId}/restore",
      [&c](http::RequestContext& ctx) {
        auto file = c.vault.restore_version(ctx.caller(), ctx.param("id"), ctx.param("versionId"));
        ctx.audit_target_id = file.id;
        ctx.audit_details = {{"versionId", ctx.param("versionId")}};
        return http::ok(item_with_path(c.vault, file));
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.version.restore", .target_type = "vault_item"});

  // --- usage and limits ---
  router.add("GET", "/api/v1/vault/usage",
             [&c](http::RequestContext& ctx) {
               const auto& caller = ctx.caller();
               auto usage = c.vault.usage(caller);
               auto settings = c.vault.settings(caller.organization_id);
               auto by_user = nlohmann::json::array();
               for (auto& u : usage.by_user)
                 by_user.push_back({{"userId", u.user_id},
                                    {"name", c.user_name(u.user_id)},
                                    {"used", u.bytes},
                                    {"quota", settings.user_quota_bytes ? nlohmann::json(*settings.user_quota_bytes)
                                                                        : nlohmann::json(nullptr)}});
               std::map<std::string, std::pair<int64_t, int64_t>> groups;
               for (auto& t : usage.by_type) {
                 auto& g = groups[type_group(t.mime_type)];
                 g.first += t.files;
                 g.second += t.bytes;
               }
               auto by_type = nlohmann::json::array();
               for (auto& [type, g] : groups)
                 by_type.push_back({{"type", type}, {"files", g.first}, {"bytes", g.second}});
               return http::ok(
                   {{"used", usage.used},
                    {"stored", usage.stored},
                    {"quota", settings.quota_bytes ? nlohmann::json(*settings.quota_bytes) : nlohmann::json(nullptr)},
                    {"trash", usage.trash},
                    {"versions", usage.versions},
                    {"files", usage.files},
                    {"byUser", by_user},
                    {"byType", by_type}});
             },
             {.blocking = true});
  router.add("GET", "/api/v1/vault/analytics",
             [&c](http::RequestContext& ctx) {
               auto r = c.analytics.report(ctx.caller(), ctx.query("from").value_or(""), ctx.query("to").value_or(""));
               auto j = analytics_json(r);
               // One series per member (the ones storing most), named for the chart's legend.
               auto by_user = nlohmann::json::array();
               for (const auto& v : r.storage_by_user) {
                 if (by_user.empty() || by_user.back()["userId"] != v.user_id)
                   by_user.push_back(
                       {{"userId", v.user_id}, {"name", c.user_name(v.user_id)}, {"points", nlohmann::json::array()}});
                 by_user.back()["points"].push_back({{"date", v.day}, {"used", v.value}});
               }
               j["storageByUser"] = std::move(by_user);
               return http::ok(j);
             },
             {.blocking = true});
  router.add("GET", "/api/v1/vault/settings",
             [&c](http::RequestContext& ctx) {
               return http::ok(
                   settings_json(c.vault.settings(ctx.caller().organization_id), c.vault.limits().max_upload_bytes));
             },
             {.blocking = true});
  router.add(
      "PATCH", "/api/v1/vault/settings",
      [&c](http::RequestContext& ctx) {
        JsonBody body(ctx.json());
        Settings s = c.vault.settings(ctx.caller().organization_id);
        bool present = false;
        auto quota = nullable_size(body, "quotaBytes", present);
        if (present) s.quota_bytes = quota;
        auto user_quota = nullable_size(body, "userQuotaBytes", present);
        if (present) s.user_quota_bytes = user_quota;
        if (auto v = body.optional_int("maxVersions", 1, 1000)) s.max_versions = static_cast<int>(*v);
        if (auto v = body.optional_int("trashDays", 1, 3650)) s.trash_days = static_cast<int>(*v);
        body.finish();
        auto saved = c.vault.update_settings(ctx.caller(), s);
        ctx.audit_details = settings_json(saved, c.vault.limits().max_upload_bytes);
        return http::ok(settings_json(saved, c.vault.limits().max_upload_bytes));
      },
      {.min_role = Role::kAdmin, .blocking = true, .action = "vault.settings.update", .target_type = "vault_settings"});
}

}  // namespace cw::vault
