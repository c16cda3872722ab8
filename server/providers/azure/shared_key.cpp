#include "providers/azure/shared_key.hpp"

#include <openssl/evp.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>

#include "core/crypto.hpp"
#include "providers/azure/token_source.hpp"
#include "providers/provider.hpp"

namespace cw::providers::azure {
namespace {

constexpr const char* kStorageVersion = "2021-12-02";

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

/// Trims and collapses runs of whitespace (folded header values) to one space.
std::string canonical_value(const std::string& v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

/// "https://host[:port]/path" → ("https://host[:port]", "/path" without a trailing slash).
std::pair<std::string, std::string> split_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (slash == std::string::npos) return {url, ""};
  return {url.substr(0, slash), url.substr(slash)};
}

ProviderError storage_error(long status, const std::string& body) {
  pugi::xml_document doc;
  std::string code, message;
  if (doc.load_string(body.c_str())) {
    code = doc.child("Error").child_value("Code");
    message = doc.child("Error").child_value("Message");
  }
  message = message.substr(0, message.find_first_of("\r\n"));  // drop RequestId/Time lines
  bool retryable = status == 429 || status >= 500;
  if (code.empty())
    return ProviderError("HttpError", "Azure Storage answered HTTP " + std::to_string(status), retryable);
  return ProviderError(code, "Azure Storage: " + (message.empty() ? code : message), retryable);
}

}  // namespace

std::string shared_key_string_to_sign(const SharedKeyRequest& request, const std::string& account) {
  std::map<std::string, std::string> headers;  // lowercased name → canonical value
  for (const auto& [name, value] : request.headers) {
    std::string& slot = headers[lower(name)];
    slot = slot.empty() ? canonical_value(value) : slot + "," + canonical_value(value);
  }
  auto header = [&](const char* name) {
    auto it = headers.find(name);
    return it == headers.end() ? std::string() : it->second;
  };
  std::string length = header("content-length");
  if (length == "0") length = "";  // versions 2015-02-21 and later sign an empty length
  std::string s = request.method + "\n" + header("content-encoding") + "\n" + header("content-language") + "\n" +
                  length + "\n" + header("content-md5") + "\n" + header("content-type") + "\n" + header("date") + "\n" +
                  header("if-modified-since") + "\n" + header("if-match") + "\n" + header("if-none-match") + "\n" +
                  header("if-unmodified-since") + "\n" + header("range") + "\n";
  for (const auto& [name, value] : headers)  // std::map: sorted by name
    if (name.rfind("x-ms-", 0) == 0) s += name + ":" + value + "\n";
  s += "/" + account + request.path;
  std::map<std::string, std::vector<std::string>> params;
  for (const auto& [name, value] : request.query) params[lower(name)].push_back(value);
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    s += "\n" + name + ":";
    for (size_t i = 0; i < values.size(); ++i) s += (i ? "," : "") + values[i];
  }
  return s;
}

std::string shared_key_authorization(const SharedKeyRequest& request, const std::string& account,
                                     const std::string& key_base64) {
  std::string key;
  if (!crypto::base64_decode(key_base64, key))
    throw ProviderError("InvalidParameterValue", "the storage account key is not base64");
  return "SharedKey " + account + ":" +
         crypto::base64_encode(crypto::hmac_sha256(key, shared_key_string_to_sign(request, account)));
}

BlobContainers::BlobContainers(common::HttpClient& http, const Clock& clock, std::string http_account,
                               std::string blob_url, std::string account_name, std::string key_base64)
    : http_(http),
      clock_(clock),
      http_account_(std::move(http_account)),
      account_(std::move(account_name)),
      key_(std::move(key_base64)) {
  std::tie(base_url_, base_path_) = split_url(std::move(blob_url));
}

common::HttpResponse BlobContainers::call(const std::string& method, const std::string& sub_path,
                                          const std::vector<std::pair<std::string, std::string>>& query,
                                          std::initializer_list<long> ok) {
  // Container names are 3-63 lowercase letters, digits and single dashes: nothing to encode.
  static const std::regex kContainer("^$|^/[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$");
  if (sub_path.size() > 64 || !std::regex_match(sub_path, kContainer))
    throw ProviderError("InvalidParameterValue", "not a valid blob container name: " + sub_path.substr(1));
  std::string path = base_path_ + sub_path;
  std::string query_string;
  for (const auto& [k, v] : query) query_string += (query_string.empty() ? "?" : "&") + k + "=" + percent_encode(v);
  common::HttpRequest req;
  req.method = method;
  req.url = base_url_ + (path.empty() ? "/" : path) + query_string;
  req.prepare = [this, path, query](common::HttpRequest& r) {
    r.headers = {{"x-ms-date", format_http_date(clock_.now_ms())}, {"x-ms-version", kStorageVersion}};
    // curl would add a form Content-Type to bodyless PUT/DELETE; an explicit one is signed instead.
    if (r.method != "GET") r.headers.emplace_back("Content-Type", "application/xml");
    SharedKeyRequest s{r.method, path.empty() ? "/" : path, query, r.headers};
    r.headers.emplace_back("Authorization", shared_key_authorization(s, account_, key_));
  };
  common::HttpResponse r = http_.send(http_account_, req);
  if (std::find(ok.begin(), ok.end(), r.status) == ok.end()) throw storage_error(r.status, r.body);
  return r;
}

std::vector<std::string> BlobContainers::list() {
  std::vector<std::string> names;
  std::string marker;
  do {
    std::vector<std::pair<std::string, std::string>> query = {{"comp", "list"}};
    if (!marker.empty()) query.emplace_back("marker", marker);
    common::HttpResponse r = call("GET", "", query, {200});
    pugi::xml_document doc;
    if (!doc.load_string(r.body.c_str()) || !doc.child("EnumerationResults"))
      throw ProviderError("InvalidResponse", "unexpected Azure Storage answer: not a container list");
    pugi::xml_node results = doc.child("EnumerationResults");
    for (pugi::xml_node c : results.child("Containers").children("Container")) names.push_back(c.child_value("Name"));
    marker = results.child_value("NextMarker");
  } while (!marker.empty());
  return names;
}

void BlobContainers::create(const std::string& name) { call("PUT", "/" + name, {{"restype", "container"}}, {201}); }

void BlobContainers::remove(const std::string& name) { call("DELETE", "/" + name, {{"restype", "container"}}, {202}); }

}  // namespace cw::providers::azure
