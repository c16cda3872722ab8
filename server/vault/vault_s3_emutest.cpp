// The vault on an S3-compatible bucket: s3rver (npm @20minutes/s3rver, scripts/emulators/s3rver),
// which verifies every SigV4 signature. The whole vault contract runs on it, then what only a
// bucket exercises: an upload of several parts sent over PATCHes that end mid-part, a restart in
// between (another replica), a chunk refused by its checksum after parts went out, the copy in
// parts used above 5 GiB (with small limits here), ranged reads across the 8 MiB read windows,
// a folder zipped from the bucket, and a profile picture kept as an object.
//   env $(scripts/start-emulators /tmp/emu) ./build/emulator_tests --gtest_filter='VaultOnS3*'
#include <cstdlib>

#include "storage/test_support.hpp"
#include "vault/vault_contract.hpp"
#include "vault/zip_source.hpp"

namespace cw::vault::testing {
namespace {

std::string read_all(http::BodySource& source) {
  std::string out, buffer(300'000, '\0');
  while (size_t n = source.read(buffer.data(), buffer.size())) out.append(buffer.data(), n);
  return out;
}

/// Bytes that differ at every offset (a misplaced part or window shows).
std::string pattern(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<char>((i * 2654435761u) >> 13);
  return out;
}

class VaultOnS3 : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* url = std::getenv("CLOUDWEAVE_TEST_S3_URL");
    if (!url) GTEST_SKIP() << "CLOUDWEAVE_TEST_S3_URL is not set (scripts/start-emulators)";
    S3StoreSettings s;
    s.bucket = {
        .bucket = "cw-vault-contract", .region = "us-east-1", .endpoint = url, .credentials = {"S3RVER", "S3RVER", ""}};
    s.prefix = "run-" + crypto::to_hex(crypto::random_bytes(4)) + "/";
    s.part_bytes = uint64_t{5} << 20;
    s.single_copy_bytes = uint64_t{6} << 20;
    s.copy_part_bytes = uint64_t{5} << 20;
    try {
      providers::aws::S3Objects(s.bucket, clock).create_bucket();
    } catch (const providers::ProviderError& e) {
      if (e.code() != "BucketAlreadyExists") throw;  // s3rver's answer for a bucket of ours
    }
    contract_s3() = s;
  }
  void TearDown() override { contract_s3().reset(); }

