#include "providers/aws/s3_objects.hpp"

#include <pugixml.hpp>

#include "core/log.hpp"
#include "providers/aws/aws_client.hpp"
#include "providers/aws/xml_answer.hpp"
#include "providers/aws/xml_responses.hpp"
#include "providers/common/http_client.hpp"

namespace cw::providers::aws {

using common::HttpResponse;

struct S3Objects::Call {
  AwsClient::RestCall rest;
};

namespace {

common::HttpClientSettings transfer_settings() {
  common::HttpClientSettings s;
  s.total_timeout_ms = 300'000;    // a part of up to 64 MiB over a slow link
  s.rate.requests_per_second = 0;  // bulk transfer: no request-rate limit
  // The endpoint is the operator's configuration (MinIO on the private network), not user input.
  s.allow_private_addresses = true;
  return s;
}

ProviderAccount account_for(const S3Bucket& b) {
  nlohmann::json settings = {{"regions", {b.region}}};
  if (!b.endpoint.empty()) settings["endpoints"] = {{"s3", b.endpoint}};
  return ProviderAccount{"vault-blob-store",
                         "",
                         {{"accessKeyId", b.credentials.access_key_id},
                          {"secretAccessKey", b.credentials.secret_access_key},
                          {"sessionToken", b.credentials.session_token}},
                         settings};
}

bool not_found(const HttpResponse& r) { return r.status == 404; }

/// S3 answers some failures of CopyObject, UploadPartCopy and CompleteMultipartUpload with 200
/// and an <Error> document.
void check_body(const HttpResponse& r, const char* what) {
  if (auto e = parse_error(r.body)) throw ProviderError(e->code, std::string(what) + ": " + e->message, true);
}

}  // namespace

S3Objects::S3Objects(S3Bucket bucket, const Clock& clock)
    : bucket_(std::move(bucket)),
      http_(std::make_unique<common::HttpClient>(transfer_settings(), common::HttpClientEffects{clock, {}, {}})),
      aws_(std::make_unique<AwsClient>(account_for(bucket_), clock, *http_)) {}

S3Objects::~S3Objects() = default;

S3Objects::Call S3Objects::call(const std::string& method, const std::string& key) const {
  Call c;
  c.rest.method = method;
  c.rest.s3 = true;
  std::string encoded_key = key.empty() ? "" : uri_encode(key, true);
  if (!bucket_.endpoint.empty()) {
    c.rest.endpoint = bucket_.endpoint;
    c.rest.path = "/" + uri_encode(bucket_.bucket, false) + (key.empty() ? "" : "/" + encoded_key);
  } else {
    c.rest.endpoint = "https://" + bucket_.bucket + ".s3." + bucket_.region + ".amazonaws.com";
    c.rest.path = "/" + encoded_key;
  }
  return c;
}

void S3Objects::create_bucket() {
  aws_->rest("s3", bucket_.region, call("PUT", "").rest, [](const HttpResponse& r) {
    auto e = parse_error(r.body);
    return r.status == 409 && e && e->code == "BucketAlreadyOwnedByYou";
  });
}

void S3Objects::put(const std::string& key, const std::string& body) {
  Call c = call("PUT", key);
  c.rest.body = body;
  aws_->rest("s3", bucket_.region, c.rest);
}

std::optional<std::string> S3Objects::get(const std::string& key) {
  HttpResponse r = aws_->rest("s3", bucket_.region, call("GET", key).rest, not_found);
  if (r.status == 404) return std::nullopt;
  return std::move(r.body);
}

std::optional<std::string> S3Objects::get_range(const std::string& key, uint64_t first, uint64_t length) {
  if (length == 0) return std::string();
  Call c = call("GET", key);
  c.rest.headers = {{"Range", "bytes=" + std::to_string(first) + "-" + std::to_string(first + length - 1)}};
  HttpResponse r = aws_->rest("s3", bucket_.region, c.rest, not_found);
  if (r.status == 404) return std::nullopt;
  if (r.body.size() != length)
    throw ProviderError("IncompleteBody",
                        "S3 sent " + std::to_string(r.body.size()) + " bytes of " + key + " where " +
                            std::to_string(length) + " were asked for",
                        true);
  return std::move(r.body);
}

std::optional<uint64_t> S3Objects::head(const std::string& key) {
  HttpResponse r = aws_->rest("s3", bucket_.region, call("HEAD", key).rest, not_found);
  if (r.status == 404) return std::nullopt;
  return std::stoull(r.header("content-length").empty() ? "0" : r.header("content-length"));
}

void S3Objects::remove(const std::string& key) {
  aws_->rest("s3", bucket_.region, call("DELETE", key).rest, not_found);
}

std::vector<std::string> S3Objects::list(const std::string& prefix) {
  std::vector<std::string> keys;
  std::string token;
  for (;;) {
    Call c = call("GET", "");
    c.rest.query = {{"list-type", "2"}, {"prefix", prefix}};
    if (!token.empty()) c.rest.query.emplace_back("continuation-token", token);
    HttpResponse r = aws_->rest("s3", bucket_.region, c.rest);
    pugi::xml_document doc;
    pugi::xml_node root = xml_root(doc, r.body, "ListBucketResult", "S3 ListObjectsV2");
    for (auto contents : root.children("Contents")) keys.push_back(child_text(contents, "Key"));
    token = child_text(root, "NextContinuationToken");
    if (child_text(root, "IsTruncated") != "true" || token.empty()) return keys;
  }
}

void S3Objects::copy(const std::string& from, const std::string& to) {
  Call c = call("PUT", to);
  c.rest.headers = {{"x-amz-copy-source", "/" + uri_encode(bucket_.bucket, false) + "/" + uri_encode(from, true)}};
  check_body(aws_->rest("s3", bucket_.region, c.rest), "S3 CopyObject");
}

std::string S3Objects::start_multipart(const std::string& key) {
  Call c = call("POST", key);
  c.rest.query = {{"uploads", ""}};
  HttpResponse r = aws_->rest("s3", bucket_.region, c.rest);
  pugi::xml_document doc;
  pugi::xml_node root = xml_root(doc, r.body, "InitiateMultipartUploadResult", "S3 CreateMultipartUpload");
  std::string id = child_text(root, "UploadId");
  if (id.empty()) throw ProviderError("MalformedResponse", "S3 CreateMultipartUpload: no UploadId");
  return id;
}

std::string S3Objects::upload_part(const std::string& key, const std::string& upload_id, int number,
                                   const std::string& body) {
  Call c = call("PUT", key);
  c.rest.query = {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}};
  c.rest.body = body;
  HttpResponse r = aws_->rest("s3", bucket_.region, c.rest);
  std::string etag = r.header("etag");
  if (etag.empty()) throw ProviderError("MalformedResponse", "S3 UploadPart: no ETag");
  return etag;
}

