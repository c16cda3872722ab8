#pragma once
/// Test support (header-only, *_test.cpp only) shared by the provider tests.
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "providers/provider.hpp"

namespace cw::providers::testing {

/// The code of the ProviderError `f` throws; "no error" when it returns normally.
inline std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ProviderError& e) { return e.code(); }
  return "no error";
}

/// Every page of `p`'s inventory; `tokens` (if given) gets each page's next token, "" last.
/// A listing that does not end within `max_pages` throws instead of hanging the test.
inline std::vector<ResourceRecord> list_all(CloudProvider& p, int page_size, std::vector<std::string>* tokens = nullptr,
                                            int max_pages = 1000) {
  std::vector<ResourceRecord> all;
  std::string token;
  int pages = 0;
  do {
    if (++pages > max_pages) throw std::runtime_error("the listing did not end");
    ResourcePage page = p.list_resources(token, page_size);
    all.insert(all.end(), page.items.begin(), page.items.end());
    token = page.next_token;
    if (tokens) tokens->push_back(token);
  } while (!token.empty());
  return all;
}

}  // namespace cw::providers::testing
