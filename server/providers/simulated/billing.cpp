#include "providers/simulated/billing.hpp"

#include "providers/simulated/random.hpp"

namespace cw::providers::simulated::billing {

namespace {
constexpr Millis kDayMs = 86'400'000;
constexpr std::int64_t kSpikeBlockDays = 97;

int days_in_month(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}
}  // namespace

double seasonality(std::string_view service, Millis day) {
  if (service == "Storage" || service == "Networking" || service == "DNS") return 1.0;
  const std::int64_t n = day / kDayMs;
  const std::int64_t weekday = ((n % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; 0 = Monday
  double weekly = weekday < 5 ? 1.06 : weekday == 5 ? 0.87 : 0.83;
  std::string text = format_rfc3339(day);
  int y = std::stoi(text.substr(0, 4)), m = std::stoi(text.substr(5, 2)), d = std::stoi(text.substr(8, 2));
  double monthly = d > days_in_month(y, m) - 3 ? 1.08 : 0.992;
  return weekly * monthly;
}

bool is_spike_day(std::uint64_t account_key, Millis day) {
  const std::int64_t n = day / kDayMs;
  const std::int64_t block = n / kSpikeBlockDays;
  const auto offset =
      static_cast<std::int64_t>(unit(key(account_key, 0x5b1cee, static_cast<std::uint64_t>(block))) * kSpikeBlockDays);
  return n % kSpikeBlockDays == offset;
}

bool covered_by_commitment(std::uint64_t resource_key, std::string_view type) {
  return type == "server" && unit(key(resource_key, 0xc0311)) < 0.3;
}

std::string commitment_id(std::uint64_t account_key, std::string_view flavour) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id = "sp-" + std::string(flavour) + "-";
  std::uint64_t k = key(account_key, hash_text(flavour));
  for (int i = 0; i < 12; ++i, k >>= 4) id += kHex[k & 15];
  return id;
}

}  // namespace cw::providers::simulated::billing
