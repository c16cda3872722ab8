#include "providers/simulated/simulated_provider.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <map>
#include <unordered_map>

#include "providers/simulated/billing.hpp"
#include "providers/simulated/inventory.hpp"
#include "providers/simulated/random.hpp"
#include "providers/simulated/state_store.hpp"
#include "providers/simulated/telemetry.hpp"

namespace cw::providers::simulated {

namespace {

constexpr int kMaxPageSize = 1000;
constexpr Millis kDayMs = 86'400'000;
constexpr Millis kGoneAfterMs = 10'000;
constexpr std::int64_t kMaxCostLines = 200'000;
constexpr std::int64_t kMaxCostDays = 366;

struct Delay {
  Millis min, max;
};
constexpr Delay kCreateDelay{3000, 8000};
constexpr Delay kStopDelay{2000, 3000};
constexpr Delay kStartDelay{2000, 4000};
constexpr Delay kRebootDelay{1000, 2000};

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }
double round2(double v) { return std::round(v * 100.0) / 100.0; }

std::optional<Millis> parse_day(const std::string& date) {
  if (date.size() != 10) return std::nullopt;
  auto ms = parse_rfc3339(date + "T00:00:00Z");
  // parse_rfc3339 rolls 2026-02-30 over into March: insist on the round trip.
  if (!ms || format_rfc3339(*ms).substr(0, 10) != date) return std::nullopt;
  return *ms;
}

std::string day_text(Millis ms) { return format_rfc3339(ms).substr(0, 10); }

Millis day_floor(Millis ms) { return ms >= 0 ? ms - ms % kDayMs : ms - ((ms % kDayMs) + kDayMs) % kDayMs; }

const char* action_name(Action a) {
  switch (a) {
    case Action::kStart:
      return "start";
    case Action::kStop:
      return "stop";
    case Action::kReboot:
      return "reboot";
  }
  return "action";
}

/// The credentials' settings plus the account's `regions` (strings; anything else is ignored).
Settings settings_with_regions(const ProviderAccount& account) {
  Settings s = settings_from(account.credentials);
  auto it = account.settings.find("regions");
  if (it != account.settings.end() && it->is_array())
    for (const auto& r : *it)
      if (r.is_string()) s.regions.push_back(r.get<std::string>());
  return s;
}

class SimulatedProvider final : public CloudProvider,
                                public ResourceActions,
                                public ChangeFeed,
                                public MetricsSource,
                                public CostSource {
 public:
  ResourceActions* resource_actions() override { return this; }
  ChangeFeed* change_feed() override { return this; }
  MetricsSource* metrics_source() override { return this; }
  CostSource* cost_source() override { return this; }
  std::string kind() const override { return "simulated"; }
  SimulatedProvider(const ProviderAccount& account, ProviderDeps deps)
      : inventory_(settings_with_regions(account)),
        store_(deps.db, account.account_id),
        clock_(deps.clock),
        account_key_(hash_text(account.account_id)) {}

  ConnectionTest test_connection() override {
    maybe_fail("test", "account", false);
    ConnectionTest t;
    t.valid = true;
    t.identity = inventory_.identity();
    t.regions = inventory_.regions();
    for (const char* type : kResourceTypes) {
      std::string service(service_of(type));
      if (std::find(t.services.begin(), t.services.end(), service) == t.services.end()) t.services.push_back(service);
    }
    t.permissions = {"resources:list",  "resources:read", "resources:create", "resources:update", "resources:delete",
                     "resources:start", "resources:stop", "resources:reboot", "metrics:read",     "billing:read"};
    for (const auto& region : inventory_.ignored_regions())
      t.limitations.push_back("Region '" + region + "' is not a region of this simulated cloud; it is ignored.");
    if (inventory_.settings().failure_rate > 0)
      t.limitations.push_back("Failure injection is on: about " +
                              std::to_string(static_cast<int>(std::round(inventory_.settings().failure_rate * 100))) +
                              " % of changes fail the way a cloud fails.");
    return t;
  }

  ResourcePage list_resources(const std::string& page_token, int page_size) override {
    if (page_size < 1 || page_size > kMaxPageSize)
      throw ProviderError("InvalidParameterValue",
                          "The page size must be from 1 to " + std::to_string(kMaxPageSize) + ".");
    Cursor cursor = parse_token(page_token);
    maybe_fail("list", page_token, false);
    const Millis now = clock_.now_ms();
    ResourcePage page;
    page.items.reserve(static_cast<size_t>(page_size));
    int room = page_size;
    if (cursor.in_base) {
      const std::int64_t begin = cursor.offset;
      const std::int64_t end = std::min<std::int64_t>(begin + page_size, inventory_.size());
      std::unordered_map<std::int64_t, StoredObject> changed;
      for (auto& o : store_.overrides_in(begin, end))
        if (current(o)) changed.emplace(*o.base_index, std::move(o));
      for (std::int64_t i = begin; i < end; ++i) {
        auto it = changed.find(i);
        if (it == changed.end())
          page.items.push_back(inventory_.at(i));
        else if (auto r = effective(it->second, now))
          page.items.push_back(std::move(*r));
      }
      room -= static_cast<int>(end - begin);
      if (end < inventory_.size()) {
        page.next_token = "b:" + std::to_string(end);
        return page;
      }
      cursor = Cursor{false, 0, 0, ""};
    }
    // Resources created through the API follow the generated ones.
    auto created = store_.created_after(cursor.seq, cursor.id, room + 1);
    int taken = 0;
    for (auto& o : created) {
      if (taken == room) break;
      cursor.seq = o.seq;
      cursor.id = o.external_id;
      ++taken;
      if (auto r = effective(o, now)) page.items.push_back(std::move(*r));
    }
    if (static_cast<int>(created.size()) > taken)
      page.next_token = taken == 0 ? "c:0:" : "c:" + std::to_string(cursor.seq) + ":" + cursor.id;
    return page;
  }

  std::optional<ResourceRecord> get_resource(const std::string& external_id) override {
    maybe_fail("get", external_id, false);
    auto found = locate(external_id, clock_.now_ms());
    if (!found) return std::nullopt;
    return std::move(found->record);
  }

  ResourceRecord create_resource(const NewResource& request) override {
    const Millis now = clock_.now_ms();
    const std::uint64_t token =
        key(account_key_, hash_text(request.name), static_cast<std::uint64_t>(now),
            counter_.fetch_add(1) + (key(hash_text(request.name), static_cast<std::uint64_t>(now)) & 0xffff));
    ResourceRecord record = inventory_.build_created(request, now, token);  // validates
    if (request.name.rfind("fail-", 0) == 0)
      throw ProviderError("QuotaExceeded",
                          "You have exceeded the quota for " + request.type + " resources in " + record.region +
                              ". Request a quota increase or delete unused resources.",
                          false);
    maybe_fail("create", request.name, true, request.type);
    if (locate(record.external_id, now))
      throw ProviderError("Conflict", "A resource named '" + request.name + "' already exists.", false);
    StoredObject o;
    o.external_id = record.external_id;
    // A name-addressed id (ARN, Azure/GCP path) may be that of a deleted generated resource:
    // the new one then takes its place in the listing.
    o.base_index = inventory_.index_of(o.external_id);
    o.record = std::move(record);
    o.target_status = "running";
    o.transition_at = now + delay(kCreateDelay, o.external_id, "create");
    o.updated_at = now;
    store_.save(o);
    return *effective(o, now);
  }

  ResourceRecord update_resource(const std::string& external_id, const ResourcePatch& patch) override {
    maybe_fail("update", external_id, true);
    const Millis now = clock_.now_ms();
    StoredObject o = load_for_change(external_id, now);
    if (o.status_at(now) == "terminated")
      throw ProviderError("IncorrectState", "The resource is terminated and cannot be changed.", false);
    inventory_.apply_patch(o.record, patch);
    o.updated_at = now;
    store_.save(o);
    return *effective(o, now);
  }

  ResourceRecord delete_resource(const std::string& external_id) override {
    maybe_fail("delete", external_id, true);
    const Millis now = clock_.now_ms();
    StoredObject o = load_for_change(external_id, now);
    if (o.record.type == "account")
      throw ProviderError("UnsupportedOperation",
                          "An account is closed from the cloud's own console, not deleted as a resource.", false);
    if (o.status_at(now) == "terminated") return *effective(o, now);  // already being deleted
    o.record.status = "terminated";
    o.target_status = "gone";
    o.transition_at = now + kGoneAfterMs;
    o.deleted = true;
    o.stopped_since = o.stopped_since.value_or(now);
    o.updated_at = now;
    store_.save(o);
    return *effective(o, now);
  }

  ResourceRecord run_action(const std::string& external_id, Action action) override {
    const std::string name = action_name(action);
    maybe_fail(name, external_id, true);
    const Millis now = clock_.now_ms();
    StoredObject o = load_for_change(external_id, now);
    const std::string& type = o.record.type;
    if (action == Action::kReboot ? !can_reboot(type) : !can_start_stop(type))
      throw UnsupportedOperation("A " + type + " resource cannot be " +
                                 (action == Action::kStop    ? "stopped"
                                  : action == Action::kStart ? "started"
                                                             : "rebooted") +
                                 ".");
    const std::string current = o.status_at(now);
    if (current == "terminated") throw ProviderError("IncorrectState", "The resource is terminated.", false);
    if (o.in_transition(now)) {
      bool same = (action == Action::kStop && *o.target_status == "stopped") ||
                  (action != Action::kStop && *o.target_status == "running" && action == Action::kStart);
      if (same) return *effective(o, now);
      throw ProviderError(
          "IncorrectState",
          "The resource is changing state (" + current + " → " + *o.target_status + "); try again in a few seconds.",
          true);
    }
    switch (action) {
      case Action::kStop:
        if (current == "stopped") return *effective(o, now);
        o.target_status = "stopped";
        o.transition_at = now + delay(kStopDelay, external_id, name);
        o.stopped_since = o.transition_at;
        break;
      case Action::kStart:
        if (current == "running") return *effective(o, now);
        o.record.status = "provisioning";
        o.target_status = "running";
        o.transition_at = now + delay(kStartDelay, external_id, name);
        o.stopped_since.reset();
        break;
      case Action::kReboot:
        if (current == "stopped")
          throw ProviderError("IncorrectState", "A stopped resource cannot be rebooted; start it instead.", false);
        o.record.status = "provisioning";
        o.target_status = "running";
        o.transition_at = now + delay(kRebootDelay, external_id, name);
        break;
    }
    o.updated_at = now;
    store_.save(o);
    return *effective(o, now);
  }

  std::vector<std::string> changed_since(Millis since) override {
    maybe_fail("changes", std::to_string(since), false);
    return store_.changed_since(since, clock_.now_ms());
  }

  std::vector<MetricPoint> metrics(const std::string& external_id, const std::string& /*region*/,
                                   const std::string& metric, Millis from, Millis to, Millis step_ms) override {
    maybe_fail("metrics", external_id, false);
    if (!metric_named(metric) || step_ms <= 0 || to < from || (to - from) / step_ms + 1 > kMaxMetricPoints)
      return metric_series(MetricSubject{}, metric, from, to, step_ms);  // throws the precise error
    auto found = locate(external_id, clock_.now_ms());
    if (!found) throw not_found(external_id);
    MetricSubject subject;
    subject.key = key(inventory_key(), hash_text(external_id));
    subject.type = found->record.type;
    subject.active_from = found->record.created_at;
    if (auto index = inventory_.index_of(external_id)) {
      subject.cpu_level = planted_cpu_level(*index);
      subject.no_traffic = planted_without_traffic(*index);
    }
    if (found->stored) {
      subject.inactive_from = found->stored->stopped_since;  // set by stop/delete, cleared by start
    } else if (found->record.status == "stopped") {
      subject.inactive_from = found->record.created_at;  // stopped all along, as far as we know
    }
    return metric_series(subject, metric, from, to, step_ms);
  }

  std::vector<CostLine> costs(const std::string& from_date, const std::string& to_date) override {
    auto first = parse_day(from_date);
    auto last = parse_day(to_date);
    if (!first || !last) throw ProviderError("InvalidParameterValue", "Dates must be YYYY-MM-DD.");
    if (*last < *first) throw ProviderError("InvalidParameterValue", "The end date is before the start date.");
    if ((*last - *first) / kDayMs + 1 > kMaxCostDays)
      throw ProviderError("InvalidParameterValue", "At most " + std::to_string(kMaxCostDays) + " days at a time.");
    maybe_fail("costs", from_date + to_date, false);
    const Millis now = clock_.now_ms();
    const Millis end = std::min(*last, day_floor(now));  // nothing is billed for days to come
    std::vector<CostLine> lines;
    if (end < *first) return lines;
    const size_t days = static_cast<size_t>((end - *first) / kDayMs + 1);
    auto day_at = [&](size_t d) { return *first + static_cast<Millis>(d) * kDayMs; };

    std::unordered_map<std::int64_t, StoredObject> changed;
    std::vector<StoredObject> created;
    for (auto& o : store_.all()) {
      if (!current(o)) continue;
      if (o.base_index)
        changed.emplace(*o.base_index, std::move(o));
      else
        created.push_back(std::move(o));
    }
    const bool aggregate =
        (inventory_.size() + static_cast<std::int64_t>(created.size())) * static_cast<std::int64_t>(days) >
        kMaxCostLines;

    // Daily totals per flavour (for the account-level lines) and, when aggregating, per
    // (service, region, flavour) as difference arrays: +monthly on the first billed day,
    // −monthly after the last, so a million resources cost one pass.
    struct FlavourDays {
      std::vector<double> list, billed, purchase;  // usage at list price, usage billed, plan fees
    };
    std::map<std::string, FlavourDays> per_flavour;
    auto flavour_days = [&](const std::string& flavour) -> FlavourDays& {
      auto [it, added] = per_flavour.try_emplace(flavour);
      if (added)
        it->second = {std::vector<double>(days, 0.0), std::vector<double>(days, 0.0), std::vector<double>(days, 0.0)};
      return it->second;
    };
    struct Group {
      std::string service, region, provider;
      std::vector<double> diff;
    };
    std::vector<Group> groups;
    std::unordered_map<std::string, size_t> group_of;
    const std::uint64_t account_key = inventory_key();
    const std::string spike_region = inventory_.regions().empty() ? std::string() : inventory_.regions().front();
    const std::optional<Millis> planted_spike = inventory_.settings().spike_on;
    auto shape = [&](const std::string& service, const std::string& region, Millis day) {
      double f = billing::seasonality(service, day);
      const bool planted = planted_spike && day / 86'400'000 == *planted_spike / 86'400'000;
      if (service == "Compute" && region == spike_region && (planted || billing::is_spike_day(account_key, day)))
        f *= billing::kSpikeFactor;
      return f;
    };

    auto bill = [&](const ResourceRecord& r, double monthly, Millis from_day, Millis until_day) {
      const Millis a = std::max(*first, from_day), b = std::min(end, until_day);
      if (monthly <= 0 || a > b) return;
      const size_t ia = static_cast<size_t>((a - *first) / kDayMs), ib = static_cast<size_t>((b - *first) / kDayMs);
      const std::string service(service_of(r.type));
      if (aggregate) {
        auto [it, added] = group_of.try_emplace(service + '\n' + r.region + '\n' + r.provider, groups.size());
        if (added) groups.push_back({service, r.region, r.provider, std::vector<double>(days + 1, 0.0)});
        groups[it->second].diff[ia] += monthly;
        groups[it->second].diff[ib + 1] -= monthly;
        return;
      }
      auto& totals = flavour_days(r.provider);
      const std::uint64_t rk = key(inventory_key(), hash_text(r.external_id), 0xb111);
      const bool covered = billing::covered_by_commitment(rk, r.type);
      const std::string sku = r.spec.contains("instanceType") && r.spec["instanceType"].is_string()
                                  ? r.spec["instanceType"].get<std::string>()
                                  : r.type;
      for (size_t d = ia; d <= ib; ++d) {
        const Millis day = day_at(d);
        double list = monthly / 30.0 * (1 + 0.06 * (unit(key(rk, static_cast<std::uint64_t>(day))) - 0.5)) *
                      shape(service, r.region, day);
        CostLine line{day_text(day), r.external_id, service, r.region, round4(list)};
        line.provider = r.provider;
        line.resource_name = r.name;
        line.resource_type = r.type;
        line.tags = r.tags;
        line.sku_id = sku;
        line.quantity = 24;
        line.unit = "Hours";
        totals.list[d] += list;
        if (covered) {
          line.amount = 0;
          line.list_amount = round4(list);
          line.effective_amount = round4(list * billing::kCommitmentRate);
          line.commitment_id = billing::commitment_id(account_key, r.provider);
          line.commitment_type = "Savings Plan";
          line.commitment_category = "Spend";
          line.commitment_status = "Used";
          line.description = "Covered by the compute savings plan";
          // The plan is sized, each month, to what it covers on the 1st.
          if (line.date.compare(8, 2, "01") == 0) totals.purchase[d] += monthly * billing::kCommitmentRate;
        } else {
          totals.billed[d] += list;
        }
        lines.push_back(std::move(line));
      }
    };
    auto bill_object = [&](const StoredObject& o) {
      const std::string status = o.status_at(now);
      const ResourceRecord& r = o.record;
      if (status == "gone" || status == "terminated") {
        // Billed as running until the day before it was deleted.
        bill(r, inventory_.price(r).running, day_floor(r.created_at), day_floor(o.updated_at) - kDayMs);
      } else {
        bill(r, inventory_.price(r).for_status(status), day_floor(r.created_at), end);
      }
    };
    for (std::int64_t i = 0; i < inventory_.size(); ++i) {
      auto it = changed.find(i);
      if (it != changed.end()) {
        bill_object(it->second);
      } else {
        ResourceRecord r = inventory_.at(i);
        bill(r, r.monthly_cost, day_floor(r.created_at), end);
      }
    }
    for (const auto& o : created) bill_object(o);

    for (const auto& g : groups) {
      auto& totals = flavour_days(g.provider);
      const std::uint64_t gk = key(inventory_key(), hash_text(g.service), hash_text(g.region));
      double monthly = 0;
      for (size_t d = 0; d < days; ++d) {
        monthly += g.diff[d];
        if (monthly <= 1e-9) continue;
        double amount = monthly / 30.0 * (1 + 0.02 * (unit(key(gk, static_cast<std::uint64_t>(day_at(d)))) - 0.5)) *
                        shape(g.service, g.region, day_at(d));
        totals.list[d] += amount;
        totals.billed[d] += amount;
        CostLine line{day_text(day_at(d)), "", g.service, g.region, round4(amount)};
        line.provider = g.provider;
        lines.push_back(std::move(line));
      }
    }

    // Account-level charges per flavour: support plan, data transfer out, the savings plan's fee,
    // a promotional credit, and tax on everything billed that day.
    for (const auto& entry : per_flavour) {
      // Named, not a structured binding: the lambda below captures it (clang 14 cannot).
      const auto& flavour = entry.first;
      const auto& totals = entry.second;
      std::string primary;
      for (const auto& region : inventory_.regions())
        if (inventory_.flavour_of_region(region) == flavour_named(flavour)) {
          primary = region;
          break;
        }
      auto account_line = [&](size_t d, const char* service, const std::string& region, double amount,
                              const char* category, const char* description) {
        CostLine line{day_text(day_at(d)), "", service, region, round4(amount)};
        line.provider = flavour;
        line.charge_category = category;
        line.description = description;
        return line;
      };
      for (size_t d = 0; d < days; ++d) {
        if (totals.list[d] <= 0) continue;
        const std::uint64_t dk = key(inventory_key(), hash_text(flavour), static_cast<std::uint64_t>(day_at(d)));
        const double support = std::max(100.0 / 30.0, 0.03 * totals.list[d]);
        const double transfer = totals.list[d] * (0.015 + 0.01 * unit(dk));
        const double credit = -billing::kCreditRate * totals.list[d];
        lines.push_back(account_line(d, "Support", "global", support, "Usage", "Support plan"));
        lines.push_back(account_line(d, "Data Transfer", primary, transfer, "Usage", "Data transfer out"));
        if (totals.purchase[d] > 0) {
          CostLine fee = account_line(d, "Compute", primary, totals.purchase[d], "Purchase",
                                      "Compute savings plan, 1 year, no upfront: monthly fee");
          fee.charge_frequency = "Recurring";
          fee.effective_amount = 0.0;  // amortized into the covered usage lines
          fee.commitment_id = billing::commitment_id(account_key, flavour);
          fee.commitment_type = "Savings Plan";
          fee.commitment_category = "Spend";
          lines.push_back(std::move(fee));
        }
        lines.push_back(account_line(d, "Credits", "global", credit, "Credit", "Promotional credit"));
        const double taxed = totals.billed[d] + support + transfer + totals.purchase[d] + credit;
        lines.push_back(account_line(d, "Tax", "global", billing::kTaxRate * taxed, "Tax", "Sales tax"));
      }
    }
    return lines;
  }

 private:
  struct Cursor {
    bool in_base = true;
    std::int64_t offset = 0;  // base phase
    std::int64_t seq = 0;     // created phase: after (seq, id)
    std::string id;
  };

  struct Located {
    std::optional<StoredObject> stored;
    ResourceRecord record;  // as reported now
  };

  std::uint64_t inventory_key() const {
    return key(hash_text(inventory_.settings().scenario), static_cast<std::uint64_t>(inventory_.settings().seed));
  }

  static ProviderError not_found(const std::string& external_id) {
    return ProviderError("NotFound", "The resource '" + external_id + "' does not exist.", false);
  }

  Cursor parse_token(const std::string& token) const {
    Cursor c;
    if (token.empty()) return c;
    auto bad = [] { return ProviderError("InvalidParameterValue", "The page token is not valid.", false); };
    auto number = [&](const std::string& s) {
      if (s.empty() || s.size() > 18 || s.find_first_not_of("0123456789") != std::string::npos) throw bad();
      return std::stoll(s);
    };
    if (token.rfind("b:", 0) == 0) {
      c.offset = number(token.substr(2));
      if (c.offset >= inventory_.size()) throw bad();
      return c;
    }
    if (token.rfind("c:", 0) == 0) {
      size_t colon = token.find(':', 2);
      if (colon == std::string::npos) throw bad();
      c.in_base = false;
      c.seq = number(token.substr(2, colon - 2));
      c.id = token.substr(colon + 1);
      return c;
    }
    throw bad();
  }

  /// The record as reported at `now` (status after any reached transition, price for that
  /// status); nullopt once it is gone.
  std::optional<ResourceRecord> effective(const StoredObject& o, Millis now) const {
    std::string status = o.status_at(now);
    if (status == "gone") return std::nullopt;
    ResourceRecord r = o.record;
    r.status = status;
    r.monthly_cost = round2(inventory_.price(r).for_status(status));
    return r;
  }

  /// False for rows left over from different credentials (another seed, scenario or size): the
  /// generated resource they changed is not part of this account any more.
  bool current(const StoredObject& o) const {
    if (!o.base_index) return true;
    return *o.base_index < inventory_.size() && inventory_.external_id_at(*o.base_index) == o.external_id;
  }

  std::optional<Located> locate(const std::string& external_id, Millis now) {
    if (auto o = store_.find(external_id); o && current(*o)) {
      auto r = effective(*o, now);
      if (!r) return std::nullopt;
      return Located{std::move(o), std::move(*r)};
    }
    if (auto index = inventory_.index_of(external_id)) return Located{std::nullopt, inventory_.at(*index)};
    return std::nullopt;
  }

  /// The state to change: the stored row (settled at `now`) or a new override of a generated
  /// resource. NotFound when there is no such resource (any more).
  StoredObject load_for_change(const std::string& external_id, Millis now) {
    auto found = locate(external_id, now);
    if (!found) throw not_found(external_id);
    if (found->stored) {
      StoredObject o = std::move(*found->stored);
      o.settle(now);
      return o;
    }
    StoredObject o;
    o.external_id = external_id;
    o.base_index = inventory_.index_of(external_id);
    o.record = std::move(found->record);
    if (o.record.status == "stopped") o.stopped_since = o.record.created_at;
    return o;
  }

  Millis delay(Delay d, const std::string& external_id, std::string_view op) const {
    double u = unit(key(inventory_key(), hash_text(external_id), hash_text(op)));
    return d.min + static_cast<Millis>(u * static_cast<double>(d.max - d.min));
  }

  /// Failure injection (see the header). `write` operations fail with probability failureRate,
  /// reads with failureRate².
  void maybe_fail(std::string_view op, std::string_view subject, bool write, std::string_view type = "") const {
    const double rate = inventory_.settings().failure_rate;
    if (rate <= 0) return;
    const double p = write ? rate : rate * rate;
    const Millis second = clock_.now_ms() / 1000;
    const std::uint64_t h = key(inventory_key(), hash_text(op), hash_text(subject), static_cast<std::uint64_t>(second));
    if (unit(h) >= p) return;
    const double kind = unit(mix(h ^ 0x5eedULL));
    const bool capacity_op = op == "create" || op == "start";
    if (!write || !capacity_op || kind < 0.6) {
      if (unit(mix(h ^ 0x7a11ULL)) < 0.5) throw ProviderError("RequestLimitExceeded", "Request limit exceeded.", true);
      throw ProviderError("Throttling", "Rate exceeded", true);
    }
    if (op == "create" && (kind < 0.8 || (type != "server" && type != "database")))
      throw ProviderError("QuotaExceeded",
                          "You have exceeded your quota for this resource type in this region. Request a quota "
                          "increase or delete unused resources.",
                          false);
    throw ProviderError("InsufficientInstanceCapacity",
                        "We currently do not have sufficient capacity in the Availability Zone you requested. "
                        "Try another Availability Zone or try again later.",
                        false);
  }

  Inventory inventory_;
  StateStore store_;
  const Clock& clock_;
  std::uint64_t account_key_;
  std::atomic<std::uint64_t> counter_{0};
};

}  // namespace

ProviderKind simulated_kind() {
  ProviderKind kind;
  kind.name = "simulated";
  kind.validate = [](const nlohmann::json& credentials, const nlohmann::json&) {
    return validate_credentials(credentials);
  };
  kind.create = [](const ProviderAccount& account, ProviderDeps deps) -> std::unique_ptr<CloudProvider> {
    if (auto problems = validate_credentials(account.credentials); !problems.empty())
      throw ProviderError("InvalidParameterValue",
                          "Invalid simulated credentials: " + problems.begin()->first + " " + problems.begin()->second,
                          false);
    return std::make_unique<SimulatedProvider>(account, deps);
  };
  kind.forget = [](storage::Database& db, const std::string& account_id) { StateStore::forget(db, account_id); };
  kind.actions = [](std::string_view type) {
    std::vector<std::string> out;
    if (can_start_stop(type)) out = {"start", "stop"};
    if (can_reboot(type)) out.push_back("reboot");
    return out;
  };
  return kind;
}

void forget_account(storage::Database& db, const std::string& account_id) { StateStore::forget(db, account_id); }

}  // namespace cw::providers::simulated
