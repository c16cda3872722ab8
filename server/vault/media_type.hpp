#pragma once
/// What a file really is, from its first bytes (libmagic), not from what the uploader said: a
/// page of HTML named `photo.png` and sent as image/png is stored as text/html, and downloads
/// then treat it as such (download.hpp never renders it). The client's type is kept only where
/// the content says nothing more precise.
#include <string>
#include <string_view>

namespace cw::vault {

/// Bytes enough for libmagic to tell every common format apart.
inline constexpr size_t kSniffBytes = 64 * 1024;

/// The media type libmagic reads in `head` (e.g. "image/png"); "application/octet-stream" when it
/// cannot tell. Thread-safe (one libmagic handle per thread).
std::string detect_media_type(std::string_view head);

/// The type to store: `detected`, unless it is the generic octet-stream and the client named one.
std::string choose_media_type(const std::string& detected, const std::string& claimed);

}  // namespace cw::vault
