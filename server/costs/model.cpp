#include "costs/model.hpp"

#include <algorithm>

namespace cw::costs {

std::string utc_day(Millis ms) { return format_rfc3339(ms).substr(0, 10); }

namespace {
constexpr Millis kDayMs = 86'400'000;
// Floor division: times before 1970 land on the right day too.
Millis day_of(Millis ms) { return ms >= 0 ? ms / kDayMs : -((-ms + kDayMs - 1) / kDayMs); }
}  // namespace

int charge_days(const FocusRow& row) {
  // The period's end is exclusive: 00:00 to 00:00 the next day is one day.
  const Millis last = day_of(std::max(row.charge_period_end - 1, row.charge_period_start));
  return static_cast<int>(last - day_of(row.charge_period_start) + 1);
}

std::string last_charge_day(const FocusRow& row) {
  return utc_day(row.charge_period_start + (charge_days(row) - 1) * kDayMs);
}

std::string provider_kind(const std::string& provider_name) {
  std::string n = provider_name;
  std::transform(n.begin(), n.end(), n.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (n.empty()) return "";
  if (n == "aws" || n.find("amazon") != std::string::npos) return "aws";
  if (n.find("microsoft") != std::string::npos || n.find("azure") != std::string::npos) return "azure";
  if (n.find("google") != std::string::npos || n == "gcp") return "gcp";
  if (n.find("oracle") != std::string::npos || n == "oci") return "oci";
  return "";
}

nlohmann::json to_json(const CostImport& i) {
  nlohmann::json errors = nlohmann::json::array();
  for (const auto& e : i.errors) errors.push_back({{"row", e.row}, {"column", e.column}, {"message", e.message}});
  return {{"id", i.id},
          {"providerId", i.account_id},
          {"format", i.format},
          {"fileName", i.file_name},
          {"fileBytes", i.file_bytes},
          {"state", i.state},
          {"jobId", i.job_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(i.job_id)},
          {"rows", i.rows},
          {"periods", i.periods},
          {"errors", errors},
          {"warnings", i.warnings},
          {"createdAt", format_rfc3339(i.created_at)},
          {"updatedAt", format_rfc3339(i.updated_at)},
          {"finishedAt", i.finished_at ? nlohmann::json(format_rfc3339(*i.finished_at)) : nlohmann::json(nullptr)}};
}

nlohmann::json to_json(const CostCollection& c) {
  return {{"providerId", c.account_id},
          {"state", c.state},
          {"error", c.error.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.error)},
          {"rows", c.rows},
          {"collectedFrom", c.collected_from.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.collected_from)},
          {"lastRunAt", c.last_run_at ? nlohmann::json(format_rfc3339(*c.last_run_at)) : nlohmann::json(nullptr)},
          {"nextRunAt", format_rfc3339(c.next_run_at)}};
}

nlohmann::json to_json(const CostBreakdown& b) {
  nlohmann::json series = nlohmann::json::array();
  for (const auto& s : b.series) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& [date, amount] : s.points) points.push_back({{"date", date}, {"amount", amount}});
    series.push_back({{"key", s.key}, {"points", points}, {"total", s.total}, {"previousTotal", s.previous_total}});
  }
  nlohmann::json movers = nlohmann::json::array();
  for (const auto& m : b.movers)
    movers.push_back({{"key", m.key},
                      {"total", m.total},
                      {"previousTotal", m.previous_total},
                      {"change", m.change()},
                      {"changePercent", m.previous_total > 0 ? nlohmann::json(m.change() / m.previous_total * 100)
                                                             : nlohmann::json(nullptr)}});
  return {{"currency", b.currency.empty() ? nlohmann::json(nullptr) : nlohmann::json(b.currency)},
          {"total", b.total},
          {"previousTotal", b.previous_total},
          {"previousFrom", b.previous_from},
          {"previousTo", b.previous_to},
          {"series", series},
          {"movers", movers},
          {"exchangeRates", b.exchange_rates ? to_json(*b.exchange_rates) : nlohmann::json(nullptr)}};
}

}  // namespace cw::costs
