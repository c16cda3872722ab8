#pragma once
/// Objects in one S3 bucket (or an S3-compatible store: MinIO, Ceph, s3rver), for the vault's
/// blob store: put, ranged get, head, delete, list, server-side copy, and multipart uploads. The
/// calls go through AwsClient (SigV4, retries with backoff, the breaker) on an HTTP client of
/// its own: bulk transfers must not queue behind the inventory's rate limit, nor count against it.
/// Keys are the caller's (letters, digits, "/._-"); they are sent URI-encoded once.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "providers/aws/sigv4.hpp"

namespace cw::providers::common {
class HttpClient;
}

namespace cw::providers::aws {

class AwsClient;

struct S3Bucket {
  std::string bucket;
  std::string region = "us-east-1";
  /// Empty: AWS (virtual-hosted https://<bucket>.s3.<region>.amazonaws.com). Otherwise the
  /// store's URL, with the bucket in the path (path style, as S3-compatible stores expect).
  std::string endpoint;
  Credentials credentials;
};

class S3Objects {
 public:
  S3Objects(S3Bucket bucket, const Clock& clock);
  ~S3Objects();
  S3Objects(const S3Objects&) = delete;
  S3Objects& operator=(const S3Objects&) = delete;

  /// Creates the bucket (tests, and `make` targets that start an emulator); an existing bucket
  /// of ours is fine.
  void create_bucket();
  void put(const std::string& key, const std::string& body);
  /// The whole object; nullopt when there is no such key.
  std::optional<std::string> get(const std::string& key);
  /// Bytes [first, first + length) of the object; nullopt when there is no such key.
  std::optional<std::string> get_range(const std::string& key, uint64_t first, uint64_t length);
  /// The object's size; nullopt when there is no such key.
  std::optional<uint64_t> head(const std::string& key);
  /// Removing a key that is not there is not an error (as in S3).
  void remove(const std::string& key);
  /// Every key under `prefix` (all pages).
  std::vector<std::string> list(const std::string& prefix);
  /// Server-side copy of a whole object (up to 5 GiB, S3's limit for one copy).
  void copy(const std::string& from, const std::string& to);

  /// Multipart upload: the upload id S3 gave.
  std::string start_multipart(const std::string& key);
  /// The part's ETag (quoted, as S3 sends it).
  std::string upload_part(const std::string& key, const std::string& upload_id, int number, const std::string& body);
  /// A part copied from bytes [first, last] of another object, server-side.
  std::string copy_part(const std::string& key, const std::string& upload_id, int number, const std::string& from,
                        uint64_t first, uint64_t last);
  void complete_multipart(const std::string& key, const std::string& upload_id, const std::vector<std::string>& etags);
  /// Frees the parts of an upload that will not complete (stores without it keep them until a
  /// bucket lifecycle rule removes them; that is logged, not thrown).
  void abort_multipart(const std::string& key, const std::string& upload_id);

 private:
  struct Call;
  Call call(const std::string& method, const std::string& key) const;

  S3Bucket bucket_;
  std::unique_ptr<common::HttpClient> http_;
  std::unique_ptr<AwsClient> aws_;
};

}  // namespace cw::providers::aws
