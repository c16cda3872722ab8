#include "providers/provider.hpp"

namespace cw::providers {

nlohmann::json ConnectionTest::to_json() const {
  return {{"valid", valid},
          {"identity", identity},
          {"permissions", permissions},
          {"limitations", limitations},
          {"regions", regions},
          {"services", services},
          {"errors", errors}};
}

void ProviderRegistry::add(ProviderKind kind) { kinds_.push_back(std::move(kind)); }

const ProviderKind* ProviderRegistry::find(const std::string& name) const {
  for (const auto& k : kinds_) {
    if (k.name == name) return &k;
  }
  return nullptr;
}

std::vector<std::string> ProviderRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& k : kinds_) out.push_back(k.name);
  return out;
}

std::vector<std::string> ProviderRegistry::actions(const std::string& kind, std::string_view type) const {
  const ProviderKind* k = find(kind);
  return k && k->actions ? k->actions(type) : std::vector<std::string>{};
}

std::string explain_failure(const ProviderError& e, const std::string& refused) {
  const std::string& code = e.code();
  if (code == "NetworkError" || code == "Timeout" || code == "CircuitOpen" || code == "OutboundAddressRefused")
    return e.what();
  return refused + ": " + code + " — " + e.what();
}

std::vector<MetricsSource::Series> MetricsSource::metrics_batch(const std::vector<Request>& requests, Millis from,
                                                                Millis to, Millis step_ms) {
  std::vector<Series> out(requests.size());
  for (size_t i = 0; i < requests.size(); ++i) {
    const Request& r = requests[i];
    try {
      out[i].points = metrics(r.external_id, r.region, r.metric, from, to, step_ms);
    } catch (const UnsupportedOperation&) { out[i].unsupported = true; }
  }
  return out;
}

}  // namespace cw::providers
