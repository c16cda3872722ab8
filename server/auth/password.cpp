#include "auth/password.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/crypto.hpp"

namespace cw::auth {

namespace {
constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimit = 19ull * 1024 * 1024;
}  // namespace

std::string hash_password(const std::string& password) {
  crypto::random_bytes(0);  // ensures sodium_init ran
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), kOpsLimit, kMemLimit,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("password hashing ran out of memory");
  return out;
}

bool verify_password(const std::string& encoded_hash, const std::string& password) {
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) return false;
  return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

void burn_verification_time(const std::string& password) {
  static const std::string kDummy = hash_password("not-a-real-password-only-for-timing");
  verify_password(kDummy, password);
}

}  // namespace cw::auth
