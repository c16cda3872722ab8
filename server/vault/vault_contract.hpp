#pragma once
// The vault on a real database, with a fake clock: uploads streamed through the tus sinks the
// routes use (resumed after a restart, expired and swept), the trash purged only after its
// time, garbage collection that never removes content a version refers to, and scheduled work
// visible as jobs. Instantiated for SQLite (vault_sqlite_test.cpp) and PostgreSQL
// (vault_postgres_pgtest.cpp).
#include <gtest/gtest.h>

#include <filesystem>

#include "core/crypto.hpp"
#include "core/error.hpp"
#include "core/testdata.hpp"
#include "http/rate_limiter.hpp"
#include "inventory/inventory_world_test_support.hpp"
#include "vault/module.hpp"

namespace cw::vault::testing {

inline std::filesystem::path fresh_directory() {
  auto dir = std::filesystem::temp_directory_path() / ("cw-vault-" + crypto::to_hex(crypto::random_bytes(6)));
  std::filesystem::create_directories(dir);
  return dir;
}

/// The blob store the contract runs on: files under the world's directory, unless the S3
/// emulator test (vault_s3_emutest.cpp) names a bucket here.
inline std::optional<S3StoreSettings>& contract_s3() {
  static std::optional<S3StoreSettings> s3;
  return s3;
}

inline std::optional<S3StoreSettings> s3_for(const std::filesystem::path& directory) {
  auto s3 = contract_s3();
  if (s3) {
    s3->prefix += "w" + crypto::to_hex(crypto::random_bytes(4)) + "/";  // each world apart
    s3->scratch = directory / "tmp";
  }
  return s3;
}

struct VaultWorld : inventory::testing::InventoryWorld {
  explicit VaultWorld(storage::Database& db)
      : InventoryWorld(db),
        directory(fresh_directory()),
        limiter(clock, nullptr),
        vault(platform, orgs_module.service, limiter, settings_for(directory)) {
    vault.add_jobs(runner);
    owner = member("Acme", "o@example.com");
  }
  ~VaultWorld() { std::filesystem::remove_all(directory); }

  static VaultSettings settings_for(const std::filesystem::path& directory) {
    VaultSettings s{.directory = directory, .sync_writes = false};
    // The real media worker: the server binary, built beside the test binaries.
    s.processing.worker.program = std::filesystem::read_symlink("/proc/self/exe").parent_path() / "cloudweave";
    s.s3 = s3_for(directory);
    return s;
  }

  /// One PATCH (or creation body): the bytes through the upload's sink, as the server does.
  std::optional<Item> send(const Principal& who, const std::string& upload_id, int64_t offset,
                           const std::string& bytes) {
    auto sink = vault.uploads.open_append(who, upload_id, {.offset = offset});
    sink->write(bytes);
    sink->finish();
    return vault.uploads.complete_append(*sink);
  }
  Upload start(const Principal& who, const std::string& filename, int64_t length) {
    return vault.uploads.create(who, {.length = length, .metadata = "filename " + crypto::base64_encode(filename)});
  }
  size_t parts() { return vault.blobs.part_ids().size(); }
  int jobs_of(const std::string& type) {
    jobs::JobFilter f;
    f.type = type;
    return static_cast<int>(queue.count(owner.organization_id, f));
  }