  SystemClock clock;
  std::unique_ptr<storage::Database> db = storage::testing::fresh_sqlite();
};

TEST_F(VaultOnS3, UploadsResumeExpireAndLeaveNothingBehind) {
  check_uploads_resume_expire_and_leave_nothing_behind(*db);
}
TEST_F(VaultOnS3, TrashAndGarbageCollection) { check_trash_waits_its_time_and_garbage_keeps_what_is_used(*db); }
TEST_F(VaultOnS3, VersionsAndIsolation) { check_versions_are_capped_and_organizations_apart(*db); }
TEST_F(VaultOnS3, ProcessingThumbnailsOnceAndNeverSticks) { check_processing_thumbnails_once_and_never_sticks(*db); }

TEST_F(VaultOnS3, PartsAcrossPatchesRestartsAndChecksums) {
  VaultWorld w(*db);
  const std::string bytes = pattern((13u << 20) + 12345);  // 13 MiB and a bit: two full parts and a tail
  auto up = w.start(w.owner, "big.bin", static_cast<int64_t>(bytes.size()));
  auto& blobs = w.vault.blobs;

  // 3 MiB: less than a part, kept as the tail when the PATCH ends.
  EXPECT_FALSE(w.send(w.owner, up.id, 0, bytes.substr(0, 3u << 20)));
  EXPECT_EQ(blobs.part_size(up.id), 3u << 20);

  // 4 MiB more: part 1 goes out (5 MiB), 2 MiB wait in the new tail.
  EXPECT_FALSE(w.send(w.owner, up.id, 3u << 20, bytes.substr(3u << 20, 4u << 20)));
  EXPECT_EQ(blobs.part_size(up.id), 7u << 20);

  // A chunk whose checksum is wrong, after it has sent part 2: dropped, the offset stays.
  {
    const std::string chunk = bytes.substr(7u << 20, 4u << 20);
    auto sink = w.vault.uploads.open_append(
        w.owner, up.id, {.offset = 7 << 20, .checksum = "sha256 " + crypto::base64_encode(crypto::sha256("other"))});
    sink->write(chunk);
    try {
      sink->finish();
      ADD_FAILURE() << "a wrong checksum must be refused";
    } catch (const ApiError& e) { EXPECT_EQ(e.code(), ErrorCode::kChecksumMismatch); }
  }
  EXPECT_EQ(w.vault.uploads.get(w.owner, up.id).offset, 7 << 20);
  EXPECT_EQ(blobs.part_size(up.id), 7u << 20);

  // Another process (a restart, another replica) takes the rest, in two PATCHes: it has no
  // running hash, so the finished upload is read back once to hash it.
  UploadService other(w.vault.upload_repository, w.vault.vault, blobs, w.clock);
  auto patch = [&](int64_t offset, const std::string& chunk) {
    auto sink = other.open_append(w.owner, up.id, {.offset = offset});
    sink->write(chunk);
    sink->finish();
    return other.complete_append(*sink);
  };
  EXPECT_FALSE(patch(7 << 20, bytes.substr(7u << 20, 1u << 20)));
  auto file = patch(8 << 20, bytes.substr(8u << 20));
  ASSERT_TRUE(file);
  EXPECT_EQ(*file->sha256, crypto::sha256_hex(bytes));
  EXPECT_EQ(w.parts(), 0u) << "the upload's state, tail and finished object are gone";

  // The content (copied in parts: over the 6 MiB single-copy limit set here), whole and in
  // ranges that cross the 8 MiB read windows.
  ASSERT_EQ(blobs.content_size(w.owner.organization_id, *file->sha256), bytes.size());
  auto whole = blobs.open_content(w.owner.organization_id, *file->sha256, 0, bytes.size());
  ASSERT_TRUE(whole);
  EXPECT_TRUE(read_all(*whole) == bytes);
  const uint64_t first = (8u << 20) - 100, length = (5u << 20) + 7;
  auto range = blobs.open_content(w.owner.organization_id, *file->sha256, first, length);
  ASSERT_TRUE(range);
  EXPECT_TRUE(read_all(*range) == bytes.substr(first, length));
  EXPECT_FALSE(blobs.open_content(w.owner.organization_id, crypto::sha256_hex("absent"), 0, 1));

  // A folder of it, zipped while read from the bucket.
  auto folder = w.vault.vault.create_folder(w.owner, kRoot, "Backups", OnConflict::kFail);
  w.vault.vault.update(w.owner, file->id, std::nullopt, folder.id, OnConflict::kFail);
  auto [name, entries] = w.vault.vault.archive(w.owner, folder.id);
  ZipSource zip(std::move(entries));
  const std::string archive = read_all(zip);
  EXPECT_GT(archive.size(), bytes.size());
  EXPECT_NE(archive.find("big.bin"), std::string::npos);
  EXPECT_NE(archive.find(bytes.substr(9u << 20, 4096)), std::string::npos);
}

TEST_F(VaultOnS3, UploadsLeftBehindAreSweptAndSmallObjectsKept) {
  VaultWorld w(*db);
  auto& blobs = w.vault.blobs;
  // A part no upload owns, with a multipart upload under way: swept (the multipart aborted).
  {
    auto part = blobs.append_part("upl_orphan", 0);
    part->write(pattern(6u << 20));
    part->sync();
  }
  EXPECT_EQ(blobs.part_size("upl_orphan"), 6u << 20);
  EXPECT_EQ(w.vault.uploads.remove_orphan_parts(), 1);
  EXPECT_EQ(w.parts(), 0u);

  blobs.put_object("avatars/usr_1.webp", "RIFF....WEBP");
  EXPECT_EQ(blobs.read_object("avatars/usr_1.webp"), "RIFF....WEBP");
  blobs.remove_object("avatars/usr_1.webp");
  EXPECT_FALSE(blobs.read_object("avatars/usr_1.webp"));
  EXPECT_THROW(blobs.put_object("../escape", "x"), std::invalid_argument);
}

}  // namespace
}  // namespace cw::vault::testing
