#include "networks/suggest.h"

#include <algorithm>
#include <set>
#include <utility>

namespace ouflow {
namespace {

constexpr std::size_t kMinPart = 3;  // code points of a value looked for within a candidate

// Code points of UTF-8 text, ASCII letters folded to lower case; a malformed byte counts as one
// code point of its own.
std::u32string folded(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xe  ? 3
                      : (c >> 3) == 0x1e ? 4
                                         : 1;
    if (i + len > s.size()) len = 1;
    char32_t cp = len == 1 ? c : c & (0x7f >> len);
    for (std::size_t k = 1; k < len; ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    }
    if (cp >= 'A' && cp <= 'Z') cp = cp - 'A' + 'a';
    out.push_back(cp);
    i += len;
  }
  return out;
}

// Optimal string alignment distance (Levenshtein plus swaps of neighbours) from `a` to `b`, or,
// with `within`, to the closest part of `b` (a free start and end in `b`).
std::size_t distance(const std::u32string& a, const std::u32string& b, bool within) {
  const std::size_t n = a.size(), m = b.size();
  std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
  for (std::size_t j = 0; j <= m; ++j) prev[j] = within ? 0 : j;
  for (std::size_t i = 1; i <= n; ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      }
    }
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return within ? *std::min_element(prev.begin(), prev.end()) : prev[m];
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string s;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) s += i + 1 == items.size() ? " or " : ", ";
    s += items[i];
  }
  return s;
}

}  // namespace

std::vector<std::string> closest_matches(std::string_view value,
                                         std::span<const std::string> candidates, std::size_t max) {
  const std::u32string v = folded(value);
  const std::size_t allowed = std::max<std::size_t>(1, (v.size() + 2) / 3);
  const std::size_t part_allowed = v.size() / 4;
  struct Match {
    std::size_t distance, whole, order;
  };
  std::vector<Match> found;
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::string& c = candidates[i];
    if (c.empty() || c == value || !seen.insert(c).second) continue;
    const std::u32string f = folded(c);
    const std::size_t whole = distance(v, f, false);
    // A part of the candidate: the value within it (3 code points or more), or it within the
    // value.
    std::size_t part = v.size() >= kMinPart ? distance(v, f, true) : whole;
    if (!f.empty() && v.find(f) != std::u32string::npos) part = 0;
    if (whole <= allowed || part <= part_allowed) {
      found.push_back(Match{std::min(whole, part), whole, i});
    }
  }
  std::stable_sort(found.begin(), found.end(), [](const Match& a, const Match& b) {
    return std::pair(a.distance, a.whole) < std::pair(b.distance, b.whole);
  });
  std::vector<std::string> out;
  for (std::size_t k = 0; k < found.size() && k < max; ++k) {
    out.push_back(candidates[found[k].order]);
  }
  return out;
}

std::vector<std::int64_t> nearest_ids(std::int64_t value, std::span<const std::int64_t> ids,
                                      std::size_t max) {
  std::vector<std::int64_t> v(ids.begin(), ids.end());
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
  const auto gap = [value](std::int64_t id) {
    // |id - value| without overflow for ids of either sign.
    return id >= value ? static_cast<std::uint64_t>(id) - static_cast<std::uint64_t>(value)
                       : static_cast<std::uint64_t>(value) - static_cast<std::uint64_t>(id);
  };
  std::stable_sort(v.begin(), v.end(),
                   [&](std::int64_t a, std::int64_t b) { return gap(a) < gap(b); });
  if (v.size() > max) v.resize(max);
  std::sort(v.begin(), v.end());
  return v;
}

std::string did_you_mean(const std::vector<std::string>& matches) {
  if (matches.empty()) return "";
  std::vector<std::string> q;
  for (const std::string& m : matches) q.push_back("'" + m + "'");
  return "; did you mean " + quoted_list(q) + "?";
}

std::string did_you_mean(const std::vector<std::int64_t>& ids) {
  if (ids.empty()) return "";
  std::vector<std::string> q;
  for (const std::int64_t id : ids) q.push_back(std::to_string(id));
  return "; the nearest ids are " + quoted_list(q);
}

}  // namespace ouflow
