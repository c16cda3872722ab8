#include "costs/recommendation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/clock.hpp"
#include "costs/rightsizing_prices.hpp"

namespace cw::costs {

namespace {

std::string money(double v, const std::string& currency) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f %s", v, currency.c_str());
  return buf;
}

std::string percent(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", v);
  return buf;
}

double round2(double v) { return std::round(v * 100) / 100; }

Recommendation base(const ResourceFacts& r, const char* kind) {
  Recommendation rec;
  rec.kind = kind;
  rec.account_id = r.account_id;
  rec.resource_id = r.id;
  rec.resource_name = r.name;
  rec.provider = r.provider;
  rec.region = r.region;
  rec.currency = r.billed_30d ? r.currency : "USD";
  return rec;
}

std::string text_of(const nlohmann::json& spec, const char* key) {
  auto it = spec.find(key);
  return it != spec.end() && it->is_string() ? it->get<std::string>() : "";
}

}  // namespace

double monthly_cost_of(const ResourceFacts& r) {
  return r.billed_30d ? *r.billed_30d * (kHoursPerMonth / 24.0) / 30.0 : r.monthly_cost;
}

std::optional<double> p95(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  size_t rank = static_cast<size_t>(std::ceil(0.95 * static_cast<double>(values.size())));
  return values[std::max<size_t>(rank, 1) - 1];
}

std::vector<Recommendation> recommend_for(const ResourceFacts& r) {
  std::vector<Recommendation> out;
  const double cost = monthly_cost_of(r);
  if (cost <= 0) return out;
  if (r.type == "server" && r.status == "running" && r.cpu_p95) {
    const std::string type = text_of(r.spec, "instanceType");
    if (*r.cpu_p95 < kIdleCpuP95) {
      Recommendation rec = base(r, "idle_server");
      // Stopping ends the compute charge; the disks stay billed (the stopped_server_storage rule
      // then says so), so the saving is the machine's share when the price table knows it.
      auto price = machine_price(type);
      double compute = price ? std::min(cost, price->hourly * kHoursPerMonth) : cost;
      rec.monthly_savings = round2(compute);
      rec.title = "Stop idle server " + r.name;
      rec.detail = "CPU p95 was " + percent(*r.cpu_p95) + " over the last " + std::to_string(kCpuWindowDays) +
                   " days (under " + percent(kIdleCpuP95) + "). Stopping it saves about " +
                   money(rec.monthly_savings, rec.currency) + " a month; its disks stay billed.";
      rec.action = nlohmann::json{{"kind", "stop"}};
      out.push_back(rec);
    } else if (*r.cpu_p95 < kRightsizeCpuP95) {
      auto current = machine_price(type);
      auto smaller = next_smaller(type);
      if (current && smaller && smaller->hourly < current->hourly) {
        Recommendation rec = base(r, "rightsize_server");
        double compute = std::min(cost, current->hourly * kHoursPerMonth);
        rec.monthly_savings = round2(compute * (1 - smaller->hourly / current->hourly));
        rec.title = "Resize " + r.name + " from " + type + " to " + std::string(smaller->name);
        rec.detail = "CPU p95 was " + percent(*r.cpu_p95) + " over the last " + std::to_string(kCpuWindowDays) +
                     " days (under " + percent(kRightsizeCpuP95) + "): " + std::string(smaller->name) + " (" +
                     std::to_string(smaller->cpu) +
                     " vCPU) would carry it. List prices: " + money(current->hourly, "USD") + "/h → " +
                     money(smaller->hourly, "USD") + "/h.";
        rec.action = nlohmann::json{{"kind", "resize"}, {"from", type}, {"to", std::string(smaller->name)}};
        out.push_back(rec);
      }
    }
  }
  if (r.type == "server" && r.status == "stopped") {
    Recommendation rec = base(r, "stopped_server_storage");
    rec.monthly_savings = round2(cost);
    rec.title = "Delete stopped server " + r.name;
    rec.detail = "It is stopped but its disks still cost about " + money(rec.monthly_savings, rec.currency) +
                 " a month. Snapshot what you need, then delete it.";
    rec.action = nlohmann::json{{"kind", "delete"}};
    out.push_back(rec);
  }
  if (r.type == "storage" && text_of(r.spec, "kind") == "snapshot" && r.created_at > 0 &&
      r.now - r.created_at > kOldSnapshotDays * 86'400'000LL) {
    const long long days = (r.now - r.created_at) / 86'400'000LL;
    Recommendation rec = base(r, "old_snapshot");
    rec.monthly_savings = round2(cost);
    rec.title = "Delete old snapshot " + r.name;
    rec.detail = "It was taken " + std::to_string(days) + " days ago (over " + std::to_string(kOldSnapshotDays) +
                 ") and costs about " + money(rec.monthly_savings, rec.currency) +
                 " a month. Check it is not a backup you must keep, then delete it.";
    rec.action = nlohmann::json{{"kind", "delete"}};
    out.push_back(rec);
  }
  // A reserved address nothing uses still bills by the hour. AWS Elastic IPs say so with no
  // associationId, Azure public IPs with no ipConfiguration, GCP addresses with status RESERVED;
  // the adapters and the simulated cloud all map that to associated: false.
  if (r.type == "network" && text_of(r.spec, "kind") == "public-ip") {
    auto associated = r.spec.find("associated");
    if (associated != r.spec.end() && associated->is_boolean() && !associated->get<bool>()) {
      Recommendation rec = base(r, "idle_public_ip");
      rec.monthly_savings = round2(cost);
      rec.title = "Release unused public IP " + r.name;
      rec.detail = "No server, load balancer or gateway uses this address, yet it costs about " +
                   money(rec.monthly_savings, rec.currency) +
                   " a month. Release it unless something needs this exact address later.";
      rec.action = nlohmann::json{{"kind", "delete"}};
      out.push_back(rec);
    }
  }
  // Each cloud says "detached" its own way: attachedTo: [] (EBS volumes, GCE disks), diskState
  // "Unattached" (Azure managed disks), attached: false (the simulated cloud). A bucket says none.
  if (r.type == "storage" && text_of(r.spec, "kind") != "bucket" && text_of(r.spec, "kind") != "snapshot") {
    auto attached = r.spec.find("attached");
    auto attached_to = r.spec.find("attachedTo");
    bool detached = (attached != r.spec.end() && attached->is_boolean() && !attached->get<bool>()) ||
                    (attached_to != r.spec.end() && attached_to->is_array() && attached_to->empty()) ||
                    text_of(r.spec, "diskState") == "Unattached";
    if (detached) {
      Recommendation rec = base(r, "unattached_volume");
      rec.monthly_savings = round2(cost);
      rec.title = "Delete unattached volume " + r.name;
      rec.detail = "No server uses it, yet it costs about " + money(rec.monthly_savings, rec.currency) +
                   " a month. Snapshot it first if its data may be needed.";
      rec.action = nlohmann::json{{"kind", "delete"}};
      out.push_back(rec);
    }
  }
  if (r.type == "load_balancer" && r.status == "running" && r.requests_p95 && *r.requests_p95 < kIdleRequestsP95) {
    Recommendation rec = base(r, "idle_load_balancer");
    rec.monthly_savings = round2(cost);
    rec.title = "Delete idle load balancer " + r.name;
    rec.detail = "It served under one request a minute (p95) over the last " + std::to_string(kCpuWindowDays) +
                 " days, yet costs about " + money(rec.monthly_savings, rec.currency) +
                 " a month. Check no DNS name still points at it, then delete it.";
    rec.action = nlohmann::json{{"kind", "delete"}};
    out.push_back(rec);
  }
  return out;
}

