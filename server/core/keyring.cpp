#include "core/keyring.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "core/crypto.hpp"

namespace cw {

namespace {
constexpr size_t kKeyBytes = crypto_aead_xchacha20poly1305_ietf_KEYBYTES;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;

std::string key_file(const std::string& data_dir) { return (std::filesystem::path(data_dir) / "master.key").string(); }

/// 64 hex digits or 43 base64url characters → 32 raw bytes.
std::string decode_key(const std::string& text) {
  std::string raw;
  if (text.size() == 64) {
    for (size_t i = 0; i < 64; i += 2) {
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
      };
      int hi = hex(text[i]), lo = hex(text[i + 1]);
      if (hi < 0 || lo < 0) throw std::invalid_argument("master key is not valid hex");
      raw += static_cast<char>(hi * 16 + lo);
    }
    return raw;
  }
  if (!crypto::base64url_decode(text, raw) || raw.size() != kKeyBytes)
    throw std::invalid_argument("master key must be 32 bytes: 64 hex digits or 43 base64url characters");
  return raw;
}

std::vector<Keyring::Key> read_key_file(const std::string& path) {
  std::vector<Keyring::Key> keys;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto space = line.find(' ');
    if (space == std::string::npos) throw std::invalid_argument(path + ": expected '<key id> <key>' lines");
    keys.push_back({line.substr(0, space), decode_key(line.substr(space + 1))});
  }
  return keys;
}

void write_key_file(const std::string& path, const std::vector<Keyring::Key>& keys) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("cannot write " + tmp);
  std::string body = "# CloudWeave master keys: the first seals, all open. Keep this file secret.\n";
  for (const auto& k : keys) body += k.id + " " + crypto::base64url_encode(k.bytes) + "\n";
  bool ok = ::write(fd, body.data(), body.size()) == static_cast<ssize_t>(body.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) throw std::runtime_error("cannot write " + path);
}

Keyring::Key fresh_key() { return {"k" + crypto::to_hex(crypto::random_bytes(4)), crypto::random_bytes(kKeyBytes)}; }
}  // namespace

Keyring::Keyring(std::vector<Key> keys) : keys_(std::move(keys)) {
  if (keys_.empty()) throw std::invalid_argument("a keyring needs at least one key");
  for (const auto& k : keys_) {
    if (k.bytes.size() != kKeyBytes) throw std::invalid_argument("master keys are 32 bytes");
    if (k.id.empty() || k.id.find(':') != std::string::npos) throw std::invalid_argument("bad key id");
  }
}

std::string Keyring::seal(std::string_view plaintext, std::string_view context) const {
  const Key& key = keys_.front();
  std::string nonce = crypto::random_bytes(kNonceBytes);
  std::string out(kNonceBytes + plaintext.size() + crypto_aead_xchacha20poly1305_ietf_ABYTES, '\0');
  std::copy(nonce.begin(), nonce.end(), out.begin());
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(out.data() + kNonceBytes), &written,
                                             reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                                             reinterpret_cast<const unsigned char*>(context.data()), context.size(),
                                             nullptr, reinterpret_cast<const unsigned char*>(nonce.data()),
                                             reinterpret_cast<const unsigned char*>(key.bytes.data()));
  out.resize(kNonceBytes + written);
  return "v1:" + key.id + ":" + crypto::base64url_encode(out);
}

std::optional<std::string> Keyring::open(std::string_view sealed, std::string_view context) const {
  if (sealed.substr(0, 3) != "v1:") return std::nullopt;
  auto colon = sealed.find(':', 3);
  if (colon == std::string_view::npos) return std::nullopt;
  std::string_view id = sealed.substr(3, colon - 3);
  const Key* key = nullptr;
  for (const auto& k : keys_) {
    if (k.id == id) key = &k;
  }
  std::string raw;
  if (!key || !crypto::base64url_decode(sealed.substr(colon + 1), raw) ||
      raw.size() < kNonceBytes + crypto_aead_xchacha20poly1305_ietf_ABYTES)
    return std::nullopt;
  std::string plain(raw.size() - kNonceBytes, '\0');
  unsigned long long length = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(plain.data()), &length, nullptr,
                                                 reinterpret_cast<const unsigned char*>(raw.data() + kNonceBytes),
                                                 raw.size() - kNonceBytes,
                                                 reinterpret_cast<const unsigned char*>(context.data()), context.size(),
                                                 reinterpret_cast<const unsigned char*>(raw.data()),
                                                 reinterpret_cast<const unsigned char*>(key->bytes.data())) != 0)
    return std::nullopt;
  plain.resize(length);
  return plain;
}

bool Keyring::sealed_with_current(std::string_view sealed) const {
  std::string prefix = "v1:" + keys_.front().id + ":";
  return sealed.substr(0, prefix.size()) == prefix;
}

Keyring Keyring::load(const std::string& data_dir, const std::string& env_key,
                      const std::vector<std::string>& env_previous) {
  if (!env_key.empty()) {
    std::vector<Key> keys;
    for (const std::string* text : {&env_key}) {
      std::string raw = decode_key(*text);
      keys.push_back({"env" + crypto::sha256_hex(raw).substr(0, 8), raw});
    }
    for (const auto& old : env_previous) {
      std::string raw = decode_key(old);
      keys.push_back({"env" + crypto::sha256_hex(raw).substr(0, 8), raw});
    }
    return Keyring(std::move(keys));
  }
  std::string path = key_file(data_dir);
  auto keys = read_key_file(path);
  if (keys.empty()) {
    keys.push_back(fresh_key());
    write_key_file(path, keys);
  }
  return Keyring(std::move(keys));
}

Keyring Keyring::rotate_key_file(const std::string& data_dir) {
  std::string path = key_file(data_dir);
  auto keys = read_key_file(path);
  keys.insert(keys.begin(), fresh_key());
  write_key_file(path, keys);
  return Keyring(std::move(keys));
}

}  // namespace cw
