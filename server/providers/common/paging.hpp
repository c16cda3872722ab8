#pragma once
/// Following a cloud's page tokens to the end inside one call (Cost Explorer's NextPageToken,
/// CloudWatch's NextToken, Azure's nextLink, Cloud Monitoring's nextPageToken).
///
/// A server that hands back a token it gave before would make a plain `while (!token.empty())`
/// loop forever, holding a worker; here that, or more than `max_pages` pages, is a
/// MalformedResponse naming the call.
#include <functional>
#include <string>

namespace cw::providers::common {

/// Calls `read_page(token)` with "" and then each returned token until one is empty.
void follow_pages(const std::string& what, const std::function<std::string(const std::string& token)>& read_page,
                  int max_pages = 10'000);

}  // namespace cw::providers::common
