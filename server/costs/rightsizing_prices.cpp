#include "costs/rightsizing_prices.hpp"

#include <span>

namespace cw::costs {

namespace {

// Each family from small to large; stepping down is moving one place left. Burstable families
// (t3, B, e2 shared-core) are listed by price: their smaller sizes share the same vCPU count.
// clang-format off
constexpr MachinePrice kAwsT3[] = {{"t3.micro", 2, 0.0104}, {"t3.small", 2, 0.0208}, {"t3.medium", 2, 0.0416},
                                   {"t3.large", 2, 0.0832}, {"t3.xlarge", 4, 0.1664}};
constexpr MachinePrice kAwsM5[] = {{"m5.large", 2, 0.096}, {"m5.xlarge", 4, 0.192}, {"m5.2xlarge", 8, 0.384}};
constexpr MachinePrice kAwsM6i[] = {{"m6i.large", 2, 0.096}, {"m6i.xlarge", 4, 0.192}, {"m6i.2xlarge", 8, 0.384},
                                    {"m6i.4xlarge", 16, 0.768}};
constexpr MachinePrice kAwsC5[] = {{"c5.large", 2, 0.085}, {"c5.xlarge", 4, 0.17}, {"c5.2xlarge", 8, 0.34}};
constexpr MachinePrice kAwsC6i[] = {{"c6i.large", 2, 0.085}, {"c6i.xlarge", 4, 0.17}, {"c6i.2xlarge", 8, 0.34}};
constexpr MachinePrice kAwsR5[] = {{"r5.large", 2, 0.126}, {"r5.xlarge", 4, 0.252}};
constexpr MachinePrice kAwsR6i[] = {{"r6i.large", 2, 0.126}, {"r6i.xlarge", 4, 0.252}};
constexpr MachinePrice kAzureB[] = {{"Standard_B1s", 1, 0.0104}, {"Standard_B2s", 2, 0.0416}};
constexpr MachinePrice kAzureD[] = {{"Standard_D2s_v5", 2, 0.096}, {"Standard_D4s_v5", 4, 0.192},
                                    {"Standard_D8s_v5", 8, 0.384}};
constexpr MachinePrice kAzureE[] = {{"Standard_E2s_v5", 2, 0.126}, {"Standard_E4s_v5", 4, 0.252}};
constexpr MachinePrice kAzureF[] = {{"Standard_F2s_v2", 2, 0.0846}, {"Standard_F4s_v2", 4, 0.169}};
constexpr MachinePrice kGcpE2[] = {{"e2-micro", 2, 0.0084}, {"e2-small", 2, 0.0168}, {"e2-medium", 2, 0.0335},
                                   {"e2-standard-2", 2, 0.067}, {"e2-standard-4", 4, 0.134}};
constexpr MachinePrice kGcpN2[] = {{"n2-standard-2", 2, 0.097}, {"n2-standard-4", 4, 0.194},
                                   {"n2-standard-8", 8, 0.388}};
constexpr MachinePrice kGcpN2Highmem[] = {{"n2-highmem-2", 2, 0.131}, {"n2-highmem-4", 4, 0.262}};
constexpr MachinePrice kGcpC2[] = {{"c2-standard-4", 4, 0.209}, {"c2-standard-8", 8, 0.418}};
// clang-format on

constexpr std::span<const MachinePrice> kFamilies[] = {kAwsT3,  kAwsM5,  kAwsM6i, kAwsC5,        kAwsC6i,
                                                       kAwsR5,  kAwsR6i, kAzureB, kAzureD,       kAzureE,
                                                       kAzureF, kGcpE2,  kGcpN2,  kGcpN2Highmem, kGcpC2};

}  // namespace

std::optional<MachinePrice> machine_price(std::string_view instance_type) {
  for (auto family : kFamilies)
    for (const auto& m : family)
      if (m.name == instance_type) return m;
  return std::nullopt;
}

std::optional<MachinePrice> next_smaller(std::string_view instance_type) {
  for (auto family : kFamilies)
    for (size_t i = 0; i < family.size(); ++i)
      if (family[i].name == instance_type) return i == 0 ? std::nullopt : std::optional(family[i - 1]);
  return std::nullopt;
}

}  // namespace cw::costs
