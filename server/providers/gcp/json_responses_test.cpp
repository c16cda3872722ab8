// Parsers on genuine recordings (testdata/gcp/cloud-custodian-flights: {"headers", "body"} with
// the parsed body). Field names follow the compute/storage/monitoring discovery documents there.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/testdata.hpp"
#include "providers/gcp/json_responses.hpp"
#include "providers/gcp/resource_id.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::gcp {
namespace {

using cw::testing::read_testdata;
using nlohmann::json;

/// The recorded body of a flight response, re-serialised.
json recorded(const std::string& name) {
  return json::parse(read_testdata("gcp/cloud-custodian-flights/responses/" + name))["body"];
}

const ResourceRecord& by_name(const std::vector<ResourceRecord>& items, const std::string& name) {
  for (const auto& r : items)
    if (r.name == name) return r;
  throw std::runtime_error("no record " + name);
}

/// The three rules of a recorded getEffectiveFirewalls answer in the firewalls.list envelope
/// ({"kind": "compute#firewallList", "items": […]}); the recording has no plain list.
json firewall_list() {
  json rules = recorded(
      "instance-effective-firewall__get-compute-v1-projects-cloud-custodian-zones-us-east4-c-instances-"
      "iap-test-webapp-getEffectiveFirewalls_1.json")["firewalls"];
  return {{"kind", "compute#firewallList"}, {"items", rules}};
}

TEST(GcpJsonResponses, AnAnswerNestedTooDeepIsInvalidNotACrash) {
  // A hostile or broken endpoint (endpoints can be overridden) answering 100,000 nested arrays.
  std::string deep = "{\"items\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
  EXPECT_EQ(providers::testing::code_of([&] { parse_instance_aggregated_list(deep); }), "InvalidResponse");
  EXPECT_EQ(providers::testing::code_of([&] { parse_instance(deep); }), "InvalidResponse");
}

TEST(GcpJsonResponses, AggregatedInstancesSkipScopesThatOnlyCarryAWarning) {
  RecordPage page = parse_instance_aggregated_list(
      recorded("instance-create-machine-instance__get-compute-v1-projects-cloud-custodian-aggregated-instances_1.json")
          .dump());
  ASSERT_EQ(page.items.size(), 1u);  // 1 instance among 70+ scopes with NO_RESULTS_ON_PAGE warnings
  const ResourceRecord& r = page.items[0];
  EXPECT_EQ(r.external_id, "projects/cloud-custodian/zones/us-central1-a/instances/test-ingwar");
  EXPECT_EQ(r.provider, "gcp");
  EXPECT_EQ(r.name, "test-ingwar");
  EXPECT_EQ(r.type, "server");
  EXPECT_EQ(r.region, "us-central1");
  EXPECT_EQ(r.status, "stopped");  // TERMINATED
  EXPECT_EQ(r.spec["instanceType"], "n1-standard-1");
  EXPECT_EQ(r.spec["zone"], "us-central1-a");
  EXPECT_EQ(r.spec["id"], "3532009896116593480");
  EXPECT_EQ(r.spec["storageGb"], 10);
  EXPECT_EQ(r.tags, (json{{"os", "linux"}, {"running_schedule", "always_on"}}));
  EXPECT_EQ(r.created_at, *parse_rfc3339("2020-10-30T07:05:27.513-07:00"));
  EXPECT_EQ(r.posture["publicAccess"], false);  // no accessConfigs
  EXPECT_EQ(page.next_page_token, "");
}

TEST(GcpJsonResponses, InstanceWithAnExternalIpIsPublic) {
  ResourceRecord r = parse_instance(
      recorded("instance-get__get-compute-v1-projects-cloud-custodian-zones-us-central1-b-instances-c7n-jenkins_1.json")
          .dump());
  EXPECT_EQ(r.external_id, "projects/cloud-custodian/zones/us-central1-b/instances/c7n-jenkins");
  EXPECT_EQ(r.status, "running");
  EXPECT_EQ(r.posture["publicAccess"], true);
  EXPECT_EQ(r.posture["publicIps"].size(), 1u);
  // The recording runs as the Compute Engine default service account, unshielded, no serial port.
  EXPECT_EQ(r.posture["defaultServiceAccount"], true);
  EXPECT_EQ(r.posture["shieldedVm"], false);
  EXPECT_EQ(r.posture["serialPortEnabled"], false);
  // The same instance with its serial console on and fully shielded.
  json changed = recorded(
      "instance-get__get-compute-v1-projects-cloud-custodian-zones-us-central1-b-instances-c7n-jenkins_1.json");
  changed["metadata"]["items"] = json::array({{{"key", "serial-port-enable"}, {"value", "true"}}});
  changed["shieldedInstanceConfig"] = {
      {"enableSecureBoot", true}, {"enableVtpm", true}, {"enableIntegrityMonitoring", true}};
  changed["serviceAccounts"][0]["email"] = "app@cloud-custodian.iam.gserviceaccount.com";
  ResourceRecord c = parse_instance(changed.dump());
  EXPECT_EQ(c.posture["serialPortEnabled"], true);
  EXPECT_EQ(c.posture["shieldedVm"], true);
  EXPECT_EQ(c.posture["defaultServiceAccount"], false);
}

TEST(GcpJsonResponses, InstanceStatusesAndZones) {
  EXPECT_EQ(instance_status("RUNNING"), "running");
  EXPECT_EQ(instance_status("PROVISIONING"), "provisioning");
  EXPECT_EQ(instance_status("STAGING"), "provisioning");
  EXPECT_EQ(instance_status("STOPPING"), "stopped");
  EXPECT_EQ(instance_status("TERMINATED"), "stopped");
  EXPECT_EQ(instance_status("SUSPENDED"), "stopped");
  EXPECT_EQ(instance_status("REPAIRING"), "error");
  EXPECT_EQ(region_of_zone("europe-west12-b"), "europe-west12");
  EXPECT_EQ(region_of_zone("https://www.googleapis.com/compute/v1/projects/p/zones/us-east4-c"), "us-east4");
}

TEST(GcpJsonResponses, AggregatedDisks) {
  RecordPage page = parse_disk_aggregated_list(
      recorded("disk-query__get-compute-v1-projects-cloud-custodian-aggregated-disks_1.json").dump());
  ASSERT_EQ(page.items.size(), 6u);
  const ResourceRecord& d = by_name(page.items, "c7n-jenkins");
  EXPECT_EQ(d.external_id, "projects/cloud-custodian/zones/us-central1-b/disks/c7n-jenkins");
  EXPECT_EQ(d.type, "storage");
  EXPECT_EQ(d.status, "running");  // READY
  EXPECT_EQ(d.region, "us-central1");
  EXPECT_EQ(d.spec["storageGb"], 10);
  EXPECT_EQ(d.spec["diskType"], "pd-standard");
  EXPECT_EQ(d.spec["attachedTo"], json::array({"c7n-jenkins"}));
  EXPECT_EQ(d.posture["encrypted"], true);  // Google-managed encryption at rest
  EXPECT_EQ(d.posture["customerManagedKey"], false);

  // A later recording: warnings for regional and zonal scopes, disks in one zone.
  json later = recorded("disk-recommend__get-compute-v1-projects-cloud-custodian-aggregated-disks_1.json");
  page = parse_disk_aggregated_list(later.dump());
  ASSERT_EQ(page.items.size(), 2u);
  EXPECT_EQ(page.items[0].region, "us-central1");

  // diskEncryptionKey (documented Disk field) marks a customer-managed key.
  json disk = later["items"]["zones/us-central1-a"]["disks"][0];
  disk["diskEncryptionKey"] = {{"kmsKeyName", "projects/p/locations/us/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1"}};
  ResourceRecord cmek = parse_disk(disk.dump());
  EXPECT_EQ(cmek.posture["customerManagedKey"], true);
  EXPECT_EQ(cmek.posture["kmsKeyName"], "projects/p/locations/us/keyRings/r/cryptoKeys/k/cryptoKeyVersions/1");
}

TEST(GcpJsonResponses, FirewallsReportWorldOpenIngressPorts) {
  RecordPage page = parse_firewall_list(firewall_list().dump());
  ASSERT_EQ(page.items.size(), 3u);
  const ResourceRecord& ssh = by_name(page.items, "default-allow-ssh");
  EXPECT_EQ(ssh.external_id, "projects/cloud-custodian/global/firewalls/default-allow-ssh");
  EXPECT_EQ(ssh.type, "network");
  EXPECT_EQ(ssh.region, "global");
  EXPECT_EQ(ssh.status, "stopped");  // disabled
  EXPECT_EQ(ssh.spec["network"], "default");
  for (const auto& r : page.items) EXPECT_TRUE(r.posture["openPorts"].empty()) << r.name;  // no 0.0.0.0/0 source

  // The same recorded rules with their source opened to the world and enabled.
  json list = firewall_list();
  for (auto& rule : list["items"]) {
    rule["sourceRanges"] = json::array({"0.0.0.0/0"});
    rule["disabled"] = false;
  }
  page = parse_firewall_list(list.dump());
  EXPECT_EQ(by_name(page.items, "ssh-access-via-iap").posture["openPorts"],
            json::parse(R"([{"port":22,"protocol":"tcp","cidr":"0.0.0.0/0"},
                            {"port":3389,"protocol":"tcp","cidr":"0.0.0.0/0"}])"));
  const json& internal = by_name(page.items, "default-allow-internal").posture["openPorts"];
  ASSERT_EQ(internal.size(), 3u);
  EXPECT_EQ(internal[0], json::parse(R"({"port":0,"toPort":65535,"protocol":"tcp","cidr":"0.0.0.0/0"})"));
  EXPECT_EQ(internal[2]["protocol"], "icmp");
  EXPECT_EQ(by_name(page.items, "ssh-access-via-iap").posture["publicAccess"], true);

  // EGRESS rules never count as open ports.
  list["items"][1]["direction"] = "EGRESS";
  EXPECT_TRUE(by_name(parse_firewall_list(list.dump()).items, "ssh-access-via-iap").posture["openPorts"].empty());
}

TEST(GcpJsonResponses, Buckets) {
  RecordPage page = parse_bucket_list(recorded("bucket-uniform-bucket-access__get-storage-v1-b_1.json").dump());
  ASSERT_EQ(page.items.size(), 4u);
  const ResourceRecord& trail = by_name(page.items, "custodian-gce-trail");
  EXPECT_EQ(trail.external_id, "projects/_/buckets/custodian-gce-trail");
  EXPECT_EQ(trail.type, "storage");
  EXPECT_EQ(trail.region, "us-east1");
  EXPECT_EQ(trail.status, "running");
  EXPECT_EQ(trail.spec["storageClass"], "REGIONAL");
  EXPECT_EQ(trail.posture["uniformBucketLevelAccess"], true);
  EXPECT_EQ(trail.posture["publicAccessPrevention"], "inherited");
  EXPECT_EQ(trail.posture["publicAccess"], true);  // not prevented
  EXPECT_EQ(trail.posture["encrypted"], true);
  EXPECT_EQ(trail.posture["customerManagedKey"], false);
  EXPECT_EQ(by_name(page.items, "c7n-dev-test").posture["uniformBucketLevelAccess"], false);

  json labelled = recorded("bucket-label__get-storage-v1-b_1.json");
  page = parse_bucket_list(labelled.dump());
  ASSERT_EQ(page.items.size(), 10u);
  EXPECT_EQ(by_name(page.items, "c7n-bucket").tags, (json{{"goog-terraform-provisioned", "true"}, {"env", "default"}}));

  // Documented Bucket fields: enforced prevention, versioning, a default KMS key.
  json b = labelled["items"][1];
  b["iamConfiguration"]["publicAccessPrevention"] = "enforced";
  b["versioning"] = {{"enabled", true}};
  b["encryption"] = {{"defaultKmsKeyName", "projects/p/locations/us/keyRings/r/cryptoKeys/k"}};
  ResourceRecord locked = parse_bucket(b.dump());
  EXPECT_EQ(locked.posture["publicAccess"], false);
  EXPECT_EQ(locked.posture["versioning"], true);
  EXPECT_EQ(locked.posture["customerManagedKey"], true);
  EXPECT_EQ(locked.spec["versioning"], true);
}

TEST(GcpJsonResponses, TimeSeriesScaledAndOldestFirst) {
  TimeSeriesPage page =
      parse_time_series(recorded("filter-metrics__get-v3-projects-cloud-custodian-timeSeries_1.json").dump(), 100);
  ASSERT_EQ(page.points.size(), 1u);
  EXPECT_DOUBLE_EQ(page.points[0].value, 0.34935695658400334);
  EXPECT_EQ(page.points[0].timestamp, *parse_rfc3339("2021-04-01T18:36:07.478Z"));
  EXPECT_TRUE(
      parse_time_series(recorded("filter-no-metrics__get-v3-projects-cloud-custodian-timeSeries_1.json").dump(), 100)
          .points.empty());

  // Two recorded series' points together come back sorted by time.
  json a = recorded("filter-metrics-with-metric-key-as-instance-id__get-v3-projects-cloud-custodian-timeSeries_1.json");
  json b = recorded("filter-metrics__get-v3-projects-cloud-custodian-timeSeries_1.json");
  a["timeSeries"].push_back(b["timeSeries"][0]);
  page = parse_time_series(a.dump(), 1);
  ASSERT_EQ(page.points.size(), 2u);
  EXPECT_LT(page.points[0].timestamp, page.points[1].timestamp);
}

TEST(GcpJsonResponses, ProjectRegionsAndErrors) {
  ProjectInfo p = parse_project(recorded("project-hierarchy__get-v1-projects_1.json")["projects"][0].dump());
  EXPECT_EQ(p.project_id, "c7n-test-target");
  EXPECT_EQ(p.project_number, "413985786043");
  EXPECT_EQ(p.lifecycle_state, "ACTIVE");

  // Example body of developers.google.com/analytics/devguides/reporting/data/v1/errors ("Error format").
  std::string denied =
      R"({"error": {"code": 403, "message": "User does not have sufficient permissions for this property.", "status": "PERMISSION_DENIED"}})";
  ProviderError e = error_from_response(403, denied);
  EXPECT_EQ(e.code(), "PERMISSION_DENIED");
  EXPECT_EQ(std::string(e.what()), "User does not have sufficient permissions for this property.");
  EXPECT_FALSE(e.retryable());
  EXPECT_EQ(error_from_response(503, "<html>").code(), "HTTP 503");
  EXPECT_TRUE(error_from_response(503, "<html>").retryable());
}

TEST(GcpJsonResponses, MalformedAnswersFailWholeNeverHalfParsed) {
  using providers::testing::code_of;
  EXPECT_EQ(code_of([] { parse_instance_aggregated_list("{\"items\": "); }), "InvalidResponse");
  EXPECT_EQ(code_of([] { parse_instance_aggregated_list("[]"); }), "InvalidResponse");
  EXPECT_EQ(code_of([] { parse_instance_aggregated_list(R"({"items": []})"); }), "InvalidResponse");
  EXPECT_EQ(code_of([] { parse_bucket_list(R"({"items": {}})"); }), "InvalidResponse");
  EXPECT_EQ(code_of([] { parse_time_series(R"({"timeSeries": [{"points": [{"value": {}}]}]})", 1); }),
            "InvalidResponse");
  // One broken instance among good ones fails the page.
  json body =
      recorded("instance-create-machine-instance__get-compute-v1-projects-cloud-custodian-aggregated-instances_1.json");
  json broken = body["items"]["zones/us-central1-a"]["instances"][0];
  broken.erase("selfLink");
  body["items"]["zones/us-central1-a"]["instances"].push_back(broken);
  EXPECT_EQ(code_of([&] { parse_instance_aggregated_list(body.dump()); }), "InvalidResponse");
  body["items"]["zones/us-central1-a"]["instances"][1] = body["items"]["zones/us-central1-a"]["instances"][0];
  body["items"]["zones/us-central1-a"]["instances"][1]["name"] = 7;
  EXPECT_EQ(code_of([&] { parse_instance_aggregated_list(body.dump()); }), "InvalidResponse");
}

TEST(GcpResourceId, ParsesOnlyKnownShapesWithSafeSegments) {
  auto i = parse_resource_id("projects/cloud-custodian/zones/us-central1-a/instances/test-ingwar");
  ASSERT_TRUE(i);
  EXPECT_EQ(i->kind, ResourceId::Kind::kInstance);
  EXPECT_EQ(i->project, "cloud-custodian");
  EXPECT_EQ(i->location, "us-central1-a");
  EXPECT_EQ(i->name, "test-ingwar");
  EXPECT_EQ(parse_resource_id("projects/p/regions/us-east1/disks/d")->kind, ResourceId::Kind::kDisk);
  EXPECT_EQ(parse_resource_id("projects/p/global/firewalls/f")->kind, ResourceId::Kind::kFirewall);
  auto b = parse_resource_id("projects/_/buckets/staging.cloud-custodian.appspot.com");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->name, "staging.cloud-custodian.appspot.com");
  EXPECT_FALSE(parse_resource_id("projects/p/zones/z/instances/../../x"));
  EXPECT_FALSE(parse_resource_id("projects/p/zones/z/instances/a?b=c"));
  EXPECT_FALSE(parse_resource_id("projects/p/zones/z/instances/"));
  EXPECT_FALSE(parse_resource_id("i-0abc"));
  EXPECT_FALSE(parse_resource_id("projects/p/zones/z/networks/n"));
}

}  // namespace
}  // namespace cw::providers::gcp
