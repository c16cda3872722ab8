#pragma once
/// AWS Signature Version 4 (HMAC-SHA256): canonical request, string to sign, signing key, the
/// Authorization header and presigned (query) URLs. Verified byte for byte against the official
/// suites in testdata/aws-sigv4 (botocore aws4_testsuite, aws-c-auth v4).
///
/// Paths: `SigningRequest::path` is the path as it goes on the wire (the part before '?').
/// With `double_encode_path` (every service but S3) the canonical URI is that path URI-encoded
/// again, as AWS specifies; S3 sets it to false and passes a path that is already encoded once.
/// Query parameters are held decoded and encoded here with the strict SigV4 rules (RFC 3986
/// unreserved characters only), so callers never pre-encode them.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/clock.hpp"

namespace cw::providers::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
};

using Pairs = std::vector<std::pair<std::string, std::string>>;

struct SigningRequest {
  std::string method = "GET";
  std::string path = "/";
  Pairs query;    // decoded names and values, in the order they are sent
  Pairs headers;  // as sent (any case, duplicates allowed); all of them are signed
  std::string body;
};

struct SigningParams {
  std::string region;
  std::string service;
  Millis time = 0;                  // signing time (UTC)
  bool normalize_path = true;       // remove dot segments and empty segments (not for S3)
  bool double_encode_path = true;   // see the header comment (false for S3)
  bool add_content_sha256 = false;  // add x-amz-content-sha256 (S3 requires it)
  bool omit_session_token = false;  // add the token after signing instead of signing it
  std::string payload_hash;         // e.g. "UNSIGNED-PAYLOAD"; empty = SHA-256 of the body
  int expires_seconds = 3600;       // presigned URLs only
};

struct SigningResult {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;       // lowercase hex
  std::string signed_headers;  // "host;x-amz-date"
  std::string authorization;   // header mode: the Authorization header's value
  Pairs headers_to_add;        // header mode: x-amz-date, token, content hash, Authorization
  std::string query_string;    // query mode: the whole encoded query to send (original + X-Amz-*)
};

/// Signs with the Authorization header. `headers_to_add` lists what the caller must add
/// (x-amz-date replaces any X-Amz-Date already present in the request).
SigningResult sign_headers(const SigningRequest& request, const Credentials& credentials, const SigningParams& params);
/// Presigns: the signature travels in the query string (`query_string`).
SigningResult presign_query(const SigningRequest& request, const Credentials& credentials, const SigningParams& params);

/// Applies sign_headers to the request itself (adds/replaces the signing headers).
void sign_in_place(SigningRequest& request, const Credentials& credentials, const SigningParams& params);

// Building blocks, public for tests and other signers (S3 presign, STS).
std::string uri_encode(std::string_view text, bool keep_slash);
std::string percent_decode(std::string_view text);
/// "a=1&b&c=%20" → {{"a","1"},{"b",""},{"c"," "}} (decoded; '+' stays '+').
Pairs parse_query(std::string_view raw);
/// The query as it should be sent: encoded pairs in the given order.
std::string encode_query(const Pairs& query);
std::string canonical_uri(std::string_view path, bool normalize, bool double_encode);
std::string canonical_query(const Pairs& query);
/// "20150830T123600Z"
std::string amz_date(Millis time);
/// kSecret = HMAC chain over date (YYYYMMDD), region, service, "aws4_request"; raw 32 bytes.
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);

}  // namespace cw::providers::aws
