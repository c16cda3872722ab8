#pragma once
/// Password hashing with argon2id (libsodium), at least OWASP's minimum (m = 19 MiB, t = 2).
/// Hashing takes tens of milliseconds on purpose: callers run it on the worker pool.
#include <string>

namespace cw::auth {

std::string hash_password(const std::string& password);
bool verify_password(const std::string& encoded_hash, const std::string& password);
/// Spends the same time as a real verification; used for unknown accounts so that login timing
/// does not reveal which emails exist.
void burn_verification_time(const std::string& password);

}  // namespace cw::auth
