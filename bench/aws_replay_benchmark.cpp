// AWS inventory CPU cost (issue 5): a local replay server serves 50,000 EC2 instances across 10
// regions as DescribeInstances pages of 1,000, and the real aws provider lists them all
// (list_resources page after page: SigV4 signing, the shared HTTP client, XML parsing, mapping).
// The instances are the first reservation of botocore's recorded DescribeInstances body
// (testdata/aws-responses/botocore-response_parsing/xml/responses/ec2-describe-instances.xml),
// repeated with renumbered instance ids; all pages are rendered before timing starts.
// Prints wall time, the CPU time of the listing thread (the provider; the replay server runs on
// its own threads and is not counted) and CPU/wall. Target: CPU < 20% of wall.
//
//   build/aws_replay_benchmark [instances] [testdata dir]
#include <time.h>

#include <pugixml.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "providers/aws/aws_provider.hpp"
#include "providers/common/test_http_server.hpp"
#include "storage/database.hpp"

using namespace cw;
using namespace cw::providers;
using common::testing::ReceivedRequest;
using common::testing::Reply;

namespace {

constexpr int kRegions = 10;
constexpr int kPageSize = 1000;

double thread_cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

/// One DescribeInstances page of `count` instances numbered from `first`, with `next_token`.
std::string render_page(const pugi::xml_document& recorded, int region, int first, int count,
                        const std::string& next_token) {
  pugi::xml_document page;
  page.append_copy(recorded.document_element());
  pugi::xml_node root = page.document_element();
  pugi::xml_node set = root.child("reservationSet");
  pugi::xml_node reservation = set.first_child();
  pugi::xml_node templ = set.append_copy(reservation);
  while (set.first_child() != templ) set.remove_child(set.first_child());
  for (int i = 0; i < count; ++i) {
    pugi::xml_node r = set.insert_copy_before(templ, templ);
    char id[32];
    std::snprintf(id, sizeof id, "i-%02x%015x", region, first + i);
    r.child("instancesSet").child("item").child("instanceId").text().set(id);
  }
  set.remove_child(templ);
  if (!next_token.empty()) root.append_child("nextToken").text().set(next_token.c_str());
  std::ostringstream out;
  page.save(out, "", pugi::format_raw);
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  int total = argc > 1 ? std::stoi(argv[1]) : 50'000;
  std::filesystem::path testdata = argc > 2 ? std::filesystem::path(argv[2])
                                            // <worktree>/build/aws_replay_benchmark → <worktree>/../shared/testdata
                                            : std::filesystem::canonical("/proc/self/exe").parent_path() /
                                                  "../../shared/testdata";
  std::ifstream in(testdata / "aws-responses/botocore-response_parsing/xml/responses/ec2-describe-instances.xml");
  std::stringstream recorded_text;
  recorded_text << in.rdbuf();
  pugi::xml_document recorded;
  if (!recorded.load_string(recorded_text.str().c_str()) || !recorded.child("DescribeInstancesResponse")) {
    std::cerr << "cannot read the recorded DescribeInstances body under " << testdata << "\n";
    return 1;
  }

  // pages[region][token] = body; token "" is the first page, "p<n>" the following ones.
  const int per_region = total / kRegions;
  std::vector<std::string> regions;
  std::map<std::string, std::map<std::string, std::string>> pages;
  size_t bytes = 0;
  for (int r = 0; r < kRegions; ++r) {
    regions.push_back("region-" + std::to_string(r));
    for (int first = 0, n = 0; first < per_region; first += kPageSize, ++n) {
      int count = std::min(kPageSize, per_region - first);
      std::string next = first + count < per_region ? "p" + std::to_string(n + 1) : "";
      std::string& body = pages[regions.back()][n == 0 ? "" : "p" + std::to_string(n)];
      body = render_page(recorded, r, first, count, next);
      bytes += body.size();
    }
  }

  // The region's other EC2 lists (volumes, security groups, VPCs) answer their recorded bodies.
  auto recorded_body = [&](const char* name) {
    std::ifstream f(testdata / "aws-responses/botocore-response_parsing/xml/responses" / name);
    std::stringstream s;
    s << f.rdbuf();
    return s.str();
  };
  const std::map<std::string, std::string> other_lists = {
      {"Action=DescribeVolumes&", recorded_body("ec2-describe-volumes.xml")},
      {"Action=DescribeSecurityGroups&", recorded_body("ec2-describe-security-groups.xml")},
      {"Action=DescribeVpcs&", recorded_body("ec2-describe-vpcs.xml")}};

  common::testing::TestHttpServer server([&](const ReceivedRequest& req) {
    for (const auto& [action, body] : other_lists)
      if (req.body.rfind(action, 0) == 0) return Reply{200, {}, body};
    // The region is in the SigV4 credential scope; the token in the form body.
    const std::string& auth = req.headers.at("authorization");
    size_t at = auth.find("/region-") + 1;
    std::string region = auth.substr(at, auth.find('/', at) - at);
    std::string token;
    if (size_t t = req.body.find("NextToken="); t != std::string::npos) token = req.body.substr(t + 10);
    auto& by_token = pages[region];
    auto it = by_token.find(token);
    if (it == by_token.end()) return Reply{400, {}, "<Response><Errors><Error><Code>InvalidToken</Code></Error></Errors></Response>"};
    return Reply{200, {}, it->second};
  });

  SystemClock clock;
  common::HttpClientSettings settings;
  settings.rate.requests_per_second = 0;  // measure the provider, not the account's request budget
  common::HttpClient http(settings, {clock, {}, {}});
  auto db = storage::open_database({"sqlite://:memory:", 1, 5000});
  ProviderAccount account{"bench", "org", {{"accessKeyId", "AKIDEXAMPLE"}, {"secretAccessKey", "secret"}},
                          {{"regions", regions}, {"services", {"ec2"}}, {"endpoints", {{"ec2", server.url()}}}}};
  auto provider = aws::aws_kind(http).create(account, ProviderDeps{clock, *db});

  size_t listed = 0, instances = 0, page_count = 0;
  auto wall_start = std::chrono::steady_clock::now();
  double cpu_start = thread_cpu_seconds();
  std::string token;
  do {
    ResourcePage page = provider->list_resources(token, kPageSize);
    listed += page.items.size();
    for (const auto& r : page.items) instances += r.type == "server";
    ++page_count;
    token = page.next_token;
  } while (!token.empty());
  double cpu = thread_cpu_seconds() - cpu_start;
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  std::printf("aws replay: %zu instances (%zu resources) in %zu pages (%d regions, %.1f MB of instance XML)\n",
              instances, listed, page_count, kRegions, static_cast<double>(bytes) / 1e6);
  std::printf("wall %.3f s, provider thread CPU %.3f s, CPU/wall %.1f%% (target < 20%%), %.0f instances/s\n", wall,
              cpu, 100 * cpu / wall, static_cast<double>(instances) / wall);
  return instances == static_cast<size_t>(per_region * kRegions) ? 0 : 1;
}
