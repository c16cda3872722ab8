// The gcp provider end to end against a local replay server (TestHttpServer) reached through the
// endpoint overrides: the token exchange (answered in the documented {access_token, expires_in,
// token_type} shape, after verifying the RS256 assertion with the test key's public half) and
// genuine recorded Compute, Storage, Monitoring and Resource Manager bodies from
// testdata/gcp/cloud-custodian-flights, and IAM, Cloud KMS and project IAM policy bodies from the
// project's server/tests/testdata/gcp/cloud-custodian-flights. Signing, the shared client, paging
// and mapping run unchanged.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "core/testdata.hpp"
#include "providers/common/test_client.hpp"
#include "providers/common/test_http_server.hpp"
#include "providers/gcp/gcp_provider.hpp"
#include "providers/gcp/test_key.hpp"
#include "storage/test_support.hpp"
#include "providers/test_support.hpp"

namespace cw::providers::gcp {
namespace {

using common::testing::ReceivedRequest;
using common::testing::Reply;
using common::testing::TestHttpServer;
using cw::testing::read_project_testdata;
using cw::testing::read_testdata;
using nlohmann::json;
using providers::testing::list_all;

json recorded(const std::string& name) {
  return json::parse(read_testdata("gcp/cloud-custodian-flights/responses/" + name))["body"];
}

/// A recording kept in the project (server/tests/testdata/gcp/cloud-custodian-flights).
json flight(const std::string& name) {
  return json::parse(read_project_testdata("gcp/cloud-custodian-flights/" + name))["body"];
}

const std::string kServiceAccount = "test-cutodian-scc@cloud-custodian.iam.gserviceaccount.com";
const std::string kServiceAccounts = "/v1/projects/cloud-custodian/serviceAccounts";
const std::string kKmsLocations = "/v1/projects/cloud-custodian/locations";
const std::string kKeyRingsUsCentral1 = kKmsLocations + "/us-central1/keyRings";
const std::string kKeyRingsFile =
    "kms-cryptokey-label__get-v1-projects-cloud-custodian-locations-us-central1-keyRings_1.json";
/// The recorded cryptoKeys.list of one of the recorded key rings of us-central1.
std::string crypto_keys_file(const std::string& ring) {
  return "kms-cryptokey-label__get-v1-projects-cloud-custodian-locations-us-central1-keyRings-" + ring +
         "-cryptoKeys_1.json";
}

const std::string kInstancesFile =
    "instance-create-machine-instance__get-compute-v1-projects-cloud-custodian-aggregated-instances_1.json";
const std::string kJenkinsFile =
    "instance-get__get-compute-v1-projects-cloud-custodian-zones-us-central1-b-instances-c7n-jenkins_1.json";
const std::string kJenkins = "projects/cloud-custodian/zones/us-central1-b/instances/c7n-jenkins";
// Example body of developers.google.com/analytics/devguides/reporting/data/v1/errors ("Error format").
const std::string kDenied =
    R"({"error": {"code": 403, "message": "User does not have sufficient permissions for this property.", "status": "PERMISSION_DENIED"}})";

std::string path_of(const std::string& target) { return target.substr(0, target.find('?')); }
bool has_query(const ReceivedRequest& req, const std::string& part) {
  return req.target.find(part) != std::string::npos;
}
std::string header(const ReceivedRequest& req, const std::string& name) {
  auto it = req.headers.find(name);
  return it == req.headers.end() ? "" : it->second;
}

/// The regions.list envelope ({"kind": "compute#regionList", "items": [{"name": …}]}) around the
/// region names of a recorded aggregated list's "regions/…" scopes; no regions.list was recorded.
json region_list() {
  json items = json::array();
  json scopes = recorded("disk-recommend__get-compute-v1-projects-cloud-custodian-aggregated-disks_1.json")["items"];
  for (const auto& [scope, v] : scopes.items())
    if (scope.rfind("regions/", 0) == 0) items.push_back({{"name", scope.substr(8)}});
  return {{"kind", "compute#regionList"}, {"items", items}};
}

/// Recorded getEffectiveFirewalls rules in the firewalls.list envelope (no plain list was recorded).
json firewall_list() {
  return {{"kind", "compute#firewallList"},
          {"items", recorded("instance-effective-firewall__get-compute-v1-projects-cloud-custodian-zones-us-east4-c-"
                             "instances-iap-test-webapp-getEffectiveFirewalls_1.json")["firewalls"]}};
}

class GcpProviderTest : public ::testing::Test {
 protected:
  std::unique_ptr<CloudProvider> make(const TestHttpServer& server, json settings = json::object()) {
    json endpoints;
    for (const char* s :
         {"oauth2", "compute", "storage", "monitoring", "resourcemanager", "bigquery", "iam", "cloudkms"})
      endpoints[s] = server.url();
    settings["endpoints"] = endpoints;
    return kind.create(ProviderAccount{"acc-gcp", "org-1", testing::test_credentials(), settings},
                       ProviderDeps{clock, *db});
  }

  /// The token endpoint: verifies the assertion and hands out "ya29.token-<n>".
  Reply token_reply(const ReceivedRequest& req) {
    const std::string prefix = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=";
    json header, claims;
    if (req.method != "POST" || req.body.rfind(prefix, 0) != 0 ||
        !testing::verify_test_jwt(req.body.substr(prefix.size()), header, claims) || claims["iss"] != kEmail ||
        claims["aud"] != "https://oauth2.googleapis.com/token" ||
        claims["exp"].get<long long>() != claims["iat"].get<long long>() + 3600 ||
        claims["iat"].get<long long>() != clock.now_ms() / 1000)
      return Reply{400, {}, R"({"error": "invalid_grant", "error_description": "Invalid JWT Signature."})"};
    int n = ++exchanges;
    return Reply{
        200,
        {{"Content-Type", "application/json"}},
        json{{"access_token", "ya29.token-" + std::to_string(n)}, {"expires_in", 3599}, {"token_type", "Bearer"}}
            .dump()};
  }

