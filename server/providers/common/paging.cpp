#include "providers/common/paging.hpp"

#include <unordered_set>

#include "providers/provider.hpp"

namespace cw::providers::common {

void follow_pages(const std::string& what, const std::function<std::string(const std::string& token)>& read_page,
                  int max_pages) {
  std::unordered_set<std::string> seen;
  std::string token;
  for (int pages = 1;; ++pages) {
    token = read_page(token);
    if (token.empty()) return;
    if (!seen.insert(token).second)
      throw ProviderError("MalformedResponse", what + ": the service sent a page token it had sent before");
    if (pages >= max_pages)
      throw ProviderError("MalformedResponse", what + ": more than " + std::to_string(max_pages) + " pages");
  }
}

}  // namespace cw::providers::common
