#pragma once
// Test support: the JSON answers in AWS CLI examples (.rst files of aws/aws-cli's
// awscli/examples, in testdata/aws-responses/awscli-examples and server/tests/testdata/aws).
// Each example shows the command and then, after "Output::", the JSON the service answered.
#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

#include "core/testdata.hpp"

namespace cw::providers::aws::testing {

/// The JSON object after the `n`-th (0-based) "Output::" of an example's text.
inline nlohmann::json awscli_output_of(const std::string& rst, int n = 0) {
  size_t pos = 0;
  for (int i = 0; i <= n; ++i) {
    pos = rst.find("Output::", pos);
    if (pos == std::string::npos) throw std::runtime_error("awscli example has no Output:: #" + std::to_string(n));
    pos += 8;
  }
  size_t start = rst.find('{', pos);
  int depth = 0;
  for (size_t i = start; i < rst.size(); ++i) {
    if (rst[i] == '{') ++depth;
    if (rst[i] == '}' && --depth == 0) return nlohmann::json::parse(rst.substr(start, i - start + 1));
  }
  throw std::runtime_error("awscli example: unbalanced JSON after Output::");
}

/// The same for a file of testdata/aws-responses/awscli-examples.
inline nlohmann::json awscli_output(const std::string& file, int n = 0) {
  return awscli_output_of(cw::testing::read_testdata("aws-responses/awscli-examples/" + file), n);
}

}  // namespace cw::providers::aws::testing