  /// Recorded answers for every read the provider makes.
  Reply replay(const ReceivedRequest& req) {
    std::string path = path_of(req.target);
    if (path == "/token") return token_reply(req);
    if (header(req, "authorization").rfind("Bearer ya29.token-", 0) != 0) return Reply{401, {}, ""};
    if (path == "/v1/projects/cloud-custodian")
      return Reply{200, {}, recorded("project-hierarchy__get-v1-projects_1.json")["projects"][0].dump()};
    if (path == "/compute/v1/projects/cloud-custodian/regions") return Reply{200, {}, region_list().dump()};
    if (path == "/compute/v1/projects/cloud-custodian/aggregated/instances")
      return Reply{200, {}, recorded(kInstancesFile).dump()};
    if (path == "/compute/v1/projects/cloud-custodian/aggregated/disks")
      return Reply{
          200, {}, recorded("disk-query__get-compute-v1-projects-cloud-custodian-aggregated-disks_1.json").dump()};
    if (path == "/compute/v1/projects/cloud-custodian/global/firewalls") return Reply{200, {}, firewall_list().dump()};
    if (path == "/storage/v1/b" && has_query(req, "project=cloud-custodian"))
      return Reply{200, {}, recorded("bucket-uniform-bucket-access__get-storage-v1-b_1.json").dump()};
    if (path == "/v3/projects/cloud-custodian/timeSeries")
      return Reply{200, {}, recorded("filter-metrics__get-v3-projects-cloud-custodian-timeSeries_1.json").dump()};
    // A bucket's IAM policy: the recorded one (a binding to allUsers) for c7n-dev-test, 403 for
    // custodian-gce-trail (a key without storage.buckets.getIamPolicy), no bindings otherwise.
    if (path.rfind("/storage/v1/b/", 0) == 0 && path.size() > 4 && path.substr(path.size() - 4) == "/iam") {
      if (path == "/storage/v1/b/c7n-dev-test/iam")
        return Reply{200, {}, recorded("bucket-iam-policy__get-storage-v1-b-cloud-custodian-test-1-iam_1.json").dump()};
      if (path == "/storage/v1/b/custodian-gce-trail/iam") return Reply{403, {}, kDenied};
      return Reply{200, {}, R"({"kind":"storage#policy","bindings":[]})"};
    }
    if (path == "/compute/v1/" + kJenkins && req.method == "GET") return Reply{200, {}, recorded(kJenkinsFile).dump()};
    return replay_security_scope(req);
  }

  /// The project's IAM policy (data-access logs for one service only), one service account with
  /// its keys, and the key rings of us-central1 — no key rings in "global" or elsewhere.
  Reply replay_security_scope(const ReceivedRequest& req) {
    std::string path = path_of(req.target);
    if (path == "/v1/projects/cloud-custodian:getIamPolicy" && req.method == "POST")
      return Reply{
          200, {}, flight("project-set-iam-policy__post-v1-projects-cloud-custodian-getIamPolicy_1.json").dump()};
    if (path == kServiceAccounts)
      return Reply{
          200,
          {},
          flight("iam-service-account-key-query__get-v1-projects-cloud-custodian-serviceAccounts_1.json").dump()};
    if (path == kServiceAccounts + "/" + kServiceAccount + "/keys" && has_query(req, "keyTypes=USER_MANAGED"))
      return Reply{200,
                   {},
                   flight("iam-service-account-key-query__get-v1-projects-cloud-custodian-serviceAccounts-" +
                          kServiceAccount + "-keys_1.json")
                       .dump()};
    if (path == kKmsLocations)
      return Reply{200, {}, flight("kms-cryptokey-query__get-v1-projects-cloud-custodian-locations_1.json").dump()};
    if (path == kKeyRingsUsCentral1) return Reply{200, {}, flight(kKeyRingsFile).dump()};
    if (path == kKmsLocations + "/global/keyRings")  // the recorded answer of a location without key rings
      return Reply{
          200, {}, flight("kms-cryptokey-query__get-v1-projects-cloud-custodian-locations-us-keyRings_1.json").dump()};
    const std::string rings = kKeyRingsUsCentral1 + "/";
    if (path.rfind(rings, 0) == 0 && path.size() > rings.size() + 11 &&
        path.substr(path.size() - 11) == "/cryptoKeys") {
      std::string ring = path.substr(rings.size(), path.size() - 11 - rings.size());
      const json recorded_rings = flight(kKeyRingsFile);  // kept alive for the loop
      for (const auto& known : recorded_rings["keyRings"])
        if (known["name"].get<std::string>().ends_with("/" + ring))
          return Reply{200, {}, flight(crypto_keys_file(ring)).dump()};
    }
    return Reply{404, {}, R"({"error": {"code": 404, "message": "not recorded", "status": "NOT_FOUND"}})"};
  }

  const std::string kEmail = "cloudweave@cloud-custodian.iam.gserviceaccount.com";
  FakeClock clock{1'700'000'000'000};
  std::atomic<int> exchanges{0};
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
  common::HttpClient http{common::testing::unlimited_settings(), common::testing::instant_effects(clock)};
  ProviderKind kind = gcp_kind(http);
};

TEST_F(GcpProviderTest, KindValidatesCredentialsAndSettings) {
  EXPECT_EQ(kind.name, "gcp");
  EXPECT_TRUE(kind.validate(testing::test_credentials(), nullptr).empty());
  EXPECT_TRUE(kind.validate({{"serviceAccountJson", "{}"}}, nullptr).count("serviceAccountJson.private_key"));
  ProviderAccount bad{"a", "o", testing::test_credentials(), {{"regions", "us-central1"}}};
  EXPECT_THROW(kind.create(bad, ProviderDeps{clock, *db}), ProviderError);
  bad.settings = {{"endpoints", {{"compute", "file:///etc"}}}};
  EXPECT_THROW(kind.create(bad, ProviderDeps{clock, *db}), ProviderError);
  bad.settings = json::object();
  bad.credentials = {{"serviceAccountJson", "nope"}};
  try {
    kind.create(bad, ProviderDeps{clock, *db});
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidParameterValue"); }
}

TEST_F(GcpProviderTest, TestConnectionReportsIdentityRegionsAndMissingPermissions) {
  TestHttpServer server([this](const ReceivedRequest& req) {
    if (path_of(req.target) == "/storage/v1/b") return Reply{403, {}, kDenied};
    return replay(req);
  });
  auto p = make(server, {{"regions", {"us-central1", "europe-west1", "mars-north1"}}});
  ConnectionTest t = p->test_connection();
  EXPECT_TRUE(t.valid);
  EXPECT_TRUE(t.errors.empty()) << t.to_json().dump();
  EXPECT_EQ(t.identity["projectId"], "cloud-custodian");
  EXPECT_EQ(t.identity["serviceAccount"], kEmail);
  EXPECT_EQ(t.identity["projectNumber"], "413985786043");
  EXPECT_EQ(t.regions, (std::vector<std::string>{"europe-west1", "us-central1"}));  // in the cloud's order
  EXPECT_EQ(t.limitations,
            (std::vector<std::string>{"region mars-north1 is not available to the project", "storage.buckets.list"}));
  EXPECT_EQ(t.permissions, (std::vector<std::string>{
                               "resourcemanager.projects.get", "compute.regions.list", "compute.instances.list",
                               "compute.disks.list", "compute.firewalls.list", "resourcemanager.projects.getIamPolicy",
                               "iam.serviceAccounts.list", "cloudkms.keyRings.list", "monitoring.timeSeries.list"}));
  EXPECT_EQ(t.services, (std::vector<std::string>{"compute", "iam", "kms", "monitoring"}));
  EXPECT_EQ(exchanges, 1);  // one token for every probe
  for (const auto& req : server.received()) {
    if (path_of(req.target) == "/token") continue;
    EXPECT_EQ(header(req, "authorization"), "Bearer ya29.token-1");
  }
}

TEST_F(GcpProviderTest, TestConnectionWithARefusedKeyIsInvalidAndNamesTheOAuthError) {
  TestHttpServer server([](const ReceivedRequest&) {
    // RFC 6749 §5.2 error response, as Google's token endpoint sends for a revoked key.
    return Reply{400, {}, R"({"error": "invalid_grant", "error_description": "Invalid JWT Signature."})"};
  });
  auto p = make(server);
  ConnectionTest t = p->test_connection();
  EXPECT_FALSE(t.valid);
  ASSERT_EQ(t.errors.size(), 1u);
  EXPECT_EQ(t.errors[0],
            "Google refused the service-account key: invalid_grant — token exchange refused: Invalid JWT Signature.");
  EXPECT_EQ(t.to_json().dump().find("PRIVATE KEY"), std::string::npos);
  try {
    p->list_resources("", 10);
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "invalid_grant");
    EXPECT_FALSE(e.retryable());
  }
}

TEST_F(GcpProviderTest, ListResourcesWalksEveryServiceWithPageTokens) {
  // The first page of each Compute list carries a nextPageToken (inserted into the recorded body).
  TestHttpServer server([this](const ReceivedRequest& req) {
    std::string path = path_of(req.target);
    if (path.find("/aggregated/") != std::string::npos && !has_query(req, "pageToken=")) {
      Reply r = replay(req);
      json body = json::parse(r.body);
      body["nextPageToken"] = "next/page=2";
      r.body = body.dump();
      return r;
    }
    return replay(req);
  });
  auto p = make(server);
  std::vector<std::string> tokens;
  auto all = list_all(*p, 50, &tokens);
  // Then the project, its service accounts and its KMS keys: "global" (no key rings), us-central1.
  EXPECT_EQ(tokens, (std::vector<std::string>{"0:next/page=2", "1:", "1:next/page=2",
                                              "2:", "3:", "4:", "5:", "6:", "6:us-central1|", ""}));
  // 1 instance ×2 pages, 6 disks ×2 pages, 3 firewalls, 4 buckets; 1 project, 1 service account,
  // 12 crypto keys in 8 key rings.
  ASSERT_EQ(all.size(), 2u + 12u + 3u + 4u + 1u + 1u + 12u);
  EXPECT_EQ(all[0].external_id, "projects/cloud-custodian/zones/us-central1-a/instances/test-ingwar");
  EXPECT_EQ(all[2].type, "storage");
  EXPECT_EQ(all[20].external_id.rfind("projects/_/buckets/", 0), 0u);
  EXPECT_EQ(all[21].external_id, "projects/cloud-custodian");
  EXPECT_EQ(all.back().type, "key");
  std::map<std::string, json> bucket_posture;
  for (const auto& r : all)
    if (r.type == "storage" && r.external_id.rfind("projects/_/buckets/", 0) == 0) bucket_posture[r.name] = r.posture;
  EXPECT_EQ(bucket_posture["c7n-dev-test"]["policyPublic"], true) << "a binding to allUsers";
  EXPECT_EQ(bucket_posture["custodian-gce-global-trail"]["policyPublic"], false);
  EXPECT_FALSE(bucket_posture["custodian-gce-trail"].contains("policyPublic"));
  EXPECT_EQ(bucket_posture["custodian-gce-trail"]["unknown"], json::array({"policyPublic"})) << "403: not known";
  auto received = server.received();
  EXPECT_EQ(received.at(0).target, "/token");
  EXPECT_EQ(received.at(1).target, "/compute/v1/projects/cloud-custodian/aggregated/instances?maxResults=50");
  EXPECT_EQ(received.at(2).target,
            "/compute/v1/projects/cloud-custodian/aggregated/instances?maxResults=50&pageToken=next%2Fpage%3D2");
  std::vector<std::string> targets;
  for (const auto& req : received) targets.push_back(req.target);
  auto buckets = std::find(targets.begin(), targets.end(), "/storage/v1/b?project=cloud-custodian&maxResults=50");
  ASSERT_NE(buckets, targets.end());
  EXPECT_EQ(*(buckets + 4), "/storage/v1/b/custodian-gce-trail/iam");
  EXPECT_EQ(*(buckets + 5), "/v1/projects/cloud-custodian");
  EXPECT_EQ(exchanges, 1);
  EXPECT_THROW(p->list_resources("7:x", 10), ProviderError);
  EXPECT_THROW(p->list_resources("garbage", 10), ProviderError);
}

TEST_F(GcpProviderTest, RegionsSettingFiltersZonalResources) {
  TestHttpServer server([this](const ReceivedRequest& req) { return replay(req); });
  auto p = make(server, {{"regions", {"us-east1"}}});
  auto all = list_all(*p, 100);
  int disks = 0, instances = 0;
  for (const auto& r : all) {
    if (r.type == "server") ++instances;
    if (r.spec.value("kind", "") == "disk") {
      ++disks;
      EXPECT_EQ(r.region, "us-east1");
    }
  }
  EXPECT_EQ(instances, 0);  // test-ingwar is in us-central1
  EXPECT_EQ(disks, 3);
  // Firewalls are global, buckets kept, and the project and service account; KMS reads "global"
  // and us-east1 (no key rings there) without asking for every location.
  EXPECT_EQ(all.size(), 3u + 3u + 4u + 1u + 1u);
  for (const auto& req : server.received()) EXPECT_NE(path_of(req.target), kKmsLocations);
}

TEST_F(GcpProviderTest, SecurityScopeRecordsCarryTheRecordedFacts) {
  TestHttpServer server([this](const ReceivedRequest& req) { return replay(req); });
  auto p = make(server);
  std::map<std::string, ResourceRecord> by_id;
  int keys = 0;
  for (auto& r : list_all(*p, 100)) {
    keys += r.type == "key";
    by_id[r.external_id] = r;
  }
  const ResourceRecord& project = by_id.at("projects/cloud-custodian");
  EXPECT_EQ(project.type, "account");
  EXPECT_EQ(project.region, "global");
  EXPECT_EQ(project.spec["kind"], "project");
  EXPECT_EQ(project.name, "C7N Test Target");  // the replayed projects.get answer
  EXPECT_EQ(project.spec["projectNumber"], "413985786043");
  EXPECT_EQ(project.posture, (json{{"trailEnabled", false}})) << "data-access logs for cloudtasks only";

  const ResourceRecord& account = by_id.at("projects/cloud-custodian/serviceAccounts/" + kServiceAccount);
  EXPECT_EQ(account.type, "identity");
  EXPECT_EQ(account.name, kServiceAccount);
  EXPECT_EQ(account.status, "running");
  EXPECT_EQ(account.spec["kind"], "serviceAccount");
  // The user-managed key of 2021-03-31T13:27:15Z on the fake clock (2023-11-14T22:13:20Z); Google's
  // own key is not counted.
  EXPECT_EQ(account.posture, (json{{"accessKeyAgeDays", 958}}));
  EXPECT_EQ(account.spec["userManagedKeys"], 1);

  EXPECT_EQ(keys, 12);
  auto key = [&](const std::string& ring, const std::string& name) -> const ResourceRecord& {
    return by_id.at("projects/cloud-custodian/locations/us-central1/keyRings/" + ring + "/cryptoKeys/" + name);
  };
  EXPECT_EQ(key("c7n-kr-002c1dda", "c7n-key-good-90d-002c1dda").posture["keyRotationEnabled"], true);
  EXPECT_EQ(key("c7n-kr-002c1dda", "c7n-key-good-30d-002c1dda").posture["keyRotationEnabled"], true);
  EXPECT_EQ(key("c7n-kr-002c1dda", "c7n-key-bad-365d-002c1dda").posture["keyRotationEnabled"], false);
  EXPECT_EQ(key("c7n-kr-002c1dda", "c7n-key-bad-norot-002c1dda").posture["keyRotationEnabled"], false);
  const ResourceRecord& doomed = key("c7n-dataproc-kr-8f5962e0", "c7n-dataproc-key-8f5962e0");
  EXPECT_EQ(doomed.status, "terminated");
  EXPECT_EQ(doomed.region, "us-central1");
  EXPECT_EQ(doomed.spec["kind"], "cryptoKey");

  std::vector<std::string> scope_calls;
  for (const auto& req : server.received()) {
    std::string path = path_of(req.target);
    if (path.rfind("/v1/", 0) != 0) continue;
    scope_calls.push_back(req.method + " " + req.target);
    if (path == "/v1/projects/cloud-custodian:getIamPolicy")
      EXPECT_EQ(json::parse(req.body), (json{{"options", {{"requestedPolicyVersion", 3}}}}));
  }
  // Without regions: every Cloud KMS location (the recorded list: us-central1) and "global".
  ASSERT_EQ(scope_calls.size(), 2u + 2u + 3u + 8u);
  EXPECT_EQ(scope_calls[0], "GET /v1/projects/cloud-custodian");
  EXPECT_EQ(scope_calls[1], "POST /v1/projects/cloud-custodian:getIamPolicy");
  EXPECT_EQ(scope_calls[2], "GET /v1/projects/cloud-custodian/serviceAccounts?pageSize=100");
  EXPECT_EQ(scope_calls[3],
            "GET /v1/projects/cloud-custodian/serviceAccounts/" + kServiceAccount + "/keys?keyTypes=USER_MANAGED");
  EXPECT_EQ(scope_calls[4], "GET /v1/projects/cloud-custodian/locations?pageSize=100");
  EXPECT_EQ(scope_calls[5], "GET /v1/projects/cloud-custodian/locations/global/keyRings?pageSize=100");
  EXPECT_EQ(scope_calls[6], "GET /v1/projects/cloud-custodian/locations/us-central1/keyRings?pageSize=100");
  EXPECT_EQ(scope_calls[7],
            "GET /v1/projects/cloud-custodian/locations/us-central1/keyRings/c7n-dataproc-kr-8f5962e0/cryptoKeys?"
            "pageSize=100");
}

TEST_F(GcpProviderTest, SecurityScopeFollowsPageTokens) {
  // Service accounts over two pages (the second: the recorded disabled account); the key rings of
  // us-central1 over two pages; c7n-kr-002c1dda's keys over two pages (the second: the recorded
  // keys of another ring). Tokens were inserted into the recorded bodies.
  TestHttpServer server([this](const ReceivedRequest& req) {
    std::string path = path_of(req.target);
    auto with_token = [](json body, const std::string& token) {
      body["nextPageToken"] = token;
      return Reply{200, {}, body.dump()};
    };
    if (path == kServiceAccounts) {
      if (has_query(req, "pageToken=accounts%2F2"))
        return Reply{
            200,
            {},
            flight("iam-service-account-enable__get-v1-projects-cloud-custodian-serviceAccounts_1.json").dump()};
      return with_token(flight("iam-service-account-key-query__get-v1-projects-cloud-custodian-serviceAccounts_1.json"),
                        "accounts/2");
    }
    if (path == kServiceAccounts + "/test-sa-actions@cloud-custodian.iam.gserviceaccount.com/keys")
      return Reply{200, {}, "{}"};  // the documented empty answer: no keys
    if (path == kKeyRingsUsCentral1) {
      json rings = flight(kKeyRingsFile);
      json first = rings, second = rings;
      first["keyRings"] = json::array({rings["keyRings"][3]});  // c7n-kr-002c1dda
      second["keyRings"].erase(3);
      second["keyRings"].erase(2);  // c7n-dp-kr-442b: its key is the second page of c7n-kr-002c1dda's
      if (has_query(req, "pageToken=rings%7C2")) return Reply{200, {}, second.dump()};
      return with_token(first, "rings|2");
    }
    if (path == kKeyRingsUsCentral1 + "/c7n-kr-002c1dda/cryptoKeys") {
      if (has_query(req, "pageToken=k2")) return Reply{200, {}, flight(crypto_keys_file("c7n-dp-kr-442b")).dump()};
      return with_token(flight(crypto_keys_file("c7n-kr-002c1dda")), "k2");
    }
    return replay(req);
  });
  auto p = make(server, {{"regions", {"us-central1"}}});
  std::vector<std::string> tokens;
  auto all = list_all(*p, 2, &tokens);
  std::vector<std::string> scope_tokens;
  for (const auto& t : tokens)
    if (t.empty() || t[0] >= '5') scope_tokens.push_back(t);
  EXPECT_EQ(scope_tokens,
            (std::vector<std::string>{"5:", "5:accounts/2", "6:", "6:us-central1|", "6:us-central1|rings|2", ""}));
  std::map<std::string, std::string> status_of;
  int keys = 0;
  for (const auto& r : all) {
    if (r.type == "identity") status_of[r.name] = r.status;
    keys += r.type == "key";
  }
  EXPECT_EQ(status_of,
            (std::map<std::string, std::string>{
                {kServiceAccount, "running"}, {"test-sa-actions@cloud-custodian.iam.gserviceaccount.com", "stopped"}}));
  EXPECT_EQ(keys, 4 + 1 + (12 - 4 - 1)) << "both pages of c7n-kr-002c1dda, then six other rings";
  for (const auto& r : all)
    if (r.external_id ==
        "projects/cloud-custodian/serviceAccounts/test-sa-actions@cloud-custodian.iam.gserviceaccount.com")
      EXPECT_FALSE(r.posture.contains("accessKeyAgeDays")) << "no user-managed keys";
  for (const auto& req : server.received())
    if (path_of(req.target) == kServiceAccounts) EXPECT_TRUE(has_query(req, "pageSize=2"));
}

TEST_F(GcpProviderTest, DeniedSecurityScopeReadsLeaveFactsUnknownAndTheListingGoesOn) {
  // IAM's answer to a key without iam.serviceAccountKeys.list, and the 403 Cloud KMS gives when its
  // API is not enabled in the project (both in the documented error format).
  const std::string kms_off =
      R"({"error": {"code": 403, "message": "Cloud Key Management Service (KMS) API has not been used in project )"
      R"(413985786043 before or it is disabled.", "status": "PERMISSION_DENIED"}})";
  std::string denied;  // which reads answer 403
  TestHttpServer server([&](const ReceivedRequest& req) {
    std::string path = path_of(req.target);
    bool scope = path.rfind("/v1/", 0) == 0;
    if (scope && denied == "all")
      return Reply{403, {}, path.find("/locations") != std::string::npos ? kms_off : kDenied};
    if (denied == "details" && (path == "/v1/projects/cloud-custodian:getIamPolicy" || path.ends_with("/keys")))
      return Reply{403, {}, kDenied};
    if (denied == "details" && path == kKeyRingsUsCentral1 + "/c7n-kr-002c1dda/cryptoKeys")
      return Reply{403, {}, kDenied};  // IAM granted per key ring: this one is not readable
    return replay(req);
  });
  auto p = make(server);

  denied = "details";
  std::map<std::string, ResourceRecord> by_id;
  for (auto& r : list_all(*p, 100)) by_id[r.external_id] = r;
  EXPECT_EQ(by_id.at("projects/cloud-custodian").posture, (json{{"unknown", {"trailEnabled"}}}));
  EXPECT_EQ(by_id.at("projects/cloud-custodian/serviceAccounts/" + kServiceAccount).posture,
            (json{{"unknown", {"accessKeyAgeDays"}}}));
  int keys = 0;
  for (const auto& [id, r] : by_id) keys += r.type == "key";
  EXPECT_EQ(keys, 12 - 4) << "the keys of the other rings";

  denied = "all";
  std::vector<std::string> types;
  for (const auto& r : list_all(*p, 100))
    if (r.type == "account" || r.type == "identity" || r.type == "key") types.push_back(r.type);
  EXPECT_EQ(types, (std::vector<std::string>{"account"})) << "no service accounts, no keys known";
  for (const auto& r : list_all(*p, 100))
    if (r.type == "account") {
      EXPECT_EQ(r.name, "cloud-custodian") << "projects.get denied: named by its id";
      EXPECT_EQ(r.posture, (json{{"unknown", {"trailEnabled"}}}));
    }
  int kms_calls = 0;
  for (const auto& req : server.received()) kms_calls += path_of(req.target).find("/keyRings") != std::string::npos;
  EXPECT_GT(kms_calls, 0);
}

