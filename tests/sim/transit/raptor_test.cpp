// RAPTOR and range-RAPTOR: hand-checked examples on tiny inline networks, and a brute-force
// reference (a time-expanded graph searched by 0-1 BFS on the number of boardings) against
// RAPTOR on random timetables.
//
// Random inputs use a fixed seed; set OUFLOW_TEST_SEED to try others (failures print the seed).
#include "sim/transit/raptor.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <deque>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "networks/geo.h"
#include "networks/transit_builder.h"
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

Date ymd(int y, int m, int d) { return *Date::from_ymd(y, m, d); }
const Date kTuesday = ymd(2024, 1, 2);
const Date kSaturday = ymd(2024, 1, 6);

std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

StopTimeSpec at(const std::string& stop, std::int32_t arr, std::int32_t dep) {
  StopTimeSpec s;
  s.stop_id = stop;
  s.arrival_s = arr;
  s.departure_s = dep;
  return s;
}

TripSpec trip(const std::string& id, const std::string& route, std::vector<StopTimeSpec> st,
              const std::string& service = "WK") {
  TripSpec t;
  t.id = id;
  t.route_id = route;
  t.service_id = service;
  t.stop_times = std::move(st);
  return t;
}

// Stops A..E about 1.1 km apart on the equator (E is 100 m north of B), routes R1..R3, a weekday
// and a Saturday service.
TransitBuilder base() {
  TransitBuilder b;
  b.add_agency({"AG", "Agency", "http://a", "UTC"});
  b.add_stop({"A", "a", 0.00, 0.0, "", LocationType::kStop});
  b.add_stop({"B", "b", 0.01, 0.0, "", LocationType::kStop});
  b.add_stop({"C", "c", 0.02, 0.0, "", LocationType::kStop});
  b.add_stop({"D", "d", 0.03, 0.0, "", LocationType::kStop});
  b.add_stop({"E", "e", 0.01, 0.0009, "", LocationType::kStop});
  for (const char* r : {"R1", "R2", "R3"}) b.add_route({r, "AG", r, r, 3});
  b.add_service({"WK", 0x1f, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  b.add_service({"SAT", 0x20, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  return b;
}

StopId stop(const TransitNetwork& n, const std::string& id) { return *n.find_stop(id); }

struct Query {
  const TransitNetwork& net;
  Footpaths footpaths;
  Raptor raptor;
  Query(const TransitNetwork& n, WalkParams walk = {})
      : net(n), footpaths(Footpaths::build(n, walk)), raptor(n, footpaths) {}
  Raptor& run(const std::string& from, std::int32_t time_s, int max_transfers = 8,
              Date date = kTuesday) {
    const RaptorSource src{stop(net, from), time_s};
    raptor.run({&src, 1}, date, max_transfers);
    return raptor;
  }
  std::int32_t at(const std::string& s) const { return raptor.arrival_s(stop(net, s)); }
};

TEST(RaptorExample, TransferBetweenTwoLines) {
  TransitBuilder b = base();
  b.add_trip(trip("L1", "R1", {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10))}));
  b.add_trip(trip("L2a", "R2", {at("B", hms(8, 12), hms(8, 12)), at("C", hms(8, 20), hms(8, 20))}));
  b.add_trip(trip("L2b", "R2", {at("B", hms(8, 20), hms(8, 20)), at("C", hms(8, 28), hms(8, 28))}));
  const TransitNetwork n = b.build();
  Query q(n);
  q.run("A", hms(7, 55));
  EXPECT_EQ(q.at("A"), hms(7, 55));
  EXPECT_EQ(q.at("B"), hms(8, 10));
  EXPECT_EQ(q.at("C"), hms(8, 20));
  EXPECT_EQ(q.at("D"), kUnreachable);
  const auto legs = q.raptor.journey_to(stop(n, "C"));
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0].kind, JourneyLeg::Kind::kTrip);
  EXPECT_EQ(legs[0].trip, *n.find_trip("L1"));
  EXPECT_EQ(legs[0].from, stop(n, "A"));
  EXPECT_EQ(legs[0].depart_s, hms(8, 0));
  EXPECT_EQ(legs[1].trip, *n.find_trip("L2a"));
  EXPECT_EQ(legs[1].from, stop(n, "B"));
  EXPECT_EQ(legs[1].to, stop(n, "C"));
  EXPECT_EQ(legs[1].arrive_s, hms(8, 20));
  EXPECT_TRUE(q.raptor.journey_to(stop(n, "A")).empty());

  // transfers.txt asks 5 minutes at B: the 8:12 is missed.
  TransitBuilder b2 = base();
  b2.add_trip(trip("L1", "R1", {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10))}));
  b2.add_trip(
      trip("L2a", "R2", {at("B", hms(8, 12), hms(8, 12)), at("C", hms(8, 20), hms(8, 20))}));
  b2.add_trip(
      trip("L2b", "R2", {at("B", hms(8, 20), hms(8, 20)), at("C", hms(8, 28), hms(8, 28))}));
  b2.add_transfer({"B", "B", net::TransferType::kMinimumTime, 300});
  const TransitNetwork n2 = b2.build();
  Query q2(n2);
  q2.run("A", hms(7, 55));
  EXPECT_EQ(q2.at("B"), hms(8, 10));  // arriving needs no transfer time
  EXPECT_EQ(q2.at("C"), hms(8, 28));
  EXPECT_EQ(q2.raptor.journey_to(stop(n2, "C")).back().trip, *n2.find_trip("L2b"));
  // Starting at B itself, the source boards at once.
  q2.run("B", hms(8, 12));
  EXPECT_EQ(q2.at("C"), hms(8, 20));
}

TEST(RaptorExample, OvertakingTripsAreBothUsable) {
  TransitBuilder b = base();
  // X is slow; Y leaves after X but overtakes it; Z follows X.
  b.add_trip(trip("X", "R1",
                  {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10)),
                   at("C", hms(8, 30), hms(8, 30))}));
  b.add_trip(trip("Y", "R1",
                  {at("A", hms(8, 5), hms(8, 5)), at("B", hms(8, 9), hms(8, 9)),
                   at("C", hms(8, 20), hms(8, 20))}));
  b.add_trip(trip("Z", "R1",
                  {at("A", hms(8, 10), hms(8, 10)), at("B", hms(8, 20), hms(8, 20)),
                   at("C", hms(8, 40), hms(8, 40))}));
  const TransitNetwork n = b.build();
  Query q(n);
  q.run("A", hms(8, 0));
  EXPECT_EQ(q.at("B"), hms(8, 9));
  EXPECT_EQ(q.at("C"), hms(8, 20));
  EXPECT_EQ(q.raptor.journey_to(stop(n, "C")).at(0).trip, *n.find_trip("Y"));
  q.run("A", hms(8, 6));
  EXPECT_EQ(q.at("C"), hms(8, 40));
  q.run("B", hms(8, 10));  // X is still at B at 8:10
  EXPECT_EQ(q.at("C"), hms(8, 30));
}

TEST(RaptorExample, TripPastMidnight) {
  TransitBuilder b = base();
  b.add_trip(trip("N", "R1",
                  {at("A", hms(23, 50), hms(23, 50)), at("B", hms(24, 20), hms(24, 20)),
                   at("C", hms(25, 5), hms(25, 5))}));
  const TransitNetwork n = b.build();
  Query q(n);
  q.run("A", hms(23, 45));
  EXPECT_EQ(q.at("B"), 87600);
  EXPECT_EQ(q.at("C"), 90300);
  q.run("B", hms(24, 10));
  EXPECT_EQ(q.at("C"), 90300);
}

TEST(RaptorExample, ServiceNotRunningOnTheDate) {
  TransitBuilder b = base();
  b.add_trip(
      trip("S", "R1", {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10))}, "SAT"));
  b.add_trip(trip("W", "R1", {at("A", hms(9, 0), hms(9, 0)), at("B", hms(9, 10), hms(9, 10))}));
  const TransitNetwork n = b.build();
  Query q(n);
  q.run("A", hms(7, 0));
  EXPECT_EQ(q.at("B"), hms(9, 10));  // Tuesday: the Saturday trip does not run
  q.run("A", hms(7, 0), 8, kSaturday);
  EXPECT_EQ(q.at("B"), hms(8, 10));
  q.run("A", hms(8, 30), 8, kSaturday);
  EXPECT_EQ(q.at("B"), kUnreachable);
}

