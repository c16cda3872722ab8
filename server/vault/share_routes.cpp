// Share links: managed by members under /api/v1/vault/shares, used by anyone with the token
// under /api/v1/public/shares/{token} (no authentication; every answer goes through
// ShareService::resolve).
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "core/json_body.hpp"
#include "http/router.hpp"
#include "vault/analytics_service.hpp"
#include "vault/download.hpp"
#include "vault/routes.hpp"
#include "vault/serialize.hpp"
#include "vault/share_service.hpp"

namespace cw::vault {

namespace {

std::optional<std::optional<Millis>> time_field(JsonBody& body, const char* field) {
  if (!body.has(field)) return std::nullopt;
  const auto& v = body.raw()[field];
  if (v.is_null()) return std::optional<Millis>();
  std::optional<Millis> t;
  if (v.is_string() && v.get<std::string>().size() < 64) t = parse_rfc3339(v.get<std::string>());
  if (!t) {
    body.fail(field, "must be an RFC 3339 time");
    return std::nullopt;
  }
  return t;
}

std::optional<std::string> share_password(const http::RequestContext& ctx) {
  auto v = ctx.request.header("x-share-password");
  return v ? std::optional<std::string>(std::string(*v)) : std::nullopt;
}

/// A public request's audit entry names the link and its organization, though nobody signed in.
void audit_public(http::RequestContext& ctx, const ResolvedShare& link) {
  ctx.audit_target_type = "vault_share";
  ctx.audit_target_id = link.share.id;
  ctx.audit_actor = Principal{.organization_id = link.share.organization_id};
  ctx.audit_details = {{"itemId", link.item.id}, {"name", link.item.name}};
}

}  // namespace

void register_share_routes(http::Router& router, VaultRouteContext& c) {
  // A file drop: visitors upload with tus into the link's folder; they see nothing in it.
  register_tus(router, c, "/api/v1/public/shares/{token}/uploads", false, [&c](http::RequestContext& ctx) {
    auto link = c.shares.resolve(ctx.param("token"), share_password(ctx), ctx.request.remote_address,
                                 [&ctx](const ResolvedShare& l) { audit_public(ctx, l); });
    if (!link.share.upload_only) throw ApiError(ErrorCode::kNotFound, "this link does not accept uploads");
    return Uploader{
        Principal{
            .user_id = link.share.created_by, .organization_id = link.share.organization_id, .role = Role::kOperator},
        link.share};
  });

  router.add("GET", "/api/v1/vault/shares",
             [&c](http::RequestContext& ctx) {
               auto out = nlohmann::json::array();
               Millis now = c.clock.now_ms();
               for (auto& link : c.shares.list(ctx.caller(), ctx.query("itemId")))
                 out.push_back(share_json(link.share, link.item, now, c.public_url));
               return http::ok(out);
             },
             {.blocking = true});

  router.add(
      "POST", "/api/v1/vault/shares",
      [&c](http::RequestContext& ctx) {
        JsonBody body(ctx.json());
        NewShare request;
        request.item_id = body.string("itemId", 1, 64);
        if (auto t = time_field(body, "expiresAt")) request.expires_at = *t;
        if (body.has("password")) {
          const auto& p = body.raw()["password"];
          if (!p.is_string())
            body.fail("password", "must be a string");
          else
            request.password = p.get<std::string>();
        }
        if (auto m = body.optional_int("maxDownloads", 1, 1'000'000)) request.max_downloads = *m;
        request.upload_only = body.optional_bool("uploadOnly").value_or(false);
        body.finish();
        auto made = c.shares.create(ctx.caller(), request);
        ctx.audit_target_id = made.share.id;
        ctx.audit_details = {
            {"itemId", made.item.id},
            {"name", made.item.name},
            {"expiresAt",
             made.share.expires_at ? nlohmann::json(format_rfc3339(*made.share.expires_at)) : nlohmann::json(nullptr)},
            {"password", made.share.password_hash.has_value()},
            {"uploadOnly", made.share.upload_only}};
        return http::created(share_json(made.share, made.item, c.clock.now_ms(), c.public_url, made.token));
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.share.create", .target_type = "vault_share"});

  router.add(
      "PATCH", "/api/v1/vault/shares/{id}",
      [&c](http::RequestContext& ctx) {
        JsonBody body(ctx.json());
        SharePatch patch;
        patch.expires_at = time_field(body, "expiresAt");
        if (body.has("password")) {
          const auto& p = body.raw()["password"];
          if (p.is_null())
            patch.password = std::optional<std::string>();
          else if (p.is_string())
            patch.password = std::optional<std::string>(p.get<std::string>());
          else
            body.fail("password", "must be a string or null");
        }
        if (body.has("maxDownloads")) {
          if (body.raw()["maxDownloads"].is_null())
            patch.max_downloads = std::optional<int64_t>();
          else if (auto m = body.optional_int("maxDownloads", 1, 1'000'000))
            patch.max_downloads = std::optional<int64_t>(*m);
        }
        body.finish();
        auto link = c.shares.update(ctx.caller(), ctx.param("id"), patch);
        return http::ok(share_json(link.share, link.item, c.clock.now_ms(), c.public_url));
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.share.update", .target_type = "vault_share"});

  router.add(
      "DELETE", "/api/v1/vault/shares/{id}",
      [&c](http::RequestContext& ctx) {
        c.shares.revoke(ctx.caller(), ctx.param("id"));
        return http::no_content();
      },
      {.min_role = Role::kOperator, .blocking = true, .action = "vault.share.revoke", .target_type = "vault_share"});

  // --- public ---
  router.add(
      "GET", "/api/v1/public/shares/{token}",
      [&c](http::RequestContext& ctx) {
        auto link = c.shares.resolve(ctx.param("token"), share_password(ctx), ctx.request.remote_address,
                                     [&ctx](const ResolvedShare& l) { audit_public(ctx, l); });
        nlohmann::json data{
            {"kind", link.item.kind},
            {"name", link.item.name},
            {"mimeType", link.item.is_file() && link.item.mime_type ? nlohmann::json(*link.item.mime_type)
                                                                    : nlohmann::json(nullptr)},
            {"uploadOnly", link.share.upload_only},
            {"expiresAt",
             link.share.expires_at ? nlohmann::json(format_rfc3339(*link.share.expires_at)) : nlohmann::json(nullptr)},
            {"downloadsLeft", link.share.max_downloads
                                  ? nlohmann::json(*link.share.max_downloads - link.share.downloads)
                                  : nlohmann::json(nullptr)}};
        if (link.item.is_file()) data["size"] = link.item.size;
        if (link.item.is_folder() && !link.share.upload_only) {
          auto files = nlohmann::json::array();
          for (auto& [path, file] : c.shares.files_below(link, 1000))
            files.push_back({{"id", file.id},
                             {"name", file.name},
                             {"size", file.size},
                             {"mimeType", file.mime_type ? nlohmann::json(*file.mime_type) : nlohmann::json(nullptr)},
                             {"path", path}});
          data["files"] = files;
        }
        return http::ok(data);
      },
      {.authenticated = false, .blocking = true, .action = "vault.share.access", .audit_reads = true});

  router.add("GET", "/api/v1/public/shares/{token}/content",
             [&c](http::RequestContext& ctx) {
               auto link = c.shares.resolve(ctx.param("token"), share_password(ctx), ctx.request.remote_address);
               auto file = c.shares.file_of(link, ctx.query("fileId"));
               audit_public(ctx, link);
               ctx.audit_details["fileId"] = file.id;
               return download_response(ctx.request, c.blobs,
                                        {.organization_id = file.organization_id,
                                         .sha256 = file.sha256.value_or(""),
                                         .filename = file.name,
                                         .mime_type = file.mime_type.value_or(""),
                                         .on_complete = [&c, link, file] {
                                           c.shares.count_download(link, file);
                                           c.analytics.downloaded(file, true);
                                         }});
             },
             {.authenticated = false, .blocking = true, .action = "vault.share.download", .audit_reads = true});
}

}  // namespace cw::vault