TEST_F(GcpProviderTest, SecurityScopeFailuresOtherThanDenialFailThePage) {
  TestHttpServer server([this](const ReceivedRequest& req) {
    std::string path = path_of(req.target);
    if (path == kServiceAccounts) return Reply{200, {}, R"({"accounts": [{"email": "no-name@example.com"}]})"};
    if (path == kKeyRingsUsCentral1) return Reply{500, {}, ""};
    return replay(req);
  });
  auto p = make(server);
  using providers::testing::code_of;
  EXPECT_EQ(code_of([&] { p->list_resources("5:", 10); }), "InvalidResponse");
  EXPECT_EQ(code_of([&] { p->list_resources("6:us-central1|", 10); }), "HTTP 500");
  EXPECT_EQ(code_of([&] { p->list_resources("6:../x|", 10); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->list_resources("6:us-central1", 10); }), "InvalidParameterValue");
}

TEST_F(GcpProviderTest, RetriesThrottlingAndUnavailableThenSucceeds) {
  std::atomic<int> api_calls{0};
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (path_of(req.target) != "/token") {
      int n = ++api_calls;
      if (n == 1) return Reply{429, {{"Retry-After", "2"}}, ""};
      if (n == 2) return Reply{503, {}, ""};
    }
    return replay(req);
  });
  auto p = make(server);
  Millis before = clock.now_ms();
  ResourcePage page = p->list_resources("", 10);
  EXPECT_EQ(page.items.size(), 1u);
  EXPECT_EQ(api_calls, 3);
  EXPECT_GE(clock.now_ms() - before, 2000);  // waited at least Retry-After
}

