#pragma once
/// The shape of the simulated bill over time, deterministic from the account's key (scenario and
/// seed): weekly and monthly seasonality, a planted spike, a savings plan covering some servers,
/// credits and tax. simulated_provider.cpp's costs() applies it; the forecast and anomaly tests
/// lean on it (a spike to find, seasonality to learn).
#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace cw::providers::simulated::billing {

/// Usage multiplier of a service on `day` (UTC midnight): weekdays 1.06, Saturday 0.87, Sunday
/// 0.83 (mean 1 over a week) and the last three days of a month 1.08 against 0.992 for the rest
/// (month-end batch work). Storage, Networking and DNS are flat.
double seasonality(std::string_view service, Millis day);

/// The planted spike: one day in every 97-day block, placed by `account_key`, on which Compute in
/// the account's first region costs kSpikeFactor times as much (a runaway batch job).
bool is_spike_day(std::uint64_t account_key, Millis day);
inline constexpr double kSpikeFactor = 3.5;

/// About 30 % of servers run under the flavour's savings plan: their usage is billed 0 and costs
/// kCommitmentRate of list price as effective (amortized) cost; the plan's fee is a Purchase line
/// on the 1st of each month.
bool covered_by_commitment(std::uint64_t resource_key, std::string_view type);
inline constexpr double kCommitmentRate = 0.72;
std::string commitment_id(std::uint64_t account_key, std::string_view flavour);

inline constexpr double kCreditRate = 0.015;  // a promotional credit: this share of a day's usage
inline constexpr double kTaxRate = 0.07;      // on everything billed that day

}  // namespace cw::providers::simulated::billing
