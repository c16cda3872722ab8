#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "vault/download.hpp"
#include "vault/upload_service.hpp"

namespace cw::vault {
namespace {

TEST(TusHeaders, MetadataPairsAreBase64AndKeysMayStandAlone) {
  // The example of the tus 1.0 specification.
  auto m = parse_upload_metadata("filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==,is_confidential");
  EXPECT_EQ(m["filename"], "world_domination_plan.pdf");
  EXPECT_TRUE(m.count("is_confidential"));
  EXPECT_EQ(m["is_confidential"], "");
  EXPECT_TRUE(parse_upload_metadata("").empty());
  EXPECT_THROW(parse_upload_metadata("filename not-base64!"), ApiError);
  EXPECT_THROW(parse_upload_metadata("a YQ==,a Yg=="), ApiError) << "keys are unique";
  EXPECT_THROW(parse_upload_metadata("a YQ==,,b Yg=="), ApiError);
}

TEST(TusHeaders, ChecksumIsSha256OfBase64) {
  std::string digest = crypto::sha256("hello");
  EXPECT_EQ(parse_upload_checksum("sha256 " + crypto::base64_encode(digest)), digest);
  EXPECT_THROW(parse_upload_checksum("sha1 " + crypto::base64_encode(std::string(20, 'x'))), ApiError);
  EXPECT_THROW(parse_upload_checksum("sha256 AAAA"), ApiError) << "too short for SHA-256";
  EXPECT_THROW(parse_upload_checksum("sha256"), ApiError);
}

TEST(VaultDownload, DispositionCarriesTheUtf8NameAndAnAsciiFallback) {
  EXPECT_EQ(content_disposition("report.pdf", false),
            "attachment; filename=\"report.pdf\"; filename*=UTF-8''report.pdf");
  EXPECT_EQ(content_disposition("r\xC3\xA9sum\xC3\xA9 \"x\".pdf", true),
            "inline; filename=\"r__sum__ _x_.pdf\"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22.pdf");
  EXPECT_EQ(content_disposition("a;b\\c%d", false), "attachment; filename=\"a;b_c_d\"; filename*=UTF-8''a%3Bb%5Cc%25d");
}

TEST(VaultDownload, OnlyInertTypesMayBeShownInline) {
  for (auto t : {"image/png", "image/jpeg", "application/pdf", "text/plain"}) EXPECT_TRUE(inline_safe(t)) << t;
  for (auto t : {"text/html", "image/svg+xml", "application/xml", "text/xml", "application/xhtml+xml",
                 "application/javascript", "", "text/plain; charset=utf-16"})
    EXPECT_FALSE(inline_safe(t)) << t;
}

}  // namespace
}  // namespace cw::vault
