// Travel-time matrices: hand-checked entries on tiny inline feeds and road networks; against
// references on random instances (one single-departure RAPTOR query per origin and departure
// minute with a brute-force egress and travel_time_percentiles;); and
// bit-identical results for 1, 2 and 4 threads.
//
// Random inputs use a fixed seed; set OUFLOW_TEST_SEED to try others (failures print the seed).
#include "sim/transit/travel_matrix.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "networks/geo.h"
#include "networks/network_builder.h"
#include "networks/transit_builder.h"
#include "sim/transit/raptor.h"
#include "tests/common/seed.h"

namespace ouflow::sim {
namespace {

using net::Date;
using net::LocationType;
using net::StopId;
using net::StopTimeSpec;
using net::TransitBuilder;
using net::TransitNetwork;
using net::TripSpec;

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20261129;

// mt19937_64 is specified bit for bit; the std distributions are not, so draw by hand.
struct Rng {
  explicit Rng(std::uint64_t seed) : g(seed) {}
  std::uint64_t below(std::uint64_t n) { return g() % n; }
  std::int32_t range(std::int32_t lo, std::int32_t hi) {  // [lo, hi]
    return lo + static_cast<std::int32_t>(below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double unit() { return static_cast<double>(g() >> 11) * 0x1p-53; }
  std::mt19937_64 g;
};

Date ymd(int y, int m, int d) { return *Date::from_ymd(y, m, d); }
const Date kTuesday = ymd(2024, 1, 2);
std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

StopTimeSpec at(const std::string& stop, std::int32_t time_s) {
  StopTimeSpec s;
  s.stop_id = stop;
  s.arrival_s = time_s;
  s.departure_s = time_s;
  return s;
}

TripSpec trip(const std::string& id, const std::string& route, std::vector<StopTimeSpec> st) {
  TripSpec t;
  t.id = id;
  t.route_id = route;
  t.service_id = "WK";
  t.stop_times = std::move(st);
  return t;
}

TransitBuilder base() {
  TransitBuilder b;
  b.add_agency({"AG", "Agency", "http://a", "UTC"});
  b.add_route({"R1", "AG", "R1", "R1", 3});
  b.add_route({"R2", "AG", "R2", "R2", 3});
  b.add_service({"WK", 0x1f, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  return b;
}

// On the equator 0.001 degree of longitude is 111.195 m (mean earth radius), and 0.0009 degree
// of latitude 100.08 m, so at 1 m/s these walks take 112 s and 101 s.
TEST(TravelMatrixExample, AccessRideEgressAndWindowPercentiles) {
  TransitBuilder b = base();
  b.add_stop({"A", "a", 0.00, 0.0, "", LocationType::kStop});
  b.add_stop({"B", "b", 0.01, 0.0, "", LocationType::kStop});
  b.add_stop({"C", "c", 0.02, 0.0, "", LocationType::kStop});
  b.add_trip(trip("T1", "R1", {at("A", hms(8, 0)), at("B", hms(8, 5)), at("C", hms(8, 10))}));
  b.add_trip(trip("T2", "R1", {at("A", hms(8, 20)), at("B", hms(8, 25)), at("C", hms(8, 30))}));
  const TransitNetwork n = b.build();
  ASSERT_NEAR(net::haversine_m(0.0, 0.0, 0.001, 0.0), 111.195, 1e-3);
  ASSERT_NEAR(net::haversine_m(0.01, 0.0, 0.01, 0.0009), 100.075, 1e-3);

  const Footpaths fp = Footpaths::build(n, WalkParams{1.0, 0.0});
  // O is 111 m east of A, P 111 m east of C, Q 100 m north of B.
  const std::vector<LonLat> places{{0.001, 0.0}, {0.021, 0.0}, {0.01, 0.0009}};
  TransitMatrixOptions o;
  o.window.date = kTuesday;
  o.window.depart_s = hms(7, 55);
  o.walk_speed_mps = 1.0;
  o.max_walk_m = 200;
  o.percentiles = {50};
  TravelTimeMatrix m = transit_place_matrix(n, fp, places, places, o);
  ASSERT_EQ(m.origins, 3u);
  ASSERT_EQ(m.destinations, 3u);
  ASSERT_EQ(m.percentiles, 1u);
  EXPECT_EQ(m.at(0, 0), 0);              // direct walk of 0 m
  EXPECT_EQ(m.at(0, 1), 15 * 60 + 112);  // walk 112 s, 8:00 -> 8:10, walk 112 s
  EXPECT_EQ(m.at(0, 2), 10 * 60 + 101);  // 8:00 -> 8:05, walk 101 s
  EXPECT_EQ(m.at(1, 0), kUnreachable);   // the line runs one way
  EXPECT_EQ(m.at(2, 1), 15 * 60 + 112);  // walk 101 s to B, ride 8:05 -> 8:10, walk
  EXPECT_EQ(m.at(1, 1), 0);

  // Departures 7:55 ... 8:04. Reaching A at departure + 112 s catches 8:00 from 7:55 to 7:58
  // (at P 8:11:52: travel 1012, 952, 892, 832 s), then 8:20 (at P 8:31:52: from 7:59 1972,
  // 1912, ..., 1672 s). Sorted: 832 892 952 1012 1672 1732 1792 1852 1912 1972.
  o.window.minutes = 10;
  o.percentiles = {0, 25, 50, 95, 100};
  m = transit_place_matrix(n, fp, places, places, o);
  ASSERT_EQ(m.percentiles, 5u);
  EXPECT_EQ(m.at(0, 1, 0), 832);
  EXPECT_EQ(m.at(0, 1, 1), 952);   // rank ceil(2.5) = 3
  EXPECT_EQ(m.at(0, 1, 2), 1672);  // rank 5
  EXPECT_EQ(m.at(0, 1, 3), 1972);  // rank ceil(9.5) = 10
  EXPECT_EQ(m.at(0, 1, 4), 1972);
  for (std::size_t p = 0; p < 5; ++p) {
    EXPECT_EQ(m.at(0, 0, p), 0);
    EXPECT_EQ(m.at(1, 0, p), kUnreachable);
  }

  // Stop to stop, departing 7:55 at the stop itself.
  o.window.minutes = 0;
  o.percentiles = {50};
  const TravelTimeMatrix s = transit_stop_matrix(n, fp, o);
  ASSERT_EQ(s.origins, 3u);
  EXPECT_EQ(s.at(0, 0), 0);
  EXPECT_EQ(s.at(0, 1), 600);
  EXPECT_EQ(s.at(0, 2), 900);
  EXPECT_EQ(s.at(1, 2), 15 * 60);  // wait at B until 8:05
  EXPECT_EQ(s.at(1, 0), kUnreachable);
  EXPECT_EQ(s.at(2, 2), 0);
}

TEST(TravelMatrixExample, TransferFootpathAndWalkOnlyPairs) {
  TransitBuilder b = base();
  b.add_stop({"A", "a", 0.00, 0.0, "", LocationType::kStop});
  b.add_stop({"B", "b", 0.01, 0.0, "", LocationType::kStop});
  b.add_stop({"E", "e", 0.01, 0.0009, "", LocationType::kStop});  // 100 m north of B
  b.add_stop({"F", "f", 0.01, 0.02, "", LocationType::kStop});
  b.add_trip(trip("T1", "R1", {at("A", hms(8, 0)), at("B", hms(8, 5))}));
  b.add_trip(trip("T2", "R2", {at("E", hms(8, 7)), at("F", hms(8, 20))}));
  const TransitNetwork n = b.build();
  // Transfer radius 150 m: alight at B 8:05, walk 101 s to E (8:06:41), ride 8:07 -> 8:20.
  const Footpaths fp = Footpaths::build(n, WalkParams{1.0, 150.0});
  TransitMatrixOptions o;
  o.window.date = kTuesday;
  o.window.depart_s = hms(7, 59);
  o.walk_speed_mps = 1.0;
  o.max_walk_m = 150;
  // Origin at A; destinations: F itself, a point 150 m from A (walk only), and one 112 m east of
  // A (within reach of A on foot: 0 + 112 s, shorter than any ride).
  const std::vector<LonLat> from{{0.0, 0.0}};
  const std::vector<LonLat> to{{0.01, 0.02}, {0.0, -0.0013}, {0.001, 0.0}};
  const TravelTimeMatrix m = transit_place_matrix(n, fp, from, to, o);
  EXPECT_EQ(m.at(0, 0), 21 * 60);
  const double walk_m = net::haversine_m(0.0, 0.0, 0.0, -0.0013);
  ASSERT_LT(walk_m, 150.0);
  EXPECT_EQ(m.at(0, 1), static_cast<std::int32_t>(std::ceil(walk_m)));
  EXPECT_EQ(m.at(0, 2), 112);
  // Without transfers, F is out of reach.
  o.window.max_transfers = 0;
  EXPECT_EQ(transit_place_matrix(n, fp, from, to, o).at(0, 0), kUnreachable);
}

TEST(TravelMatrix, BadOptionsThrow) {
  TransitBuilder b = base();
  b.add_stop({"A", "a", 0.00, 0.0, "", LocationType::kStop});
  b.add_stop({"B", "b", 0.01, 0.0, "", LocationType::kStop});
  b.add_trip(trip("T1", "R1", {at("A", hms(8, 0)), at("B", hms(8, 5))}));
  const TransitNetwork n = b.build();
  const Footpaths fp = Footpaths::build(n, WalkParams{});
  const std::vector<LonLat> places{{0.0, 0.0}};
  TransitMatrixOptions o;
  o.window.date = kTuesday;
  o.percentiles = {};
  EXPECT_THROW(transit_stop_matrix(n, fp, o), std::invalid_argument);
  o.percentiles = {5, 25, 50, 75, 95, 99};
  EXPECT_THROW(transit_stop_matrix(n, fp, o), std::invalid_argument);
  o.percentiles = {101};
  EXPECT_THROW(transit_stop_matrix(n, fp, o), std::invalid_argument);
  o.percentiles = {50};
  o.window.minutes = -1;
  EXPECT_THROW(transit_stop_matrix(n, fp, o), std::invalid_argument);
  o.window.minutes = 0;
  const std::vector<LonLat> bad{{std::nan(""), 0.0}};
  EXPECT_THROW(transit_place_matrix(n, fp, bad, places, o), std::invalid_argument);
  EXPECT_NO_THROW(transit_place_matrix(n, fp, places, places, o));
}

TEST(TravelMatrix, InPlacePercentilesEqualTheDefinition) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value());
  for (int round = 0; round < 2000; ++round) {
    std::vector<std::int32_t> v(static_cast<std::size_t>(rng.range(1, 130)));
    const std::int32_t spread = rng.range(0, 3) == 0 ? 1 : 4000;
    for (auto& x : v) x = rng.range(0, 9) == 0 ? kUnreachable : rng.range(0, spread - 1);
    std::vector<double> p(static_cast<std::size_t>(rng.range(1, 5)));
    for (auto& x : p) x = rng.range(0, 3) == 0 ? rng.range(0, 20) * 5.0 : rng.unit() * 100.0;
    const std::vector<std::int32_t> want = travel_time_percentiles(v, p);
    std::vector<std::int32_t> got(p.size());
    travel_time_percentiles_in_place(v, p, got);
    ASSERT_EQ(got, want) << "round " << round;
  }
}

// A random timetable on a 3 x 3 km square: `stops` stops, routes over random stop sequences,
// trips between 6:30 and 9:30 with random running times; some trips overtake (the builder splits
// them into patterns).
TransitNetwork random_feed(Rng& rng, int stops, int routes) {
  TransitBuilder b = base();
  for (int s = 0; s < stops; ++s) {
    b.add_stop({"S" + std::to_string(s), "", rng.unit() * 0.027, rng.unit() * 0.027, "",
                LocationType::kStop});
  }
  for (int r = 0; r < routes; ++r) {
    const std::string route = "X" + std::to_string(r);
    b.add_route({route, "AG", route, route, 3});
    std::vector<std::string> seq;
    const int len = rng.range(2, std::min(8, stops));
    while (static_cast<int>(seq.size()) < len) {
      const std::string s = "S" + std::to_string(rng.below(static_cast<std::uint64_t>(stops)));
      if (std::find(seq.begin(), seq.end(), s) == seq.end()) seq.push_back(s);
    }
    const int trips = rng.range(3, 12);
    for (int t = 0; t < trips; ++t) {
      std::int32_t time = rng.range(hms(6, 30), hms(9, 30));
      std::vector<StopTimeSpec> st;
      for (const auto& s : seq) {
        StopTimeSpec x = at(s, time);
        x.departure_s = time + rng.range(0, 1) * 30;
        st.push_back(x);
        time = x.departure_s + rng.range(60, 400);
      }
      TripSpec tr = trip(route + "_" + std::to_string(t), route, st);
      b.add_trip(tr);
    }
  }
  return b.build();
}

std::vector<LonLat> random_places(Rng& rng, int n) {
  std::vector<LonLat> p;
  for (int i = 0; i < n; ++i) p.push_back({rng.unit() * 0.027, rng.unit() * 0.027});
  return p;
}

// The reference: for each departure minute, one RAPTOR query from the origin's access stops;
// the arrival at each destination is the best of the direct walk and every stop within the
// longest walk (searched over all stops); then travel_time_percentiles over the minutes.
std::vector<std::int32_t> reference_place_row(const TransitNetwork& n, const Footpaths& fp,
                                              LonLat origin, const std::vector<LonLat>& dest,
                                              const TransitMatrixOptions& o) {
  const auto& c = n.columns();
  Raptor raptor(n, fp);
  const int minutes = std::max(1, o.window.minutes);
  std::vector<std::vector<std::int32_t>> per_dest(dest.size());
  for (int m = 0; m < minutes; ++m) {
    const std::int32_t dep = o.window.depart_s + 60 * m;
    std::vector<RaptorSource> src;
    for (const StopId s : n.stops()) {
      const double d = net::haversine_m(origin.lon, origin.lat, c.stop_lon[s], c.stop_lat[s]);
      if (d <= o.max_walk_m) src.push_back({s, dep + walk_time_s(d, o.walk_speed_mps)});
    }
    raptor.run(src, o.window.date, o.window.max_transfers);
    for (std::size_t d = 0; d < dest.size(); ++d) {
      std::int64_t best = kUnreachable;
      const double direct = net::haversine_m(origin.lon, origin.lat, dest[d].lon, dest[d].lat);
      if (direct <= o.max_walk_m) best = walk_time_s(direct, o.walk_speed_mps);
      for (const StopId s : n.stops()) {
        const double e = net::haversine_m(c.stop_lon[s], c.stop_lat[s], dest[d].lon, dest[d].lat);
        if (e > o.max_walk_m || raptor.arrival_s(s) == kUnreachable) continue;
        best = std::min<std::int64_t>(best,
                                      raptor.arrival_s(s) - dep + walk_time_s(e, o.walk_speed_mps));
      }
      per_dest[d].push_back(static_cast<std::int32_t>(best));
    }
  }
  std::vector<std::int32_t> row;
  for (const auto& v : per_dest) {
    for (std::int32_t x : travel_time_percentiles(v, o.percentiles)) row.push_back(x);
  }
  return row;
}

TEST(TravelMatrix, PlaceMatrixEqualsOneQueryPerOriginAndMinute) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value());
  std::size_t reached = 0, total = 0;
  for (int instance = 0; instance < 6; ++instance) {
    const TransitNetwork n = random_feed(rng, 25, 8);
    const Footpaths fp = Footpaths::build(n, WalkParams{1.2, 350.0});
    const std::vector<LonLat> origins = random_places(rng, 8), dest = random_places(rng, 10);
    TransitMatrixOptions o;
    o.window.date = kTuesday;
    o.window.depart_s = hms(7, 0) + rng.range(0, 59) * 60;
    o.window.minutes = instance % 3 == 0 ? 0 : rng.range(1, 40);
    o.percentiles = {5, 50, 95};
    o.window.max_transfers = rng.range(0, 4);
    o.walk_speed_mps = 1.2;
    o.max_walk_m = 300 + rng.range(0, 400);
    const TravelTimeMatrix m = transit_place_matrix(n, fp, origins, dest, o);
    for (std::size_t oi = 0; oi < origins.size(); ++oi) {
      const std::vector<std::int32_t> want = reference_place_row(n, fp, origins[oi], dest, o);
      const std::vector<std::int32_t> got(
          m.time_s.begin() + static_cast<std::ptrdiff_t>(oi * dest.size() * 3),
          m.time_s.begin() + static_cast<std::ptrdiff_t>((oi + 1) * dest.size() * 3));
      ASSERT_EQ(got, want) << "instance " << instance << " origin " << oi;
      for (std::int32_t x : got) reached += x != kUnreachable, ++total;
    }
  }
  // The instances must exercise both outcomes.
  EXPECT_GT(reached, total / 10);
  EXPECT_LT(reached, total);
}

TEST(TravelMatrix, StopMatrixEqualsOneQueryPerOriginAndMinute) {
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value() + 1);
  for (int instance = 0; instance < 4; ++instance) {
    const TransitNetwork n = random_feed(rng, 20, 7);
    const Footpaths fp = Footpaths::build(n, WalkParams{1.3, 400.0});
    TransitMatrixOptions o;
    o.window.date = kTuesday;
    o.window.depart_s = hms(7, 0) + rng.range(0, 59) * 60;
    o.window.minutes = instance == 0 ? 0 : rng.range(1, 30);
    o.percentiles = {25, 75};
    o.window.max_transfers = rng.range(0, 3);
    const TravelTimeMatrix m = transit_stop_matrix(n, fp, o);
    Raptor raptor(n, fp);
    const int minutes = std::max(1, o.window.minutes);
    for (const StopId s : n.stops()) {
      std::vector<std::vector<std::int32_t>> per(n.stop_count());
      for (int k = 0; k < minutes; ++k) {
        const std::int32_t dep = o.window.depart_s + 60 * k;
        const RaptorSource src{s, dep};
        raptor.run({&src, 1}, o.window.date, o.window.max_transfers);
        for (const StopId d : n.stops()) {
          const std::int32_t a = raptor.arrival_s(d);
          per[d.value()].push_back(a == kUnreachable ? a : a - dep);
        }
      }
      for (const StopId d : n.stops()) {
        const auto want = travel_time_percentiles(per[d.value()], o.percentiles);
        ASSERT_EQ(m.at(s.value(), d.value(), 0), want[0]) << s.value() << "->" << d.value();
        ASSERT_EQ(m.at(s.value(), d.value(), 1), want[1]) << s.value() << "->" << d.value();
      }
    }
  }
}

TEST(TravelMatrix, IdenticalForOneTwoAndFourThreads) {
#ifndef _OPENMP
  GTEST_SKIP() << "built without OpenMP";
#else
  const test::TestSeed seed(kTestSeed);
  Rng rng(seed.value() + 2);
  const TransitNetwork n = random_feed(rng, 60, 20);
  const Footpaths fp = Footpaths::build(n, WalkParams{1.3, 300.0});
  const std::vector<LonLat> places = random_places(rng, 40);
  TransitMatrixOptions o;
  o.window.date = kTuesday;
  o.window.depart_s = hms(7, 15);
  o.window.minutes = 45;
  o.percentiles = {10, 50, 90};
  std::vector<TravelTimeMatrix> place, stop;
  for (int threads : {1, 2, 4}) {
    o.exec.threads = threads;
    place.push_back(transit_place_matrix(n, fp, places, places, o));
    stop.push_back(transit_stop_matrix(n, fp, o));
  }
  for (std::size_t i = 1; i < place.size(); ++i) {
    EXPECT_EQ(place[i].time_s, place[0].time_s);
    EXPECT_EQ(stop[i].time_s, stop[0].time_s);
  }
  std::size_t reached = 0;
  for (std::int32_t x : stop[0].time_s) reached += x != kUnreachable;
  EXPECT_GT(reached, stop[0].time_s.size() / 10);
#endif
}

// --- zone centroids ----------------------------------------------------------------------------

TEST(ZoneCentroids, CentroidNodesInZoneOrder) {
  net::NetworkBuilder b;
  for (int i = 1; i <= 3; ++i) {
    net::NodeSpec n;
    n.external_id = i;
    n.lon = 0.01 * (i - 1);
    n.lat = 0.0;
    b.add_node(n);
  }
  b.add_zone({10, 1, 0, 0, ""});
  b.add_zone({20, 3, 0, 0, ""});
  const net::RoadNetwork net = b.build();
  const std::vector<LonLat> c = zone_centroids(net);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].lon, 0.0);
  EXPECT_EQ(c[1].lon, 0.02);
}

}  // namespace
}  // namespace ouflow::sim
