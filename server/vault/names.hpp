#pragma once
/// File and folder names: what the vault accepts, in one canonical form. Pure, no IO, so every
/// attack (`../`, NUL, a right-to-left override that makes `exe.pdf` read as `fdp.exe`, the same
/// name in NFD and NFC) is unit-tested here.
#include <string>
#include <string_view>

namespace cw::vault {

inline constexpr size_t kMaxNameBytes = 255;  // what ext4 and most file systems allow

/// The name in Unicode NFC with surrounding spaces trimmed, or throws VALIDATION_ERROR naming
/// `field` when it is empty, `.` or `..`, not UTF-8, longer than kMaxNameBytes, or holds `/`,
/// `\`, a control character (C0, DEL, C1) or a bidirectional control (U+202A–U+202E,
/// U+2066–U+2069, U+200E, U+200F, U+061C).
std::string normalize_name(std::string_view raw, const std::string& field = "name");

/// The n-th alternative for a taken name: `report (1).pdf` for a file (before the extension),
/// `Photos (1)` for a folder. Kept within kMaxNameBytes by shortening the stem (whole characters).
std::string numbered_name(const std::string& name, int n, bool is_file);

/// Lower-cased (Unicode case folding) for case-insensitive search.
std::string fold_case(std::string_view name);

}  // namespace cw::vault
