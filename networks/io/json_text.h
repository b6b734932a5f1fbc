// Minimal JSON text for hand-written writers (GeoJSON, reports): a quoted, escaped string and a
// number (null when not finite). Header-only; the one place both live.
#pragma once

#include <cmath>
#include <cstdio>
#include <iomanip>
#include <sstream>
#include <string>
#include <string_view>

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

}  // namespace ouflow::io
