// The GTFS reader on small feeds written inline, on bad inputs (each error names file, line and
// field) and on the Google sample feed (tests/data/gtfs, Apache-2.0).
#include "networks/io/gtfs.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "networks/input_error.h"
#include "networks/io/network_pb.h"
#include "networks/model.h"
#include "networks/network_builder.h"
#include "networks/transit_builder.h"
#include "tests/common/temp_dir.h"

namespace ouflow::io {
namespace {

using net::Date;
using net::TripId;

std::int32_t hms(int h, int m, int s = 0) { return h * 3600 + m * 60 + s; }
Date ymd(int y, int m, int d) { return *Date::from_ymd(y, m, d); }

// A small valid feed; tests replace single files. Stops lie on the equator so that straight-line
// distances are proportional to longitude differences: S1-S2 1, S2-S3 1, S3-S4 2 units.
std::map<std::string, std::string> base_feed() {
  return {
      {"agency.txt",
       "agency_id,agency_name,agency_url,agency_timezone\nA,Agency,http://a.example,UTC\n"},
      {"stops.txt",
       "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\n"
       "S1,One,0,0,,\n"
       "S2,Two,0,0.01,,\n"
       "S3,Three,0,0.02,0,ST\n"
       "S4,Four,0,0.04,,\n"
       "ST,Station,0,0.02,1,\n"},
      {"routes.txt",
       "route_id,agency_id,route_short_name,route_long_name,route_type\n"
       "R1,A,1,Line 1,3\n"
       "R2,A,M,Metro,401\n"},
      {"calendar.txt",
       "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
       "WK,1,1,1,1,1,0,0,20240101,20241231\n"},
      {"calendar_dates.txt",
       "service_id,date,exception_type\n"
       "WK,20240101,2\n"
       "WK,20240106,1\n"
       "SAT,20240113,1\n"},
      {"trips.txt",
       "route_id,service_id,trip_id,trip_headsign\n"
       "R1,WK,T1,East\n"
       "R2,SAT,T2,Night\n"},
      {"stop_times.txt",
       "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
       "T1,08:00:00,08:00:00,S1,1\n"
       "T1,,,S2,2\n"
       "T1,,,S3,3\n"
       "T1,08:08:00,08:08:00,S4,4\n"
       "T2,24:50:00,24:50:00,S1,10\n"
       "T2,25:00:00,25:01:00,S4,20\n"},
  };
}

class GtfsTest : public ::testing::Test {
 protected:
  net::TransitNetwork read(const std::map<std::string, std::string>& files) {
    for (const auto& [name, text] : files) dir_.write(name, text);
    report_ = GtfsReport{};
    return read_gtfs(dir_.path(), report_);
  }
  // The message of the InputError reading `files` throws.
  std::string error(const std::map<std::string, std::string>& files) {
    try {
      read(files);
    } catch (const InputError& e) {
      return e.what();
    }
    ADD_FAILURE() << "no InputError";
    return "";
  }
  std::map<std::string, std::string> with(const std::string& name, const std::string& text) {
    auto files = base_feed();
    files[name] = text;
    return files;
  }
  bool warned(const std::string& file, std::size_t line, const std::string& what) const {
    for (const Diagnostic& d : report_.warnings) {
      const std::string s = d.to_string();
      if (s.find(file + ":" + std::to_string(line) + ":") != std::string::npos &&
          s.find(what) != std::string::npos) {
        return true;
      }
    }
    return false;
  }