TEST_F(GcpProviderTest, BreakerOpensAfterRepeatedFailures) {
  std::atomic<int> api_calls{0};
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (path_of(req.target) == "/token") return replay(req);
    ++api_calls;
    return Reply{503, {}, ""};
  });
  auto p = make(server);
  try {
    p->list_resources("", 10);
    FAIL();
  } catch (const ProviderError& e) {
    EXPECT_EQ(e.code(), "HTTP 503");
    EXPECT_TRUE(e.retryable());
  }
  EXPECT_THROW(p->list_resources("", 10), ProviderError);
  EXPECT_EQ(http.breaker_state("acc-gcp"), "open");
  int calls = api_calls;
  try {
    p->list_resources("", 10);
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "CircuitOpen"); }
  EXPECT_EQ(api_calls, calls);  // nothing sent while open
}

TEST_F(GcpProviderTest, ExpiredTokenIsRefreshedOnce401AndAfterItsLifetime) {
  std::atomic<bool> revoke_first{true};
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (path_of(req.target) != "/token" && header(req, "authorization") == "Bearer ya29.token-1" && revoke_first)
      return Reply{
          401,
          {},
          R"({"error": {"code": 401, "message": "Request had invalid authentication credentials.", "status": "UNAUTHENTICATED"}})"};
    return replay(req);
  });
  auto p = make(server);
  EXPECT_EQ(p->list_resources("", 10).items.size(), 1u);
  EXPECT_EQ(exchanges, 2);
  revoke_first = false;
  p->list_resources("", 10);
  EXPECT_EQ(exchanges, 2);               // cached
  clock.advance(3599'000 - 5 * 60'000);  // five minutes before expiry
  p->list_resources("", 10);
  EXPECT_EQ(exchanges, 3);
}