TEST(RaptorExample, StopOnlyReachableOnFoot) {
  TransitBuilder b = base();
  b.add_trip(trip("L1", "R1", {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10))}));
  b.add_trip(trip("L2", "R2", {at("E", hms(8, 13), hms(8, 13)), at("D", hms(8, 30), hms(8, 30))}));
  const TransitNetwork n = b.build();
  const double d_m = net::haversine_m(0.01, 0.0, 0.01, 0.0009);
  ASSERT_GT(d_m, 99.0);
  ASSERT_LT(d_m, 101.0);
  {
    Query q(n, {1.0, 150.0});
    EXPECT_EQ(q.footpaths.footpath_count(), 2u);  // B <-> E
    q.run("A", hms(7, 55));
    EXPECT_EQ(q.at("E"), hms(8, 10) + walk_time_s(d_m, 1.0));
    EXPECT_EQ(q.at("D"), hms(8, 30));
    const auto legs = q.raptor.journey_to(stop(n, "D"));
    ASSERT_EQ(legs.size(), 3u);
    EXPECT_EQ(legs[1].kind, JourneyLeg::Kind::kWalk);
    EXPECT_EQ(legs[1].from, stop(n, "B"));
    EXPECT_EQ(legs[1].to, stop(n, "E"));
    EXPECT_EQ(legs[1].depart_s, hms(8, 10));
    EXPECT_EQ(legs[2].from, stop(n, "E"));
    // At 0.05 m/s the walk takes 2000 s: the 8:13 is missed.
    Query slow(n, {0.05, 150.0});
    slow.run("A", hms(7, 55));
    EXPECT_EQ(slow.at("E"), hms(8, 10) + walk_time_s(d_m, 0.05));
    EXPECT_EQ(slow.at("D"), kUnreachable);
  }
  {
    Query q(n, {1.0, 50.0});  // radius too small
    q.run("A", hms(7, 55));
    EXPECT_EQ(q.at("E"), kUnreachable);
  }
  {
    // An explicit transfer B -> E of 60 s, no radius walking; walking is not chained from a
    // source: starting at B reaches E only by riding first.
    TransitBuilder b2 = base();
    b2.add_trip(trip("L1", "R1", {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10))}));
    b2.add_transfer({"B", "E", net::TransferType::kMinimumTime, 60});
    const TransitNetwork n2 = b2.build();
    Query q(n2);
    q.run("A", hms(7, 55));
    EXPECT_EQ(q.at("E"), hms(8, 11));
    q.run("B", hms(7, 55));
    EXPECT_EQ(q.at("E"), kUnreachable);
  }
}

TEST(RaptorExample, MaxTransfersLimitsTheAnswer) {
  TransitBuilder b = base();
  b.add_trip(trip("L1", "R1", {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10))}));
  b.add_trip(trip("L2", "R2", {at("B", hms(8, 15), hms(8, 15)), at("C", hms(8, 25), hms(8, 25))}));
  b.add_trip(trip("L3", "R3", {at("C", hms(8, 30), hms(8, 30)), at("D", hms(8, 40), hms(8, 40))}));
  // A slow direct trip A -> D.
  b.add_trip(trip("L4", "R1", {at("A", hms(8, 5), hms(8, 5)), at("D", hms(9, 30), hms(9, 30))}));
  const TransitNetwork n = b.build();
  Query q(n);
  q.run("A", hms(7, 50), 0);
  EXPECT_EQ(q.at("B"), hms(8, 10));
  EXPECT_EQ(q.at("C"), kUnreachable);
  EXPECT_EQ(q.at("D"), hms(9, 30));
  q.run("A", hms(7, 50), 1);
  EXPECT_EQ(q.at("C"), hms(8, 25));
  EXPECT_EQ(q.at("D"), hms(9, 30));
  q.run("A", hms(7, 50), 2);
  EXPECT_EQ(q.at("D"), hms(8, 40));
  EXPECT_EQ(q.raptor.arrival_s(stop(n, "D"), 0), kUnreachable);
  EXPECT_EQ(q.raptor.arrival_s(stop(n, "D"), 1), hms(9, 30));
  EXPECT_EQ(q.raptor.arrival_s(stop(n, "D"), 3), hms(8, 40));
  EXPECT_EQ(q.raptor.journey_to(stop(n, "D")).size(), 3u);
  EXPECT_THROW(q.run("A", 0, -1), std::invalid_argument);
}

TEST(RaptorExample, RangeGivesTravelTimePerMinuteAndPercentiles) {
  TransitBuilder b = base();
  b.add_trip(trip("L1", "R1", {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10))}));
  b.add_trip(trip("L2", "R1", {at("A", hms(8, 5), hms(8, 5)), at("B", hms(8, 15), hms(8, 15))}));
  const TransitNetwork n = b.build();
  Query q(n);
  const RaptorSource src{stop(n, "A"), 60};  // one minute of access walk
  q.raptor.run_range({&src, 1}, kTuesday, 4, hms(7, 57), 10);
  ASSERT_EQ(q.raptor.minutes(), 10);
  const StopId bs = stop(n, "B");
  // Departing 7:57..8:06 reaches A 7:58..8:07: 8:00 up to 7:59, then 8:05, then nothing.
  const std::vector<std::int32_t> expect = {hms(8, 10) - hms(7, 57),
                                            hms(8, 10) - hms(7, 58),
                                            hms(8, 10) - hms(7, 59),
                                            hms(8, 15) - hms(8, 0),
                                            hms(8, 15) - hms(8, 1),
                                            hms(8, 15) - hms(8, 2),
                                            hms(8, 15) - hms(8, 3),
                                            hms(8, 15) - hms(8, 4),
                                            kUnreachable,
                                            kUnreachable};
  std::vector<std::int32_t> got;
  for (std::int32_t m = 0; m < 10; ++m) got.push_back(q.raptor.travel_time_s(bs, m));
  EXPECT_EQ(got, expect);
  EXPECT_EQ(q.raptor.travel_time_s(stop(n, "A"), 3), 60);
  const std::vector<double> ps = {5, 25, 50, 75, 95};
  // Sorted: 660 660 720 720 780 780 840 900 U U; nearest ranks 1, 3, 5, 8, 10.
  EXPECT_EQ(travel_time_percentiles(got, ps),
            (std::vector<std::int32_t>{660, 720, 780, 900, kUnreachable}));
  const std::vector<std::int32_t> three = {600, 900, kUnreachable};
  const std::vector<double> p50_95 = {50, 95, 0, 100};
  EXPECT_EQ(travel_time_percentiles(three, p50_95),
            (std::vector<std::int32_t>{900, kUnreachable, 600, kUnreachable}));
  const std::vector<double> bad = {101};
  EXPECT_THROW(travel_time_percentiles(three, bad), std::invalid_argument);
}

TEST(RaptorFrequency, GeneratorIsSplitMix64) {
  // Published SplitMix64 outputs for the state 1234567 (first two steps).
  EXPECT_EQ(splitmix64(1234567u), 6457827717110365317u);
  EXPECT_EQ(splitmix64(1234567u + 0x9E3779B97F4A7C15u), 3203168211198807973u);
  // The documented offset formula, and values computed by hand (Python) from it.
  for (std::uint32_t draw = 0; draw < 50; ++draw) {
    for (std::uint32_t row = 0; row < 5; ++row) {
      const std::uint64_t x = splitmix64(splitmix64(42u ^ (draw * 0x9E3779B97F4A7C15u)) ^ row);
      EXPECT_EQ(frequency_offset_s(42, draw, row, 600), static_cast<std::int32_t>(x % 600u));
    }
  }
  EXPECT_EQ(frequency_offset_s(42, 0, 0, 600), 68);
  EXPECT_EQ(frequency_offset_s(42, 1, 0, 600), 526);
  EXPECT_EQ(frequency_offset_s(42, 0, 1, 600), 93);
  EXPECT_EQ(frequency_offset_s(Raptor::kDefaultSeed, 0, 0, 600), 78);
  EXPECT_THROW(frequency_offset_s(1, 0, 0, 0), std::invalid_argument);
}

