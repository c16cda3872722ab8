#include "providers/gcp/json_responses.hpp"
#include "core/json_parse.hpp"
#include "providers/gcp/json_fields.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>

namespace cw::providers::gcp {
namespace {

using nlohmann::json;
using namespace json_fields;  // str, array_at, invalid, … shared by the GCP parsers

/// Compute serialises int64 fields as decimal strings ("sizeGb": "10").
double int64_field(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return 0;
  if (it->is_number()) return it->get<double>();
  if (!it->is_string()) invalid(std::string("field ") + key + " is not a number");
  try {
    return std::stod(it->get<std::string>());
  } catch (const std::exception&) { invalid(std::string("field ") + key + " is not a number"); }
}

/// selfLink "https://www.googleapis.com/compute/v1/projects/p/zones/z/instances/n" →
/// "projects/p/zones/z/instances/n", the id the Compute API addresses the resource by.
std::string compute_path(const json& item, const char* what) {
  std::string link = required_str(item, "selfLink", what);
  size_t at = link.find("/projects/");
  if (at == std::string::npos) invalid(std::string(what) + " selfLink without /projects/");
  return link.substr(at + 1);
}

ResourceRecord instance_record(const json& i) {
  if (!i.is_object()) invalid("instance is not an object");
  ResourceRecord r;
  r.provider = "gcp";
  r.external_id = compute_path(i, "instance");
  r.name = required_str(i, "name", "instance");
  r.type = "server";
  std::string zone = last_segment(str(i, "zone"));
  r.region = region_of_zone(zone);
  r.status = instance_status(str(i, "status"));
  r.created_at = timestamp(i, "creationTimestamp");
  r.tags = string_map(i, "labels");
  double disk_gb = 0;
  for (const auto& d : array_at(i, "disks")) disk_gb += d.is_object() ? int64_field(d, "diskSizeGb") : 0;
  r.spec = {{"instanceType", last_segment(str(i, "machineType"))}, {"zone", zone}, {"id", str(i, "id")}};
  if (disk_gb > 0) r.spec["storageGb"] = disk_gb;
  if (auto cpu = str(i, "cpuPlatform"); !cpu.empty()) r.spec["cpuPlatform"] = cpu;
  if (i.contains("scheduling") && i["scheduling"].is_object())
    r.spec["preemptible"] = i["scheduling"].value("preemptible", false);
  json public_ips = json::array();
  for (const auto& nic : array_at(i, "networkInterfaces")) {
    if (!nic.is_object()) invalid("network interface is not an object");
    for (const auto& ac : array_at(nic, "accessConfigs"))
      if (ac.is_object() && !str(ac, "natIP").empty()) public_ips.push_back(str(ac, "natIP"));
  }
  r.posture = {{"publicAccess", !public_ips.empty()},
               {"publicIps", public_ips},
               {"deletionProtection", i.value("deletionProtection", false)}};
  // The Compute Engine default service account (Editor on the project unless changed).
  bool default_account = false;
  for (const auto& sa : array_at(i, "serviceAccounts"))
    if (sa.is_object() && str(sa, "email").ends_with("-compute@developer.gserviceaccount.com")) default_account = true;
  r.posture["defaultServiceAccount"] = default_account;
  // The interactive serial console: the instance's metadata item serial-port-enable.
  bool serial = false;
  if (i.contains("metadata") && i["metadata"].is_object())
    for (const auto& item : array_at(i["metadata"], "items"))
      if (item.is_object() && str(item, "key") == "serial-port-enable") {
        std::string v = item.contains("value") && item["value"].is_string() ? item["value"].get<std::string>() : "";
        serial = v == "true" || v == "TRUE" || v == "1";
      }
  r.posture["serialPortEnabled"] = serial;
  // Shielded VM: secure boot, vTPM and integrity monitoring all on (absent: not shielded).
  const json& shielded = i.contains("shieldedInstanceConfig") && i["shieldedInstanceConfig"].is_object()
                             ? i["shieldedInstanceConfig"]
                             : json::object();
  r.posture["shieldedVm"] = shielded.value("enableSecureBoot", false) && shielded.value("enableVtpm", false) &&
                            shielded.value("enableIntegrityMonitoring", false);
  return r;
}

std::string disk_status(const std::string& s) {
  if (s == "READY") return "running";
  if (s == "CREATING" || s == "RESTORING") return "provisioning";
  if (s == "DELETING") return "terminated";
  return "error";  // FAILED, UNAVAILABLE and anything new
}

ResourceRecord disk_record(const json& d) {
  if (!d.is_object()) invalid("disk is not an object");
  ResourceRecord r;
  r.provider = "gcp";
  r.external_id = compute_path(d, "disk");
  r.name = required_str(d, "name", "disk");
  r.type = "storage";
  // Zonal disks name their zone, regional (replicated) disks their region.
  std::string zone = last_segment(str(d, "zone"));
  r.region = zone.empty() ? last_segment(str(d, "region")) : region_of_zone(zone);
  r.status = disk_status(str(d, "status"));
  r.created_at = timestamp(d, "creationTimestamp");
  r.tags = string_map(d, "labels");
  json attached = json::array();
  for (const auto& u : array_at(d, "users"))
    attached.push_back(last_segment(u.is_string() ? u.get<std::string>() : ""));
  r.spec = {{"storageGb", int64_field(d, "sizeGb")},
            {"diskType", last_segment(str(d, "type"))},
            {"attachedTo", attached},
            {"kind", "disk"}};
  if (!zone.empty()) r.spec["zone"] = zone;
  // Compute Engine encrypts every disk at rest with Google-managed keys; diskEncryptionKey is
  // present only when the customer supplied or manages the key (CSEK / CMEK).
  bool customer_key = d.contains("diskEncryptionKey") && d["diskEncryptionKey"].is_object();
  r.posture = {{"encrypted", true}, {"customerManagedKey", customer_key}, {"attached", !attached.empty()}};
  if (customer_key) {
    std::string kms = str(d["diskEncryptionKey"], "kmsKeyName");
    if (!kms.empty()) r.posture["kmsKeyName"] = kms;
  }
  return r;
}

bool world_open(const std::string& cidr) { return cidr == "0.0.0.0/0" || cidr == "::/0"; }

ResourceRecord firewall_record(const json& f) {
  if (!f.is_object()) invalid("firewall is not an object");
  ResourceRecord r;
  r.provider = "gcp";
  r.external_id = compute_path(f, "firewall");
  r.name = required_str(f, "name", "firewall");
  r.type = "network";
  r.region = "global";  // firewall rules belong to a VPC network, which is global
  bool disabled = f.value("disabled", false);
  r.status = disabled ? "stopped" : "running";
  r.created_at = timestamp(f, "creationTimestamp");
  std::string direction = str(f, "direction");
  if (direction.empty()) direction = "INGRESS";  // the API default
  const json& ranges = array_at(f, "sourceRanges");
  const json& allowed = array_at(f, "allowed");
  r.spec = {{"kind", "firewall"},     {"network", last_segment(str(f, "network"))},
            {"direction", direction}, {"priority", f.value("priority", 1000)},
            {"sourceRanges", ranges}, {"allowed", allowed}};
  // Open to the world = an enabled INGRESS allow rule whose sources include 0.0.0.0/0 (or ::/0).
  json open_ports = json::array();
  if (!disabled && direction == "INGRESS") {
    for (const auto& cidr : ranges) {
      if (!cidr.is_string() || !world_open(cidr.get<std::string>())) continue;
      for (const auto& rule : allowed) {
        if (!rule.is_object()) invalid("firewall allowed entry is not an object");
        std::string protocol = str(rule, "IPProtocol");
        const json& ports = array_at(rule, "ports");
        if (ports.empty()) {  // no ports listed = every port of the protocol
          open_ports.push_back({{"port", 0}, {"toPort", 65535}, {"protocol", protocol}, {"cidr", cidr}});
          continue;
        }
        for (const auto& p : ports) {
          std::string spec = p.is_string() ? p.get<std::string>() : "";
          try {
            size_t dash = spec.find('-');
            int from = std::stoi(spec.substr(0, dash));
            int to = dash == std::string::npos ? from : std::stoi(spec.substr(dash + 1));
            json entry = {{"port", from}, {"protocol", protocol}, {"cidr", cidr}};
            if (to != from) entry["toPort"] = to;
            open_ports.push_back(entry);
          } catch (const std::exception&) { invalid("firewall port \"" + spec + "\" is not a port or range"); }
        }
      }
    }
  }
  r.posture = {{"openPorts", open_ports}, {"publicAccess", !open_ports.empty()}};
  return r;
}

ResourceRecord bucket_record(const json& b) {
  if (!b.is_object()) invalid("bucket is not an object");
  ResourceRecord r;
  r.provider = "gcp";
  r.name = required_str(b, "name", "bucket");
  r.external_id = "projects/_/buckets/" + r.name;  // Cloud Storage's canonical resource name
  r.type = "storage";
  // Bucket locations are upper case and may be multi-regions ("US", "EU").
  std::string location = str(b, "location");
  std::transform(location.begin(), location.end(), location.begin(), [](unsigned char c) { return std::tolower(c); });
  r.region = location;
  r.status = "running";
  r.created_at = timestamp(b, "timeCreated");
  r.tags = string_map(b, "labels");
  json iam =
      b.contains("iamConfiguration") && b["iamConfiguration"].is_object() ? b["iamConfiguration"] : json::object();
  std::string prevention = str(iam, "publicAccessPrevention");
  if (prevention.empty()) prevention = "inherited";  // what the API reports when never set
  bool uniform = iam.contains("uniformBucketLevelAccess") && iam["uniformBucketLevelAccess"].is_object() &&
                 iam["uniformBucketLevelAccess"].value("enabled", false);
  bool versioning = b.contains("versioning") && b["versioning"].is_object() && b["versioning"].value("enabled", false);
  std::string kms =
      b.contains("encryption") && b["encryption"].is_object() ? str(b["encryption"], "defaultKmsKeyName") : "";
  r.spec = {
      {"kind", "bucket"}, {"location", location}, {"storageClass", str(b, "storageClass")}, {"versioning", versioning}};
  // The listing does not show IAM bindings: "publicAccess" means public access is not prevented
  // (publicAccessPrevention is not "enforced"), i.e. a grant to allUsers would take effect.
  // Without uniform bucket-level access, object ACLs can also make single objects public.
  r.posture = {{"publicAccess", prevention != "enforced"},
               {"publicAccessPrevention", prevention},
               {"uniformBucketLevelAccess", uniform},
               {"versioning", versioning},
               {"encrypted", true},  // Cloud Storage always encrypts at rest
               {"customerManagedKey", !kms.empty()}};
  if (!kms.empty()) r.posture["kmsKeyName"] = kms;
  return r;
}

/// items: {"zones/us-central1-a": {"<field>": [...]} | {"warning": {...}}, ...}
RecordPage parse_aggregated(const std::string& body, const char* field,
                            const std::function<ResourceRecord(const json&)>& to_record) {
  json j = parse_object(body, "aggregated list");
  RecordPage page;
  page.next_page_token = str(j, "nextPageToken");
  auto items = j.find("items");
  if (items == j.end() || items->is_null()) return page;
  if (!items->is_object()) invalid("aggregated list items is not an object of scopes");
  for (const auto& [scope, entry] : items->items()) {
    if (!entry.is_object()) invalid("scope " + scope + " is not an object");
    // A scope with nothing in it carries {"warning": {"code": "NO_RESULTS_ON_PAGE", …}} instead.
    for (const auto& item : array_at(entry, field)) page.items.push_back(to_record(item));
  }
  return page;
}

RecordPage parse_list(const std::string& body, const std::function<ResourceRecord(const json&)>& to_record) {
  json j = parse_object(body, "list");
  RecordPage page;
  page.next_page_token = str(j, "nextPageToken");
  for (const auto& item : array_at(j, "items")) page.items.push_back(to_record(item));
  return page;
}

}  // namespace

std::string instance_status(const std::string& s) {
  if (s == "RUNNING") return "running";
  if (s == "PROVISIONING" || s == "STAGING") return "provisioning";
  // TERMINATED is GCP's word for a stopped VM (its disks remain); deleted VMs vanish from lists.
  if (s == "STOPPING" || s == "TERMINATED" || s == "SUSPENDING" || s == "SUSPENDED") return "stopped";
  return "error";  // REPAIRING and anything new
}

std::string region_of_zone(const std::string& zone) {
  std::string z = last_segment(zone);
  size_t dash = z.rfind('-');
  return dash == std::string::npos ? z : z.substr(0, dash);
}

RecordPage parse_instance_aggregated_list(const std::string& body) {
  return parse_aggregated(body, "instances", instance_record);
}
RecordPage parse_disk_aggregated_list(const std::string& body) { return parse_aggregated(body, "disks", disk_record); }
RecordPage parse_firewall_list(const std::string& body) { return parse_list(body, firewall_record); }
RecordPage parse_bucket_list(const std::string& body) { return parse_list(body, bucket_record); }

ResourceRecord parse_instance(const std::string& body) { return instance_record(parse_object(body, "instance")); }
ResourceRecord parse_disk(const std::string& body) { return disk_record(parse_object(body, "disk")); }
ResourceRecord parse_firewall(const std::string& body) { return firewall_record(parse_object(body, "firewall")); }
ResourceRecord parse_bucket(const std::string& body) { return bucket_record(parse_object(body, "bucket")); }

namespace {

/// The points of one `timeSeries` entry, oldest first (the API sends them newest first).
std::vector<MetricPoint> series_points(const json& series, double scale) {
  if (!series.is_object()) invalid("time series is not an object");
  std::vector<MetricPoint> points;
  for (const auto& p : array_at(series, "points")) {
    if (!p.is_object() || !p.contains("interval") || !p["interval"].is_object() || !p.contains("value") ||
        !p["value"].is_object())
      invalid("time series point without interval or value");
    Millis at = timestamp(p["interval"], "endTime");
    const json& v = p["value"];
    double value;
    if (v.contains("doubleValue") && v["doubleValue"].is_number())
      value = v["doubleValue"].get<double>();
    else if (v.contains("int64Value"))
      value = int64_field(v, "int64Value");  // int64 as a string
    else
      invalid("time series point without a numeric value");
    points.push_back({at, value * scale});
  }
  std::sort(points.begin(), points.end(),
            [](const MetricPoint& a, const MetricPoint& b) { return a.timestamp < b.timestamp; });
  return points;
}

}  // namespace

TimeSeriesPage parse_time_series(const std::string& body, double scale) {
  json j = parse_object(body, "time series list");
  TimeSeriesPage page;
  page.next_page_token = str(j, "nextPageToken");
  for (const auto& series : array_at(j, "timeSeries")) {
    auto points = series_points(series, scale);
    page.points.insert(page.points.end(), points.begin(), points.end());
  }
  std::sort(page.points.begin(), page.points.end(),
            [](const MetricPoint& a, const MetricPoint& b) { return a.timestamp < b.timestamp; });
  return page;
}

LabelledSeriesPage parse_time_series_by(const std::string& body, const std::string& metric_label, double scale) {
  json j = parse_object(body, "time series list");
  LabelledSeriesPage page;
  page.next_page_token = str(j, "nextPageToken");
  for (const auto& series : array_at(j, "timeSeries")) {
    auto points = series_points(series, scale);
    const json* labels = nullptr;
    if (series.contains("metric") && series["metric"].is_object() && series["metric"].contains("labels") &&
        series["metric"]["labels"].is_object())
      labels = &series["metric"]["labels"];
    if (!labels || !labels->contains(metric_label) || !(*labels)[metric_label].is_string())
      invalid("time series without the metric label " + metric_label);
    page.series.emplace_back((*labels)[metric_label].get<std::string>(), std::move(points));
  }
  return page;
}

bool iam_policy_is_public(const std::string& body) {
  json j = parse_object(body, "bucket IAM policy");
  for (const auto& binding : array_at(j, "bindings")) {
    if (!binding.is_object()) invalid("IAM binding is not an object");
    for (const auto& member : array_at(binding, "members"))
      if (member == "allUsers" || member == "allAuthenticatedUsers") return true;
  }
  return false;
}

ProjectInfo parse_project(const std::string& body) {
  json j = parse_object(body, "project");
  return {required_str(j, "projectId", "project"), str(j, "projectNumber"), str(j, "name"), str(j, "lifecycleState"),
          timestamp(j, "createTime")};
}

std::vector<std::string> parse_region_names(const std::string& body) {
  json j = parse_object(body, "region list");
  std::vector<std::string> names;
  for (const auto& r : array_at(j, "items")) {
    if (!r.is_object()) invalid("region is not an object");
    names.push_back(required_str(r, "name", "region"));
  }
  return names;
}

std::string parse_instance_id(const std::string& body) {
  return required_str(parse_object(body, "instance"), "id", "instance");
}

std::optional<GoogleError> parse_google_error(const std::string& body) {
  json j = parse_untrusted_json(body);
  if (j.is_discarded() || !j.is_object() || !j.contains("error") || !j["error"].is_object()) return std::nullopt;
  const json& e = j["error"];
  GoogleError out;
  out.code = e.value("code", 0);
  out.status = e.contains("status") && e["status"].is_string() ? e["status"].get<std::string>() : "";
  out.message = e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>() : "";
  return out;
}

ProviderError error_from_response(long http_status, const std::string& body) {
  bool retryable = http_status == 429 || http_status >= 500;
  auto e = parse_google_error(body);
  std::string code = e && !e->status.empty() ? e->status : "HTTP " + std::to_string(http_status);
  std::string message =
      e && !e->message.empty() ? e->message : "Google Cloud answered HTTP " + std::to_string(http_status);
  return ProviderError(code, message, retryable);
}

}  // namespace cw::providers::gcp
