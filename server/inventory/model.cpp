#include "core/json_text.hpp"
#include "core/json_values.hpp"
#include "inventory/model.hpp"

#include <cstdio>

namespace cw::inventory {

namespace {

/// Appends `s` lower-cased (ASCII), with blanks as '_': how names and tags appear in search_text.
void append_normalised(std::string& out, std::string_view s) {
  for (unsigned char c : s) out += (c == ' ' || c == '\t') ? '_' : static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
}

std::string normalise(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  append_normalised(out, s);
  return out;
}

/// FNV-1a, 64-bit, fed piece by piece: a change detector, not a security boundary.
class Fnv1a {
 public:
  void add(std::string_view s) {
    for (unsigned char c : s) {
      h_ ^= c;
      h_ *= 1099511628211ULL;
    }
  }
  void end_field() { add("\xff"); }
  std::string hex() const {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out(16, '0');
    for (int i = 0; i < 16; ++i) out[static_cast<size_t>(i)] = kDigits[(h_ >> (60 - 4 * i)) & 15];
    return out;
  }

 private:
  std::uint64_t h_ = 1469598103934665603ULL;
};
}  // namespace

nlohmann::json to_json(const Resource& r, const providers::ProviderRegistry& providers) {
  return {{"id", r.id},
          {"name", r.name},
          {"type", r.type},
          {"provider", r.provider},
          {"providerId", r.account_id},
          {"externalId", r.external_id},
          {"region", r.region},
          {"status", r.status},
          {"spec", r.spec},
          {"tags", r.tags},
          {"monthlyCost", r.monthly_cost},
          {"isDemo", r.is_demo},
          {"createdAt", format_rfc3339(r.created_at)},
          {"updatedAt", format_rfc3339(r.updated_at)},
          {"lastSyncedAt", format_rfc3339(r.last_synced_at)},
          {"actions", providers.actions(r.provider, r.type)}};
}

std::string tag_token(const std::string& key, const std::string& value) {
  return " " + normalise(key) + "=" + normalise(value) + " ";
}

StoredRecord prepare_record(const providers::ResourceRecord& r) {
  StoredRecord s{&r, "", "", "", "", ""};
  append_json_text(s.spec, r.spec);
  append_json_text(s.tags, r.tags);
  append_json_text(s.posture, r.posture);
  // " name external_id key=value … " (see tag_token), built in place: this runs for every
  // resource of every sync.
  s.search_text.reserve(r.name.size() + r.external_id.size() + s.tags.size() + 4);
  s.search_text += ' ';
  append_normalised(s.search_text, r.name);
  s.search_text += ' ';
  append_normalised(s.search_text, r.external_id);
  s.search_text += ' ';
  if (r.tags.is_object()) {
    for (auto it = r.tags.begin(); it != r.tags.end(); ++it) {
      append_normalised(s.search_text, it.key());
      s.search_text += '=';
      if (const auto* text = it.value().get_ptr<const std::string*>())
        append_normalised(s.search_text, *text);
      else
        append_normalised(s.search_text, it.value().dump());
      s.search_text += ' ';
    }
  }
  // The hash covers what the provider reported: "provider|name|type|region|status|cost", then
  // spec, tags and posture as stored.
  char cost[32];
  int cost_size = std::snprintf(cost, sizeof cost, "%.4f", r.monthly_cost);
  Fnv1a h;
  for (std::string_view part : {std::string_view(r.provider), std::string_view(r.name), std::string_view(r.type),
                                std::string_view(r.region), std::string_view(r.status)}) {
    h.add(part);
    h.add("|");
  }
  h.add(std::string_view(cost, static_cast<size_t>(cost_size)));
  h.end_field();
  h.add(s.spec);
  h.add(s.tags);
  h.add(s.posture);
  h.end_field();
  s.content_hash = h.hex();
  return s;
}

}  // namespace cw::inventory
