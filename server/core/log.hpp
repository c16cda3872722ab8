#pragma once
/// Structured logging: one JSON object per line on stdout/stderr via spdlog. Callers pass fields as
/// a JSON object; never put secrets or tokens in them.
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace cw::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };

/// Returns false for an unknown name.
bool parse_level(std::string_view name, Level& out);
void set_level(Level level);
bool enabled(Level level);

void write(Level level, std::string_view message, const nlohmann::json& fields);
void debug(std::string_view message, const nlohmann::json& fields);
void info(std::string_view message, const nlohmann::json& fields);
void warn(std::string_view message, const nlohmann::json& fields);
void error(std::string_view message, const nlohmann::json& fields);
void info(std::string_view message);
void warn(std::string_view message);
void error(std::string_view message);

}  // namespace cw::log