TEST_F(GcpProviderTest, ConcurrentCallersShareOneTokenExchange) {
  TestHttpServer server([this](const ReceivedRequest& req) { return replay(req); });
  auto p = make(server);
  std::vector<std::thread> threads;
  std::atomic<int> listed{0};
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&] { listed += static_cast<int>(p->list_resources("", 10).items.size()); });
  for (auto& t : threads) t.join();
  EXPECT_EQ(listed, 4);
  EXPECT_EQ(exchanges, 1);
}

TEST_F(GcpProviderTest, MalformedJsonIsAClearErrorAndNothingIsHalfListed) {
  TestHttpServer server([this](const ReceivedRequest& req) {
    if (path_of(req.target).find("/aggregated/disks") != std::string::npos) {
      json body = recorded("disk-query__get-compute-v1-projects-cloud-custodian-aggregated-disks_1.json");
      body["items"]["zones/us-central1-b"]["disks"][1]["sizeGb"] = "ten";
      return Reply{200, {}, body.dump()};
    }
    if (path_of(req.target).find("/aggregated/instances") != std::string::npos) return Reply{200, {}, "{\"items\": {"};
    return replay(req);
  });
  auto p = make(server);
  for (const char* token : {"", "1:"}) {
    try {
      p->list_resources(token, 10);
      FAIL() << token;
    } catch (const ProviderError& e) {
      EXPECT_EQ(e.code(), "InvalidResponse");
      EXPECT_NE(std::string(e.what()).find("unexpected answer from Google Cloud"), std::string::npos);
    }
  }
}

