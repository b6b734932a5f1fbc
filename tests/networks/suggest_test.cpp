// "Did you mean": closest_matches() and nearest_ids() on hand-checked cases.
#include "networks/suggest.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ouflow {
namespace {

using V = std::vector<std::string>;

TEST(ClosestMatches, ByEditDistanceIgnoringCase) {
  const V routes = {"S1", "S2", "M1", "B101", "BRT1"};
  EXPECT_EQ(closest_matches("S3", routes), (V{"S1", "S2"}));
  EXPECT_EQ(closest_matches("s1", routes, 1), (V{"S1"}));
  EXPECT_EQ(closest_matches("BRT 1", routes), (V{"BRT1"}));
  // A swap of two neighbours is one edit.
  EXPECT_EQ(closest_matches("BSU", V{"BUS", "BRT", "TRAM"}), (V{"BUS"}));
  // Nothing close: no suggestion.
  EXPECT_TRUE(closest_matches("HIGHWAY", V{"BUS", "BRT", "TRAM"}).empty());
  // The value itself is not a suggestion; duplicates count once.
  EXPECT_EQ(closest_matches("A", V{"A", "B", "B"}), (V{"B"}));
}

TEST(ClosestMatches, SubstringsAndCodePoints) {
  const V names = {"温州大道 (示意)", "瓯海大道东段", "瓯海大道", "Oujiang Road"};
  // 瓯海大到 is one code point away (not three bytes) from 瓯海大道 and from a part of
  // 瓯海大道东段; the whole name first.
  EXPECT_EQ(closest_matches("瓯海大到", names), (V{"瓯海大道", "瓯海大道东段"}));
  EXPECT_EQ(closest_matches("温州大到", names), (V{"温州大道 (示意)"}));
  EXPECT_EQ(closest_matches("oujiang", names), (V{"Oujiang Road"}));
  EXPECT_EQ(closest_matches("瓯海大道东", names), (V{"瓯海大道东段", "瓯海大道"}));
  // Two-letter values are not looked for inside longer names.
  EXPECT_TRUE(closest_matches("Ro", names).empty());
}

TEST(NearestIds, Numerically) {
  const std::vector<std::int64_t> ids = {1, 2, 3, 4, 100, 101};
  EXPECT_EQ(nearest_ids(99, ids), (std::vector<std::int64_t>{4, 100, 101}));
  EXPECT_EQ(nearest_ids(0, ids, 2), (std::vector<std::int64_t>{1, 2}));
  EXPECT_TRUE(nearest_ids(5, {}).empty());
}

TEST(DidYouMean, Text) {
  EXPECT_EQ(did_you_mean(V{}), "");
  EXPECT_EQ(did_you_mean(V{"a"}), "; did you mean 'a'?");
  EXPECT_EQ(did_you_mean(V{"a", "b", "c"}), "; did you mean 'a', 'b' or 'c'?");
  EXPECT_EQ(did_you_mean(std::vector<std::int64_t>{3, 4}), "; the nearest ids are 3 or 4");
}

}  // namespace
}  // namespace ouflow
