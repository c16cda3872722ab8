#pragma once
/// Writing CSV (RFC 4180) for the console's exports: a text cell quoted when it must be, with
/// spreadsheet formula characters defused; numbers are written as they are.
#include <string>

namespace cw {

/// A text field: quoted when it holds a comma, quote or line break; a leading = + - @ (a formula
/// in spreadsheet programs) gets a ' in front.
std::string csv_field(const std::string& value);

}  // namespace cw
