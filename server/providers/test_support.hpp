#pragma once
/// Test support (header-only, *_test.cpp only) shared by the provider tests.
#include <functional>
#include <string>

#include "providers/provider.hpp"

namespace cw::providers::testing {

/// The code of the ProviderError `f` throws; "no error" when it returns normally.
inline std::string code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const ProviderError& e) {
    return e.code();
  }
  return "no error";
}

}  // namespace cw::providers::testing
