// Thumbnails of genuine sample images (libvips' own test images, server/tests/testdata/images),
// decompression bombs refused from their header, blocked untrusted loaders, EXIF, and the worker
// process: its answer, its memory cap and its deadline.
#include <gtest/gtest.h>
#include <zlib.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <string>

#include "vault/media.hpp"
#include "vault/media_worker.hpp"

namespace cw::vault {
namespace {

namespace fs = std::filesystem;

fs::path sample(const std::string& name) { return fs::path(CLOUDWEAVE_PROJECT_TESTDATA_DIR) / "images" / name; }

class MediaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("cw-media-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path out(const std::string& name) const { return dir_ / name; }

  /// WebP's RIFF header: "RIFF" <size> "WEBP".
  static bool is_webp(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::array<char, 12> head{};
    in.read(head.data(), head.size());
    return std::string(head.data(), 4) == "RIFF" && std::string(head.data() + 8, 4) == "WEBP";
  }

  fs::path dir_;
};

TEST_F(MediaTest, EverySupportedFormatGetsAThumbnailWithinTheSize) {
  struct Case {
    const char* file;
    const char* format;
    int width, height;
  };
  const Case cases[] = {
      {"sample.jpg", "jpeg", 290, 442},     {"sample.png", "png", 290, 442},
      {"cogs.gif", "gif", 85, 77},          {"looks-like-svg.webp", "webp", 256, 256},
      {"1bit.tif", "tiff", 256, 4},         {"avif-orientation-6.avif", "heif", 3024, 4032},
      {"rotation-6.jpg", "jpeg", 308, 231},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.file);
    const fs::path thumb = out(std::string(c.file) + ".webp");
    nlohmann::json media = make_thumbnail(sample(c.file), thumb, MediaLimits{});
    EXPECT_EQ(media["format"], c.format);
    EXPECT_EQ(media["width"], c.width);
    EXPECT_EQ(media["height"], c.height);
    EXPECT_TRUE(is_webp(thumb));
    EXPECT_LE(media["thumbnailWidth"].get<int>(), 256);
    EXPECT_LE(media["thumbnailHeight"].get<int>(), 256);
    EXPECT_TRUE(media["thumbnailWidth"] == 256 || media["thumbnailHeight"] == 256 ||
                (media["width"] <= 256 && media["height"] <= 256))
        << "shrunk to the size, never enlarged: " << media.dump();
  }
}

TEST_F(MediaTest, ThumbnailsAreTurnedUprightFromTheirExifOrientation) {
  // rotation-6.jpg is stored 308 × 231 with orientation 6 (turn 90°): upright it is portrait.
  nlohmann::json media = make_thumbnail(sample("rotation-6.jpg"), out("r.webp"), MediaLimits{});
  EXPECT_GT(media["thumbnailHeight"].get<int>(), media["thumbnailWidth"].get<int>());
  EXPECT_EQ(media["exif"]["orientation"], "Right-top");
  EXPECT_EQ(read_exif(sample("sample.png")), nlohmann::json::object()) << "no EXIF, no fields";
}

TEST_F(MediaTest, ADecompressionBombIsRefusedFromItsHeader) {
  // A real bomb: a 20,000 × 20,000 grey PNG of zeros (400 M pixels) that deflates to ~400 KB.
  const uint32_t side = 20'000;
  std::string raw_row(side + 1, '\0');  // filter byte + pixels
  z_stream z{};
  ASSERT_EQ(deflateInit(&z, 9), Z_OK);
  std::string idat;
  std::array<unsigned char, 1 << 16> buf{};
  for (uint32_t y = 0; y < side; ++y) {
    z.next_in = reinterpret_cast<Bytef*>(raw_row.data());
    z.avail_in = static_cast<uInt>(raw_row.size());
    const int flush = y + 1 == side ? Z_FINISH : Z_NO_FLUSH;
    do {
      z.next_out = buf.data();
      z.avail_out = buf.size();
      deflate(&z, flush);
      idat.append(reinterpret_cast<char*>(buf.data()), buf.size() - z.avail_out);
    } while (z.avail_out == 0);
  }
  deflateEnd(&z);
  auto be32 = [](uint32_t v) {
    return std::string{static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
                       static_cast<char>(v)};
  };
  auto chunk = [&](const std::string& type, const std::string& data) {
    std::string body = type + data;
    return be32(static_cast<uint32_t>(data.size())) + body +
           be32(static_cast<uint32_t>(
               crc32(0, reinterpret_cast<const Bytef*>(body.data()), static_cast<uInt>(body.size()))));
  };
  const std::string ihdr = be32(side) + be32(side) + std::string{8, 0, 0, 0, 0};  // 8-bit grey
  const fs::path bomb = out("bomb.png");
  std::ofstream(bomb, std::ios::binary) << "\x89PNG\r\n\x1a\n"
                                        << chunk("IHDR", ihdr) << chunk("IDAT", idat) << chunk("IEND", "");
  ASSERT_LT(fs::file_size(bomb), 2'000'000u);
  try {
    make_thumbnail(bomb, out("bomb.webp"), MediaLimits{});
    FAIL() << "a 400 M pixel image was decoded";
  } catch (const MediaRefused& e) { EXPECT_NE(std::string(e.what()).find("over the limit"), std::string::npos); }
  EXPECT_FALSE(fs::exists(out("bomb.webp")));
  // libvips' own 17,000 × 17,000 AVIF test image: refused too (libheif's limit comes first).
  EXPECT_THROW(make_thumbnail(sample("17000x17000.avif"), out("big.webp"), MediaLimits{}), MediaRefused);
  // A lower limit refuses an ordinary photo the same way.
  EXPECT_THROW(make_thumbnail(sample("sample.jpg"), out("s.webp"), MediaLimits{.max_pixels = 1000}), MediaRefused);
}

TEST_F(MediaTest, UntrustedLoadersAndNonImagesAreRefused) {
  EXPECT_THROW(make_thumbnail(sample("logo.svg"), out("svg.webp"), MediaLimits{}), MediaRefused);
  EXPECT_THROW(make_thumbnail(sample("page-box.pdf"), out("pdf.webp"), MediaLimits{}), MediaRefused);
  std::ofstream(out("notes.txt")) << "just text";
  EXPECT_THROW(make_thumbnail(out("notes.txt"), out("txt.webp"), MediaLimits{}), MediaRefused);
  EXPECT_TRUE(thumbnailable("image/jpeg"));
  EXPECT_TRUE(thumbnailable("image/avif"));
  EXPECT_FALSE(thumbnailable("image/svg+xml"));
  EXPECT_FALSE(thumbnailable("application/pdf"));
  EXPECT_FALSE(thumbnailable("text/plain"));
}

/// The server binary, built beside the tests.
fs::path cloudweave_binary() { return fs::read_symlink("/proc/self/exe").parent_path() / "cloudweave"; }

TEST_F(MediaTest, WorkerChildrenAnswerAreReusedAndAreBoundedInMemoryAndTime) {
  MediaWorkerSettings settings{.program = cloudweave_binary(), .images_per_child = 3};
  ASSERT_TRUE(fs::exists(settings.program)) << settings.program;
  MediaWorkers workers(settings);
  nlohmann::json media = workers.run(sample("sample.jpg"), out("w.webp"));
  EXPECT_EQ(media["width"], 290);
  EXPECT_TRUE(is_webp(out("w.webp")));
  EXPECT_TRUE(workers.run(sample("logo.svg"), out("w2.webp")).contains("refused"));
  // A third and a fourth image: the first child retires after three, a new one takes over.
  EXPECT_EQ(workers.run(sample("cogs.gif"), out("w3.webp"))["format"], "gif");
  EXPECT_EQ(workers.run(sample("sample.png"), out("w4.webp"))["format"], "png");
  EXPECT_THROW(workers.run("/no/such\tfile", out("x.webp")), std::invalid_argument);

  // 40 MB of address space is not enough to decode a 12 MP AVIF: the child dies, not the caller.
  MediaWorkers tight(MediaWorkerSettings{.program = cloudweave_binary(), .memory_bytes = 40LL << 20});
  EXPECT_THROW(tight.run(sample("avif-orientation-6.avif"), out("w5.webp")), MediaWorkerFailed);
  // A deadline shorter than any decode: stopped, and it says why; the next image gets a new child.
  MediaWorkers hurried(MediaWorkerSettings{.program = cloudweave_binary(), .timeout_ms = 1});
  try {
    hurried.run(sample("avif-orientation-6.avif"), out("w6.webp"));
    FAIL();
  } catch (const MediaWorkerFailed& e) { EXPECT_NE(std::string(e.what()).find("stopped"), std::string::npos); }
}

}  // namespace
}  // namespace cw::vault
