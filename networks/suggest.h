// "Did you mean": the candidates closest to a value nobody knows, for error messages about an
// unknown id, name or option value.
//
// Rule (tested in tests/networks/suggest_test.cpp): distances are case-insensitive edit
// distances (insertions, deletions, substitutions and swaps of two neighbours, counted over
// Unicode code points so that 瓯海大道 is four letters). For a value of n code points a candidate
// matches when its distance to the value is at most max(1, (n + 2) / 3), or, for n >= 3, when the
// value's distance to the closest part of the candidate is at most n / 4 (so "Oujiang" finds
// "Oujiang Road" and 温州大到 finds "温州大道 (示意)"), or when the value contains it. Matches are
// ordered by the smaller of the two distances (0 when contained), then by the whole distance,
// then by their order in `candidates`; duplicates and the value itself are left out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ouflow {

std::vector<std::string> closest_matches(std::string_view value,
                                         std::span<const std::string> candidates,
                                         std::size_t max = 3);

// The up to `max` ids numerically nearest to `value` (ties: the smaller id first), ascending.
std::vector<std::int64_t> nearest_ids(std::int64_t value, std::span<const std::int64_t> ids,
                                      std::size_t max = 3);

// "; did you mean 'a', 'b' or 'c'?" ("" when `matches` is empty), to append to a message.
std::string did_you_mean(const std::vector<std::string>& matches);
std::string did_you_mean(const std::vector<std::int64_t>& ids);

}  // namespace ouflow
