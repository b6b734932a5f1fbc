// RAPTOR and range-RAPTOR: hand-checked examples on tiny inline networks, and a brute-force
// reference (a time-expanded graph searched by 0-1 BFS on the number of boardings) against
// RAPTOR on random timetables.
//
// Random inputs use a fixed seed; set OUFLOW_TEST_SEED to try others (failures print the seed).
#include "sim/raptor.h"

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

// ---------------------------------------------------------------------------------------------
// Brute-force reference.

std::uint64_t seed_from_env() {
  const char* env = std::getenv("OUFLOW_TEST_SEED");
  return env ? std::strtoull(env, nullptr, 10) : 20240102u;
}

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

RandomCase random_case(Random& rng) {
  TransitBuilder b;
  b.add_agency({"AG", "Agency", "http://a", "UTC"});
  const int n_stops = rng.uniform(3, 9);
  for (int s = 0; s < n_stops; ++s) {
    // Within about 700 m of each other.
    b.add_stop({"S" + std::to_string(s), "", rng.uniform(0, 6000) * 1e-6,
                rng.uniform(0, 6000) * 1e-6, "", LocationType::kStop});
  }
  b.add_service({"WK", 0x1f, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  b.add_service({"SAT", 0x20, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  const int n_routes = rng.uniform(1, 4);
  int trip_no = 0;
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
    const int n_trips = rng.uniform(1, 5);
    for (int t = 0; t < n_trips; ++t) {
      std::vector<StopTimeSpec> st;
      std::int32_t time = hms(7, 0) + 60 * rng.uniform(0, 60);
      for (int i = 0; i < len; ++i) {
        if (i > 0) time += 60 * rng.uniform(0, 8);
        const std::int32_t arr = time;
        time += 60 * rng.uniform(0, 1);
        StopTimeSpec s = at("S" + std::to_string(order[static_cast<std::size_t>(i)]), arr, time);
        if (rng.chance(8)) s.pickup_type = 1;
        if (rng.chance(8)) s.drop_off_type = 1;
        st.push_back(s);
      }
      b.add_trip(trip("T" + std::to_string(trip_no++), route, std::move(st),
                      rng.chance(85) ? "WK" : "SAT"));
    }
  }
  std::set<std::pair<int, int>> pairs;
  const int n_transfers = rng.uniform(0, 4);
  for (int i = 0; i < n_transfers; ++i) {
    const int from = rng.uniform(0, n_stops - 1), to = rng.uniform(0, n_stops - 1);
    if (!pairs.insert({from, to}).second) continue;
    const int kind = rng.uniform(0, 9);
    net::TransferSpec spec;
    spec.from_stop_id = "S" + std::to_string(from);
    spec.to_stop_id = "S" + std::to_string(to);
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
         Date date, int max_trips) {
    const auto& c = n.columns();
    const std::uint32_t n_stops = n.stop_count();
    // Walking rules, brute force.
    std::vector<std::vector<std::pair<std::uint32_t, std::int32_t>>> foot(n_stops);
    std::vector<std::int32_t> self(n_stops, 0);
    for (std::uint32_t s = 0; s < n_stops; ++s) {
      for (std::uint32_t t = 0; t < n_stops; ++t) {
        const auto [lo, hi] = n.transfers_from(StopId{s});
        int row = -1;
        for (std::uint32_t r = lo; r < hi; ++r) {
          if (c.transfer_to[r].value() == t) {
            row = static_cast<int>(r);
            break;
          }
        }
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
    const auto active = n.active_services(date);
    for (const net::TripId t : n.trips()) {
      if (n.frequency_based(c.trip_pattern[t]) || !active[c.trip_service[t]]) continue;
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
          chain[s].push_back({c.departure_s[first + i], 1, b});
        }
        if (c.drop_off_type[first + i] != 1) alights.push_back({a, s, c.arrival_s[first + i]});
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
void check_journey(const TransitNetwork& n, const Raptor& r, const std::vector<RaptorSource>& src,
                   StopId s) {
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
      EXPECT_EQ(n.departures_s(leg.trip)[static_cast<std::size_t>(i)], leg.depart_s);
      EXPECT_EQ(n.arrivals_s(leg.trip)[static_cast<std::size_t>(j)], leg.arrive_s);
    }
    ready = leg.arrive_s;
    where = leg.to;
  }
  EXPECT_EQ(where, s);
  EXPECT_EQ(legs.back().arrive_s, r.arrival_s(s));
  EXPECT_LE(trips, r.rounds());
}

TEST(RaptorReference, MatchesTimeExpandedGraphOnRandomTimetables) {
  const std::uint64_t seed = seed_from_env();
  SCOPED_TRACE("OUFLOW_TEST_SEED=" + std::to_string(seed));
  Random rng(seed);
  int compared = 0;
  for (int iter = 0; iter < 2000; ++iter) {
    const RandomCase rc = random_case(rng);
    const TransitNetwork& n = rc.net;
    const Footpaths fp = Footpaths::build(n, rc.walk);
    Raptor raptor(n, fp);
    for (int q = 0; q < 3; ++q) {
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
        if (raptor.arrival_s(s) != kUnreachable) check_journey(n, raptor, sources, s);
        ++compared;
      }
      // Unlimited transfers (more rounds than boardings can help here).
      raptor.run(sources, date, 29);
      for (const StopId s : n.stops()) {
        ASSERT_EQ(raptor.arrival_s(s), oracle.arrival[30][s.value()])
            << "iteration " << iter << " query " << q << " stop " << s;
        if (raptor.arrival_s(s) != kUnreachable) check_journey(n, raptor, sources, s);
      }
    }
  }
  EXPECT_GT(compared, 10000);
}

TEST(RaptorReference, RangeEqualsOneQueryPerMinute) {
  const std::uint64_t seed = seed_from_env() + 1;
  SCOPED_TRACE("OUFLOW_TEST_SEED=" + std::to_string(seed - 1));
  Random rng(seed);
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
      if (range.arrival_s(s) != kUnreachable) check_journey(n, range, earliest, s);
    }
  }
}

TEST(RaptorFootpaths, SweepEqualsAllPairs) {
  Random rng(seed_from_env() + 2);
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
