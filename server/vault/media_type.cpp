#include "vault/media_type.hpp"

#include <magic.h>

#include <memory>
#include <stdexcept>

namespace cw::vault {

namespace {

struct MagicDeleter {
  void operator()(magic_set* m) const { magic_close(m); }
};

/// libmagic handles are not thread-safe and loading the database costs milliseconds: one per
/// worker thread, loaded on first use.
magic_t handle() {
  thread_local std::unique_ptr<magic_set, MagicDeleter> magic = [] {
    std::unique_ptr<magic_set, MagicDeleter> m(magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR));
    if (!m || magic_load(m.get(), nullptr) != 0)
      throw std::runtime_error(std::string("libmagic: cannot load its database: ") +
                               (m ? magic_error(m.get()) : "out of memory"));
    return m;
  }();
  return magic.get();
}

}  // namespace

std::string detect_media_type(std::string_view head) {
  if (head.empty()) return "application/x-empty";
  const char* type = magic_buffer(handle(), head.data(), head.size());
  if (!type) return "application/octet-stream";
  return type;
}

std::string choose_media_type(const std::string& detected, const std::string& claimed) {
  if ((detected == "application/octet-stream" || detected == "application/x-empty") && !claimed.empty()) return claimed;
  return detected;
}

}  // namespace cw::vault
