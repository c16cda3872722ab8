#include "vault/media.hpp"

#include <libexif/exif-data.h>
#include <vips/vips.h>

#include <cstring>
#include <iostream>
#include <memory>
#include <string_view>

namespace cw::vault {

namespace {

/// libvips' last error on one line, cleared for the next call.
std::string vips_error_text() {
  std::string text = vips_error_buffer();
  vips_error_clear();
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at)) text.replace(at, 1, "; ");
  return text.empty() ? "libvips failed" : text;
}

struct ImageUnref {
  void operator()(VipsImage* image) const { g_object_unref(image); }
};
using Image = std::unique_ptr<VipsImage, ImageUnref>;

void init_vips() {
  static const bool ready = [] {
    if (VIPS_INIT("cloudweave") != 0) throw std::runtime_error("libvips: " + vips_error_text());
    // Loaders libvips itself marks untrusted (ImageMagick, MATLAB, FITS…) are never used on
    // uploads; the operation cache would only hold memory in a one-image process.
    vips_block_untrusted_set(TRUE);
    vips_cache_set_max(0);
    return true;
  }();
  (void)ready;
}

}  // namespace

bool thumbnailable(const std::string& mime_type) {
  if (mime_type.rfind("image/", 0) != 0) return false;
  // SVG (librsvg) and PDF (poppler) are loaders libvips itself marks untrusted, as are the
  // ImageMagick ones icons and raw camera files would need: blocked, so not even tried. The
  // browser's own viewer previews PDFs (the file drawer).
  return mime_type != "image/svg+xml" && mime_type != "image/vnd.microsoft.icon" && mime_type != "image/x-icon";
}

nlohmann::json read_exif(const std::filesystem::path& file) {
  nlohmann::json out = nlohmann::json::object();
  ExifData* data = exif_data_new_from_file(file.c_str());
  if (!data) return out;
  auto text = [&](ExifIfd ifd, ExifTag tag) -> std::string {
    ExifEntry* entry = exif_content_get_entry(data->ifd[ifd], tag);
    if (!entry) return "";
    char buf[256];
    exif_entry_get_value(entry, buf, sizeof buf);
    std::string value(buf, strnlen(buf, sizeof buf));
    while (!value.empty() && value.back() == ' ') value.pop_back();
    return value;
  };
  const struct {
    const char* name;
    ExifIfd ifd;
    ExifTag tag;
  } fields[] = {
      {"make", EXIF_IFD_0, EXIF_TAG_MAKE},
      {"model", EXIF_IFD_0, EXIF_TAG_MODEL},
      {"orientation", EXIF_IFD_0, EXIF_TAG_ORIENTATION},
      {"software", EXIF_IFD_0, EXIF_TAG_SOFTWARE},
      {"takenAt", EXIF_IFD_EXIF, EXIF_TAG_DATE_TIME_ORIGINAL},
      {"exposureTime", EXIF_IFD_EXIF, EXIF_TAG_EXPOSURE_TIME},
      {"fNumber", EXIF_IFD_EXIF, EXIF_TAG_FNUMBER},
      {"iso", EXIF_IFD_EXIF, EXIF_TAG_ISO_SPEED_RATINGS},
      {"focalLength", EXIF_IFD_EXIF, EXIF_TAG_FOCAL_LENGTH},
      {"lens", EXIF_IFD_EXIF, EXIF_TAG_LENS_MODEL},
      {"latitude", EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE)},
      {"latitudeRef", EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LATITUDE_REF)},
      {"longitude", EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE)},
      {"longitudeRef", EXIF_IFD_GPS, static_cast<ExifTag>(EXIF_TAG_GPS_LONGITUDE_REF)},
  };
  for (const auto& f : fields) {
    std::string value = text(f.ifd, f.tag);
    if (!value.empty()) out[f.name] = value;
  }
  exif_data_unref(data);
  return out;
}

nlohmann::json make_thumbnail(const std::filesystem::path& in, const std::filesystem::path& out,
                              const MediaLimits& limits) {
  init_vips();
  // The header only: nothing is decoded before the size is known.
  Image header(vips_image_new_from_file(in.c_str(), "access", VIPS_ACCESS_SEQUENTIAL, nullptr));
  if (!header) throw MediaRefused("not an image libvips reads: " + vips_error_text());
  const int64_t width = vips_image_get_width(header.get());
  const int64_t height = vips_image_get_height(header.get());
  const int pages = vips_image_get_n_pages(header.get());
  if (width <= 0 || height <= 0 || width * height > limits.max_pixels)
    throw MediaRefused("refused: " + std::to_string(width) + " × " + std::to_string(height) +
                       " pixels is over the limit of " + std::to_string(limits.max_pixels));
  const char* loader = nullptr;
  std::string format;
  if (vips_image_get_string(header.get(), "vips-loader", &loader) == 0 && loader) format = loader;
  if (format.size() > 4 && format.compare(format.size() - 4, 4, "load") == 0) format.resize(format.size() - 4);
  header.reset();

  // vips_thumbnail opens the file again with shrink-on-load (JPEG DCT scaling, PDF/SVG at the
  // target size), turns it upright from its EXIF orientation and only ever shrinks.
  VipsImage* thumb = nullptr;
  if (vips_thumbnail(in.c_str(), &thumb, limits.thumbnail_size, "height", limits.thumbnail_size, "size", VIPS_SIZE_DOWN,
                     nullptr) != 0)
    throw MediaRefused("the image could not be read: " + vips_error_text());
  Image owned(thumb);
  if (vips_webpsave(owned.get(), out.c_str(), "Q", 75, "strip", TRUE, nullptr) != 0)
    throw std::runtime_error("writing the thumbnail failed: " + vips_error_text());

  nlohmann::json media = {{"width", width},
                          {"height", height},
                          {"pages", pages},
                          {"format", format},
                          {"thumbnailWidth", vips_image_get_width(owned.get())},
                          {"thumbnailHeight", vips_image_get_height(owned.get())}};
  if (format == "jpeg" || format == "tiff" || format == "webp") {
    nlohmann::json exif = read_exif(in);
    if (!exif.empty()) media["exif"] = std::move(exif);
  }
  return media;
}

namespace {

/// The child's loop (media_worker.hpp): one JSON line per "IN<TAB>OUT" line, until EOF.
int serve_lines(const MediaLimits& limits) {
  std::string line;
  while (std::getline(std::cin, line)) {
    const size_t tab = line.find('\t');
    nlohmann::json answer;
    if (tab == std::string::npos) {
      answer = {{"error", "expected IN<TAB>OUT"}};
    } else {
      try {
        answer = make_thumbnail(line.substr(0, tab), line.substr(tab + 1), limits);
      } catch (const MediaRefused& e) { answer = {{"refused", e.what()}}; } catch (const std::exception& e) {
        answer = {{"error", e.what()}};
      }
    }
    std::cout << answer.dump() << '\n' << std::flush;
  }
  return 0;
}

}  // namespace

int media_worker_main(int argc, char** argv) {
  if (argc < 3 || std::string_view(argv[2]) != "--serve") {
    std::cerr << "usage: cloudweave vault-media --serve [--max-pixels N] [--size S]   (IN<TAB>OUT lines on stdin)\n";
    return 2;
  }
  MediaLimits limits;
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--max-pixels") limits.max_pixels = std::stoll(argv[i + 1]);
    if (flag == "--size") limits.thumbnail_size = std::stoi(argv[i + 1]);
  }
  return serve_lines(limits);
}

}  // namespace cw::vault
