// Copying networks into builder records and back (networks/network_edit.h, transit_edit.h).
#include <gtest/gtest.h>

#include "networks/io/network_files.h"
#include "networks/network_edit.h"
#include "networks/transit_edit.h"
#include "tests/common/temp_dir.h"

namespace ouflow::net {
namespace {

TEST(NetworkEdit, RoundTripIsExact) {
  const auto path = test::data_dir() / "tntp" / "SiouxFalls" / "SiouxFalls_net.tntp";
  const Model m = io::read_model(path, io::Format::kTntp);
  const RoadNetwork copy = build_network(to_records(m.road));
  EXPECT_TRUE(copy == m.road);
  EXPECT_EQ(copy.input_order(), m.road.input_order());
}

TEST(NetworkEdit, RoundTripKeepsParallelLinksAndGmnsAttributes) {
  const auto gmns = test::data_dir() / "gmns";
  for (const auto& e : std::filesystem::directory_iterator(gmns)) {
    if (!e.is_directory() || !std::filesystem::exists(e.path() / "link.csv")) continue;
    const Model m = io::read_model(e.path(), io::Format::kGmns);
    EXPECT_TRUE(build_network(to_records(m.road)) == m.road) << e.path();
  }
}

TEST(TransitEdit, RoundTripOfAGtfsFeed) {
  const auto feed = test::data_dir() / "gtfs" / "sample-feed-1.zip";
  const Model m = io::read_model(feed, io::Format::kGtfs);
  ASSERT_TRUE(m.transit);
  const TransitNetwork once = build_transit(to_records(*m.transit));
  // Same tables; patterns and trips may be renumbered, so compare by id.
  EXPECT_EQ(once.stop_count(), m.transit->stop_count());
  EXPECT_EQ(once.route_count(), m.transit->route_count());
  EXPECT_EQ(once.trip_count(), m.transit->trip_count());
  EXPECT_EQ(once.pattern_count(), m.transit->pattern_count());
  EXPECT_EQ(once.frequency_count(), m.transit->frequency_count());
  EXPECT_EQ(once.columns().exception_date, m.transit->columns().exception_date);
  EXPECT_EQ(once.columns().stop_x, m.transit->columns().stop_x);
  for (TripId t : m.transit->trips()) {
    const auto u = once.find_trip(m.transit->columns().trip_id[t]);
    ASSERT_TRUE(u);
    const auto a = m.transit->arrivals_s(t), b = once.arrivals_s(*u);
    EXPECT_TRUE(std::equal(a.begin(), a.end(), b.begin(), b.end()));
  }
  // Copying the copy changes nothing at all.
  EXPECT_TRUE(build_transit(to_records(once)) == once);
}

}  // namespace
}  // namespace ouflow::net
