#include <gtest/gtest.h>

#include <vector>

#include "core/error.hpp"
#include "vault/names.hpp"

namespace cw::vault {
namespace {

std::string rejected(const std::string& raw) {
  try {
    normalize_name(raw);
  } catch (const ApiError& e) { return e.what(); }
  return "";
}

TEST(VaultNames, NormalizesToNfcAndTrims) {
  EXPECT_EQ(normalize_name("Cafe\xCC\x81"), "Caf\xC3\xA9") << "NFD e + combining acute becomes one character";
  EXPECT_EQ(normalize_name("  report.pdf "), "report.pdf");
  EXPECT_EQ(normalize_name("Ünïcödé 日本語 😀.txt"), "Ünïcödé 日本語 😀.txt");
  EXPECT_EQ(normalize_name(".bashrc"), ".bashrc");
  EXPECT_EQ(normalize_name("..."), "...") << "only . and .. are special";
}

TEST(VaultNames, RefusesPathTricksControlAndDirectionCharacters) {
  for (const std::string& bad :
       std::vector<std::string>{"", "   ", ".", "..", "a/b", "../etc/passwd", "a\\b", std::string("nul\0byte", 8),
                                "tab\there", "line\nbreak", "del\x7F", "c1\xC2\x85",
                                "rtl\xE2\x80\xAE"
                                "fdp.exe",
                                "isolate\xE2\x81\xA6x", "lrm\xE2\x80\x8Ex", "bad\xFFutf8", "over\xC0\xAFlong"}) {
    EXPECT_NE(rejected(bad), "") << bad;
  }
  EXPECT_NE(rejected(std::string(256, 'x')), "");
  EXPECT_EQ(rejected(std::string(255, 'x')), "");
  // The limit counts bytes after normalization: 85 three-byte characters fit, 86 do not.
  std::string euro = "\xE2\x82\xAC";
  std::string fits, too_long;
  for (int i = 0; i < 85; ++i) fits += euro;
  too_long = fits + euro;
  EXPECT_EQ(rejected(fits), "");
  EXPECT_NE(rejected(too_long), "");
}

TEST(VaultNames, NumberedNamesKeepTheExtensionAndTheLimit) {
  EXPECT_EQ(numbered_name("report.pdf", 1, true), "report (1).pdf");
  EXPECT_EQ(numbered_name("archive.tar.gz", 2, true), "archive.tar (2).gz");
  EXPECT_EQ(numbered_name(".env", 1, true), ".env (1)");
  EXPECT_EQ(numbered_name("Photos.2026", 3, false), "Photos.2026 (3)") << "folders have no extension";
  std::string longest(251, 'a');
  longest += ".txt";
  auto numbered = numbered_name(longest, 12, true);
  EXPECT_EQ(numbered.size(), kMaxNameBytes);
  EXPECT_TRUE(numbered.ends_with(" (12).txt"));
  // Shortening never cuts a character in half.
  std::string euros;
  for (int i = 0; i < 85; ++i) euros += "\xE2\x82\xAC";
  auto cut = numbered_name(euros, 1, false);
  EXPECT_LE(cut.size(), kMaxNameBytes);
  EXPECT_EQ(normalize_name(cut), cut) << "still valid UTF-8";
}

TEST(VaultNames, FoldCaseForSearch) {
  EXPECT_EQ(fold_case("Report ÄÖÜ"), "report äöü");
  EXPECT_EQ(fold_case("Straße"), "strasse");
}

}  // namespace
}  // namespace cw::vault