  test::TempDir dir_;
  GtfsReport report_;
};

TEST_F(GtfsTest, ReadsASmallFeed) {
  const net::TransitNetwork n = read(base_feed());
  EXPECT_EQ(n.stop_count(), 5u);
  EXPECT_EQ(n.route_count(), 2u);
  EXPECT_EQ(n.trip_count(), 2u);
  EXPECT_EQ(n.stop_time_count(), 6u);
  EXPECT_EQ(n.agency_count(), 1u);
  EXPECT_EQ(n.columns().route_type[*n.find_route("R2")], 401);
  EXPECT_EQ(n.columns().stop_parent[*n.find_stop("S3")], *n.find_stop("ST"));
  EXPECT_FALSE(n.columns().stop_parent[*n.find_stop("S1")].valid());
  EXPECT_EQ(n.columns().stop_location_type[*n.find_stop("ST")], net::LocationType::kStation);
  EXPECT_EQ(report_.stop_time_rows, 6u);
  ASSERT_EQ(report_.warnings.size(), 1u);  // only the interpolation note
  EXPECT_TRUE(warned("stop_times.txt", 3, "2 stop times without times, interpolated"));
  EXPECT_NO_THROW(n.validate());
}

TEST_F(GtfsTest, InterpolatesBlankIntermediateTimesByDistance) {
  const net::TransitNetwork n = read(base_feed());
  const TripId t1 = *n.find_trip("T1");
  // 480 s over 4 distance units: S2 after 1 unit (08:02:00), S3 after 2 units (08:04:00).
  EXPECT_EQ(n.arrivals_s(t1)[1], hms(8, 2));
  EXPECT_EQ(n.departures_s(t1)[1], hms(8, 2));
  EXPECT_EQ(n.arrivals_s(t1)[2], hms(8, 4));
  EXPECT_EQ(report_.interpolated_stop_times, 2u);
  EXPECT_TRUE(warned("stop_times.txt", 3, "interpolated"));
}

TEST_F(GtfsTest, InterpolatesByShapeDistTraveledWhenGiven) {
  const net::TransitNetwork n =
      read(with("stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence,shape_dist_traveled\n"
                "T1,10:00:00,10:00:00,S1,1,0\n"
                "T1,,,S2,2,100\n"
                "T1,,,S3,3,400\n"
                "T1,10:10:00,10:10:00,S4,4,1000\n"
                "T2,24:50:00,24:50:00,S1,1,0\n"
                "T2,25:00:00,25:01:00,S4,2,1000\n"));
  const TripId t1 = *n.find_trip("T1");
  // 600 s over 1000: S2 at 100 -> 60 s, S3 at 400 -> 240 s.
  EXPECT_EQ(n.arrivals_s(t1)[1], hms(10, 1));
  EXPECT_EQ(n.arrivals_s(t1)[2], hms(10, 4));
}

TEST_F(GtfsTest, TimesPastMidnightAndStopSequenceGaps) {
  const net::TransitNetwork n = read(base_feed());
  const TripId t2 = *n.find_trip("T2");
  EXPECT_EQ(n.departures_s(t2)[0], hms(24, 50));
  EXPECT_EQ(n.arrivals_s(t2)[1], hms(25, 0));
  EXPECT_EQ(n.departures_s(t2)[1], hms(25, 1));
}

TEST_F(GtfsTest, CalendarAndCalendarDates) {
  const net::TransitNetwork n = read(base_feed());
  const auto wk = *n.find_service("WK");
  const auto sat = *n.find_service("SAT");
  EXPECT_FALSE(n.runs_on(wk, ymd(2024, 1, 1)));  // Monday, removed
  EXPECT_TRUE(n.runs_on(wk, ymd(2024, 1, 2)));
  EXPECT_TRUE(n.runs_on(wk, ymd(2024, 1, 6)));    // Saturday, added
  EXPECT_FALSE(n.runs_on(wk, ymd(2024, 1, 13)));  // Saturday
  EXPECT_TRUE(n.runs_on(sat, ymd(2024, 1, 13)));  // only through calendar_dates
  EXPECT_FALSE(n.runs_on(sat, ymd(2024, 1, 20)));
  EXPECT_EQ(n.services_on(ymd(2024, 1, 13)), std::vector<net::ServiceId>{sat});
}

TEST_F(GtfsTest, QuotesBomCrlfUnknownColumnsAndShortRecords) {
  auto files = base_feed();
  files["stops.txt"] =
      "\xEF\xBB\xBFstop_id,stop_name,stop_lat,stop_lon,my_column\r\n"
      "S1,\"One, the first\",0,0,x\r\n"
      "S2,\"Two \"\"quoted\"\"\nand a new line\",0,0.01,y\r\n"
      "S3,Three,0,0.02,z\r\n"
      "S4,Four,0,0.04,w\r\n";
  files["stop_times.txt"] =
      "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type,drop_off_type\r\n"
      "T1,8:00:00,8:00:00,S1,1\r\n"
      "T1,08:05:00,08:05:00,S4,2,,\r\n"
      "T2,24:50:00,24:50:00,S1,1,0,1\r\n"
      "T2,25:00:00,25:01:00,S2,2,1,0\r\n";
  const net::TransitNetwork n = read(files);
  EXPECT_EQ(n.columns().stop_name[*n.find_stop("S1")], "One, the first");
  EXPECT_EQ(n.columns().stop_name[*n.find_stop("S2")], "Two \"quoted\"\nand a new line");
  EXPECT_EQ(n.departures_s(*n.find_trip("T1"))[0], hms(8, 0));
  EXPECT_TRUE(warned("stops.txt", 1, "field 'my_column': unknown column"));
  EXPECT_TRUE(warned("stop_times.txt", 2, "fewer fields than the header"));
  EXPECT_TRUE(warned("stops.txt", 5, "1 stops are served by no trip (first: 'S3')"));
  const TripId t2 = *n.find_trip("T2");
  const std::uint32_t first = n.columns().trip_first_stop_time[t2.value()];
  EXPECT_EQ(n.columns().drop_off_type[first], 1);
  EXPECT_EQ(n.columns().pickup_type[first + 1], 1);
}

// route_color is kept (a leading '#' dropped, as feeds sometimes write it); a colour that is not
// six hex digits is a warning naming file, line and field, and the route keeps none; the colours
// survive the protobuf round trip and a scenario's copy of the network.
TEST_F(GtfsTest, RouteColoursAreKeptAndBadOnesWarned) {
  auto files = base_feed();
  files["routes.txt"] =
      "route_id,agency_id,route_short_name,route_long_name,route_type,route_color\n"
      "R1,A,1,Line 1,3,1F77B4\n"
      "R2,A,M,Metro,401,#e377c2\n"
      "R3,A,X,Express,3,blue\n";
  const net::TransitNetwork n = read(files);
  EXPECT_EQ(n.columns().route_color[*n.find_route("R1")], "1F77B4");
  EXPECT_EQ(n.columns().route_color[*n.find_route("R2")], "e377c2");
  EXPECT_EQ(n.columns().route_color[*n.find_route("R3")], "");
  EXPECT_TRUE(warned("routes.txt", 4, "field 'route_color'"));
  EXPECT_NO_THROW(n.validate());
  net::Model model;
  model.transit = n;
  const auto path = dir_.path() / "c.pb";
  write_network_pb(path, model, PbEncoding::kBinary);
  const net::Model back = read_network_pb(path, PbEncoding::kBinary);
  ASSERT_TRUE(back.transit.has_value());
  EXPECT_EQ(back.transit->columns().route_color[*back.transit->find_route("R1")], "1F77B4");
  EXPECT_TRUE(*back.transit == n);
  // The builder refuses a bad colour outright (readers warn first and drop it).
  net::TransitBuilder b;
  net::RouteSpec bad;
  bad.id = "B";
  bad.color = "12345";
  EXPECT_THROW(b.add_route(bad), net::BuildError);
}

TEST_F(GtfsTest, FrequenciesExactAndHeadwayBased) {
  auto files = base_feed();
  files["trips.txt"] = "route_id,service_id,trip_id\nR1,WK,T1\nR2,SAT,T2\nR1,WK,F0\nR1,WK,F1\n";
  files["stop_times.txt"] +=
      "F0,06:00:00,06:00:00,S1,1\nF0,06:10:00,06:10:00,S4,2\n"
      "F1,05:00:00,05:00:00,S4,1\nF1,05:07:00,05:07:00,S1,2\n";
  files["frequencies.txt"] =
      "trip_id,start_time,end_time,headway_secs,exact_times\n"
      "F0,06:00:00,08:00:00,1200,0\n"
      "F0,08:00:00,09:00:00,600,\n"
      "F1,07:00:00,08:00:00,900,1\n"
      "F1,23:30:00,24:30:00,1800,1\n";
  const net::TransitNetwork n = read(files);
  // F1: 07:00, 07:15, 07:30, 07:45 and 23:30, 24:00 -> 6 scheduled trips; F0 stays a template.
  EXPECT_EQ(report_.expanded_trips, 6u);
  EXPECT_EQ(n.trip_count(), 2u + 1u + 6u);
  EXPECT_EQ(n.frequency_count(), 2u);
  const TripId late = *n.find_trip("F1@24:00:00");
  EXPECT_EQ(n.arrivals_s(late)[1], hms(24, 7));
  const TripId f0 = *n.find_trip("F0");
  EXPECT_TRUE(n.frequency_based(n.columns().trip_pattern[f0]));
  EXPECT_EQ(n.frequencies_of(f0).second - n.frequencies_of(f0).first, 2u);
}

TEST_F(GtfsTest, Transfers) {
  auto files = base_feed();
  files["transfers.txt"] =
      "from_stop_id,to_stop_id,transfer_type,min_transfer_time,from_trip_id\n"
      "S3,S2,2,180,\n"
      "S3,S1,0,,\n"
      "S1,S1,1,,\n"
      "S2,S3,1,,T1\n";
  const net::TransitNetwork n = read(files);
  EXPECT_EQ(n.transfer_count(), 3u);
  const auto [lo, hi] = n.transfers_from(*n.find_stop("S3"));
  ASSERT_EQ(hi - lo, 2u);
  EXPECT_EQ(n.columns().transfer_to[lo], *n.find_stop("S1"));
  EXPECT_EQ(n.columns().transfer_min_time_s[lo], -1);
  EXPECT_EQ(n.columns().transfer_min_time_s[lo + 1], 180);
  EXPECT_EQ(n.columns().transfer_type[lo + 1], net::TransferType::kMinimumTime);
  EXPECT_TRUE(warned("transfers.txt", 5, "not supported"));
}

TEST_F(GtfsTest, PatternsGroupAndSplitOvertakingTrips) {
  auto files = base_feed();
  files["trips.txt"] = "route_id,service_id,trip_id\nR1,WK,T1\nR2,SAT,T2\nR1,WK,X\nR1,WK,Y\n";
  files["stop_times.txt"] +=
      "X,09:00:00,09:00:00,S1,1\nX,09:30:00,09:30:00,S4,2\n"
      "Y,09:05:00,09:05:00,S1,1\nY,09:20:00,09:20:00,S4,2\n";
  const net::TransitNetwork n = read(files);
  // T1 (S1-S2-S3-S4), T2 (route R2), X and Y share S1-S4 on R1 but Y overtakes X.
  EXPECT_EQ(n.pattern_count(), 4u);
  EXPECT_EQ(report_.overtaking_splits, 1u);
  EXPECT_NE(n.columns().trip_pattern[*n.find_trip("X")],
            n.columns().trip_pattern[*n.find_trip("Y")]);
}

struct BadCase {
  const char* name;
  const char* file;
  const char* text;
  const char* expected;  // in the message: "file:line: field 'f'"
};

class GtfsBadInput : public GtfsTest, public ::testing::WithParamInterface<BadCase> {};

TEST_P(GtfsBadInput, NamesFileLineAndField) {
  const BadCase& c = GetParam();
  const std::string message = error(with(c.file, c.text));
  EXPECT_NE(message.find(c.expected), std::string::npos) << message;
}

const BadCase kBadCases[] = {
    {"unknown_stop", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1\nT1,08:05:00,08:05:00,NOPE,2\n",
     "stop_times.txt:3: field 'stop_id': unknown stop 'NOPE'"},
    {"unknown_trip", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1\nT9,08:05:00,08:05:00,S2,2\n",
     "stop_times.txt:3: field 'trip_id': unknown trip 'T9'"},
    {"malformed_time", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1\nT1,25:6x:00,25:6x:00,S2,2\n",
     "stop_times.txt:3: field 'arrival_time': malformed time '25:6x:00'"},
    {"minutes_over_59", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1\nT1,08:05:00,08:60:00,S2,2\n",
     "stop_times.txt:3: field 'departure_time': malformed time"},
    {"times_decrease", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1\nT1,07:59:00,07:59:00,S2,2\n",
     "stop_times.txt:3: field 'arrival_time': trip 'T1': times must not decrease"},
    {"times_decrease_out_of_file_order", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,07:00:00,07:00:00,S2,2\nT1,08:00:00,08:00:00,S1,1\n",
     "stop_times.txt:2: field 'arrival_time'"},
    {"departure_before_arrival", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1\nT1,08:05:00,08:04:00,S2,2\nT1,08:09:00,08:09:00,S3,3\n",
     "stop_times.txt:3: field 'departure_time'"},
    {"first_without_time", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,,,S1,1\nT1,08:05:00,08:05:00,S2,2\n",
     "stop_times.txt:2: field 'arrival_time': trip 'T1': the first stop time"},
    {"last_without_time", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1\nT1,08:05:00,08:05:00,S2,2\nT1,,,S3,3\n",
     "stop_times.txt:4: field 'arrival_time': trip 'T1': the last stop time"},
    {"duplicate_sequence", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1\nT1,08:05:00,08:05:00,S2,1\n",
     "stop_times.txt:3: field 'stop_sequence'"},
    {"negative_sequence", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,-1\n",
     "stop_times.txt:2: field 'stop_sequence'"},
    {"bad_pickup_type", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence,pickup_type\n"
     "T1,08:00:00,08:00:00,S1,1,7\n",
     "stop_times.txt:2: field 'pickup_type'"},
    {"missing_column", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id\nT1,08:00:00,08:00:00,S1\n",
     "stop_times.txt:1: field 'stop_sequence': missing column"},
    {"too_many_fields", "stop_times.txt",
     "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
     "T1,08:00:00,08:00:00,S1,1,extra\n",
     "stop_times.txt:2: record has 6 fields"},
    {"bad_lat", "stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,a,0,0\nS2,b,91.5,0\n",
     "stops.txt:3: field 'stop_lat'"},
    {"malformed_lon", "stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,a,0,east\n",
     "stops.txt:2: field 'stop_lon'"},
    {"stop_without_coordinates", "stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,a,,\n",
     "stops.txt:2: field 'stop_lat'"},
    {"unknown_parent", "stops.txt",
     "stop_id,stop_name,stop_lat,stop_lon,parent_station\nS1,a,0,0,\nS2,b,0,0.01,XX\n",
     "stops.txt:3: field 'parent_station': unknown parent station 'XX'"},
    {"duplicate_stop", "stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,a,0,0\nS1,b,0,0.01\n",
     "stops.txt:3: field 'stop_id'"},
    {"bad_route_type", "routes.txt",
     "route_id,agency_id,route_short_name,route_long_name,route_type\nR1,A,1,x,3\nR2,A,2,y,9999\n",
     "routes.txt:3: field 'route_type'"},
    {"unknown_route", "trips.txt", "route_id,service_id,trip_id\nR1,WK,T1\nR7,WK,T2\n",
     "trips.txt:3: field 'route_id': unknown route 'R7'"},
    {"unknown_service", "trips.txt", "route_id,service_id,trip_id\nR1,WK,T1\nR2,HOLIDAY,T2\n",
     "trips.txt:3: field 'service_id': unknown service 'HOLIDAY'"},
    {"bad_date", "calendar.txt",
     "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
     "WK,1,1,1,1,1,0,0,20240230,20241231\n",
     "calendar.txt:2: field 'start_date'"},
    {"bad_weekday_flag", "calendar.txt",
     "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
     "WK,1,1,2,1,1,0,0,20240101,20241231\n",
     "calendar.txt:2: field 'wednesday'"},
    {"end_before_start", "calendar.txt",
     "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
     "WK,1,1,1,1,1,0,0,20240101,20231231\n",
     "calendar.txt:2: field 'end_date'"},
    {"bad_exception_type", "calendar_dates.txt", "service_id,date,exception_type\nWK,20240101,3\n",
     "calendar_dates.txt:2: field 'exception_type'"},
    {"duplicate_exception", "calendar_dates.txt",
     "service_id,date,exception_type\nWK,20240101,2\nWK,20240101,1\n",
     "calendar_dates.txt:3: field 'date'"},
    {"negative_headway", "frequencies.txt",
     "trip_id,start_time,end_time,headway_secs\nT1,06:00:00,07:00:00,-600\n",
     "frequencies.txt:2: field 'headway_secs'"},
    {"empty_period", "frequencies.txt",
     "trip_id,start_time,end_time,headway_secs\nT1,07:00:00,07:00:00,600\n",
     "frequencies.txt:2: field 'end_time'"},
    {"frequency_unknown_trip", "frequencies.txt",
     "trip_id,start_time,end_time,headway_secs\nT8,06:00:00,07:00:00,600\n",
     "frequencies.txt:2: field 'trip_id': unknown trip 'T8'"},
    {"transfer_unknown_stop", "transfers.txt",
     "from_stop_id,to_stop_id,transfer_type\nS1,S2,0\nS1,Q,0\n",
     "transfers.txt:3: field 'to_stop_id': unknown stop 'Q'"},
    {"negative_transfer_time", "transfers.txt",
     "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS1,S2,2,-5\n",
     "transfers.txt:2: field 'min_transfer_time'"},
};

INSTANTIATE_TEST_SUITE_P(Catalogue, GtfsBadInput, ::testing::ValuesIn(kBadCases),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST_F(GtfsTest, MissingRequiredFiles) {
  auto files = base_feed();
  files.erase("stop_times.txt");
  EXPECT_NE(error(files).find("stop_times.txt: missing required file"), std::string::npos);
  test::TempDir other;
  auto no_calendar = base_feed();
  no_calendar.erase("calendar.txt");
  no_calendar.erase("calendar_dates.txt");
  for (const auto& [name, text] : no_calendar) other.write(name, text);
  GtfsReport report;
  try {
    read_gtfs(other.path(), report);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("calendar.txt or calendar_dates.txt"), std::string::npos);
  }
  EXPECT_THROW(read_gtfs(other.path() / "absent.zip", report), InputError);
}

TEST_F(GtfsTest, NotAZip) {
  const auto path = dir_.write("feed.zip", "this is not a zip archive");
  GtfsReport report;
  try {
    read_gtfs(path, report);
    ADD_FAILURE() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("feed.zip: cannot open as a zip archive"),
              std::string::npos)
        << e.what();
  }
}

// The sample feed with the uncompressed size of trips.txt rewritten in its local and central
// headers: a 3 KB archive claiming a member of `claimed` bytes.
std::string sample_feed_claiming(std::uint32_t claimed) {
  std::ifstream in(test::data_dir() / "gtfs" / "sample-feed-1.zip", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string zip = ss.str();
  auto put32 = [&](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) zip[at + i] = static_cast<char>((v >> (8 * i)) & 0xff);
  };
  int patched = 0;
  for (std::size_t p = 0; (p = zip.find("PK", p)) != std::string::npos; p += 2) {
    const std::string_view sig(zip.data() + p, 4);
    const bool local = sig == std::string_view("PK\3\4", 4);
    const bool central = sig == std::string_view("PK\1\2", 4);
    if (!local && !central) continue;
    const std::size_t name_at = p + (local ? 30 : 46);
    const std::size_t name_len = static_cast<unsigned char>(zip[p + (local ? 26 : 28)]) |
                                 static_cast<unsigned char>(zip[p + (local ? 27 : 29)]) << 8;
    if (zip.compare(name_at, name_len, "trips.txt") != 0) continue;
    put32(p + (local ? 22 : 24), claimed);
    ++patched;
  }
  EXPECT_EQ(patched, 2);
  return zip;
}

// A member's declared size is checked against the archive before anything is allocated (it
// once allocated the 4 GB it claimed), and the bytes read must match it.
TEST_F(GtfsTest, ZipMemberSizesAreChecked) {
  for (const std::uint32_t claimed : {0xF0000000u, 5000000u, 100u}) {
    SCOPED_TRACE(claimed);
    const auto path = dir_.write("claims.zip", sample_feed_claiming(claimed));
    GtfsReport report;
    try {
      read_gtfs(path, report);
      ADD_FAILURE() << "no error";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find("claims.zip/trips.txt"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("corrupt zip"), std::string::npos) << e.what();
    }
  }
}

TEST_F(GtfsTest, TransitModelRoundTripsThroughProtobuf) {
  auto files = base_feed();
  files["trips.txt"] = "route_id,service_id,trip_id\nR1,WK,T1\nR2,SAT,T2\nR1,WK,F0\n";
  files["stop_times.txt"] += "F0,06:00:00,06:00:00,S1,1\nF0,06:10:00,06:10:00,S4,2\n";
  files["frequencies.txt"] = "trip_id,start_time,end_time,headway_secs\nF0,06:00:00,08:00:00,600\n";
  files["transfers.txt"] = "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS1,S2,2,60\n";
  net::Model model;
  model.transit = read(files);
  for (PbEncoding enc : {PbEncoding::kBinary, PbEncoding::kText}) {
    const auto path = dir_.path() / (enc == PbEncoding::kBinary ? "t.pb" : "t.pbtxt");
    write_network_pb(path, model, enc);
    const net::Model back = read_network_pb(path, enc);
    ASSERT_TRUE(back.transit.has_value());
    EXPECT_TRUE(*back.transit == *model.transit);
    EXPECT_EQ(back.transit->find_trip("F0"), model.transit->find_trip("F0"));
    EXPECT_FALSE(back.demand.has_value());
  }
  net::Model road_only;
  write_network_pb(dir_.path() / "r.pb", road_only, PbEncoding::kBinary);
  EXPECT_FALSE(read_network_pb(dir_.path() / "r.pb", PbEncoding::kBinary).transit.has_value());
}

// The Google sample feed, counted independently with unzip/awk (see tests/data/gtfs/README.md).
TEST(GtfsSampleFeed, LoadsWithItsTrueCounts) {
  GtfsReport report;
  const net::TransitNetwork n = read_gtfs(test::data_dir() / "gtfs" / "sample-feed-1.zip", report);
  EXPECT_EQ(n.stop_count(), 9u);
  EXPECT_EQ(n.route_count(), 5u);
  EXPECT_EQ(n.trip_count(), 11u);  // no exact_times rows: STBA, CITY1, CITY2 stay templates
  EXPECT_EQ(n.stop_time_count(), 28u);
  EXPECT_EQ(report.stop_time_rows, 28u);
  EXPECT_EQ(report.frequency_rows, 11u);
  EXPECT_EQ(n.frequency_count(), 11u);
  EXPECT_EQ(n.service_count(), 2u);
  EXPECT_EQ(n.agency_count(), 1u);
  EXPECT_EQ(n.shape_count(), 0u);
  // AB1, AB2, BFC1, BFC2, AAMV1+3, AAMV2+4 scheduled; STBA, CITY1, CITY2 frequency-based.
  EXPECT_EQ(n.pattern_count(), 9u);
  const auto city1 = *n.find_trip("CITY1");
  EXPECT_TRUE(n.frequency_based(n.columns().trip_pattern[city1]));
  EXPECT_EQ(n.departures_s(city1)[1], hms(6, 7));
  const auto fullw = *n.find_service("FULLW");
  const auto we = *n.find_service("WE");
  EXPECT_FALSE(n.runs_on(fullw, ymd(2007, 6, 4)));  // calendar_dates removes it
  EXPECT_TRUE(n.runs_on(fullw, ymd(2007, 6, 5)));
  EXPECT_TRUE(n.runs_on(we, ymd(2007, 6, 9)));  // a Saturday
  EXPECT_FALSE(n.runs_on(we, ymd(2007, 6, 5)));
  // The feed's sloppiness is reported, not fatal.
  bool unknown_column = false, short_record = false;
  for (const Diagnostic& d : report.warnings) {
    const std::string s = d.to_string();
    if (s.find("sample-feed-1.zip/stop_times.txt:1: field 'drop_off_time': unknown column") !=
        std::string::npos) {
      unknown_column = true;
    }
    if (s.find("sample-feed-1.zip/stop_times.txt:17:") != std::string::npos) short_record = true;
  }
  EXPECT_TRUE(unknown_column);
  EXPECT_TRUE(short_record);
  EXPECT_NO_THROW(n.validate());
}

TEST_F(GtfsTest, CorruptTransitLayerInProtobufIsAnInputError) {
  auto files = base_feed();
  files["trips.txt"] = "route_id,service_id,trip_id\nR1,WK,T1\nR2,SAT,T2\nR1,WK,F0\n";
  files["stop_times.txt"] += "F0,06:00:00,06:00:00,S1,1\nF0,06:10:00,06:10:00,S4,2\n";
  files["frequencies.txt"] = "trip_id,start_time,end_time,headway_secs\nF0,06:00:00,08:00:00,600\n";
  net::Model model;
  model.transit = read(files);
  const auto path = dir_.path() / "t.pbtxt";
  write_network_pb(path, model, PbEncoding::kText);
  std::string text;
  {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    text = ss.str();
  }
  // Hand edits: drop the fingerprint line, then break one value at a time.
  const std::size_t fp = text.find("fingerprint:");
  ASSERT_NE(fp, std::string::npos);
  text.erase(fp, text.find('\n', fp) - fp + 1);
  auto expect_error = [&](const std::string& from, const std::string& to, const std::string& what) {
    std::string edited = text;
    const std::size_t at = edited.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    edited.replace(at, from.size(), to);
    dir_.write("e.pbtxt", edited);
    try {
      read_network_pb(dir_.path() / "e.pbtxt", PbEncoding::kText);
      ADD_FAILURE() << "no error for " << to;
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    }
  };
  expect_error("headway_s: 600", "headway_s: -600", "field 'transit'");
  expect_error("stop: 3", "stop: 77", "field 'transit.pattern_stops.stop'");
  expect_error("start_date: 20240101", "start_date: 20240231", "transit.services.start_date");
  expect_error("arrival_s: 28800", "arrival_s: 28800\n      arrival_s: 1", "transit.StopTimes");
  // Unedited, it reads back equal.
  dir_.write("ok.pbtxt", text);
  EXPECT_TRUE(*read_network_pb(dir_.path() / "ok.pbtxt", PbEncoding::kText).transit ==
              *model.transit);
}

TEST(GtfsSampleFeed, RoundTripsThroughProtobuf) {
  test::TempDir dir;
  GtfsReport report;
  net::Model model;
  model.transit = read_gtfs(test::data_dir() / "gtfs" / "sample-feed-1.zip", report);
  write_network_pb(dir.path() / "s.pb", model, PbEncoding::kBinary);
  const net::Model back = read_network_pb(dir.path() / "s.pb", PbEncoding::kBinary);
  ASSERT_TRUE(back.transit.has_value());
  EXPECT_TRUE(*back.transit == *model.transit);
}

}  // namespace
}  // namespace ouflow::io
