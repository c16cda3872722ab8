#include "vault/blob_store.hpp"

#include <stdexcept>

namespace cw::vault {

void check_name(const std::string& value) {
  // Ids and hashes become file names and object keys: only the characters ours are made of, so
  // no value can point outside the store.
  if (value.empty() || value.size() > 128) throw std::invalid_argument("blob store: bad name");
  for (char c : value) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) throw std::invalid_argument("blob store: bad name");
  }
}

void check_object_key(const std::string& key) {
  if (key.empty() || key.size() > 512) throw std::invalid_argument("blob store: bad key");
  size_t start = 0;
  while (start <= key.size()) {
    size_t slash = key.find('/', start);
    std::string segment = key.substr(start, slash == std::string::npos ? std::string::npos : slash - start);
    if (segment.empty() || segment == "." || segment == "..") throw std::invalid_argument("blob store: bad key");
    for (char c : segment) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                c == '.';
      if (!ok) throw std::invalid_argument("blob store: bad key");
    }
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
}

std::string thumbnail_key(const std::string& organization_id, const std::string& sha256) {
  check_name(organization_id);
  check_name(sha256);
  return "thumbs/" + organization_id + "/" + sha256.substr(0, 2) + "/" + sha256 + ".webp";
}

}  // namespace cw::vault
