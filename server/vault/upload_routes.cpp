// tus 1.0 on /api/v1/vault/uploads (https://tus.io/protocols/resumable-upload): the headers are
// read here, the protocol's rules are in UploadService.
#include <nlohmann/json.hpp>

#include "core/error.hpp"
#include "http/router.hpp"
#include "vault/routes.hpp"
#include "vault/serialize.hpp"
#include "vault/upload_service.hpp"

namespace cw::vault {

namespace {

constexpr const char* kTusVersion = "1.0.0";
constexpr const char* kExtensions =
    "creation,creation-with-upload,creation-defer-length,expiration,checksum,termination";
constexpr const char* kOffsetStream = "application/offset+octet-stream";

void require_tus(const http::RequestContext& ctx) {
  if (ctx.request.header("tus-resumable").value_or("") != kTusVersion)
    throw ApiError(ErrorCode::kPreconditionFailed, "Tus-Resumable: 1.0.0 is required",
                   nlohmann::json{{"tusVersion", kTusVersion}});
}

std::optional<int64_t> header_int(const http::RequestContext& ctx, const char* name, const char* field) {
  auto v = ctx.request.header(name);
  if (!v) return std::nullopt;
  if (v->empty() || v->size() > 18 || v->find_first_not_of("0123456789") != std::string_view::npos)
    throw field_error(field, "must be a non-negative integer");
  return std::stoll(std::string(*v));
}

/// The body's type, when it has one: a PATCH must say it is tus data.
bool has_body(const http::RequestContext& ctx) {
  auto length = ctx.request.header("content-length");
  return ctx.request.header("transfer-encoding").has_value() || (length && *length != "0");
}

void require_offset_stream(const http::RequestContext& ctx) {
  auto type = ctx.request.header("content-type").value_or("");
  if (type != kOffsetStream)
    throw ApiError(ErrorCode::kUnsupportedMediaType, "Content-Type must be application/offset+octet-stream");
}

AppendRequest append_request(const http::RequestContext& ctx, int64_t offset) {
  AppendRequest a;
  a.offset = offset;
  a.length = header_int(ctx, "upload-length", "Upload-Length");
  if (auto c = ctx.request.header("upload-checksum")) a.checksum = std::string(*c);
  return a;
}

http::Response tus_response(int status, const Upload& upload, int64_t offset) {
  http::Response r;
  r.status = status;
  r.content_type.clear();
  r.set_header("Tus-Resumable", kTusVersion);
  r.set_header("Upload-Offset", std::to_string(offset));
  r.set_header("Upload-Expires", format_http_date(upload.expires_at));
  return r;
}

}  // namespace

/// The tus routes under `base`, for whoever `identify` says sends the bytes.
void register_tus(http::Router& router, VaultRouteContext& c, const std::string& base, bool members,
                  const IdentifyUploader& identify) {
  const uint64_t limit = static_cast<uint64_t>(c.vault.limits().max_upload_bytes);
  auto options = [members](const char* action, bool stream, uint64_t max) {
    http::RouteOptions o{.authenticated = members,
                         .min_role = Role::kOperator,
                         .blocking = true,
                         .action = action ? action : "",
                         .target_type = "vault_upload"};
    if (stream) {
      o.body = http::BodyMode::kStream;
      o.max_body_bytes = max;
    }
    return o;
  };

  // Creation, with the first bytes in the same request when it has a body.
  http::RouteOptions create = options("vault.upload.create", true, limit);
  create.open_sink = [&c, identify](http::RequestContext& ctx) -> std::unique_ptr<http::BodySink> {
    require_tus(ctx);
    if (has_body(ctx)) require_offset_stream(ctx);
    Uploader who = identify(ctx);
    UploadRequest request;
    request.length = header_int(ctx, "upload-length", "Upload-Length");
    request.defer_length = ctx.request.header("upload-defer-length").value_or("") == "1";
    if (ctx.request.header("upload-defer-length") && !request.defer_length)
      throw field_error("Upload-Defer-Length", "must be 1");
    request.metadata = std::string(ctx.request.header("upload-metadata").value_or(""));
    const Share* drop = who.drop ? &*who.drop : nullptr;
    Upload upload = c.uploads.create(who.principal, request, drop);
    ctx.audit_target_id = upload.id;
    AppendRequest append;
    if (auto checksum = ctx.request.header("upload-checksum")) append.checksum = std::string(*checksum);
    return c.uploads.open_append(who.principal, upload.id, append, drop);
  };
  router.add(
      "POST", base,
      [&c](http::RequestContext& ctx) {
        auto& sink = ctx.streamed_body<TusSink>();
        auto file = c.uploads.complete_append(sink);
        const Upload& upload = sink.upload();  // offset and expiry as they are now
        ctx.audit_details = {{"filename", upload.filename},
                             {"length", upload.length ? nlohmann::json(*upload.length) : nlohmann::json(nullptr)}};
        http::Response r = tus_response(201, upload, upload.offset);
        r.set_header("Location", ctx.request.path + "/" + upload.id);
        if (file) r.set_header("X-Vault-File-Id", file->id);
        return r;
      },
      create);

  router.add(
      "HEAD", base + "/{id}",
      [&c, identify](http::RequestContext& ctx) {
        require_tus(ctx);
        Uploader who = identify(ctx);
        Upload upload = c.uploads.get(who.principal, ctx.param("id"), who.drop ? &*who.drop : nullptr);
        http::Response r = tus_response(200, upload, upload.offset);
        if (upload.length)
          r.set_header("Upload-Length", std::to_string(*upload.length));
        else
          r.set_header("Upload-Defer-Length", "1");
        if (!upload.metadata.empty()) r.set_header("Upload-Metadata", upload.metadata);
        r.set_header("Cache-Control", "no-store");
        return r;
      },
      options(nullptr, false, 0));

  http::RouteOptions append = options("vault.upload.append", true, limit);
  append.open_sink = [&c, identify](http::RequestContext& ctx) -> std::unique_ptr<http::BodySink> {
    require_tus(ctx);
    require_offset_stream(ctx);
    auto offset = header_int(ctx, "upload-offset", "Upload-Offset");
    if (!offset) throw field_error("Upload-Offset", "is required");
    Uploader who = identify(ctx);
    return c.uploads.open_append(who.principal, ctx.param("id"), append_request(ctx, *offset),
                                 who.drop ? &*who.drop : nullptr);
  };
  router.add(
      "PATCH", base + "/{id}",
      [&c](http::RequestContext& ctx) {
        auto& sink = ctx.streamed_body<TusSink>();
        auto file = c.uploads.complete_append(sink);
        http::Response r = tus_response(204, sink.upload(), sink.upload().offset);
        if (file) {
          r.set_header("X-Vault-File-Id", file->id);
          ctx.audit_details = {{"fileId", file->id}, {"name", file->name}, {"size", file->size}};
        }
        return r;
      },
      append);

  router.add(
      "DELETE", base + "/{id}",
      [&c, identify](http::RequestContext& ctx) {
        require_tus(ctx);
        Uploader who = identify(ctx);
        c.uploads.terminate(who.principal, ctx.param("id"), who.drop ? &*who.drop : nullptr);
        http::Response r = http::no_content();
        r.set_header("Tus-Resumable", kTusVersion);
        return r;
      },
      options("vault.upload.terminate", false, 0));
}

void register_upload_routes(http::Router& router, VaultRouteContext& c) {
  router.add("OPTIONS", "/api/v1/vault/uploads",
             [&c](http::RequestContext&) {
               http::Response r = http::no_content();
               r.set_header("Tus-Resumable", kTusVersion);
               r.set_header("Tus-Version", kTusVersion);
               r.set_header("Tus-Extension", kExtensions);
               r.set_header("Tus-Max-Size", std::to_string(c.vault.limits().max_upload_bytes));
               r.set_header("Tus-Checksum-Algorithm", "sha256");
               return r;
             },
             {.authenticated = false});
  register_tus(router, c, "/api/v1/vault/uploads", true, [](http::RequestContext& ctx) {
    return Uploader{ctx.caller(), std::nullopt};
  });
}

}  // namespace cw::vault
