#pragma once
// Test helper: waits for work that another thread does.
#include <chrono>
#include <thread>

namespace cw::testing {

/// Asks `done` every few milliseconds until it answers true or `limit` has passed, and returns
/// its last answer. The limit only bounds a failing test: a passing one goes on as soon as the
/// work is done.
template <typename Done>
bool wait_until(Done&& done, std::chrono::milliseconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return done();
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

}  // namespace cw::testing
