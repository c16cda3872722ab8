#pragma once
/// The service-account JWT of Google's OAuth 2.0 server-to-server flow ("JWT bearer" grant,
/// RFC 7523): header {"alg":"RS256","typ":"JWT","kid":private_key_id}, claims iss/scope/aud/iat/exp,
/// signed RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7515 A.2) and encoded base64url without padding.
#include <string>
#include <string_view>

typedef struct evp_pkey_st EVP_PKEY;

namespace cw::providers::gcp {

struct ServiceAccountKey;

inline constexpr const char* kCloudPlatformScope = "https://www.googleapis.com/auth/cloud-platform";

/// RS256 signature (raw bytes) of `signing_input`; throws ProviderError("SigningFailed").
std::string sign_rs256(EVP_PKEY* key, std::string_view signing_input);

/// The signed assertion for `key` issued at `issued_at_s` (Unix seconds), valid for one hour.
std::string make_assertion(const ServiceAccountKey& key, long long issued_at_s,
                           const std::string& scope = kCloudPlatformScope);

}  // namespace cw::providers::gcp
