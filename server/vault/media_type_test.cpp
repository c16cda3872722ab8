#include <gtest/gtest.h>

#include "vault/media_type.hpp"

namespace cw::vault {
namespace {

std::string bytes(std::initializer_list<unsigned char> b) { return std::string(b.begin(), b.end()); }

TEST(VaultMediaType, TheContentDecidesNotTheName) {
  // A PNG signature and IHDR chunk (the first 33 bytes of every PNG).
  std::string png = bytes({0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 'I',  'H',  'D',  'R', 0,
                           0,    0,   1,   0,   0,    0,    1,    8,    6, 0, 0, 0,    0x1F, 0x15, 0xC4, 0x89});
  EXPECT_EQ(detect_media_type(png), "image/png");
  EXPECT_EQ(detect_media_type("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"),
            "application/pdf");
  EXPECT_EQ(detect_media_type("GIF89a\x01\x00\x01\x00\x80\x00\x00"), "image/gif");
  EXPECT_EQ(detect_media_type("<!DOCTYPE html>\n<html><head><title>x</title></head><body><script>alert(1)</script>"),
            "text/html");
  EXPECT_EQ(detect_media_type("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>"),
            "image/svg+xml");
  EXPECT_EQ(detect_media_type("just some words in a text file\n"), "text/plain");
  EXPECT_EQ(detect_media_type(""), "application/x-empty");
}

TEST(VaultMediaType, TheClaimCountsOnlyWhereTheContentSaysNothing) {
  EXPECT_EQ(choose_media_type("text/html", "image/png"), "text/html") << "a page posing as a picture";
  EXPECT_EQ(choose_media_type("application/octet-stream", "application/x-custom"), "application/x-custom");
  EXPECT_EQ(choose_media_type("application/octet-stream", ""), "application/octet-stream");
  EXPECT_EQ(choose_media_type("image/png", ""), "image/png");
}

}  // namespace
}  // namespace cw::vault