TEST_F(GcpProviderTest, GetStartStopRebootAndDeleteAnInstance) {
  TestHttpServer server([this](const ReceivedRequest& req) {
    // Start/stop/reset/delete answer a long-running Operation the provider does not read.
    if (req.method != "GET" && path_of(req.target).rfind("/compute/v1/" + kJenkins, 0) == 0) return Reply{200, {}, ""};
    return replay(req);
  });
  auto p = make(server);
  auto rec = p->get_resource(kJenkins);
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->status, "running");
  EXPECT_FALSE(p->get_resource("projects/cloud-custodian/zones/us-central1-b/instances/gone"));

  EXPECT_EQ(p->resource_actions()->run_action(kJenkins, Action::kStop).status, "stopped");
  EXPECT_EQ(p->resource_actions()->run_action(kJenkins, Action::kStart).status, "provisioning");
  EXPECT_EQ(p->resource_actions()->run_action(kJenkins, Action::kReboot).status, "running");
  EXPECT_EQ(p->resource_actions()->delete_resource(kJenkins).status, "terminated");
  std::vector<std::string> writes;
  for (const auto& req : server.received())
    if (req.method != "GET") writes.push_back(req.method + " " + req.target);
  EXPECT_EQ(writes,
            (std::vector<std::string>{"POST /token", "POST /compute/v1/" + kJenkins + "/stop",
                                      "POST /compute/v1/" + kJenkins + "/start",
                                      "POST /compute/v1/" + kJenkins + "/reset", "DELETE /compute/v1/" + kJenkins}));

  using providers::testing::code_of;
  EXPECT_EQ(code_of([&] {
              p->resource_actions()->run_action("projects/cloud-custodian/zones/us-central1-b/instances/gone",
                                                Action::kStop);
            }),
            "NotFound");
  EXPECT_EQ(code_of([&] { p->resource_actions()->delete_resource("projects/_/buckets/b"); }), "UnsupportedOperation");
  EXPECT_EQ(code_of([&] { p->get_resource("projects/other/zones/z/instances/x"); }), "InvalidParameterValue");
  EXPECT_EQ(code_of([&] { p->get_resource("projects/cloud-custodian/zones/z/instances/../x"); }),
            "InvalidParameterValue");
  EXPECT_EQ(code_of([&] {
              p->resource_actions()->create_resource(NewResource{"x", "server", "us-central1"});
            }),
            "UnsupportedOperation");
  // No change feed and no cost API: the capabilities are absent, and asking for one says so.
  EXPECT_EQ(p->change_feed(), nullptr);
  EXPECT_EQ(p->cost_source(), nullptr);
  try {
    providers::require(p->cost_source(), *p, "cost data");
    FAIL();
  } catch (const providers::UnsupportedOperation& e) {
    EXPECT_EQ(e.code(), "UnsupportedOperation");
    EXPECT_EQ(std::string(e.what()), "gcp accounts have no cost data");
  }
}

