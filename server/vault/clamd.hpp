#pragma once
/// A client of ClamAV's daemon: streams a file to clamd with INSTREAM (its socket protocol: a
/// "zINSTREAM" command, chunks each prefixed with their 4-byte big-endian length, a zero-length
/// chunk to end) and reads the verdict ("stream: OK" or "stream: <signature> FOUND").
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

#include "core/clock.hpp"

namespace cw::vault {

/// clamd's address: "unix:/run/clamav/clamd.ctl" or "host:port" (TCP).
struct ClamdSettings {
  std::string address;
  Millis timeout_ms = 120'000;
};

/// clamd could not be reached or gave no verdict (down, overloaded, file over its StreamMaxLength):
/// the scan is worth trying again later.
class ScanUnavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// nullopt when clean, else the signature clamd found (e.g. "Eicar-Test-Signature").
std::optional<std::string> clamd_scan(const ClamdSettings& settings, const std::filesystem::path& file);

/// Whether `address` has one of the two forms; the reason when not.
std::optional<std::string> clamd_address_problem(const std::string& address);

}  // namespace cw::vault
