#pragma once
/// The machine sizes rightsizing may step down to, with on-demand hourly list prices (USD, Linux).
/// Sources, read December 2026: AWS EC2 On-Demand pricing for us-east-1
/// (aws.amazon.com/ec2/pricing/on-demand), Azure Linux Virtual Machines pay-as-you-go for East US
/// (azure.microsoft.com/pricing/details/virtual-machines/linux), Google Compute Engine on-demand for
/// us-central1 (cloud.google.com/compute/vm-instance-pricing). Other regions cost more or less, but
/// the ratio between two sizes of a family — what a saving is computed from — barely moves.
#include <optional>
#include <string>
#include <string_view>

namespace cw::costs {

struct MachinePrice {
  std::string_view name;
  int cpu;
  double hourly;  // USD
};

/// The price of a machine type, or nullopt when the table does not know it.
std::optional<MachinePrice> machine_price(std::string_view instance_type);
/// The next smaller size of the same family (half the vCPUs), or nullopt when the type is the
/// smallest of its family or unknown.
std::optional<MachinePrice> next_smaller(std::string_view instance_type);

}  // namespace cw::costs
