#pragma once
// Test helpers: ../shared/testdata (genuine external vectors) and server/tests/testdata (the few
// genuine files the shared set lacks, with their provenance in its README), both set by CMake.
#include <fstream>
#include <sstream>
#include <string>

namespace cw::testing {
inline std::string testdata_path(const std::string& relative) {
  return std::string(CLOUDWEAVE_TESTDATA_DIR) + "/" + relative;
}
inline std::string read_file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
inline std::string read_testdata(const std::string& relative) { return read_file_text(testdata_path(relative)); }
inline std::string read_project_testdata(const std::string& relative) {
  return read_file_text(std::string(CLOUDWEAVE_PROJECT_TESTDATA_DIR) + "/" + relative);
}
}  // namespace cw::testing