// A planned line A -> B -> C every 10 minutes 8:00-9:00 (running 10 and 5 minutes), no
// timetable. With seed 42, draw 0, its one frequency row has offset 68 s (see above): vehicles
// leave A at 8:01:08, 8:11:08, ..., 8:51:08.
TEST(RaptorExample, FrequencyLineWithDrawnOffset) {
  TransitBuilder b = base();
  net::FrequencyLineSpec line;
  line.trip_id = "F";
  line.route_id = "R1";
  line.service_id = "WK";
  line.stop_ids = {"A", "B", "C"};
  line.running_times_s = {600, 300};
  line.periods = {{hms(8, 0), hms(9, 0), 600}};
  b.add_frequency_line(line);
  // A scheduled trip C -> D to transfer to.
  b.add_trip(trip("L", "R2", {at("C", hms(8, 20), hms(8, 20)), at("D", hms(8, 30), hms(8, 30))}));
  const TransitNetwork n = b.build();
  ASSERT_EQ(n.frequency_count(), 1u);
  Query q(n);
  const std::uint64_t seed = 42;
  const std::int32_t off = 68;
  auto run = [&](std::int32_t t, std::uint32_t draw = 0) {
    const RaptorSource src{stop(n, "A"), t};
    q.raptor.run({&src, 1}, kTuesday, 8, seed, draw);
  };
  run(hms(7, 55));
  EXPECT_EQ(q.at("B"), hms(8, 10) + off);
  EXPECT_EQ(q.at("C"), hms(8, 15) + off);
  EXPECT_EQ(q.at("D"), hms(8, 30));  // the 8:16:08 at C catches the 8:20
  const auto legs = q.raptor.journey_to(stop(n, "D"));
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(legs[0].trip, *n.find_trip("F"));
  EXPECT_EQ(legs[0].depart_s, hms(8, 0) + off);
  EXPECT_EQ(legs[0].arrive_s, hms(8, 15) + off);
  EXPECT_EQ(legs[0].service_day_s, 0);
  EXPECT_EQ(legs[1].trip, *n.find_trip("L"));
  // One second after a vehicle: the next, 10 minutes later; no vehicle leaves at 9:01:08.
  run(hms(8, 0) + off + 1);
  EXPECT_EQ(q.at("C"), hms(8, 25) + off);
  EXPECT_EQ(q.at("D"), kUnreachable);
  run(hms(8, 50) + off);
  EXPECT_EQ(q.at("B"), hms(9, 0) + off);
  run(hms(8, 50) + off + 1);
  EXPECT_EQ(q.at("B"), kUnreachable);
  // Starting at B (the template's stop times there are 8:10), the vehicle passing B.
  const RaptorSource at_b{stop(n, "B"), hms(8, 20)};
  q.raptor.run({&at_b, 1}, kTuesday, 8, seed);
  EXPECT_EQ(q.at("C"), hms(8, 25) + off);
  // Draw 1 has offset 526 s.
  run(hms(7, 55), 1);
  EXPECT_EQ(q.at("B"), hms(8, 10) + 526);
  // The service does not run on Saturday.
  q.raptor.run(std::vector<RaptorSource>{{stop(n, "A"), hms(7, 55)}}, kSaturday, 8, seed);
  EXPECT_EQ(q.at("B"), kUnreachable);

  // A window of 3 minutes from 7:59 and 4 draws: 12 samples, sample d * 3 + m is minute m of
  // draw d; draws 0 and 1 have offsets 68 and 526.
  const RaptorSource src{stop(n, "A"), 0};
  q.raptor.run_range({&src, 1}, kTuesday, 8, hms(7, 59), 3, 4, seed);
  ASSERT_EQ(q.raptor.minutes(), 3);
  ASSERT_EQ(q.raptor.samples(), 12);
  const StopId bs = stop(n, "B");
  EXPECT_EQ(q.raptor.travel_time_s(bs, 0), hms(8, 10) + 68 - hms(7, 59));
  EXPECT_EQ(q.raptor.travel_time_s(bs, 2), hms(8, 10) + 68 - hms(8, 1));
  EXPECT_EQ(q.raptor.travel_time_s(bs, 3), hms(8, 10) + 526 - hms(7, 59));
  EXPECT_EQ(q.raptor.travel_time_s(bs, 5), hms(8, 10) + 526 - hms(8, 1));
  for (std::uint32_t d = 0; d < 4; ++d) {
    const std::int32_t o = frequency_offset_s(seed, d, 0, 600);
    for (std::int32_t m = 0; m < 3; ++m) {
      const std::int32_t dep = hms(7, 59) + 60 * m;
      const std::int32_t board = hms(8, 0) + o + (dep > hms(8, 0) + o ? 600 : 0);
      EXPECT_EQ(q.raptor.travel_time_s(bs, static_cast<std::int32_t>(d) * 3 + m),
                board + 600 - dep);
    }
  }
  // The labels left are those of draw 0 at 7:59.
  EXPECT_EQ(q.at("B"), hms(8, 10) + off);
  // Without any frequency pattern running (Saturday) draws are pointless: one per minute.
  q.raptor.run_range({&src, 1}, kSaturday, 8, hms(7, 59), 3, 4, seed);
  EXPECT_EQ(q.raptor.samples(), 3);
  EXPECT_THROW(q.raptor.run_range({&src, 1}, kTuesday, 8, hms(7, 59), 3, 0, seed),
               std::invalid_argument);
}

// Trips of the previous service day after midnight: a weekday trip at 24:50 -> 25:10 runs on
// the next morning at 0:50 -> 1:10.
TEST(RaptorExample, PreviousDayTripAfterMidnight) {
  TransitBuilder b = base();
  b.add_trip(
      trip("N", "R1", {at("A", hms(24, 50), hms(24, 50)), at("B", hms(25, 10), hms(25, 10))}));
  const TransitNetwork n = b.build();
  Query q(n);
  const Date monday = ymd(2024, 1, 1), sunday = ymd(2024, 1, 7);
  q.run("A", hms(0, 40), 8, kTuesday);  // Monday's trip
  EXPECT_EQ(q.at("B"), hms(1, 10));
  auto legs = q.raptor.journey_to(stop(n, "B"));
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_EQ(legs[0].trip, *n.find_trip("N"));
  EXPECT_EQ(legs[0].depart_s, hms(0, 50));
  EXPECT_EQ(legs[0].arrive_s, hms(1, 10));
  EXPECT_EQ(legs[0].service_day_s, -86400);
  q.run("A", hms(0, 51), 8, kTuesday);  // missed it; the next is Tuesday's, at 24:50
  EXPECT_EQ(q.at("B"), hms(25, 10));
  EXPECT_EQ(q.raptor.journey_to(stop(n, "B")).at(0).service_day_s, 0);
  q.run("A", hms(0, 40), 8, monday);  // Sunday has no service; Monday's own trip at 24:50
  EXPECT_EQ(q.at("B"), hms(25, 10));
  q.run("A", hms(0, 40), 8, kSaturday);  // Friday's trip
  EXPECT_EQ(q.at("B"), hms(1, 10));
  q.run("A", hms(0, 40), 8, sunday);  // nothing on Saturday or Sunday
  EXPECT_EQ(q.at("B"), kUnreachable);

  // With a trip of the day itself at 0:45 -> 1:15 in the same pattern (the previous day's trip
  // overtakes it) and a transfer at B to a 1:12 trip that only the previous day's trip catches.
  TransitBuilder b2 = base();
  b2.add_trip(
      trip("N", "R1", {at("A", hms(24, 50), hms(24, 50)), at("B", hms(25, 10), hms(25, 10))}));
  b2.add_trip(trip("E", "R1", {at("A", hms(0, 45), hms(0, 45)), at("B", hms(1, 15), hms(1, 15))}));
  b2.add_trip(trip("X", "R2", {at("B", hms(1, 12), hms(1, 12)), at("C", hms(1, 20), hms(1, 20))}));
  const TransitNetwork n2 = b2.build();
  Query q2(n2);
  q2.run("A", hms(0, 40));
  EXPECT_EQ(q2.at("B"), hms(1, 10));
  EXPECT_EQ(q2.at("C"), hms(1, 20));
  q2.run("A", hms(0, 46));
  EXPECT_EQ(q2.at("B"), hms(1, 10));
  EXPECT_EQ(q2.at("C"), hms(1, 20));
  q2.run("A", hms(0, 51));
  EXPECT_EQ(q2.at("B"), hms(25, 10));
  EXPECT_EQ(q2.at("C"), kUnreachable);
  // Range over 0:40..0:52: Monday's N up to 0:50, then Tuesday's N.
  const RaptorSource src{stop(n2, "A"), 0};
  q2.raptor.run_range({&src, 1}, kTuesday, 8, hms(0, 40), 13);
  const StopId bs = stop(n2, "B");
  for (std::int32_t m = 0; m < 13; ++m) {
    const std::int32_t dep = hms(0, 40) + 60 * m;
    EXPECT_EQ(q2.raptor.travel_time_s(bs, m), (m <= 10 ? hms(1, 10) : hms(25, 10)) - dep);
    EXPECT_EQ(q2.raptor.travel_time_s(stop(n2, "C"), m), m <= 10 ? hms(1, 20) - dep : kUnreachable);
  }

  // A frequency template of the previous day: every 20 minutes 23:30-25:00 (offset of seed 42,
  // draw 0, headway 1200: computed by the documented formula), A -> B in 10 minutes.
  TransitBuilder b3 = base();
  net::FrequencyLineSpec line;
  line.trip_id = "F";
  line.route_id = "R3";
  line.service_id = "WK";
  line.stop_ids = {"A", "B"};
  line.running_times_s = {600};
  line.periods = {{hms(23, 30), hms(25, 0), 1200}};
  b3.add_frequency_line(line);
  const TransitNetwork n3 = b3.build();
  Query q3(n3);
  const std::int32_t off = 68;  // frequency_offset_s(42, 0, 0, 1200), by hand
  ASSERT_EQ(frequency_offset_s(42, 0, 0, 1200), off);
  const RaptorSource a{stop(n3, "A"), 0};
  q3.raptor.run({&a, 1}, kTuesday, 8, 42);
  // Vehicles leave at 23:30 + 68 s + 20 min * j < 25:00, i.e. on Tuesday's clock at
  // -1800 + 68 + 1200 j: the first at or after 0:00 is j = 2, at 668 s (0:11:08).
  EXPECT_EQ(q3.at("B"), 668 + 600);
  EXPECT_EQ(q3.raptor.journey_to(stop(n3, "B")).at(0).service_day_s, -86400);
  EXPECT_EQ(q3.raptor.journey_to(stop(n3, "B")).at(0).depart_s, 668);
  // j = 3 and 4 leave at 0:31:08 and 0:51:08; j = 5 would leave at 25:11:08, after 25:00.
  const RaptorSource late{stop(n3, "A"), 669};
  q3.raptor.run({&late, 1}, kTuesday, 8, 42);
  EXPECT_EQ(q3.at("B"), 1868 + 600);
  const RaptorSource later{stop(n3, "A"), 3068};
  q3.raptor.run({&later, 1}, kTuesday, 8, 42);
  EXPECT_EQ(q3.at("B"), 3068 + 600);
  const RaptorSource latest{stop(n3, "A"), 3069};
  q3.raptor.run({&latest, 1}, kTuesday, 8, 42);
  EXPECT_EQ(q3.at("B"), 86400 - 1800 + 68 + 600);  // Tuesday's own first vehicle, 23:31:08
  EXPECT_EQ(q3.raptor.journey_to(stop(n3, "B")).at(0).service_day_s, 0);
}

