#include "http/context.hpp"
#include "core/json_parse.hpp"

#include "core/error.hpp"

namespace cw::http {

std::optional<std::string> RequestContext::query(const std::string& name) const {
  auto it = request.query.find(name);
  if (it == request.query.end()) return std::nullopt;
  return it->second;
}

const nlohmann::json& RequestContext::json() {
  if (json_) return *json_;
  auto type = request.header("content-type").value_or("");
  auto semi = type.find(';');
  std::string media(type.substr(0, semi));
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media != "application/json" && !(media.size() > 5 && media.ends_with("+json")))
    throw ApiError(ErrorCode::kUnsupportedMediaType, "request body must be application/json");
  if (request.body.empty()) throw ApiError(ErrorCode::kInvalidJson, "request body must be a JSON object; it is empty");
  if (!json_nesting_within(request.body))
    throw ApiError(ErrorCode::kValidation,
                   "request body nests arrays or objects deeper than " + std::to_string(kMaxJsonDepth) + " levels");
  auto parsed = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) throw ApiError(ErrorCode::kInvalidJson, "request body is not valid JSON (UTF-8)");
  if (!parsed.is_object()) throw ApiError(ErrorCode::kInvalidJson, "request body must be a JSON object");
  json_ = std::move(parsed);
  return *json_;
}

}  // namespace cw::http