  std::filesystem::path directory;
  http::RateLimiter limiter;
  VaultModule vault;
  Principal owner;
};

inline void check_uploads_resume_expire_and_leave_nothing_behind(storage::Database& db) {
  VaultWorld w(db);
  auto up = w.start(w.owner, "data.bin", 10);
  EXPECT_FALSE(w.send(w.owner, up.id, 0, "01234"));
  // A dropped connection keeps what arrived: the sink is aborted, not finished.
  {
    auto sink = w.vault.uploads.open_append(w.owner, up.id, {.offset = 5});
    sink->write("56");
    sink->abort();
  }
  EXPECT_EQ(w.vault.uploads.get(w.owner, up.id).offset, 7);
  // Another request on the same upload waits its turn — on this replica or another (the hold is
  // in the database), and for as long as the first keeps sending (the hold is renewed).
  {
    auto busy = w.vault.uploads.open_append(w.owner, up.id, {.offset = 7});
    EXPECT_THROW(w.vault.uploads.open_append(w.owner, up.id, {.offset = 7}), ApiError);
    UploadService replica(w.vault.upload_repository, w.vault.vault, w.vault.blobs, w.clock);
    EXPECT_THROW(replica.open_append(w.owner, up.id, {.offset = 7}), ApiError);
    EXPECT_THROW(replica.terminate(w.owner, up.id), ApiError);
    w.clock.advance(UploadService::kHoldMs - 1000);
    busy->write("");  // bytes still flowing: the hold is renewed
    w.clock.advance(UploadService::kHoldMs - 1000);
    EXPECT_THROW(replica.open_append(w.owner, up.id, {.offset = 7}), ApiError);
    busy->abort();
  }
  {
    // A writer that died without letting go (a crashed replica) holds it only until its hold
    // runs out; the late writer then finds it taken over.
    ASSERT_TRUE(w.vault.upload_repository.claim(up.id, "wrt_crashed", w.clock.now_ms(),
                                                w.clock.now_ms() + UploadService::kHoldMs));
    EXPECT_THROW(w.vault.uploads.open_append(w.owner, up.id, {.offset = 7}), ApiError);
    w.clock.advance(UploadService::kHoldMs);
    auto taken = w.vault.uploads.open_append(w.owner, up.id, {.offset = 7});
    EXPECT_FALSE(w.vault.upload_repository.renew(up.id, "wrt_crashed", w.clock.now_ms() + 1));
    taken->abort();
  }
  // A restart forgets the running hash: a new service reads the part again.
  UploadService restarted(w.vault.upload_repository, w.vault.vault, w.vault.blobs, w.clock);
  auto sink = restarted.open_append(w.owner, up.id, {.offset = 7});
  sink->write("789");
  sink->finish();
  auto file = restarted.complete_append(*sink);
  sink.reset();
  ASSERT_TRUE(file);
  EXPECT_EQ(file->size, 10);
  EXPECT_EQ(*file->sha256, crypto::sha256_hex("0123456789"));
  EXPECT_EQ(w.parts(), 0u) << "the part became content";
  EXPECT_TRUE(w.vault.blobs.exists(w.owner.organization_id, *file->sha256));

  // An upload left alone expires: 410 first, then the scheduled job removes it and its bytes.
  auto stale = w.start(w.owner, "stale.bin", 100);
  w.send(w.owner, stale.id, 0, "partial");
  w.clock.advance(25 * 3600'000LL);
  try {
    w.vault.uploads.get(w.owner, stale.id);
    ADD_FAILURE() << "an expired upload must be gone";
  } catch (const ApiError& e) { EXPECT_EQ(e.code(), ErrorCode::kGone); }
  EXPECT_EQ(w.vault.maintenance.schedule_uploads(), 1);
  w.runner.run_due_jobs();
  EXPECT_EQ(w.jobs_of(Maintenance::kExpireUploads), 1) << "visible in /jobs";
  EXPECT_EQ(w.parts(), 0u);
  EXPECT_THROW(w.vault.uploads.get(w.owner, stale.id), ApiError);

  // A part no upload owns (a crash between the two) is swept.
  {
    auto orphan = w.vault.blobs.append_part("upl_orphan", 0);
    orphan->write("left over");
    orphan->sync();
  }
  EXPECT_EQ(w.vault.uploads.remove_orphan_parts(), 1);
  EXPECT_EQ(w.parts(), 0u);
}

inline void check_trash_waits_its_time_and_garbage_keeps_what_is_used(storage::Database& db) {
  VaultWorld w(db);
  auto up = w.start(w.owner, "a.txt", 5);
  auto file = *w.send(w.owner, up.id, 0, "same!");
  auto copy = w.vault.vault.copy(w.owner, file.id, kRoot, std::string("b.txt"), OnConflict::kFail);
  const std::string sha = *file.sha256;

  w.vault.vault.trash(w.owner, file.id);
  w.clock.advance(29LL * 86'400'000);
  EXPECT_EQ(w.vault.maintenance.schedule_trash(), 0) << "30 days by default";
  w.clock.advance(2LL * 86'400'000);
  EXPECT_EQ(w.vault.maintenance.schedule_trash(), 1);
  w.runner.run_due_jobs();
  EXPECT_EQ(w.vault.vault.trash_list(w.owner, 50, "").items.size(), 0u);

  // The copy still refers to the content: the collector leaves it.
  w.clock.advance(2 * 3600'000LL);
  EXPECT_EQ(w.vault.vault.collect_garbage(w.owner.organization_id), 0);
  EXPECT_TRUE(w.vault.blobs.exists(w.owner.organization_id, sha));

  // Once nothing refers to it (and it was last used longer ago than the grace period), it goes.
  w.vault.vault.trash(w.owner, copy.id);
  w.vault.vault.purge(w.owner, copy.id);
  EXPECT_EQ(w.vault.maintenance.schedule_garbage(), 1);
  w.runner.run_due_jobs();
  EXPECT_FALSE(w.vault.blobs.exists(w.owner.organization_id, sha));
  EXPECT_EQ(w.vault.vault.usage(w.owner).stored, 0);

  // The same content uploaded again is stored again, and content just used is kept for the
  // grace period even when nothing refers to it any more.
  auto again = w.start(w.owner, "again.txt", 5);
  auto back = *w.send(w.owner, again.id, 0, "same!");
  EXPECT_EQ(*back.sha256, sha);
  EXPECT_TRUE(w.vault.blobs.exists(w.owner.organization_id, sha));
  auto brief = w.start(w.owner, "brief.txt", 5);
  auto short_lived = *w.send(w.owner, brief.id, 0, "brief");
  w.vault.vault.trash(w.owner, short_lived.id);
  w.vault.vault.purge(w.owner, short_lived.id);
  EXPECT_EQ(w.vault.vault.collect_garbage(w.owner.organization_id), 0) << "within the grace period";
  w.clock.advance(2 * 3600'000LL);
  EXPECT_EQ(w.vault.vault.collect_garbage(w.owner.organization_id), 1);

  // A shorter trash period applies to what is already in the trash.
  auto settings = w.vault.vault.settings(w.owner.organization_id);
  settings.trash_days = 1;
  w.vault.vault.update_settings(w.owner, settings);
  w.vault.vault.trash(w.owner, back.id);
  w.clock.advance(86'400'000LL + 1000);
  EXPECT_EQ(w.vault.vault.purge_expired_trash(w.owner.organization_id), 1);
}

inline void check_versions_are_capped_and_organizations_apart(storage::Database& db) {
  VaultWorld w(db);
  auto settings = w.vault.vault.settings(w.owner.organization_id);
  settings.max_versions = 2;
  w.vault.vault.update_settings(w.owner, settings);
  std::string file_id;
  for (const char* content : {"one", "two", "six"}) {
    auto up = w.start(w.owner, "v.txt", 3);
    file_id = w.send(w.owner, up.id, 0, content)->id;
    w.clock.advance(1000);
  }
  auto versions = w.vault.vault.versions(w.owner, file_id);
  ASSERT_EQ(versions.size(), 2u) << "the oldest went";
  EXPECT_EQ(versions[0].sha256, crypto::sha256_hex("six"));
  EXPECT_EQ(versions[1].sha256, crypto::sha256_hex("two"));
  EXPECT_EQ(w.vault.vault.usage(w.owner).used, 6);

  auto stranger = w.member("Other", "x@example.com");
  EXPECT_THROW(w.vault.vault.get(stranger, file_id), ApiError);
  EXPECT_THROW(w.vault.vault.versions(stranger, file_id), ApiError);
  EXPECT_EQ(w.vault.vault.children(stranger, kRoot, SortField::kName, false, "", 50, "").items.size(), 0u);
  EXPECT_EQ(w.vault.vault.usage(stranger).used, 0);
}

inline void check_processing_thumbnails_once_and_never_sticks(storage::Database& db) {
  VaultWorld w(db);
  const std::string jpeg = cw::testing::read_project_testdata("images/sample.jpg");
  auto upload = [&](const std::string& name, const std::string& bytes) {
    auto up = w.start(w.owner, name, static_cast<int64_t>(bytes.size()));
    return *w.send(w.owner, up.id, 0, bytes);
  };
  Item photo = upload("photo.jpg", jpeg);
  EXPECT_EQ(photo.processing, "pending");
  EXPECT_FALSE(photo.has_thumbnail);
  w.vault.processing.enqueue(w.owner.organization_id, photo.id);
  EXPECT_EQ(w.runner.run_due_jobs(), 1);
  photo = w.vault.vault.get(w.owner, photo.id);
  EXPECT_EQ(photo.processing, "done");
  EXPECT_TRUE(photo.has_thumbnail);
  EXPECT_FALSE(photo.infected);
  auto media = w.vault.processing.media(w.owner.organization_id, *photo.sha256);
  EXPECT_EQ(media["width"], 290);
  EXPECT_EQ(media["height"], 442);
  EXPECT_EQ(w.vault.processing.thumbnail(w.owner, photo.id).substr(8, 4), "WEBP");

  // The same bytes again: processed already, done at once.
  Item twin = upload("twin.jpg", jpeg);
  EXPECT_EQ(twin.processing, "done");
  EXPECT_TRUE(twin.has_thumbnail);

  // Another organization sees neither the file nor its thumbnail.
  auto stranger = w.member("Other", "x@example.com");
  EXPECT_THROW(w.vault.processing.thumbnail(stranger, photo.id), ApiError);
  EXPECT_THROW(w.vault.processing.reprocess(stranger, photo.id), ApiError);

  // A file whose job never ran (lost, or failing for hours) is marked failed by the sweep — and
  // only once it has waited long enough.
  Item notes = upload("notes.txt", "plain text, never processed");
  EXPECT_EQ(notes.processing, "pending");
  EXPECT_EQ(w.vault.processing.fail_stuck(), 0);
  w.clock.advance(3 * 3600 * 1000);
  EXPECT_EQ(w.vault.processing.fail_stuck(), 1);
  notes = w.vault.vault.get(w.owner, notes.id);
  EXPECT_EQ(notes.processing, "failed");
  ASSERT_TRUE(notes.processing_error.has_value());

  // Re-driven: pending again (with a fresh clock for the sweep), then done.
  auto redo = w.vault.processing.reprocess(w.owner, notes.id);
  EXPECT_FALSE(redo["jobId"].get<std::string>().empty());
  notes = w.vault.vault.get(w.owner, notes.id);
  EXPECT_EQ(notes.processing, "pending");
  EXPECT_FALSE(notes.processing_error.has_value());
  EXPECT_EQ(w.vault.processing.fail_stuck(), 0) << "the sweep counts from the re-drive";
  w.runner.run_due_jobs();
  notes = w.vault.vault.get(w.owner, notes.id);
  EXPECT_EQ(notes.processing, "done");
  EXPECT_FALSE(notes.has_thumbnail);
  EXPECT_THROW(w.vault.processing.thumbnail(w.owner, notes.id), ApiError) << "text has no thumbnail";
}

}  // namespace cw::vault::testing
