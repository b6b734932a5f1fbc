// Minimal JSON text for hand-written writers (GeoJSON, reports): a quoted, escaped string and a
// number (null when not finite). Header-only; the one place both live.
#pragma once

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <string>
#include <string_view>

#include "networks/io/text_input.h"

namespace ouflow::io {

inline std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

// `digits` significant digits (17 round-trips every double).
inline std::string json_number(double x, int digits = 17) {
  if (!std::isfinite(x)) return "null";
  std::ostringstream os;
  os << std::setprecision(digits) << x;
  return os.str();
}

// `x` rounded to `decimals` places, trailing zeros trimmed (format_rounded); null when not
// finite.
inline std::string json_rounded(double x, int decimals) {
  return std::isfinite(x) ? format_rounded(x, decimals) : "null";
}

}  // namespace ouflow::io