// Parent stations: transfers.txt rows naming stations apply to their stops, unless a row names
// the stops themselves.
TEST(RaptorExample, ParentStationTransfers) {
  TransitBuilder b;
  b.add_agency({"AG", "Agency", "http://a", "UTC"});
  b.add_stop({"P", "station p", 0.00, 0.0, "", LocationType::kStation});
  b.add_stop({"Q", "station q", 0.01, 0.0, "", LocationType::kStation});
  b.add_stop({"A1", "p platform 1", 0.0001, 0.0, "P", LocationType::kStop});
  b.add_stop({"A2", "p platform 2", 0.0002, 0.0, "P", LocationType::kStop});
  b.add_stop({"C1", "q platform 1", 0.0101, 0.0, "Q", LocationType::kStop});
  b.add_stop({"C2", "q platform 2", 0.0102, 0.0, "Q", LocationType::kStop});
  b.add_stop({"X", "x", 0.05, 0.0, "", LocationType::kStop});
  b.add_stop({"Y", "y", 0.06, 0.0, "", LocationType::kStop});
  b.add_stop({"Z", "z", 0.07, 0.0, "", LocationType::kStop});
  for (const char* r : {"R1", "R2", "R3", "R4"}) b.add_route({r, "AG", r, r, 3});
  b.add_service({"WK", 0x1f, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  // Station to station 3 minutes; but C2 cannot be reached from P's stops at all.
  b.add_transfer({"P", "Q", net::TransferType::kMinimumTime, 180});
  b.add_transfer({"P", "C2", net::TransferType::kNotPossible, -1});
  // Within P 5 minutes (also boarding again where one alighted), but A1 -> A2 1 minute.
  b.add_transfer({"P", "P", net::TransferType::kMinimumTime, 300});
  b.add_transfer({"A1", "A2", net::TransferType::kMinimumTime, 60});
  b.add_trip(trip("T1", "R1", {at("X", hms(8, 0), hms(8, 0)), at("A1", hms(8, 10), hms(8, 10))}));
  b.add_trip(trip("T2", "R2", {at("C1", hms(8, 12), hms(8, 12)), at("Y", hms(8, 20), hms(8, 20))}));
  b.add_trip(trip("T3", "R2", {at("C1", hms(8, 13), hms(8, 13)), at("Y", hms(8, 25), hms(8, 25))}));
  b.add_trip(trip("T4", "R3", {at("A2", hms(8, 11), hms(8, 11)), at("Z", hms(8, 40), hms(8, 40))}));
  b.add_trip(trip("T5", "R4", {at("A1", hms(8, 14), hms(8, 14)), at("Z", hms(8, 35), hms(8, 35))}));
  b.add_trip(trip("T6", "R4", {at("A1", hms(8, 15), hms(8, 15)), at("Z", hms(8, 45), hms(8, 45))}));
  const TransitNetwork n = b.build();
  Query q(n);  // no walking radius: only transfers.txt
  const StopId a1 = stop(n, "A1");
  EXPECT_EQ(q.footpaths.self_time_s(a1), 300);
  EXPECT_EQ(q.footpaths.self_time_s(stop(n, "C1")), 0);  // no (Q, Q) row
  std::vector<std::pair<std::string, std::int32_t>> from_a1;
  for (std::size_t i = 0; i < q.footpaths.targets(a1).size(); ++i) {
    from_a1.emplace_back(n.columns().stop_id[q.footpaths.targets(a1)[i]],
                         q.footpaths.times_s(a1)[i]);
  }
  std::sort(from_a1.begin(), from_a1.end());
  // A1 -> A2 by its own row; -> C1 by (P, Q); not -> C2 ((P, C2) beats (P, Q)); -> P and Q
  // (the stations themselves, served by no trip) by (P, P) and (P, Q).
  EXPECT_EQ(from_a1, (std::vector<std::pair<std::string, std::int32_t>>{
                         {"A2", 60}, {"C1", 180}, {"P", 300}, {"Q", 180}}));
  q.run("X", hms(7, 55));
  EXPECT_EQ(q.at("C1"), hms(8, 13));
  EXPECT_EQ(q.at("C2"), kUnreachable);
  EXPECT_EQ(q.at("Y"), hms(8, 25));  // T3: T2 leaves before the 3 minutes are up
  // Z: T4 from A2 (8:11 after the 1-minute row) beats waiting 5 minutes at A1 for T6; T5
  // leaves A1 before 8:15.
  EXPECT_EQ(q.at("Z"), hms(8, 40));
  const auto legs = q.raptor.journey_to(stop(n, "Z"));
  ASSERT_EQ(legs.size(), 3u);
  EXPECT_EQ(legs[1].kind, JourneyLeg::Kind::kWalk);
  EXPECT_EQ(legs[1].to, stop(n, "A2"));
  EXPECT_EQ(legs[2].trip, *n.find_trip("T4"));
}

// ---------------------------------------------------------------------------------------------
// Brute-force reference.

// The default seed of this file's random instances (tests/common/seed.h).
constexpr std::uint64_t kTestSeed = 20240102;

struct Random {
  std::mt19937_64 gen;
  explicit Random(std::uint64_t seed) : gen(seed) {}
  // Uniform in [lo, hi] without std::*_distribution (portable across standard libraries).
  int uniform(int lo, int hi) {
    return lo + static_cast<int>(gen() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return uniform(0, 99) < percent; }
};

struct RandomCase {
  TransitNetwork net;
  WalkParams walk;
};

// What random_case() adds to plain timetables (the plain ones draw the same numbers as before).
struct CaseOptions {
  bool frequencies = false;  // frequency-based templates (exact_times 0), some exact_times 1
  bool night = false;        // trips between 22:30 and 28:00, ridden on the next day too
  bool parents = false;      // parent stations, and transfers.txt rows naming them
};

RandomCase random_case(Random& rng, const CaseOptions& opt = {}) {
  TransitBuilder b;
  b.add_agency({"AG", "Agency", "http://a", "UTC"});
  const int n_stops = rng.uniform(3, 9);
  const int n_stations = opt.parents ? rng.uniform(1, 2) : 0;
  for (int s = 0; s < n_stops; ++s) {
    // Within about 700 m of each other.
    const double lon = rng.uniform(0, 6000) * 1e-6, lat = rng.uniform(0, 6000) * 1e-6;
    std::string parent;
    if (n_stations > 0 && rng.chance(60))
      parent = "P" + std::to_string(rng.uniform(0, n_stations - 1));
    b.add_stop({"S" + std::to_string(s), "", lon, lat, parent, LocationType::kStop});
  }
  for (int p = 0; p < n_stations; ++p) {
    b.add_stop({"P" + std::to_string(p), "", rng.uniform(0, 6000) * 1e-6,
                rng.uniform(0, 6000) * 1e-6, "", LocationType::kStation});
  }
  b.add_service({"WK", 0x1f, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  b.add_service({"SAT", 0x20, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  const int n_routes = rng.uniform(1, 4);
  int trip_no = 0;
  const std::int32_t day_start = opt.night ? hms(22, 30) : hms(7, 0);
  const int start_minutes = opt.night ? 300 : 60;
  for (int r = 0; r < n_routes; ++r) {
    const std::string route = "R" + std::to_string(r);
    b.add_route({route, "AG", route, route, 3});
    std::vector<int> order(static_cast<std::size_t>(n_stops));
    for (int s = 0; s < n_stops; ++s) order[static_cast<std::size_t>(s)] = s;
    for (std::size_t i = order.size(); i > 1; --i) {
      std::swap(order[i - 1],
                order[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(i) - 1))]);
    }
    const int len = rng.uniform(2, std::min(n_stops, 5));
    // 0: scheduled, 1: frequency templates (exact_times 0), 2: exact_times 1.
    const int kind = opt.frequencies ? (rng.chance(40) ? 1 : (rng.chance(15) ? 2 : 0)) : 0;
    const int n_trips = kind == 0 ? rng.uniform(1, 5) : rng.uniform(1, 2);
    for (int t = 0; t < n_trips; ++t) {
      std::vector<StopTimeSpec> st;
      std::int32_t time = day_start + 60 * rng.uniform(0, start_minutes);
      for (int i = 0; i < len; ++i) {
        if (i > 0) time += 60 * rng.uniform(0, 8);
        const std::int32_t arr = time;
        time += 60 * rng.uniform(0, 1);
        StopTimeSpec s = at("S" + std::to_string(order[static_cast<std::size_t>(i)]), arr, time);
        if (rng.chance(8)) s.pickup_type = 1;
        if (rng.chance(8)) s.drop_off_type = 1;
        st.push_back(s);
      }
      const std::string id = "T" + std::to_string(trip_no++);
      b.add_trip(trip(id, route, std::move(st), rng.chance(85) ? "WK" : "SAT"));
      if (kind == 0) continue;
      const int rows = rng.uniform(1, 2);
      std::int32_t start = day_start + 60 * rng.uniform(0, start_minutes);
      for (int f = 0; f < rows; ++f) {
        net::FrequencySpec spec;
        spec.trip_id = id;
        spec.start_s = start;
        spec.end_s = start + rng.uniform(60, 5400);
        // Whole seconds, not whole minutes: offsets then fall between query minutes.
        spec.headway_s = rng.uniform(45, 1500);
        spec.exact_times = kind == 2;
        b.add_frequency(spec);
        start = spec.end_s + 60 * rng.uniform(0, 20);
      }
    }
  }
  const int n_points = n_stops + n_stations;
  auto point_id = [&](int i) {
    return i < n_stops ? "S" + std::to_string(i) : "P" + std::to_string(i - n_stops);
  };
  std::set<std::pair<int, int>> pairs;
  const int n_transfers = rng.uniform(0, opt.parents ? 7 : 4);
  for (int i = 0; i < n_transfers; ++i) {
    const int from = rng.uniform(0, n_points - 1), to = rng.uniform(0, n_points - 1);
    if (!pairs.insert({from, to}).second) continue;
    const int kind = rng.uniform(0, 9);
    net::TransferSpec spec;
    spec.from_stop_id = point_id(from);
    spec.to_stop_id = point_id(to);
    if (kind == 0) {
      spec.type = net::TransferType::kNotPossible;
    } else if (kind <= 2) {
      spec.type = net::TransferType::kRecommended;
    } else {
      spec.type = net::TransferType::kMinimumTime;
      spec.min_transfer_time_s = 30 * rng.uniform(0, 12);
    }
    b.add_transfer(spec);
  }
  RandomCase c{b.build(), {}};
  c.walk.walk_speed_mps = 0.8 + 0.1 * rng.uniform(0, 10);
  c.walk.transfer_radius_m = rng.chance(25) ? 0.0 : 50.0 * rng.uniform(1, 8);
  return c;
}

// Earliest arrival per (number of trips, stop) by a time-expanded graph: an arrival and a
// departure event per stop time (ride and stay-seated arcs), and per stop a chain of "ready to
// board" and "boarding" events sorted by time (waiting arcs); boarding arcs cost 1, all others 0,
// so a 0-1 BFS gives the fewest boardings with which each event is reachable. Walking is computed
// here pair by pair from the rules documented for Footpaths.
struct Oracle {
  static constexpr std::int32_t kInf = kUnreachable;
  std::vector<std::vector<std::int32_t>> arrival;  // [trips][stop], non-increasing in trips

  Oracle(const TransitNetwork& n, const WalkParams& walk, const std::vector<RaptorSource>& sources,
         Date date, int max_trips, std::uint64_t seed = Raptor::kDefaultSeed,
         std::uint32_t draw = 0) {
    const auto& c = n.columns();
    const std::uint32_t n_stops = n.stop_count();
    // Walking rules, brute force. The deciding transfers.txt row of (s, t) is the first row of
    // the first of (s, t), (s, parent t), (parent s, t), (parent s, parent t) that has one.
    auto first_row = [&](StopId from, StopId to) {
      if (!from.valid() || !to.valid()) return -1;
      const auto [lo, hi] = n.transfers_from(from);
      for (std::uint32_t r = lo; r < hi; ++r) {
        if (c.transfer_to[r] == to) return static_cast<int>(r);
      }
      return -1;
    };
    std::vector<std::vector<std::pair<std::uint32_t, std::int32_t>>> foot(n_stops);
    std::vector<std::int32_t> self(n_stops, 0);
    for (std::uint32_t s = 0; s < n_stops; ++s) {
      for (std::uint32_t t = 0; t < n_stops; ++t) {
        const StopId si{s}, ti{t}, ps = c.stop_parent[si], pt = c.stop_parent[ti];
        int row = first_row(si, ti);
        if (row < 0) row = first_row(si, pt);
        if (row < 0) row = first_row(ps, ti);
        if (row < 0) row = first_row(ps, pt);
        const double d = net::haversine_m(c.stop_lon[StopId{s}], c.stop_lat[StopId{s}],
                                          c.stop_lon[StopId{t}], c.stop_lat[StopId{t}]);
        if (row >= 0) {
          const auto r = static_cast<std::uint32_t>(row);
          const bool possible = c.transfer_type[r] != net::TransferType::kNotPossible;
          const std::int32_t m = c.transfer_min_time_s[r];
          if (s == t) {
            self[s] = possible ? std::max(m, 0) : -1;
          } else if (possible) {
            foot[s].push_back({t, m >= 0 ? m : walk_time_s(d, walk.walk_speed_mps)});
          }
        } else if (s != t && walk.transfer_radius_m > 0 && d <= walk.transfer_radius_m) {
          foot[s].push_back({t, walk_time_s(d, walk.walk_speed_mps)});
        }
      }
    }
    // Events.
    std::vector<std::vector<std::pair<std::uint32_t, int>>> adj;  // (to, weight)
    auto node = [&]() {
      adj.emplace_back();
      return static_cast<std::uint32_t>(adj.size() - 1);
    };
    struct ChainEntry {
      std::int32_t time;
      int kind;  // 0 ready, 1 boarding
      std::uint32_t node;
    };
    std::vector<std::vector<ChainEntry>> chain(n_stops);
    struct Alight {
      std::uint32_t node, stop;
      std::int32_t time;
    };
    std::vector<Alight> alights;
    // Vehicles: every trip whose service runs on the date or up to 2 days before (times shifted
    // by -86400 per day), every vehicle of a frequency template materialised from the draw's
    // offsets (frequency_offset_s, the documented generator).
    std::vector<std::pair<net::TripId, std::int32_t>> vehicles;  // (trip, shift of its times)
    for (int d = 0; d <= 2; ++d) {
      const auto active = n.active_services(date.plus_days(-d));
      for (const net::TripId t : n.trips()) {
        if (!active[c.trip_service[t]]) continue;
        if (!n.frequency_based(c.trip_pattern[t])) {
          vehicles.push_back({t, -86400 * d});
          continue;
        }
        const std::int32_t dep0 = n.departures_s(t)[0];
        const auto [lo, hi] = n.frequencies_of(t);
        for (std::uint32_t f = lo; f < hi; ++f) {
          const std::int32_t h = c.frequency_headway_s[f];
          for (std::int32_t x = c.frequency_start_s[f] + frequency_offset_s(seed, draw, f, h);
               x < c.frequency_end_s[f]; x += h) {
            vehicles.push_back({t, x - dep0 - 86400 * d});
          }
        }
      }
    }
    for (const auto& [t, shift] : vehicles) {
      const auto stops = n.pattern_stops(c.trip_pattern[t]);
      const std::uint32_t first = c.trip_first_stop_time[t.value()];
      std::uint32_t prev_dep = 0;
      for (std::uint32_t i = 0; i < stops.size(); ++i) {
        const std::uint32_t a = node(), d = node();
        adj[a].push_back({d, 0});
        if (i > 0) adj[prev_dep].push_back({a, 0});
        prev_dep = d;
        const std::uint32_t s = stops[i].value();
        if (c.pickup_type[first + i] != 1) {
          const std::uint32_t b = node();
          adj[b].push_back({d, 1});
          chain[s].push_back({c.departure_s[first + i] + shift, 1, b});
        }
        if (c.drop_off_type[first + i] != 1) {
          alights.push_back({a, s, c.arrival_s[first + i] + shift});
        }
      }
    }
    for (const Alight& al : alights) {
      if (self[al.stop] >= 0) {
        const std::uint32_t r = node();
        adj[al.node].push_back({r, 0});
        chain[al.stop].push_back({al.time + self[al.stop], 0, r});
      }
      for (const auto& [to, w] : foot[al.stop]) {
        const std::uint32_t r = node();
        adj[al.node].push_back({r, 0});
        chain[to].push_back({al.time + w, 0, r});
      }
    }
    std::vector<std::uint32_t> starts;
    for (const RaptorSource& src : sources) {
      const std::uint32_t r = node();
      starts.push_back(r);
      chain[src.stop.value()].push_back({src.time_s, 0, r});
    }
    for (auto& ch : chain) {
      std::sort(ch.begin(), ch.end(), [](const ChainEntry& x, const ChainEntry& y) {
        return std::tie(x.time, x.kind, x.node) < std::tie(y.time, y.kind, y.node);
      });
      for (std::size_t j = 0; j + 1 < ch.size(); ++j)
        adj[ch[j].node].push_back({ch[j + 1].node, 0});
    }
    // 0-1 BFS.
    std::vector<int> dist(adj.size(), std::numeric_limits<int>::max());
    std::deque<std::uint32_t> dq;
    for (const std::uint32_t s : starts) {
      dist[s] = 0;
      dq.push_back(s);
    }
    while (!dq.empty()) {
      const std::uint32_t u = dq.front();
      dq.pop_front();
      for (const auto& [v, w] : adj[u]) {
        if (dist[u] + w < dist[v]) {
          dist[v] = dist[u] + w;
          if (w == 0) {
            dq.push_front(v);
          } else {
            dq.push_back(v);
          }
        }
      }
    }
    arrival.assign(static_cast<std::size_t>(max_trips) + 1,
                   std::vector<std::int32_t>(n_stops, kInf));
    auto offer = [&](int trips, std::uint32_t s, std::int32_t time) {
      if (trips > max_trips) return;
      auto& x = arrival[static_cast<std::size_t>(trips)][s];
      x = std::min(x, time);
    };
    for (const RaptorSource& src : sources) offer(0, src.stop.value(), src.time_s);
    for (const Alight& al : alights) {
      const int d = dist[al.node];
      if (d == std::numeric_limits<int>::max()) continue;
      offer(d, al.stop, al.time);
      for (const auto& [to, w] : foot[al.stop]) offer(d, to, al.time + w);
    }
    for (std::size_t k = 1; k < arrival.size(); ++k) {
      for (std::uint32_t s = 0; s < n_stops; ++s) {
        arrival[k][s] = std::min(arrival[k][s], arrival[k - 1][s]);
      }
    }
  }
};

// The legs of a journey are a consistent itinerary ending at the reported arrival.
// Trip legs are checked against the timetable: a scheduled trip's stop times (shifted by its
// service day), or one vehicle of a frequency template in the given draw.
void check_journey(const TransitNetwork& n, const Raptor& r, const std::vector<RaptorSource>& src,
                   StopId s, Date date, std::uint64_t seed = Raptor::kDefaultSeed,
                   std::uint32_t draw = 0) {
  const auto legs = r.journey_to(s);
  if (legs.empty()) {
    bool is_source = false;
    for (const RaptorSource& x : src) is_source |= x.stop == s && x.time_s == r.arrival_s(s);
    EXPECT_TRUE(is_source);
    return;
  }
  int trips = 0;
  std::int32_t ready = kUnreachable;
  for (const RaptorSource& x : src) {
    if (x.stop == legs[0].from) ready = std::min(ready, x.time_s);
  }
  ASSERT_NE(ready, kUnreachable) << "journey does not start at a source";
  StopId where = legs[0].from;
  for (const JourneyLeg& leg : legs) {
    ASSERT_EQ(leg.from, where);
    ASSERT_GE(leg.depart_s, ready);
    ASSERT_LE(leg.depart_s, leg.arrive_s);
    if (leg.kind == JourneyLeg::Kind::kTrip) {
      ++trips;
      const auto stops = n.pattern_stops(n.columns().trip_pattern[leg.trip]);
      const auto i = std::find(stops.begin(), stops.end(), leg.from) - stops.begin();
      const auto j = std::find(stops.begin(), stops.end(), leg.to) - stops.begin();
      ASSERT_LT(i, j);
      const auto& c = n.columns();
      ASSERT_EQ(leg.service_day_s % 86400, 0);
      EXPECT_TRUE(n.runs_on(c.trip_service[leg.trip], date.plus_days(leg.service_day_s / 86400)));
      const std::int32_t dep_i = n.departures_s(leg.trip)[static_cast<std::size_t>(i)];
      const std::int32_t arr_j = n.arrivals_s(leg.trip)[static_cast<std::size_t>(j)];
      if (!n.frequency_based(c.trip_pattern[leg.trip])) {
        EXPECT_EQ(dep_i + leg.service_day_s, leg.depart_s);
        EXPECT_EQ(arr_j + leg.service_day_s, leg.arrive_s);
      } else {
        // The vehicle's departure from the first stop, on its service day's clock.
        const std::int32_t dep0 = n.departures_s(leg.trip)[0];
        const std::int32_t t0 = leg.depart_s - leg.service_day_s - (dep_i - dep0);
        EXPECT_EQ(t0 + (arr_j - dep0) + leg.service_day_s, leg.arrive_s);
        bool runs = false;
        const auto [lo, hi] = n.frequencies_of(leg.trip);
        for (std::uint32_t f = lo; f < hi; ++f) {
          const std::int32_t h = c.frequency_headway_s[f];
          const std::int32_t x0 = c.frequency_start_s[f] + frequency_offset_s(seed, draw, f, h);
          runs |= t0 >= x0 && t0 < c.frequency_end_s[f] && (t0 - x0) % h == 0;
        }
        EXPECT_TRUE(runs) << "no vehicle of " << c.trip_id[leg.trip] << " leaves at " << t0;
      }
    }
    ready = leg.arrive_s;
    where = leg.to;
  }
  EXPECT_EQ(where, s);
  EXPECT_EQ(legs.back().arrive_s, r.arrival_s(s));
  EXPECT_LE(trips, r.rounds());
}

TEST(RaptorReference, MatchesTimeExpandedGraphOnRandomTimetables) {
  const test::TestSeed seed(kTestSeed);
  Random rng(seed.value());
  int compared = 0;
  // Building a network costs more than a few queries (the projection of the stops): 3,000
  // queries on 500 networks.
  for (int iter = 0; iter < 500; ++iter) {
    const RandomCase rc = random_case(rng);
    const TransitNetwork& n = rc.net;
    const Footpaths fp = Footpaths::build(n, rc.walk);
    Raptor raptor(n, fp);
    for (int q = 0; q < 6; ++q) {
      std::vector<RaptorSource> sources;
      const int n_src = rng.uniform(1, 2);
      for (int i = 0; i < n_src; ++i) {
        sources.push_back({StopId{static_cast<std::uint32_t>(
                               rng.uniform(0, static_cast<int>(n.stop_count()) - 1))},
                           hms(6, 55) + 30 * rng.uniform(0, 100)});
      }
      const Date date = rng.chance(80) ? kTuesday : kSaturday;
      const int max_transfers = rng.uniform(0, 4);
      const Oracle oracle(n, rc.walk, sources, date, 30);
      raptor.run(sources, date, max_transfers);
      for (const StopId s : n.stops()) {
        for (int k = 0; k <= raptor.rounds(); ++k) {
          ASSERT_EQ(raptor.arrival_s(s, k), oracle.arrival[static_cast<std::size_t>(k)][s.value()])
              << "iteration " << iter << " query " << q << " stop " << s << " trips " << k;
        }
        if (raptor.arrival_s(s) != kUnreachable) check_journey(n, raptor, sources, s, date);
        ++compared;
      }
      // Unlimited transfers (more rounds than boardings can help here).
      raptor.run(sources, date, 29);
      for (const StopId s : n.stops()) {
        ASSERT_EQ(raptor.arrival_s(s), oracle.arrival[30][s.value()])
            << "iteration " << iter << " query " << q << " stop " << s;
        if (raptor.arrival_s(s) != kUnreachable) check_journey(n, raptor, sources, s, date);
      }
    }
  }
  EXPECT_GT(compared, 10000);
}

TEST(RaptorReference, RangeEqualsOneQueryPerMinute) {
  const test::TestSeed seed(kTestSeed);
  Random rng(seed.value() + 1);
  for (int iter = 0; iter < 300; ++iter) {
    const RandomCase rc = random_case(rng);
    const TransitNetwork& n = rc.net;
    const Footpaths fp = Footpaths::build(n, rc.walk);
    Raptor range(n, fp), single(n, fp);
    std::vector<RaptorSource> sources;
    const int n_src = rng.uniform(1, 2);
    for (int i = 0; i < n_src; ++i) {
      sources.push_back(
          {StopId{static_cast<std::uint32_t>(rng.uniform(0, static_cast<int>(n.stop_count()) - 1))},
           30 * rng.uniform(0, 10)});
    }
    const int max_transfers = rng.uniform(0, 3);
    const std::int32_t first = hms(6, 50) + 30 * rng.uniform(0, 60);
    const std::int32_t minutes = rng.uniform(1, 60);
    range.run_range(sources, kTuesday, max_transfers, first, minutes);
    for (std::int32_t m = 0; m < minutes; ++m) {
      std::vector<RaptorSource> shifted = sources;
      for (RaptorSource& s : shifted) s.time_s += first + 60 * m;
      single.run(shifted, kTuesday, max_transfers);
      for (const StopId s : n.stops()) {
        const std::int32_t a = single.arrival_s(s);
        ASSERT_EQ(range.travel_time_s(s, m), a == kUnreachable ? kUnreachable : a - first - 60 * m)
            << "iteration " << iter << " minute " << m << " stop " << s;
      }
    }
    // The labels left are those of the earliest departure: their journeys are consistent.
    std::vector<RaptorSource> earliest = sources;
    for (RaptorSource& s : earliest) s.time_s += first;
    for (const StopId s : n.stops()) {
      if (range.arrival_s(s) != kUnreachable) check_journey(n, range, earliest, s, kTuesday);
    }
  }
}

const Date kMonday = ymd(2024, 1, 1);  // the day before has no service at all
const Date kSunday = ymd(2024, 1, 7);

Date random_date(Random& rng) {
  const Date dates[] = {kTuesday, kSaturday, kMonday, kSunday};
  return dates[rng.uniform(0, 3)];
}

// A source time for a case: mornings, or around midnight on either side for night cases.
std::int32_t random_time(Random& rng, const CaseOptions& opt) {
  if (!opt.night) return hms(6, 55) + 30 * rng.uniform(0, 100);
  return rng.chance(50) ? 30 * rng.uniform(0, 240) : hms(22, 25) + 30 * rng.uniform(0, 400);
}

CaseOptions random_options(Random& rng) {
  CaseOptions opt;
  opt.frequencies = rng.chance(70);
  opt.night = rng.chance(50);
  opt.parents = rng.chance(50);
  return opt;
}

TEST(RaptorReference, MatchesTimeExpandedGraphWithFrequenciesNightAndParents) {
  const test::TestSeed seed(kTestSeed);
  Random rng(seed.value() + 3);
  int compared = 0, frequency_legs = 0, previous_day_legs = 0;
  // 3,600 queries (each with two transfer limits) on 450 networks.
  for (int iter = 0; iter < 450; ++iter) {
    const CaseOptions opt = random_options(rng);
    const RandomCase rc = random_case(rng, opt);
    const TransitNetwork& n = rc.net;
    const Footpaths fp = Footpaths::build(n, rc.walk);
    Raptor raptor(n, fp);
    for (int q = 0; q < 8; ++q) {
      std::vector<RaptorSource> sources;
      const int n_src = rng.uniform(1, 2);
      for (int i = 0; i < n_src; ++i) {
        sources.push_back({StopId{static_cast<std::uint32_t>(
                               rng.uniform(0, static_cast<int>(n.stop_count()) - 1))},
                           random_time(rng, opt)});
      }
      const Date date = random_date(rng);
      const int max_transfers = rng.uniform(0, 4);
      const std::uint64_t draw_seed = rng.gen();
      const auto draw = static_cast<std::uint32_t>(rng.uniform(0, 3));
      const Oracle oracle(n, rc.walk, sources, date, 30, draw_seed, draw);
      for (const int mt : {max_transfers, 29}) {
        raptor.run(sources, date, mt, draw_seed, draw);
        for (const StopId s : n.stops()) {
          for (int k = 0; k <= raptor.rounds(); ++k) {
            ASSERT_EQ(raptor.arrival_s(s, k),
                      oracle.arrival[static_cast<std::size_t>(k)][s.value()])
                << "iteration " << iter << " query " << q << " stop " << s << " trips " << k;
          }
          if (raptor.arrival_s(s) == kUnreachable) continue;
          check_journey(n, raptor, sources, s, date, draw_seed, draw);
          for (const JourneyLeg& leg : raptor.journey_to(s)) {
            if (leg.kind != JourneyLeg::Kind::kTrip) continue;
            frequency_legs += n.frequency_based(n.columns().trip_pattern[leg.trip]);
            previous_day_legs += leg.service_day_s < 0;
          }
          ++compared;
        }
      }
    }
  }
  EXPECT_GT(compared, 10000);
  // The features are exercised.
  EXPECT_GT(frequency_legs, 500);
  EXPECT_GT(previous_day_legs, 500);
}

// Whether some frequency template runs for `date`: its service on date - d, d >= 1 only when
// one of its vehicles is still running at 24:00 * d.
bool frequency_runs(const TransitNetwork& n, Date date) {
  const auto& c = n.columns();
  for (const net::TripId t : n.trips()) {
    if (!n.frequency_based(c.trip_pattern[t])) continue;
    const auto [lo, hi] = n.frequencies_of(t);
    std::int64_t latest = 0;
    for (std::uint32_t f = lo; f < hi; ++f) {
      latest = std::max<std::int64_t>(
          latest, c.frequency_end_s[f] - 1 + n.arrivals_s(t).back() - n.departures_s(t)[0]);
    }
    for (int d = 0; d <= 2; ++d) {
      if (n.runs_on(c.trip_service[t], date.plus_days(-d)) && latest >= 86400 * d) return true;
    }
  }
  return false;
}

TEST(RaptorReference, RangeWithDrawsEqualsOneQueryPerSample) {
  const test::TestSeed seed(kTestSeed);
  Random rng(seed.value() + 4);
  int with_draws = 0;
  for (int iter = 0; iter < 200; ++iter) {
    const CaseOptions opt = random_options(rng);
    const RandomCase rc = random_case(rng, opt);
    const TransitNetwork& n = rc.net;
    const Footpaths fp = Footpaths::build(n, rc.walk);
    Raptor range(n, fp), single(n, fp);
    std::vector<RaptorSource> sources;
    const int n_src = rng.uniform(1, 2);
    for (int i = 0; i < n_src; ++i) {
      sources.push_back(
          {StopId{static_cast<std::uint32_t>(rng.uniform(0, static_cast<int>(n.stop_count()) - 1))},
           30 * rng.uniform(0, 10)});
    }
    const Date date = random_date(rng);
    const int max_transfers = rng.uniform(0, 3);
    const std::int32_t first = random_time(rng, opt) - 300;
    const std::int32_t minutes = rng.uniform(1, 30);
    const std::int32_t draws = rng.uniform(1, 4);
    const std::uint64_t draw_seed = rng.gen();
    range.run_range(sources, date, max_transfers, first, minutes, draws, draw_seed);
    const bool random = frequency_runs(n, date);
    ASSERT_EQ(range.minutes(), minutes);
    ASSERT_EQ(range.samples(), random ? minutes * draws : minutes) << "iteration " << iter;
    with_draws += random && draws > 1;
    for (std::int32_t i = 0; i < range.samples(); ++i) {
      const std::int32_t d = i / minutes, m = i % minutes;
      std::vector<RaptorSource> shifted = sources;
      for (RaptorSource& s : shifted) s.time_s += first + 60 * m;
      single.run(shifted, date, max_transfers, draw_seed, static_cast<std::uint32_t>(d));
      for (const StopId s : n.stops()) {
        const std::int32_t a = single.arrival_s(s);
        ASSERT_EQ(range.travel_time_s(s, i), a == kUnreachable ? kUnreachable : a - first - 60 * m)
            << "iteration " << iter << " draw " << d << " minute " << m << " stop " << s;
      }
    }
    // The labels left are those of draw 0 at the earliest departure.
    std::vector<RaptorSource> earliest = sources;
    for (RaptorSource& s : earliest) s.time_s += first;
    for (const StopId s : n.stops()) {
      if (range.arrival_s(s) != kUnreachable) {
        check_journey(n, range, earliest, s, date, draw_seed, 0);
      }
    }
  }
  EXPECT_GT(with_draws, 30);
}

// Two frequency lines in sequence (A -> B every 15 minutes, B -> C every 7 minutes) and a
// scheduled trip.
TransitNetwork two_frequency_lines() {
  TransitBuilder b = base();
  net::FrequencyLineSpec f1;
  f1.trip_id = "F1";
  f1.route_id = "R1";
  f1.service_id = "WK";
  f1.stop_ids = {"A", "B"};
  f1.running_times_s = {420};
  f1.periods = {{hms(7, 0), hms(8, 0), 900}, {hms(8, 0), hms(10, 0), 600}};
  b.add_frequency_line(f1);
  net::FrequencyLineSpec f2 = f1;
  f2.trip_id = "F2";
  f2.route_id = "R2";
  f2.stop_ids = {"B", "C", "D"};
  f2.running_times_s = {300, 300};
  f2.periods = {{hms(7, 0), hms(10, 0), 420}};
  b.add_frequency_line(f2);
  b.add_trip(trip("S", "R3", {at("A", hms(8, 0), hms(8, 0)), at("D", hms(8, 50), hms(8, 50))}));
  return b.build();
}

TEST(RaptorFrequency, SamplesDependOnlyOnTheSeed) {
  const TransitNetwork n = two_frequency_lines();
  const Footpaths fp = Footpaths::build(n, {});
  const RaptorSource src{stop(n, "A"), 0};
  auto samples_of = [&](Raptor& r, std::uint64_t seed) {
    r.run_range({&src, 1}, kTuesday, 4, hms(7, 30), 40, 20, seed);
    EXPECT_EQ(r.samples(), 800);
    std::vector<std::int32_t> all;
    for (std::int32_t i = 0; i < r.samples(); ++i) {
      const auto at_i = r.travel_times_s_at(i);
      all.insert(all.end(), at_i.begin(), at_i.end());
    }
    return all;
  };
  auto percentiles_at_d = [&](const Raptor& r) {
    std::vector<std::int32_t> d;
    for (std::int32_t i = 0; i < r.samples(); ++i) d.push_back(r.travel_time_s(stop(n, "D"), i));
    const std::vector<double> ps = {5, 25, 50, 75, 95};
    return travel_time_percentiles(d, ps);
  };
  Raptor r1(n, fp), r2(n, fp);
  const auto a = samples_of(r1, 7);
  const auto pa = percentiles_at_d(r1);
  r2.run(std::vector<RaptorSource>{{stop(n, "B"), hms(9, 0)}}, kTuesday, 2, 99);  // other state
  const auto b = samples_of(r2, 7);
  EXPECT_EQ(a, b);
  EXPECT_EQ(pa, percentiles_at_d(r2));
  const auto c = samples_of(r2, 8);
  EXPECT_NE(a, c);
  EXPECT_NE(pa, percentiles_at_d(r2));
  // One Raptor per thread, origins in parallel: the same samples for 1, 2 and 3 threads.
  const std::vector<std::string> origins = {"A", "B", "C", "A", "B"};
  auto parallel = [&](int threads) {
    std::vector<std::vector<std::int32_t>> out(origins.size());
#pragma omp parallel num_threads(threads)
    {
      Raptor r(n, fp);
#pragma omp for schedule(dynamic, 1)
      for (int o = 0; o < static_cast<int>(origins.size()); ++o) {
        const RaptorSource s{stop(n, origins[static_cast<std::size_t>(o)]), 0};
        r.run_range({&s, 1}, kTuesday, 4, hms(7, 30) + 300 * o, 30, 10, 11);
        for (std::int32_t i = 0; i < r.samples(); ++i) {
          const auto at_i = r.travel_times_s_at(i);
          out[static_cast<std::size_t>(o)].insert(out[static_cast<std::size_t>(o)].end(),
                                                  at_i.begin(), at_i.end());
        }
      }
    }
    return out;
  };
  const auto one = parallel(1);
  EXPECT_EQ(one, parallel(2));
  EXPECT_EQ(one, parallel(3));
}

// One line every 10 minutes: the wait at the first stop is uniform in [0, 600) s, mean 300 s.
TEST(RaptorFrequency, MeanWaitIsHalfTheHeadway) {
  TransitBuilder b = base();
  net::FrequencyLineSpec line;
  line.trip_id = "F";
  line.route_id = "R1";
  line.service_id = "WK";
  line.stop_ids = {"A", "B"};
  line.running_times_s = {480};
  line.periods = {{hms(6, 0), hms(12, 0), 600}};
  b.add_frequency_line(line);
  const TransitNetwork n = b.build();
  const Footpaths fp = Footpaths::build(n, {});
  Raptor r(n, fp);
  const RaptorSource src{stop(n, "A"), 0};
  const StopId bs = stop(n, "B");
  // One departure, 4000 draws: the mean of 4000 uniform waits has a standard deviation of
  // 600 / sqrt(12 * 4000) = 2.7 s; 30 s is 11 of them. Each tenth of [0, 600) gets 400 +- 19.
  r.run_range({&src, 1}, kTuesday, 2, hms(8, 0), 1, 4000, 2024);
  ASSERT_EQ(r.samples(), 4000);
  double sum = 0;
  std::vector<int> tenth(10, 0);
  for (std::int32_t i = 0; i < r.samples(); ++i) {
    const std::int32_t wait = r.travel_time_s(bs, i) - 480;
    ASSERT_GE(wait, 0);
    ASSERT_LT(wait, 600);
    sum += wait;
    ++tenth[static_cast<std::size_t>(wait / 60)];
  }
  EXPECT_NEAR(sum / r.samples(), 300.0, 30.0);
  for (const int count : tenth) {
    EXPECT_GT(count, 300);
    EXPECT_LT(count, 500);
  }
  // A window of 60 minutes and 200 draws: a draw's waits over the window average
  // 270 s + (offset mod 60), so the mean is 299.5 s with a standard deviation of 1.2 s.
  r.run_range({&src, 1}, kTuesday, 2, hms(8, 0), 60, 200, 2025);
  ASSERT_EQ(r.samples(), 12000);
  sum = 0;
  for (std::int32_t i = 0; i < r.samples(); ++i) sum += r.travel_time_s(bs, i) - 480;
  EXPECT_NEAR(sum / r.samples(), 300.0, 15.0);
}

TEST(RaptorFootpaths, SweepEqualsAllPairs) {
  const test::TestSeed seed(kTestSeed);
  Random rng(seed.value() + 2);
  for (int iter = 0; iter < 100; ++iter) {
    const RandomCase rc = random_case(rng);
    const Footpaths fp = Footpaths::build(rc.net, rc.walk);
    const auto& c = rc.net.columns();
    std::size_t expected = 0;
    for (const StopId s : rc.net.stops()) {
      for (const StopId t : rc.net.stops()) {
        if (s == t || rc.net.transfers_from(s).first != rc.net.transfers_from(s).second) continue;
        const double d =
            net::haversine_m(c.stop_lon[s], c.stop_lat[s], c.stop_lon[t], c.stop_lat[t]);
        if (rc.walk.transfer_radius_m > 0 && d <= rc.walk.transfer_radius_m) ++expected;
      }
    }
    std::size_t got = 0;
    for (const StopId s : rc.net.stops()) {
      if (rc.net.transfers_from(s).first == rc.net.transfers_from(s).second) {
        got += fp.targets(s).size();
      }
      EXPECT_TRUE(std::is_sorted(fp.targets(s).begin(), fp.targets(s).end()));
    }
    EXPECT_EQ(got, expected) << "iteration " << iter;
  }
}

}  // namespace
}  // namespace ouflow::sim
