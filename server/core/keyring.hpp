#pragma once
/// Encryption at rest for secrets (cloud credentials): XChaCha20-Poly1305 (libsodium) under a
/// master key. Each sealed blob names the key that sealed it ("v1:<key id>:<nonce+ciphertext>"),
/// so keys can rotate: new blobs use the current key, older keys still open old blobs until
/// `cloudweave keys rotate` re-seals everything. The context (e.g. the account id) is bound as
/// associated data, so a blob copied onto another row does not open.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cw {

class Keyring {
 public:
  struct Key {
    std::string id;
    std::string bytes;  // 32 bytes
  };
  /// The first key seals; all keys open. Throws std::invalid_argument on a bad key.
  explicit Keyring(std::vector<Key> keys);

  std::string seal(std::string_view plaintext, std::string_view context) const;
  /// nullopt when the blob is malformed, was sealed by an unknown key, or was tampered with.
  std::optional<std::string> open(std::string_view sealed, std::string_view context) const;
  /// Whether the blob is sealed with the current key (rotation skips those).
  bool sealed_with_current(std::string_view sealed) const;
  const std::string& current_key_id() const { return keys_.front().id; }

  /// The keyring from CLOUDWEAVE_MASTER_KEY (+ previous keys) when given, else from the key file
  /// `<data_dir>/master.key` (0600, created with a fresh key on first use).
  static Keyring load(const std::string& data_dir, const std::string& env_key,
                      const std::vector<std::string>& env_previous);
  /// Adds a fresh current key to the key file (keeping the old ones) and returns the new ring.
  /// Fails when keys come from the environment: then the operator supplies the new key.
  static Keyring rotate_key_file(const std::string& data_dir);

 private:
  std::vector<Key> keys_;
};

}  // namespace cw