std::optional<Recommendation> recommend_commitment(const ComputeSpend& s) {
  double total = s.on_demand + s.committed;
  if (total <= 0 || s.on_demand / total < kMinOnDemandShare || s.days <= 0) return std::nullopt;
  // The steady on-demand rate per hour; commit to part of it so usage dips do not waste it.
  double hourly = s.on_demand / (s.days * 24.0);
  double covered = hourly * kSavingsPlanCoverage;
  double commit = covered * (1 - kSavingsPlanDiscount);
  double saving = round2(covered * kSavingsPlanDiscount * kHoursPerMonth);
  if (saving < 1) return std::nullopt;
  Recommendation rec;
  rec.kind = "commitment";
  rec.resource_name = "Compute";
  rec.currency = s.currency;
  rec.monthly_savings = saving;
  rec.title = "Buy a savings plan for " + money(commit, s.currency) + "/h";
  rec.detail = percent(100 * s.on_demand / total) + " of compute spend in the last " + std::to_string(s.days) +
               " days ran on demand (" + money(s.on_demand, s.currency) + "). A 1-year compute savings plan of " +
               money(commit, s.currency) + "/h covering " + percent(100 * kSavingsPlanCoverage) +
               " of that rate saves about " + money(saving, s.currency) + " a month (assuming a " +
               percent(100 * kSavingsPlanDiscount) + " discount).";
  return rec;
}

nlohmann::json to_json(const Recommendation& r) {
  auto opt_time = [](const std::optional<Millis>& t) {
    return t ? nlohmann::json(format_rfc3339(*t)) : nlohmann::json(nullptr);
  };
  return {
      {"id", r.id},
      {"kind", r.kind},
      {"resourceId", r.resource_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.resource_id)},
      {"resourceName", r.resource_name},
      {"provider", r.provider},
      {"providerId", r.account_id},
      {"region", r.region},
      {"title", r.title},
      {"detail", r.detail},
      {"monthlySavings", r.monthly_savings},
      {"currency", r.currency},
      {"action", r.action ? *r.action : nlohmann::json(nullptr)},
      {"status", r.status},
      {"dismissedReason", r.dismissed_reason.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.dismissed_reason)},
      {"dismissedAt", opt_time(r.dismissed_at)},
      {"firstSeenAt", format_rfc3339(r.first_seen_at)},
      {"lastSeenAt", format_rfc3339(r.last_seen_at)}};
}

}  // namespace cw::costs
