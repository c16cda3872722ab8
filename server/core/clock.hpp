#pragma once
/// Time as milliseconds since the Unix epoch, and its RFC 3339 form. A Clock object is injected
/// where time matters so tests can use a FakeClock.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cw {

using Millis = std::int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Millis now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  Millis now_ms() const override;
};

class FakeClock final : public Clock {
 public:
  explicit FakeClock(Millis start) : now_(start) {}
  Millis now_ms() const override { return now_.load(); }
  void advance(Millis delta) { now_ += delta; }

 private:
  std::atomic<Millis> now_;
};

/// 2026-11-22T10:00:00.000Z
std::string format_rfc3339(Millis ms);
/// RFC 9110's IMF-fixdate, "Sun, 11 Oct 2009 21:49:13 GMT": HTTP headers (tus Upload-Expires,
/// Azure's x-ms-date).
std::string format_http_date(Millis ms);
/// Accepts RFC 3339 with or without fraction, 'Z' or ±hh:mm offset. nullopt when malformed.
std::optional<Millis> parse_rfc3339(std::string_view text);

}  // namespace cw