std::string S3Objects::copy_part(const std::string& key, const std::string& upload_id, int number,
                                 const std::string& from, uint64_t first, uint64_t last) {
  Call c = call("PUT", key);
  c.rest.query = {{"partNumber", std::to_string(number)}, {"uploadId", upload_id}};
  c.rest.headers = {{"x-amz-copy-source", "/" + uri_encode(bucket_.bucket, false) + "/" + uri_encode(from, true)},
                    {"x-amz-copy-source-range", "bytes=" + std::to_string(first) + "-" + std::to_string(last)}};
  HttpResponse r = aws_->rest("s3", bucket_.region, c.rest);
  check_body(r, "S3 UploadPartCopy");
  pugi::xml_document doc;
  std::string etag = child_text(xml_root(doc, r.body, "CopyPartResult", "S3 UploadPartCopy"), "ETag");
  if (etag.empty()) throw ProviderError("MalformedResponse", "S3 UploadPartCopy: no ETag");
  return etag;
}

void S3Objects::complete_multipart(const std::string& key, const std::string& upload_id,
                                   const std::vector<std::string>& etags) {
  std::string xml = "<CompleteMultipartUpload>";
  for (size_t i = 0; i < etags.size(); ++i) {
    std::string etag;
    for (char ch : etags[i]) etag += ch == '"' ? std::string("&quot;") : std::string(1, ch);
    xml += "<Part><PartNumber>" + std::to_string(i + 1) + "</PartNumber><ETag>" + etag + "</ETag></Part>";
  }
  xml += "</CompleteMultipartUpload>";
  Call c = call("POST", key);
  c.rest.query = {{"uploadId", upload_id}};
  c.rest.headers = {{"Content-Type", "application/xml"}};
  c.rest.body = xml;
  check_body(aws_->rest("s3", bucket_.region, c.rest), "S3 CompleteMultipartUpload");
}

void S3Objects::abort_multipart(const std::string& key, const std::string& upload_id) {
  Call c = call("DELETE", key);
  c.rest.query = {{"uploadId", upload_id}};
  try {
    aws_->rest("s3", bucket_.region, c.rest, not_found);
  } catch (const ProviderError& e) {
    log::warn("vault S3: could not abort a multipart upload (a bucket lifecycle rule should remove it)",
              {{"key", key}, {"error", e.what()}});
  }
}

}  // namespace cw::providers::aws
