#include "core/log.hpp"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <nlohmann/json.hpp>

#include "core/clock.hpp"

namespace cw::log {

namespace {
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

spdlog::logger& logger() {
  // stderr keeps stdout free for the one "listening on …" line scripts wait for.
  static auto instance = [] {
    auto l = spdlog::stderr_logger_mt("cloudweave");
    l->set_pattern("%v");
    l->set_level(spdlog::level::trace);
    l->flush_on(spdlog::level::trace);
    return l;
  }();
  return *instance;
}

const char* level_name(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
    case Level::kOff:
      return "off";
  }
  return "info";
}
}  // namespace

bool parse_level(std::string_view name, Level& out) {
  for (Level l : {Level::kDebug, Level::kInfo, Level::kWarn, Level::kError, Level::kOff}) {
    if (name == level_name(l)) {
      out = l;
      return true;
    }
  }
  return false;
}

void set_level(Level level) { g_level = static_cast<int>(level); }
bool enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void write(Level level, std::string_view message, const nlohmann::json& fields) {
  if (!enabled(level) || level == Level::kOff) return;
  nlohmann::json line = nlohmann::json::object();
  line["ts"] = format_rfc3339(SystemClock().now_ms());
  line["level"] = level_name(level);
  line["msg"] = message;
  if (fields.is_object()) {
    for (auto it = fields.begin(); it != fields.end(); ++it) line[it.key()] = it.value();
  }
  logger().info(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void debug(std::string_view m, const nlohmann::json& f) { write(Level::kDebug, m, f); }
void info(std::string_view m, const nlohmann::json& f) { write(Level::kInfo, m, f); }
void warn(std::string_view m, const nlohmann::json& f) { write(Level::kWarn, m, f); }
void error(std::string_view m, const nlohmann::json& f) { write(Level::kError, m, f); }
void info(std::string_view m) { write(Level::kInfo, m, nullptr); }
void warn(std::string_view m) { write(Level::kWarn, m, nullptr); }
void error(std::string_view m) { write(Level::kError, m, nullptr); }

}  // namespace cw::log
