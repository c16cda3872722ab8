// Shared Key string to sign per Microsoft's "Authorize with Shared Key" (Blob service, version
// 2009-09-19+): twelve standard header lines, sorted x-ms-* headers, then the canonicalized
// resource with sorted, lowercased query names. Whether the signature is accepted is checked end to
// end against azurite in shared_key_emutest.cpp.
#include <gtest/gtest.h>

#include "providers/azure/shared_key.hpp"
#include "providers/provider.hpp"

namespace cw::providers::azure {
namespace {

TEST(AzureSharedKey, StringToSignOfAGetWithQuery) {
  // The request of Microsoft's canonicalized-resource example (emulator path style: the account
  // appears twice), with the x-ms-* headers out of order and one value folded over spaces.
  SharedKeyRequest r{"GET",
                     "/devstoreaccount1/mycontainer",
                     {{"restype", "container"}, {"COMP", "metadata"}},
                     {{"x-ms-version", "2009-09-19"}, {"X-MS-Date", "Sun, 11 Oct 2009   21:49:13 GMT"}}};
  EXPECT_EQ(shared_key_string_to_sign(r, "devstoreaccount1"),
            "GET\n\n\n\n\n\n\n\n\n\n\n\n"
            "x-ms-date:Sun, 11 Oct 2009 21:49:13 GMT\nx-ms-version:2009-09-19\n"
            "/devstoreaccount1/devstoreaccount1/mycontainer\ncomp:metadata\nrestype:container");
}

TEST(AzureSharedKey, StringToSignOfAPutSignsStandardHeadersAndAnEmptyZeroLength) {
  SharedKeyRequest r{"PUT",
                     "/logs",
                     {{"restype", "container"}, {"include", "b"}, {"include", "a"}},
                     {{"Content-Type", "application/xml"},
                      {"Content-Length", "0"},
                      {"x-ms-date", "d"},
                      {"Host", "acct.blob.core.windows.net"}}};
  EXPECT_EQ(shared_key_string_to_sign(r, "acct"),
            "PUT\n\n\n\n\napplication/xml\n\n\n\n\n\n\nx-ms-date:d\n/acct/logs\ninclude:a,b\nrestype:container");
}

TEST(AzureSharedKey, AuthorizationIsHmacOfTheStringToSignUnderTheDecodedKey) {
  SharedKeyRequest r{"GET", "/devstoreaccount1", {{"comp", "list"}}, {{"x-ms-date", "Sun, 11 Oct 2009 21:49:13 GMT"}}};
  const std::string key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  std::string a = shared_key_authorization(r, "devstoreaccount1", key);
  EXPECT_EQ(a.rfind("SharedKey devstoreaccount1:", 0), 0u);
  EXPECT_EQ(a.size(), std::string("SharedKey devstoreaccount1:").size() + 44);  // base64 of 32 bytes
  EXPECT_EQ(a, shared_key_authorization(r, "devstoreaccount1", key));
  r.query[0].second = "other";
  EXPECT_NE(a, shared_key_authorization(r, "devstoreaccount1", key));
  try {
    shared_key_authorization(r, "devstoreaccount1", "not base64!");
    FAIL();
  } catch (const ProviderError& e) { EXPECT_EQ(e.code(), "InvalidParameterValue"); }
}

}  // namespace
}  // namespace cw::providers::azure
