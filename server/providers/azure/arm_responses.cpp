#include "providers/azure/arm_responses.hpp"
#include "core/json_parse.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

#include "core/digits.hpp"
#include "providers/azure/arm_fields.hpp"

namespace cw::providers::azure {
namespace {

using nlohmann::json;

using arm_fields::invalid;

using arm_fields::lower;
using arm_fields::obj;
using arm_fields::str;

/// The fields every ARM resource shares: id, name, location, tags, creation time.
ResourceRecord base_record(const json& r, const char* type, const char* created_field) {
  if (!r.is_object() || str(r, "id").empty()) invalid("a resource without an id");
  ResourceRecord rec;
  rec.external_id = str(r, "id");
  rec.provider = "azure";
  rec.name = str(r, "name");
  rec.type = type;
  rec.region = str(r, "location");
  for (const auto& [k, v] : obj(r, "tags").items())
    if (v.is_string()) rec.tags[k] = v;
  if (auto t = parse_rfc3339(str(obj(r, "properties"), created_field))) rec.created_at = *t;
  return rec;
}

/// ARM provisioningState → status for resources without a richer state of their own.
std::string provisioning_status(const std::string& state, const char* when_succeeded = "running") {
  std::string s = lower(state);
  if (s == "failed" || s == "canceled") return "error";
  if (s == "deleting") return "terminated";
  if (s == "creating" || s == "updating" || s == "accepted" || s == "resolvingdns" || s == "provisioning" ||
      s == "migrating")
    return "provisioning";
  return when_succeeded;
}

/// "22", "8080-8084" or "*" → an openPorts entry (port, and toPort for a range).
json port_entry(const std::string& range) {
  json e = json::object();
  try {
    if (range == "*") {
      e["port"] = 0;
      e["toPort"] = 65535;
    } else if (size_t dash = range.find('-'); dash != std::string::npos) {
      int from = std::stoi(range.substr(0, dash)), to = std::stoi(range.substr(dash + 1));
      e["port"] = from;
      if (to != from) e["toPort"] = to;
    } else {
      e["port"] = std::stoi(range);
    }
  } catch (const std::exception&) { invalid("a security rule port range '" + range + "'"); }
  return e;
}

/// Sources that mean "anyone on the internet" in an NSG rule.
bool internet_source(const std::string& prefix) {
  return prefix == "*" || lower(prefix) == "internet" || prefix == "0.0.0.0/0" || prefix == "::/0";
}

}  // namespace

json parse_json(const std::string& body, const std::string& what) {
  json j = parse_untrusted_json(body);
  if (j.is_discarded()) invalid(what + " is not JSON");
  return j;
}

ArmPage parse_arm_page(const std::string& body, const std::string& what) {
  json j = parse_json(body, what);
  if (!j.is_object() || !j.contains("value") || !j["value"].is_array()) invalid(what + " has no \"value\" array");
  ArmPage page;
  for (auto& item : j["value"]) page.items.push_back(std::move(item));
  page.next_link = str(j, "nextLink");
  return page;
}

ProviderError arm_error(long status, const std::string& body) {
  bool retryable = status == 429 || status >= 500;
  json j = parse_untrusted_json(body);
  const json& e = obj(j, "error");
  std::string code = str(e, "code"), message = str(e, "message");
  if (code.empty())
    return ProviderError(status == 403   ? "Forbidden"
                         : status == 404 ? "NotFound"
                                         : "HttpError",
                         "Azure answered HTTP " + std::to_string(status), retryable);
  return ProviderError(code, "Azure: " + (message.empty() ? code : message), retryable);
}

ProviderError aad_error(long status, const std::string& body) {
  json j = parse_untrusted_json(body);
  std::string code = str(j, "error"), description = str(j, "error_description");
  if (code.empty())
    return ProviderError("AuthenticationFailed", "Azure AD token endpoint answered HTTP " + std::to_string(status),
                         status == 429 || status >= 500);
  // The description's first line ("AADSTS7000215: Invalid client secret provided…") says what is
  // wrong; the trace and correlation ids after it are noise here.
  description = description.substr(0, description.find_first_of("\r\n"));
  return ProviderError(code, "Azure AD: " + (description.empty() ? code : description), status >= 500);
}

std::string vm_status(const json& vm) {
  const json& props = obj(vm, "properties");
  const json& view = obj(props, "instanceView");
  std::string power, provisioning;
  if (view.contains("statuses") && view["statuses"].is_array())
    for (const auto& s : view["statuses"]) {
      std::string code = lower(str(s, "code"));
      if (code.rfind("powerstate/", 0) == 0) power = code.substr(11);
      if (code.rfind("provisioningstate/", 0) == 0) provisioning = code.substr(18);
    }
  if (provisioning.rfind("failed", 0) == 0) return "error";
  if (provisioning == "deleting") return "terminated";
  if (power == "running") return "running";
  if (power == "starting") return "provisioning";
  if (power == "stopped" || power == "stopping" || power == "deallocated" || power == "deallocating") return "stopped";
  if (!power.empty()) return "error";  // PowerState/unknown
  // No instance view (a plain GET): the power state is unknown, the provisioning state is all
  // there is, and a succeeded VM is normally running.
  return provisioning_status(provisioning.empty() ? str(props, "provisioningState") : provisioning);
}

ResourceRecord vm_record(const json& vm) {
  ResourceRecord rec = base_record(vm, "server", "timeCreated");
  const json& props = obj(vm, "properties");
  rec.status = vm_status(vm);
  rec.spec["instanceType"] = str(obj(props, "hardwareProfile"), "vmSize");
  const json& storage = obj(props, "storageProfile");
  const json& os_disk = obj(storage, "osDisk");
  if (!str(os_disk, "osType").empty()) rec.spec["osType"] = str(os_disk, "osType");
  const json& image = obj(storage, "imageReference");
  if (!str(image, "offer").empty())
    rec.spec["image"] = str(image, "publisher") + ":" + str(image, "offer") + ":" + str(image, "sku");
  double storage_gb = os_disk.value("diskSizeGB", 0.0);
  if (storage.contains("dataDisks") && storage["dataDisks"].is_array())
    for (const auto& d : storage["dataDisks"])
      if (d.is_object()) storage_gb += d.value("diskSizeGB", 0.0);
  if (storage_gb > 0) rec.spec["storageGb"] = storage_gb;
  const json& linux_config = obj(obj(props, "osProfile"), "linuxConfiguration");
  if (linux_config.contains("disablePasswordAuthentication") &&
      linux_config["disablePasswordAuthentication"].is_boolean())
    rec.posture["passwordAuthentication"] = !linux_config["disablePasswordAuthentication"].get<bool>();
  return rec;
}

ResourceRecord disk_record(const json& disk) {
  ResourceRecord rec = base_record(disk, "storage", "timeCreated");
  const json& props = obj(disk, "properties");
  std::string state = lower(str(props, "diskState"));
  rec.status = provisioning_status(str(props, "provisioningState"), state == "unattached" ? "stopped" : "running");
  rec.spec["kind"] = "managedDisk";
  if (props.contains("diskSizeGB") && props["diskSizeGB"].is_number()) rec.spec["storageGb"] = props["diskSizeGB"];
  if (!str(obj(disk, "sku"), "name").empty()) rec.spec["sku"] = str(obj(disk, "sku"), "name");
  if (!str(props, "diskState").empty()) rec.spec["diskState"] = str(props, "diskState");
  // Managed disks are always encrypted at rest (platform-managed keys unless a customer key is
  // configured); older API versions simply do not report the `encryption` block.
  std::string encryption = str(obj(props, "encryption"), "type");
  rec.posture["encrypted"] = true;
  rec.posture["customerManagedKey"] = encryption.find("CustomerKey") != std::string::npos;
  if (!str(props, "networkAccessPolicy").empty())
    rec.posture["publicAccess"] = str(props, "networkAccessPolicy") == "AllowAll";
  return rec;
}

ResourceRecord nsg_record(const json& nsg) {
  ResourceRecord rec = base_record(nsg, "network", "timeCreated");
  const json& props = obj(nsg, "properties");
  rec.status = provisioning_status(str(props, "provisioningState"));
  rec.spec["kind"] = "networkSecurityGroup";
  json open = json::array();
  if (props.contains("securityRules") && props["securityRules"].is_array())
    for (const auto& rule : props["securityRules"]) {
      const json& r = obj(rule, "properties");
      if (lower(str(r, "direction")) != "inbound" || lower(str(r, "access")) != "allow") continue;
      bool from_internet = internet_source(str(r, "sourceAddressPrefix"));
      if (r.contains("sourceAddressPrefixes") && r["sourceAddressPrefixes"].is_array())
        for (const auto& p : r["sourceAddressPrefixes"])
          if (p.is_string() && internet_source(p.get<std::string>())) from_internet = true;
      if (!from_internet) continue;
      std::vector<std::string> ranges;
      if (!str(r, "destinationPortRange").empty()) ranges.push_back(str(r, "destinationPortRange"));
      if (r.contains("destinationPortRanges") && r["destinationPortRanges"].is_array())
        for (const auto& p : r["destinationPortRanges"])
          if (p.is_string()) ranges.push_back(p.get<std::string>());
      for (const auto& range : ranges) {
        json e = port_entry(range);
        e["cidr"] = "0.0.0.0/0";
        e["protocol"] = str(r, "protocol");
        e["rule"] = str(rule, "name");
        open.push_back(std::move(e));
      }
    }
  rec.posture["openPorts"] = std::move(open);
  return rec;
}

ResourceRecord storage_account_record(const json& account) {
  ResourceRecord rec = base_record(account, "storage", "creationTime");
  const json& props = obj(account, "properties");
  rec.status =
      str(props, "statusOfPrimary") == "unavailable" ? "error" : provisioning_status(str(props, "provisioningState"));
  rec.spec["kind"] = "storageAccount";
  if (!str(account, "kind").empty()) rec.spec["accountKind"] = str(account, "kind");
  if (!str(obj(account, "sku"), "name").empty()) rec.spec["sku"] = str(obj(account, "sku"), "name");
  if (!str(props, "accessTier").empty()) rec.spec["accessTier"] = str(props, "accessTier");
  // Absent settings mean the service defaults of accounts created before they existed: blob public
  // access allowed, TLS 1.0 accepted, HTTP allowed.
  rec.posture["publicAccess"] = props.value("allowBlobPublicAccess", json(true)).is_boolean()
                                    ? props.value("allowBlobPublicAccess", json(true)).get<bool>()
                                    : true;
  rec.posture["httpsOnly"] =
      props.contains("supportsHttpsTrafficOnly") && props["supportsHttpsTrafficOnly"].is_boolean()
          ? props["supportsHttpsTrafficOnly"].get<bool>()
          : false;
  rec.posture["minimumTlsVersion"] =
      str(props, "minimumTlsVersion").empty() ? "TLS1_0" : str(props, "minimumTlsVersion");
  const json& blob = obj(obj(obj(props, "encryption"), "services"), "blob");
  rec.posture["encrypted"] = !blob.contains("enabled") || blob["enabled"] == true;
  std::string default_action = str(obj(props, "networkAcls"), "defaultAction");
  if (!default_action.empty()) rec.posture["networkDefaultAction"] = default_action;
  return rec;
}

ResourceRecord sql_server_record(const json& server) {
  ResourceRecord rec = base_record(server, "database", "creationDate");
  const json& props = obj(server, "properties");
  std::string state = lower(str(props, "state"));
  rec.status = state == "disabled" ? "stopped" : provisioning_status(str(props, "provisioningState"));
  rec.spec["engine"] = "sqlserver";
  rec.spec["kind"] = "sqlServer";
  if (!str(props, "version").empty()) rec.spec["version"] = str(props, "version");
  if (!str(props, "fullyQualifiedDomainName").empty()) rec.spec["endpoint"] = str(props, "fullyQualifiedDomainName");
  // The public endpoint exists unless it was switched off (older API versions do not report it).
  rec.posture["publicAccess"] = str(props, "publicNetworkAccess") != "Disabled";
  if (!str(props, "minimalTlsVersion").empty()) rec.posture["minimumTlsVersion"] = str(props, "minimalTlsVersion");
  return rec;
}

bool is_system_database(const json& database) { return str(database, "kind").find("system") != std::string::npos; }

ResourceRecord sql_database_record(const json& database) {
  ResourceRecord rec = base_record(database, "database", "creationDate");
  const json& props = obj(database, "properties");
  std::string status = lower(str(props, "status"));
  if (status == "online")
    rec.status = "running";
  else if (status == "paused" || status == "pausing" || status == "shutdown")
    rec.status = "stopped";
  else if (status == "creating" || status == "copying" || status == "restoring" || status == "scaling" ||
           status == "resuming" || status == "recovering" || status == "onlinechangingdwperformancetiers")
    rec.status = "provisioning";
  else if (status.empty())
    rec.status = provisioning_status(str(props, "provisioningState"));
  else
    rec.status = "error";  // Offline, Suspect, EmergencyMode, Inaccessible, …
  rec.spec["engine"] = "sqlserver";
  rec.spec["kind"] = "sqlDatabase";
  const json& sku = obj(database, "sku");
  if (!str(sku, "name").empty()) rec.spec["instanceType"] = str(sku, "name");
  if (!str(sku, "tier").empty()) rec.spec["tier"] = str(sku, "tier");
  if (sku.contains("capacity") && sku["capacity"].is_number()) rec.spec["capacity"] = sku["capacity"];
  if (props.contains("maxSizeBytes") && props["maxSizeBytes"].is_number())
    rec.spec["storageGb"] = std::round(props["maxSizeBytes"].get<double>() / (1024.0 * 1024 * 1024) * 100) / 100;
  size_t servers = rec.external_id.find("/servers/");
  if (servers != std::string::npos) {
    size_t start = servers + 9, end = rec.external_id.find('/', start);
    rec.spec["server"] = rec.external_id.substr(start, end == std::string::npos ? std::string::npos : end - start);
  }
  return rec;
}

Subscription parse_subscription(const std::string& body) {
  json j = parse_json(body, "the subscription");
  if (!j.is_object() || str(j, "subscriptionId").empty()) invalid("the subscription has no subscriptionId");
  return {str(j, "subscriptionId"), str(j, "displayName"), str(j, "tenantId"), str(j, "state")};
}

std::vector<std::string> parse_locations(const std::string& body) {
  std::vector<std::string> names;
  for (const auto& l : parse_arm_page(body, "the locations list").items)
    if (!str(l, "name").empty()) names.push_back(str(l, "name"));
  return names;
}

namespace {

/// The points of a metrics answer's `value` array (its first metric).
std::vector<MetricPoint> metric_points(const json& value, const std::string& aggregation) {
  std::vector<MetricPoint> points;
  if (value.empty()) return points;
  const json& metric = value[0];
  if (!metric.is_object() || !metric.contains("timeseries") || !metric["timeseries"].is_array())
    invalid("a metric without timeseries");
  for (const auto& series : metric["timeseries"]) {
    if (!series.is_object() || !series.contains("data") || !series["data"].is_array()) continue;
    for (const auto& d : series["data"]) {
      auto it = d.find(aggregation);
      if (it == d.end() || !it->is_number()) continue;  // no data for this interval
      auto at = parse_rfc3339(str(d, "timeStamp"));
      if (!at) invalid("a metric point with a bad timeStamp");
      points.push_back({*at, it->get<double>()});
    }
  }
  std::sort(points.begin(), points.end(),
            [](const MetricPoint& a, const MetricPoint& b) { return a.timestamp < b.timestamp; });
  return points;
}

}  // namespace

std::vector<MetricPoint> parse_metrics(const std::string& body, const std::string& aggregation) {
  json j = parse_json(body, "the metrics answer");
  if (!j.is_object() || !j.contains("value") || !j["value"].is_array()) invalid("the metrics answer has no value");
  return metric_points(j["value"], aggregation);
}

std::map<std::string, std::vector<MetricPoint>> parse_metrics_batch(const std::string& body,
                                                                    const std::string& aggregation) {
  json j = parse_json(body, "the metrics batch answer");
  if (!j.is_object() || !j.contains("values") || !j["values"].is_array())
    invalid("the metrics batch answer has no values");
  std::map<std::string, std::vector<MetricPoint>> out;
  for (const auto& v : j["values"]) {
    if (!v.is_object() || !v.contains("value") || !v["value"].is_array()) invalid("a batch entry without value");
    std::string id = str(v, "resourceid");
    if (id.empty()) invalid("a batch entry without resourceid");
    std::transform(id.begin(), id.end(), id.begin(), [](unsigned char c) { return std::tolower(c); });
    out[id] = metric_points(v["value"], aggregation);
  }
  return out;
}

CostQueryPage parse_cost_query(const std::string& body) {
  json j = parse_json(body, "the cost query answer");
  const json& props = obj(j, "properties");
  if (!props.contains("columns") || !props["columns"].is_array() || !props.contains("rows") ||
      !props["rows"].is_array())
    invalid("the cost query answer has no columns/rows");
  // Columns are found by name: their order depends on the query (grouping, aggregation).
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < props["columns"].size(); ++i) column[lower(str(props["columns"][i], "name"))] = i;
  auto find = [&](std::initializer_list<const char*> names) -> std::optional<size_t> {
    for (const char* n : names)
      if (auto it = column.find(n); it != column.end()) return it->second;
    return std::nullopt;
  };
  auto amount = find({"costusd", "pretaxcostusd", "cost", "pretaxcost"});
  if (!amount) invalid("the cost query answer has no cost column");
  auto date = find({"usagedate"}), service = find({"servicename"}), resource = find({"resourceid"}),
       region = find({"resourcelocation"});
  CostQueryPage page;
  page.has_date = date.has_value();
  page.next_link = str(props, "nextLink");
  for (const auto& row : props["rows"]) {
    if (!row.is_array() || row.size() != props["columns"].size()) invalid("a cost row that does not match the columns");
    auto text = [&](std::optional<size_t> c) { return c && row[*c].is_string() ? row[*c].get<std::string>() : ""; };
    if (!row[*amount].is_number()) invalid("a cost row without a numeric cost");
    CostLine line;
    line.amount = row[*amount].get<double>();
    line.service = text(service);
    line.resource_external_id = text(resource);
    line.region = text(region);
    if (date) {
      // UsageDate is a number (20190501) in JSON answers; some API versions send a date string.
      std::string d = row[*date].is_number() ? std::to_string(row[*date].get<long long>()) : text(date);
      if (d.size() == 8 && all_digits(d))
        line.date = d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2);
      else if (d.size() >= 10 && d[4] == '-' && d[7] == '-')
        line.date = d.substr(0, 10);
      else
        invalid("a cost row with a bad UsageDate");
    }
    page.lines.push_back(std::move(line));
  }
  return page;
}

}  // namespace cw::providers::azure
