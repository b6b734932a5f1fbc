// The transit network and its builder: dates, services, pattern grouping, the FIFO split,
// frequency expansion, frequency lines, interpolation and validate().
#include "networks/transit_network.h"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <vector>

#include "networks/input_error.h"
#include "networks/transit_builder.h"

namespace ouflow::net {
namespace {

static_assert(!std::is_convertible_v<TripId, PatternId>);
static_assert(!std::is_convertible_v<ServiceId, RouteId>);

Date ymd(int y, int m, int d) { return *Date::from_ymd(y, m, d); }

StopTimeSpec at(const std::string& stop, std::int32_t arr, std::int32_t dep) {
  StopTimeSpec s;
  s.stop_id = stop;
  s.arrival_s = arr;
  s.departure_s = dep;
  return s;
}

std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }

// Three stops on the equator, a route and a weekday service.
TransitBuilder line_abc() {
  TransitBuilder b;
  b.add_agency({"A", "Agency", "http://a", "UTC"});
  b.add_stop({"A", "a", 0.0, 0.0, "", LocationType::kStop});
  b.add_stop({"B", "b", 0.01, 0.0, "", LocationType::kStop});
  b.add_stop({"C", "c", 0.03, 0.0, "", LocationType::kStop});
  b.add_route({"R", "", "1", "One", 3});
  b.add_service({"WK", 0x1f, ymd(2024, 1, 1), ymd(2024, 12, 31)});
  return b;
}

TripSpec trip(const std::string& id, std::vector<StopTimeSpec> st, const std::string& route = "R") {
  TripSpec t;
  t.id = id;
  t.route_id = route;
  t.service_id = "WK";
  t.stop_times = std::move(st);
  return t;
}

TEST(Date, ConvertsAndKnowsWeekdays) {
  EXPECT_EQ(ymd(1970, 1, 1).days_since_epoch(), 0);
  EXPECT_EQ(ymd(2024, 3, 1).yyyymmdd(), 20240301);
  EXPECT_EQ(Date::from_yyyymmdd(20240229)->yyyymmdd(), 20240229);
  EXPECT_FALSE(Date::from_yyyymmdd(20230229));
  EXPECT_FALSE(Date::from_yyyymmdd(20241301));
  EXPECT_EQ(ymd(2024, 1, 1).weekday(), 0);  // a Monday
  EXPECT_EQ(ymd(2024, 1, 7).weekday(), 6);  // a Sunday
  EXPECT_EQ(ymd(1969, 12, 31).weekday(), 2);
  EXPECT_EQ(ymd(2024, 2, 28).plus_days(2), ymd(2024, 3, 1));
}

TEST(Transit, RouteTypesIncludeExtendedOnes) {
  EXPECT_TRUE(is_valid_route_type(3));
  EXPECT_TRUE(is_valid_route_type(12));
  EXPECT_TRUE(is_valid_route_type(401));
  EXPECT_TRUE(is_valid_route_type(1700));
  EXPECT_FALSE(is_valid_route_type(8));
  EXPECT_FALSE(is_valid_route_type(-1));
  EXPECT_FALSE(is_valid_route_type(1800));
  EXPECT_EQ(basic_route_type(401), 1);
  EXPECT_EQ(basic_route_type(700), 3);
  EXPECT_EQ(basic_route_type(109), 2);
  EXPECT_EQ(basic_route_type(900), 0);
  EXPECT_EQ(format_gtfs_time(hms(25, 10, 5)), "25:10:05");
}

TEST(Transit, ServicesResolveCalendarAndExceptions) {
  TransitBuilder b = line_abc();
  b.add_exception("WK", ymd(2024, 1, 1), ExceptionType::kRemoved);  // a Monday holiday
  b.add_exception("WK", ymd(2024, 1, 6), ExceptionType::kAdded);    // a Saturday
  b.add_exception("ONLY", ymd(2024, 2, 3), ExceptionType::kAdded);  // dates-only service
  b.add_trip(trip("T", {at("A", 100, 100), at("B", 200, 200)}));
  const TransitNetwork n = b.build();
  const ServiceId wk = *n.find_service("WK"), only = *n.find_service("ONLY");
  EXPECT_FALSE(n.runs_on(wk, ymd(2024, 1, 1)));
  EXPECT_TRUE(n.runs_on(wk, ymd(2024, 1, 2)));
  EXPECT_TRUE(n.runs_on(wk, ymd(2024, 1, 6)));
  EXPECT_FALSE(n.runs_on(wk, ymd(2024, 1, 7)));
  EXPECT_FALSE(n.runs_on(wk, ymd(2025, 1, 2)));  // after end_date
  EXPECT_TRUE(n.runs_on(only, ymd(2024, 2, 3)));
  EXPECT_FALSE(n.runs_on(only, ymd(2024, 2, 4)));
  EXPECT_EQ(n.services_on(ymd(2024, 2, 3)), std::vector<ServiceId>{only});
  EXPECT_EQ(n.active_services(ymd(2024, 1, 2))[wk], 1);
  EXPECT_EQ(n.active_services(ymd(2024, 1, 2))[only], 0);
}

TEST(Transit, PatternsGroupBySequenceAndRouteAndSortByDeparture) {
  TransitBuilder b = line_abc();
  b.add_route({"R2", "A", "2", "Two", 700});
  b.add_trip(trip("late", {at("A", hms(9, 0), hms(9, 0)), at("C", hms(9, 20), hms(9, 20))}));
  b.add_trip(trip("early", {at("A", hms(8, 0), hms(8, 0)), at("C", hms(8, 20), hms(8, 20))}));
  b.add_trip(trip("via_b", {at("A", hms(8, 5), hms(8, 5)), at("B", hms(8, 10), hms(8, 11)),
                            at("C", hms(8, 30), hms(8, 30))}));
  b.add_trip(
      trip("other_route", {at("A", hms(7, 0), hms(7, 0)), at("C", hms(7, 20), hms(7, 20))}, "R2"));
  const TransitNetwork n = b.build();
  EXPECT_EQ(n.pattern_count(), 3u);
  EXPECT_EQ(b.overtaking_splits(), 0u);
  const PatternId p0{0};
  ASSERT_EQ(n.pattern_trips(p0).size(), 2u);
  EXPECT_EQ(n.columns().trip_id[*n.pattern_trips(p0).begin()], "early");
  EXPECT_EQ(n.columns().trip_id[TripId{1}], "late");
  EXPECT_EQ(n.pattern_stops(p0).size(), 2u);
  const TripId via_b = *n.find_trip("via_b");
  EXPECT_EQ(n.pattern_stops(n.columns().trip_pattern[via_b]).size(), 3u);
  EXPECT_EQ(n.departures_s(via_b)[1], hms(8, 11));
  EXPECT_EQ(n.arrivals_s(via_b)[1], hms(8, 10));
  // Stop B is served by one pattern, A and C by all three.
  EXPECT_EQ(n.patterns_at(*n.find_stop("B")).size(), 1u);
  EXPECT_EQ(n.patterns_at(*n.find_stop("A")).size(), 3u);
  EXPECT_NO_THROW(n.validate());
}

TEST(Transit, OvertakingTripsAreSplitIntoFifoPatterns) {
  TransitBuilder b = line_abc();
  // X is slow; Y leaves after X but overtakes it (arrives at C first); Z follows X.
  b.add_trip(trip("X", {at("A", hms(8, 0), hms(8, 0)), at("B", hms(8, 10), hms(8, 10)),
                        at("C", hms(8, 30), hms(8, 30))}));
  b.add_trip(trip("Y", {at("A", hms(8, 5), hms(8, 5)), at("B", hms(8, 9), hms(8, 9)),
                        at("C", hms(8, 20), hms(8, 20))}));
  b.add_trip(trip("Z", {at("A", hms(8, 10), hms(8, 10)), at("B", hms(8, 20), hms(8, 20)),
                        at("C", hms(8, 40), hms(8, 40))}));
  const TransitNetwork n = b.build();
  EXPECT_EQ(b.overtaking_splits(), 1u);
  ASSERT_EQ(n.pattern_count(), 2u);
  const auto& id = n.columns().trip_id;
  ASSERT_EQ(n.pattern_trips(PatternId{0}).size(), 2u);
  EXPECT_EQ(id[TripId{0}], "X");
  EXPECT_EQ(id[TripId{1}], "Z");
  ASSERT_EQ(n.pattern_trips(PatternId{1}).size(), 1u);
  EXPECT_EQ(id[TripId{2}], "Y");
  EXPECT_EQ(n.columns().pattern_route[PatternId{0}], n.columns().pattern_route[PatternId{1}]);
  EXPECT_NO_THROW(n.validate());
}

TEST(Transit, ExactTimesFrequenciesExpandAndInexactOnesStay) {
  TransitBuilder b = line_abc();
  b.add_trip(trip("E", {at("A", hms(8, 0), hms(8, 0)), at("C", hms(8, 10), hms(8, 10))}));
  b.add_trip(trip("H", {at("C", hms(5, 0), hms(5, 0)), at("A", hms(5, 12), hms(5, 12))}));
  b.add_frequency({"E", hms(6, 0), hms(7, 0), 600, true});  // 6:00 ... 6:50: 6 trips
  b.add_frequency({"H", hms(6, 0), hms(9, 0), 900, false});
  b.add_frequency({"H", hms(5, 0), hms(6, 0), 1800, false});
  const TransitNetwork n = b.build();
  EXPECT_EQ(b.expanded_trip_count(), 6u);
  EXPECT_EQ(n.trip_count(), 7u);  // 6 expanded + the template H; E itself is gone
  EXPECT_FALSE(n.find_trip("E"));
  const TripId first = *n.find_trip("E@06:00:00");
  EXPECT_EQ(n.departures_s(first)[0], hms(6, 0));
  EXPECT_EQ(n.arrivals_s(first)[1], hms(6, 10));
  EXPECT_TRUE(n.find_trip("E@06:50:00"));
  EXPECT_FALSE(n.find_trip("E@07:00:00"));  // end_time is exclusive
  EXPECT_FALSE(n.frequency_based(n.columns().trip_pattern[first]));
  const TripId h = *n.find_trip("H");
  EXPECT_TRUE(n.frequency_based(n.columns().trip_pattern[h]));
  const auto [lo, hi] = n.frequencies_of(h);
  ASSERT_EQ(hi - lo, 2u);
  EXPECT_EQ(n.columns().frequency_start_s[lo], hms(5, 0));  // sorted by start
  EXPECT_EQ(n.columns().frequency_headway_s[lo + 1], 900);
  EXPECT_EQ(n.frequencies_of(first).first, n.frequencies_of(first).second);
}

TEST(Transit, FrequencyLineIsATemplateTripWithOneRowPerPeriod) {
  TransitBuilder b = line_abc();
  FrequencyLineSpec line;
  line.trip_id = "M1";
  line.route_id = "R";
  line.service_id = "WK";
  line.stop_ids = {"A", "B", "C"};
  line.running_times_s = {120, 180};
  line.dwell_times_s = {0, 30, 0};
  line.periods = {{hms(6, 0), hms(9, 0), 300}, {hms(9, 0), hms(20, 0), 600}};
  const TripId id = b.add_frequency_line(line);
  EXPECT_EQ(id.value(), 0u);
  const TransitNetwork n = b.build();
  const TripId m1 = *n.find_trip("M1");
  EXPECT_TRUE(n.frequency_based(n.columns().trip_pattern[m1]));
  EXPECT_EQ(std::vector<std::int32_t>(n.arrivals_s(m1).begin(), n.arrivals_s(m1).end()),
            (std::vector<std::int32_t>{hms(6, 0), hms(6, 2), hms(6, 5, 30)}));
  EXPECT_EQ(n.departures_s(m1)[1], hms(6, 2, 30));
  EXPECT_EQ(n.frequency_count(), 2u);
  EXPECT_EQ(n.columns().frequency_headway_s[1], 600);

  TransitBuilder bad = line_abc();
  line.running_times_s = {120};
  EXPECT_THROW(bad.add_frequency_line(line), BuildError);
  line.running_times_s = {120, 0};
  EXPECT_THROW(bad.add_frequency_line(line), BuildError);
}

TEST(Transit, BlankTimesAreInterpolatedByStraightLineDistance) {
  TransitBuilder b = line_abc();  // A at lon 0, B at 0.01, C at 0.03 on the equator
  b.add_stop({"D", "d", 0.04, 0.0, "", LocationType::kStop});
  // A 8:00 ... D 8:08: distances A-B 1, B-C 2, C-D 1 (units of 0.01 degree), 480 s for 4 units.
  b.add_trip(trip("T", {at("A", hms(8, 0), hms(8, 0)), at("B", kNoTime, kNoTime),
                        at("C", kNoTime, kNoTime), at("D", hms(8, 8), hms(8, 8))}));
  const TransitNetwork n = b.build();
  const TripId t = *n.find_trip("T");
  EXPECT_EQ(n.arrivals_s(t)[1], hms(8, 2));
  EXPECT_EQ(n.departures_s(t)[1], hms(8, 2));
  EXPECT_EQ(n.arrivals_s(t)[2], hms(8, 6));
}

TEST(Transit, TripErrorsNameTheStopTime) {
  TransitBuilder b = line_abc();
  try {
    b.add_trip(trip("T", {at("A", 100, 100), at("B", 50, 60)}));
    FAIL() << "no error";
  } catch (const StopTimeError& e) {
    EXPECT_EQ(e.index(), 1u);
    EXPECT_EQ(e.field(), "arrival_time");
  }
  try {
    b.add_trip(trip("T", {at("A", 100, 100), at("B", kNoTime, kNoTime)}));
    FAIL() << "no error";
  } catch (const StopTimeError& e) {
    EXPECT_EQ(e.index(), 1u);
  }
  EXPECT_THROW(b.add_trip(trip("T", {at("A", 1, 1), at("nowhere", 2, 2)})), StopTimeError);
  EXPECT_THROW(b.add_trip(trip("T", {at("A", 1, 1)})), BuildError);
  EXPECT_THROW(b.add_frequency({"missing", 0, 100, 10, false}), BuildError);
}

TEST(Transit, TransfersAndParentsAreIndexed) {
  TransitBuilder b = line_abc();
  b.add_stop({"S", "station", 0.02, 0.0, "", LocationType::kStation});
  b.add_stop({"P", "platform", 0.02, 0.0001, "S", LocationType::kStop});
  b.add_trip(trip("T", {at("A", 1, 1), at("P", 2, 2)}));
  b.add_transfer({"P", "C", TransferType::kMinimumTime, 180});
  b.add_transfer({"A", "A", TransferType::kTimed, -1});
  b.add_transfer({"P", "A", TransferType::kNotPossible, -1});
  const TransitNetwork n = b.build();
  const StopId p = *n.find_stop("P");
  EXPECT_EQ(n.columns().stop_parent[p], *n.find_stop("S"));
  EXPECT_EQ(n.columns().stop_location_type[*n.find_stop("S")], LocationType::kStation);
  const auto [lo, hi] = n.transfers_from(p);
  ASSERT_EQ(hi - lo, 2u);
  EXPECT_EQ(n.columns().transfer_to[lo], *n.find_stop("A"));  // sorted by to_stop
  EXPECT_EQ(n.columns().transfer_min_time_s[lo + 1], 180);
  EXPECT_EQ(n.transfer_count(), 3u);
  EXPECT_EQ(n.columns().projection, "EPSG:32631");
  EXPECT_NEAR(n.columns().stop_x[*n.find_stop("A")], 166021.0, 5.0);
}

TEST(Transit, ValidateCatchesBrokenColumns) {
  TransitBuilder b = line_abc();
  b.add_trip(trip("T", {at("A", 100, 100), at("B", 200, 200)}));
  b.add_trip(trip("U", {at("A", 150, 150), at("B", 250, 250)}));
  const TransitNetwork n = b.build();
  EXPECT_EQ(TransitNetwork::from_columns(n.columns()), n);

  TransitColumns overtaking = n.columns();
  overtaking.arrival_s[3] = 190;  // U now arrives at B before T
  overtaking.departure_s[3] = 190;
  EXPECT_THROW(TransitNetwork::from_columns(overtaking), InvariantError);

  TransitColumns bad_stop = n.columns();
  bad_stop.pattern_stop[1] = StopId{99};
  EXPECT_THROW(TransitNetwork::from_columns(bad_stop), InvariantError);

  TransitColumns short_offsets = n.columns();
  short_offsets.trip_first_stop_time.pop_back();
  EXPECT_THROW(TransitNetwork::from_columns(short_offsets), InvariantError);

  TransitColumns dup = n.columns();
  dup.trip_id[TripId{1}] = "T";
  EXPECT_THROW(TransitNetwork::from_columns(dup), InvariantError);
}

}  // namespace
}  // namespace ouflow::net
