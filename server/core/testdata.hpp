#pragma once
// Test helper: the path of ../shared/testdata (genuine external vectors), set by CMake.
#include <fstream>
#include <sstream>
#include <string>

namespace cw::testing {
inline std::string testdata_path(const std::string& relative) {
  return std::string(CLOUDWEAVE_TESTDATA_DIR) + "/" + relative;
}
inline std::string read_testdata(const std::string& relative) {
  std::ifstream in(testdata_path(relative), std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace cw::testing
