#include "providers/gcp/security_scope.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "providers/common/paging.hpp"
#include "providers/common/percent_encoding.hpp"
#include "providers/gcp/security_responses.hpp"

namespace cw::providers::gcp {
namespace {

using common::HttpResponse;
using common::percent_encode;

bool ok(const HttpResponse& r) { return r.status >= 200 && r.status < 300; }

const HttpResponse& checked(const HttpResponse& r) {
  if (!ok(r)) throw error_from_response(r.status, r.body);
  return r;
}

/// Cloud KMS location ids are lower-case letters, digits and '-' ("us-central1", "nam-eur-asia1");
/// anything else (from a settings typo or an odd answer) is never put into a URL or a cursor.
bool kms_location_id(const std::string& s) {
  return !s.empty() && s.size() <= 63 && std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '-';
  });
}

/// An email as a path segment: '@' stays (as Google's own clients send it), the rest is encoded.
std::string email_segment(const std::string& email) {
  std::string out;
  size_t start = 0;
  for (size_t at = email.find('@'); at != std::string::npos; start = at + 1, at = email.find('@', start))
    out += percent_encode(email.substr(start, at - start)) + "@";
  return out + percent_encode(email.substr(start));
}

std::string page_query(int page_size, const std::string& page_token) {
  std::string q = "pageSize=" + std::to_string(page_size);
  if (!page_token.empty()) q += "&pageToken=" + percent_encode(page_token);
  return q;
}

}  // namespace

SecurityScopeReader::SecurityScopeReader(Settings settings, const Clock& clock, Send send)
    : settings_(std::move(settings)),
      clock_(clock),
      send_(std::move(send)),
      project_path_("projects/" + percent_encode(settings_.project_id)) {}

std::string SecurityScopeReader::project_url() const { return settings_.resource_manager + project_path_; }

std::string SecurityScopeReader::iam_policy_url() const {
  return settings_.resource_manager + project_path_ + ":getIamPolicy";
}

std::string SecurityScopeReader::service_accounts_url(const std::string& page_token, int page_size) const {
  return settings_.iam + project_path_ + "/serviceAccounts?" + page_query(page_size, page_token);
}

std::string SecurityScopeReader::key_rings_url(const std::string& location, const std::string& page_token,
                                               int page_size) const {
  return settings_.kms + project_path_ + "/locations/" + location + "/keyRings?" + page_query(page_size, page_token);
}

ResourceRecord SecurityScopeReader::project() {
  // projects.get gives the display name and state; without resourcemanager.projects.get the
  // record still stands, named by the id.
  HttpResponse got = send_("GET", project_url(), "");
  std::optional<ProjectInfo> info;
  if (got.status != 403) info = parse_project(checked(got).body);
  ResourceRecord r = project_record(settings_.project_id, info ? &*info : nullptr);
  HttpResponse policy = send_("POST", iam_policy_url(), kGetIamPolicyBody);
  if (policy.status == 403)
    add_unknown_fact(r, "trailEnabled");
  else
    r.posture["trailEnabled"] = data_access_logs_for_all_services(checked(policy).body);
  return r;
}

RecordPage SecurityScopeReader::service_accounts(const std::string& page_token, int page_size) {
  HttpResponse list = send_("GET", service_accounts_url(page_token, std::clamp(page_size, 1, 100)), "");
  if (list.status == 403) return {};  // no iam.serviceAccounts.list, or the IAM API is off: none known
  RecordPage page = parse_service_account_list(checked(list).body);
  const Millis now = clock_.now_ms();
  for (auto& account : page.items) {
    HttpResponse keys = send_("GET",
                              settings_.iam + project_path_ + "/serviceAccounts/" + email_segment(account.name) +
                                  "/keys?keyTypes=USER_MANAGED",
                              "");
    if (keys.status == 403) {
      add_unknown_fact(account, "accessKeyAgeDays");
      continue;
    }
    if (keys.status == 404) continue;  // deleted since the listing
    add_access_key_facts(account, parse_user_managed_keys(checked(keys).body, now));
  }
  return page;
}

std::vector<std::string> SecurityScopeReader::kms_locations() {
  std::set<std::string> ids{"global"};  // keys in "global" exist whatever the regions
  for (const auto& r : settings_.regions)
    if (kms_location_id(r)) ids.insert(r);
  if (settings_.regions.empty()) {
    // Without regions every location counts, multi-regions ("us", "europe") included.
    common::follow_pages("the Cloud KMS locations.list", [&](const std::string& token) {
      HttpResponse r = send_("GET", settings_.kms + project_path_ + "/locations?" + page_query(100, token), "");
      if (r.status == 403) return std::string();  // the keyRings reads will tell
      NamePage page = parse_kms_locations(checked(r).body);
      for (const auto& id : page.names)
        if (kms_location_id(id)) ids.insert(id);
      return page.next_page_token;
    });
  }
  return {ids.begin(), ids.end()};
}

std::vector<std::string> SecurityScopeReader::cached_kms_locations(bool refresh) {
  {
    std::lock_guard lock(mutex_);
    if (!refresh && !locations_.empty()) return locations_;
  }
  std::vector<std::string> fresh = kms_locations();  // outside the lock: it makes calls
  std::lock_guard lock(mutex_);
  locations_ = fresh;
  return fresh;
}

RecordPage SecurityScopeReader::crypto_keys(const std::string& cursor, int page_size) {
  page_size = std::clamp(page_size, 1, 1000);
  std::string location, ring_token;
  if (!cursor.empty()) {
    size_t bar = cursor.find('|');
    if (bar == std::string::npos || !kms_location_id(cursor.substr(0, bar)))
      throw ProviderError("InvalidParameterValue", "bad page token");
    location = cursor.substr(0, bar);
    ring_token = cursor.substr(bar + 1);
  }
  std::vector<std::string> locations = cached_kms_locations(cursor.empty());
  if (location.empty()) location = locations.front();  // never empty: "global" is always in
  RecordPage out;
  HttpResponse rings = send_("GET", key_rings_url(location, ring_token, page_size), "");
  // 403: no cloudkms.keyRings.list or the Cloud KMS API is off — the same in every location.
  if (rings.status == 403) return out;
  NamePage page;
  // A location Cloud KMS does not offer (a region from the settings) answers 404 or 400.
  if (rings.status != 404 && rings.status != 400) page = parse_key_rings(checked(rings).body);
  for (const auto& ring : page.names) add_crypto_keys(location, ring, page_size, out);
  if (!page.next_page_token.empty()) {
    out.next_page_token = location + "|" + page.next_page_token;
  } else {
    auto next = std::upper_bound(locations.begin(), locations.end(), location);
    if (next != locations.end()) out.next_page_token = *next + "|";
  }
  return out;
}

void SecurityScopeReader::add_crypto_keys(const std::string& location, const std::string& key_ring, int page_size,
                                          RecordPage& out) {
  const std::string url = settings_.kms + project_path_ + "/locations/" + location + "/keyRings/" +
                          percent_encode(key_ring) + "/cryptoKeys?";
  common::follow_pages("the Cloud KMS cryptoKeys.list", [&](const std::string& token) {
    HttpResponse r = send_("GET", url + page_query(page_size, token), "");
    // IAM can be granted per key ring: one the key may not list (or one deleted since) is skipped.
    if (r.status == 403 || r.status == 404) return std::string();
    RecordPage page = parse_crypto_keys(checked(r).body);
    for (auto& key : page.items) out.items.push_back(std::move(key));
    return page.next_page_token;
  });
}

}  // namespace cw::providers::gcp