TEST_F(GcpProviderTest, MetricsQueryCloudMonitoringByInstanceIdAndFollowPages) {
  TestHttpServer server([this](const ReceivedRequest& req) {
    if (path_of(req.target) == "/v3/projects/cloud-custodian/timeSeries" && !has_query(req, "pageToken=")) {
      // Page 1: the other recorded series, with a nextPageToken inserted.
      json body =
          recorded("filter-metrics-with-metric-key-as-instance-id__get-v3-projects-cloud-custodian-timeSeries_1.json");
      body["nextPageToken"] = "p2";
      return Reply{200, {}, body.dump()};
    }
    return replay(req);
  });
  auto p = make(server);
  Millis from = *parse_rfc3339("2021-03-18T18:36:07Z"), to = *parse_rfc3339("2021-04-01T18:36:07Z");
  auto points = p->metrics_source()->metrics(kJenkins, "", "cpu_utilization", from, to, 300'000);
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].timestamp, *parse_rfc3339("2021-04-01T18:36:07.478Z"));
  EXPECT_DOUBLE_EQ(points[0].value, 0.34935695658400334);  // ratio × 100
  EXPECT_DOUBLE_EQ(points[1].value, 1.145088399757294);
  std::vector<std::string> queries;
  for (const auto& req : server.received())
    if (path_of(req.target) == "/v3/projects/cloud-custodian/timeSeries") queries.push_back(req.target);
  ASSERT_EQ(queries.size(), 2u);
  std::string instance_id = recorded(kJenkinsFile)["id"];
  EXPECT_NE(queries[0].find("filter=metric.type%3D%22compute.googleapis.com%2Finstance%2Fcpu%2Futilization%22%20AND%20"
                            "resource.labels.instance_id%3D%22" +
                            instance_id + "%22"),
            std::string::npos);
  EXPECT_NE(
      queries[0].find("interval.startTime=2021-03-18T18%3A36%3A07.000Z&interval.endTime=2021-04-01T18%3A36%3A07.000Z"),
      std::string::npos);
  EXPECT_NE(queries[0].find("aggregation.alignmentPeriod=300s&aggregation.perSeriesAligner=ALIGN_MEAN"),
            std::string::npos);
  EXPECT_NE(queries[1].find("&pageToken=p2"), std::string::npos);

  auto net = p->metrics_source()->metrics(kJenkins, "", "network_in_bytes", from, to, 10'000);
  ASSERT_EQ(net.size(), 2u);
  EXPECT_DOUBLE_EQ(net.front().value, 0.0034935695658400334);  // replayed bodies, unscaled
  EXPECT_DOUBLE_EQ(net.back().value, 0.01145088399757294);
  auto last = server.received().back().target;
  EXPECT_NE(last.find("received_bytes_count"), std::string::npos);
  EXPECT_NE(last.find("alignmentPeriod=60s&aggregation.perSeriesAligner=ALIGN_SUM"), std::string::npos);
  EXPECT_THROW(p->metrics_source()->metrics(kJenkins, "", "latency_ms", from, to, 60'000), ProviderError);
  EXPECT_THROW(p->metrics_source()->metrics("projects/_/buckets/b", "", "cpu_utilization", from, to, 60'000),
               ProviderError);
}

TEST_F(GcpProviderTest, MetricsBatchReadsAZonesInstancesPerCallAfterThrottlingAndAcrossPages) {
  // The recorded answer (grouped by metric.labels.instance_name, as the batch asks) becomes the
  // series of three instances of us-east4-c over two pages; the first call is throttled.
  json recorded_series = recorded("filter-metrics__get-v3-projects-cloud-custodian-timeSeries_1.json")["timeSeries"][0];
  auto series_of = [&](const std::string& name, const std::string& at, double value) {
    json s = recorded_series;
    s["metric"]["labels"]["instance_name"] = name;
    s["points"][0]["interval"] = {{"startTime", at}, {"endTime", at}};
    s["points"][0]["value"] = {{"doubleValue", value}};
    return s;
  };
  int throttled = 0;
  TestHttpServer server([&](const ReceivedRequest& req) {
    if (path_of(req.target) == "/v3/projects/cloud-custodian/timeSeries" && has_query(req, "us-east4-c")) {
      if (throttled++ == 0)
        return Reply{429, {{"Retry-After", "0"}}, R"({"error": {"code": 429, "status": "RESOURCE_EXHAUSTED"}})"};
      if (!has_query(req, "pageToken="))
        return Reply{
            200,
            {},
            json{{"timeSeries",
                  {series_of("web-1", "2021-04-01T18:40:00Z", 0.5), series_of("web-2", "2021-04-01T18:40:00Z", 0.25)}},
                 {"nextPageToken", "p2"}}
                .dump()};
      return Reply{200, {}, json{{"timeSeries", {series_of("web-1", "2021-04-01T18:35:00Z", 0.125)}}}.dump()};
    }
    if (path_of(req.target) == "/v3/projects/cloud-custodian/timeSeries")  // us-central1-b: the recorded answer
      return Reply{
          200,
          {},
          json{{"timeSeries", {series_of("c7n-jenkins", "2021-04-01T18:36:07Z", 0.0034935695658400334)}}}.dump()};
    return replay(req);
  });
  auto p = make(server);
  const std::string zone = "projects/cloud-custodian/zones/us-east4-c/instances/";
  std::vector<MetricsSource::Request> requests = {
      {zone + "web-1", "", "cpu_utilization"},
      {zone + "web-2", "", "cpu_utilization"},
      {zone + "web-3", "", "cpu_utilization"},  // no samples: an empty series
      {kJenkins, "", "cpu_utilization"},        // another zone: its own call
      {"projects/cloud-custodian/zones/us-east4-c/disks/d1", "", "cpu_utilization"},
      {zone + "web-1", "", "latency_ms"},
  };
  Millis from = *parse_rfc3339("2021-04-01T18:00:00Z"), to = *parse_rfc3339("2021-04-01T19:00:00Z");
  auto out = p->metrics_source()->metrics_batch(requests, from, to, 300'000);
  ASSERT_EQ(out.size(), requests.size());
  ASSERT_EQ(out[0].points.size(), 2u) << "both pages";
  EXPECT_EQ(out[0].points[0].timestamp, *parse_rfc3339("2021-04-01T18:35:00Z"));
  EXPECT_DOUBLE_EQ(out[0].points[0].value, 12.5);  // a ratio × 100
  EXPECT_DOUBLE_EQ(out[0].points[1].value, 50);
  ASSERT_EQ(out[1].points.size(), 1u);
  EXPECT_DOUBLE_EQ(out[1].points[0].value, 25);
  EXPECT_TRUE(out[2].points.empty());
  EXPECT_FALSE(out[2].unsupported);
  ASSERT_EQ(out[3].points.size(), 1u);
  EXPECT_TRUE(out[4].unsupported);
  EXPECT_TRUE(out[5].unsupported);

  std::vector<std::string> calls;
  for (const auto& req : server.received()) {
    EXPECT_EQ(req.target.find("/compute/v1/projects/cloud-custodian/zones/"), std::string::npos)
        << "no instances.get per instance";
    if (path_of(req.target) == "/v3/projects/cloud-custodian/timeSeries") calls.push_back(req.target);
  }
  ASSERT_EQ(calls.size(), 4u) << "us-east4-c throttled, then two pages; us-central1-b once";
  const std::string& first = calls[0].find("us-east4-c") != std::string::npos ? calls[0] : calls[3];
  EXPECT_NE(first.find("resource.labels.zone%3D%22us-east4-c%22%20AND%20metric.labels.instance_name%3Done_of%28%22web-"
                       "1%22%2C%22web-2%22%2C%22web-3%22%29"),
            std::string::npos)
      << first;
  EXPECT_NE(first.find("aggregation.groupByFields=metric.labels.instance_name"), std::string::npos);
}

// --- Costs from the BigQuery billing export. The answers follow the documented jobs.query /
// getQueryResults format (cloud.google.com/bigquery/docs/reference/rest/v2/jobs/query); the
// parser's own tests (billing_export_test.cpp) also read a genuine jobs.query body.

const std::string kBillingTable = "billing-proj.billing_ds.gcp_billing_export_v1_01ABCD_234567_89ABCD";
const std::string kQueries = "/bigquery/v2/projects/cloud-custodian/queries";

/// A finished answer of the billing query holding `rows` (values in the query's column order).
json billing_page(const json& rows, const std::string& page_token) {
  json fields = json::array();
  for (const char* c : {"day", "service", "sku_id", "sku", "region", "project_id", "project_name", "cost_type",
                        "currency", "unit", "quantity", "cost", "credits"})
    fields.push_back({{"name", c}, {"type", "STRING"}, {"mode", "NULLABLE"}});
  json f_rows = json::array();
  for (const auto& row : rows) {
    json f = json::array();
    for (const auto& v : row) f.push_back({{"v", v}});
    f_rows.push_back({{"f", f}});
  }
  json out = {{"kind", "bigquery#queryResponse"},
              {"schema", {{"fields", fields}}},
              {"jobReference", {{"projectId", "cloud-custodian"}, {"jobId", "job_bill-1"}, {"location", "EU"}}},
              {"totalRows", "3"},
              {"rows", f_rows},
              {"jobComplete", true}};
  if (!page_token.empty()) out["pageToken"] = page_token;
  return out;
}

const json kRunning = {
    {"kind", "bigquery#queryResponse"},
    {"jobReference", {{"projectId", "cloud-custodian"}, {"jobId", "job_bill-1"}, {"location", "EU"}}},
    {"jobComplete", false}};

TEST_F(GcpProviderTest, CostsExistOnlyWhenTheAccountNamesItsBillingExportTable) {
  TestHttpServer server([this](const ReceivedRequest& req) { return replay(req); });
  EXPECT_EQ(make(server)->cost_source(), nullptr);
  auto without = make(server);
  try {
    require(without->cost_source(), *without, "cost data");
    FAIL();
  } catch (const UnsupportedOperation& e) { EXPECT_STREQ(e.what(), "gcp accounts have no cost data"); }
  EXPECT_EQ(make(server, {{"billingExportTable", ""}})->cost_source(), nullptr);
  EXPECT_NE(make(server, {{"billingExportTable", kBillingTable}})->cost_source(), nullptr);

  EXPECT_TRUE(kind.validate_settings({{"billingExportTable", kBillingTable}}).empty());
  EXPECT_TRUE(kind.validate_settings({{"billingExportTable", nullptr}}).empty());
  auto problems = kind.validate_settings({{"billingExportTable", "billing_ds.some_table"}});
  ASSERT_EQ(problems.count("billingExportTable"), 1u);
  EXPECT_NE(problems["billingExportTable"].find("gcp_billing_export_v1_"), std::string::npos);
  EXPECT_EQ(kind.validate_settings({{"billingExportTable", 7}}).at("billingExportTable"), "must be a string");
  ProviderAccount bad{"a", "o", testing::test_credentials(), {{"billingExportTable", "x.y.z"}}};
  EXPECT_THROW(kind.create(bad, ProviderDeps{clock, *db}), ProviderError);
}

TEST_F(GcpProviderTest, CostsRunTheBillingQueryWaitForTheJobAndFollowItsPages) {
  std::atomic<int> polls{0};
  TestHttpServer server([&](const ReceivedRequest& req) {
    std::string path = path_of(req.target);
    if (path.rfind("/bigquery/", 0) != 0) return replay(req);
    if (header(req, "authorization").rfind("Bearer ya29.token-", 0) != 0) return Reply{401, {}, ""};
    if (path == kQueries && req.method == "POST") return Reply{200, {}, kRunning.dump()};
    if (path == kQueries + "/job_bill-1" && req.method == "GET" && has_query(req, "location=EU")) {
      if (has_query(req, "pageToken=page%2F2"))
        return Reply{200,
                     {},
                     billing_page(json::array({{"2024-03-02", "Invoice", nullptr, "Tax", nullptr, nullptr, nullptr,
                                                "tax", "USD", nullptr, nullptr, "0.42", "0"}}),
                                  "")
                         .dump()};
      if (++polls == 1) return Reply{200, {}, kRunning.dump()};  // still running after the first wait
      return Reply{
          200,
          {},
          billing_page(
              json::array({{"2024-03-01", "Compute Engine", "2E27-4F75-95CD",
                            "N1 Predefined Instance Core running in Americas", "us-central1", "my-project-1",
                            "My Project", "regular", "USD", "seconds", "86400", "1.5216", "-0.30432"},
                           {"2024-03-01", "Cloud Storage", "E5F0-6A5D-7BAD", "Standard Storage US Multi-region", "us",
                            "my-project-1", "My Project", "regular", "USD", "gibibyte month", "0.5", "0.013", "0"}}),
              "page/2")
              .dump()};
    }
    return Reply{404, {}, ""};
  });
  auto p = make(server, {{"billingExportTable", kBillingTable}});
  std::vector<CostLine> lines = p->cost_source()->costs("2024-03-01", "2024-03-31");

  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].service, "Compute Engine");
  EXPECT_EQ(lines[0].provider, "gcp");
  EXPECT_EQ(lines[0].sub_account_id, "my-project-1");
  EXPECT_DOUBLE_EQ(lines[0].amount, 1.5216);
  EXPECT_NEAR(*lines[0].effective_amount, 1.5216 - 0.30432, 1e-12);
  EXPECT_EQ(lines[1].service, "Cloud Storage");
  EXPECT_EQ(lines[1].region, "us");
  EXPECT_EQ(lines[2].charge_category, "Tax");
  EXPECT_EQ(lines[2].date, "2024-03-02");
  EXPECT_EQ(polls, 2);
  EXPECT_EQ(exchanges, 1);

  // The one jobs.query: standard SQL over the named table, the range as DATE parameters.
  std::vector<ReceivedRequest> queries;
  for (const auto& req : server.received())
    if (req.method == "POST" && path_of(req.target) == kQueries) queries.push_back(req);
  ASSERT_EQ(queries.size(), 1u);
  EXPECT_EQ(header(queries[0], "content-type"), "application/json");
  json body = json::parse(queries[0].body);
  EXPECT_EQ(body["useLegacySql"], false);
  EXPECT_EQ(body["parameterMode"], "NAMED");
  EXPECT_NE(body["query"].get<std::string>().find("FROM `" + kBillingTable + "`"), std::string::npos);
  EXPECT_EQ(body["queryParameters"][0], (json{{"name", "from_date"},
                                              {"parameterType", {{"type", "DATE"}}},
                                              {"parameterValue", {{"value", "2024-03-01"}}}}));
  EXPECT_EQ(body["queryParameters"][1]["parameterValue"]["value"], "2024-03-31");
  EXPECT_GT(body["timeoutMs"].get<int>(), 0);
  EXPECT_GT(body["maxResults"].get<int>(), 0);
}

TEST_F(GcpProviderTest, CostFailuresAreProviderErrorsThatSayWhatHappened) {
  std::string mode;
  TestHttpServer server([&](const ReceivedRequest& req) {
    std::string path = path_of(req.target);
    if (path.rfind("/bigquery/", 0) != 0) return replay(req);
    if (mode == "denied")  // BigQuery's answer to a service account without bigquery.jobs.create
      return Reply{403,
                   {},
                   R"({"error": {"code": 403, "message": "Access Denied: Project cloud-custodian: User does not have )"
                   R"(bigquery.jobs.create permission in project cloud-custodian.", "status": "PERMISSION_DENIED"}})"};
    if (mode == "garbage") return Reply{200, {}, R"({"jobComplete": true, "rows": [{"f": [{"v": {"x": 1}}]}]})"};
    if (mode == "forever") return Reply{200, {}, kRunning.dump()};
    if (mode == "same-token") {  // a server handing back the same pageToken forever
      if (req.method == "POST") return Reply{200, {}, billing_page(json::array(), "again").dump()};
      return Reply{200, {}, billing_page(json::array(), "again").dump()};
    }
    return Reply{404, {}, ""};
  });
  auto p = make(server, {{"billingExportTable", kBillingTable}});
  auto failure = [&](const std::string& m) -> ProviderError {
    mode = m;
    try {
      p->cost_source()->costs("2024-03-01", "2024-03-31");
    } catch (const ProviderError& e) { return e; }
    return ProviderError("none", "no error");
  };
  ProviderError denied = failure("denied");
  EXPECT_EQ(denied.code(), "PERMISSION_DENIED");
  EXPECT_NE(std::string(denied.what()).find("bigquery.jobs.create"), std::string::npos);
  EXPECT_EQ(failure("garbage").code(), "InvalidResponse");
  ProviderError forever = failure("forever");
  EXPECT_EQ(forever.code(), "QueryTimeout");
  EXPECT_TRUE(forever.retryable());
  EXPECT_EQ(failure("same-token").code(), "MalformedResponse");
  EXPECT_EQ(failure("denied").code(), "PERMISSION_DENIED");
  mode = "";
  try {
    p->cost_source()->costs("2024-3-1", "2024-03-31");
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidParameterValue"); }
}

TEST_F(GcpProviderTest, TestConnectionReadsTheBillingExportTableWhenOneIsNamed) {
  TestHttpServer server([this](const ReceivedRequest& req) {
    if (path_of(req.target) ==
        "/bigquery/v2/projects/billing-proj/datasets/billing_ds/tables/gcp_billing_export_v1_01ABCD_234567_89ABCD")
      return Reply{403, {}, kDenied};
    return replay(req);
  });
  ConnectionTest t = make(server, {{"billingExportTable", kBillingTable}})->test_connection();
  EXPECT_TRUE(t.valid);
  EXPECT_EQ(t.limitations, (std::vector<std::string>{"bigquery.tables.get"}));
}

}  // namespace
}  // namespace cw::providers::gcp
