#pragma once
/// Test support (header-only, *_test.cpp only): the shared HTTP client as provider tests want it —
/// no request-rate limit, retries that wait by advancing a FakeClock instead of sleeping, and a
/// fixed jitter, so backoff and breaker timing are exact and tests never wait.
#include "core/clock.hpp"
#include "providers/common/http_client.hpp"

namespace cw::providers::common::testing {

inline HttpClientSettings unlimited_settings() {
  HttpClientSettings s;
  s.rate.requests_per_second = 0;
  s.allow_private_addresses = true;  // the fakes listen on 127.0.0.1
  return s;
}

inline HttpClientEffects instant_effects(FakeClock& clock) {
  return {clock, [&clock](Millis ms) { clock.advance(ms); }, [] { return 0.5; }};
}

}  // namespace cw::providers::common::testing
