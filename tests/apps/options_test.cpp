// One option vocabulary across subcommands (apps/common_options.h): the same spelling, order and
// default for points, modes and networks everywhere, "did you mean" for typos, and the sanity
// checks that turn silent nonsense into a warning or an error.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

#include "apps/common_options.h"
#include "tests/common/cli.h"
#include "tests/common/temp_dir.h"

namespace ouflow {
namespace {

using test::run_ouflow;

std::string sioux() { return (test::data_dir() / "tntp/SiouxFalls/SiouxFalls_net.tntp").string(); }
std::string sample_feed() { return (test::data_dir() / "gtfs/sample-feed-1.zip").string(); }

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(Options, LatLonIsLatitudeFirstEverywhere) {
  const net::LonLat p = app::parse_lat_lon("27.99,120.65", "--from");
  EXPECT_DOUBLE_EQ(p.lat, 27.99);
  EXPECT_DOUBLE_EQ(p.lon, 120.65);
  const auto [q, km] = app::parse_lat_lon_km("-33.5,151.2,40", "--focus");
  EXPECT_DOUBLE_EQ(q.lat, -33.5);
  EXPECT_DOUBLE_EQ(q.lon, 151.2);
  EXPECT_DOUBLE_EQ(km, 40.0);
  // LON,LAT given by habit: the message says the order and the reading that would fit.
  const std::string swapped = error_of([] { app::parse_lat_lon("120.65,27.99", "--from"); });
  EXPECT_NE(swapped.find("--from"), std::string::npos) << swapped;
  EXPECT_NE(swapped.find("LAT,LON 27.99,120.65"), std::string::npos) << swapped;
  EXPECT_NE(error_of([] { app::parse_lat_lon_km("120.7,27.98,40", "--focus"); }).find("--focus"),
            std::string::npos);
  for (const char* bad :
       {"", "27.9", "27.9,", "a,b", "27.9,120.6,5", "nan,1", "1e400,2", "95,200", "27.9 120.6"}) {
    EXPECT_NE(error_of([&] { app::parse_lat_lon(bad, "--from"); }), "") << bad;
  }
  for (const char* bad : {"27.9,120.6", "27.9,120.6,0", "27.9,120.6,-1", "27.9,120.6,x"}) {
    EXPECT_NE(error_of([&] { app::parse_lat_lon_km(bad, "--focus"); }), "") << bad;
  }
}

TEST(Options, ModeDefaultsToTransitOnlyWithAFeed) {
  EXPECT_EQ(app::resolve_mode("", true), "transit");
  EXPECT_EQ(app::resolve_mode("", false), "car");
  EXPECT_EQ(app::resolve_mode("car", true), "car");
  EXPECT_EQ(app::resolve_mode("transit", false), "transit");
}

// The shared options, registered as every command registers them: the network positional or
// --net, --mode with one member list.
TEST(Options, SharedTablesParseTheSameEverywhere) {
  for (const char* form : {"NET", "--net NET", "--net=NET"}) {
    CLI::App app;
    std::string net, mode;
    app::add_network_option(app, net, "The network");
    app::add_mode_option(app, mode, "Routing");
    const std::string line = std::string(form) + " --mode car";
    app.parse(line, false);
    EXPECT_EQ(net, "NET") << form;
    EXPECT_EQ(mode, "car") << form;
  }
  CLI::App app;
  std::string net, mode;
  app::add_mode_option(app, mode, "Routing");
  EXPECT_THROW(app.parse("--mode bike", false), CLI::ValidationError);
}

TEST(Options, EveryNetworkCommandTakesTheNetworkBothWays) {
  test::TempDir dir;
  const auto a = dir.path() / "a.csv", b = dir.path() / "b.csv";
  ASSERT_EQ(run_ouflow("-q matrix --mode car " + sioux() + " --out " + a.string(), dir).code, 0);
  ASSERT_EQ(run_ouflow("-q matrix --mode car --net " + sioux() + " --out " + b.string(), dir).code,
            0);
  EXPECT_EQ(test::slurp(a), test::slurp(b));
  // Without --gtfs the mode is car: the network alone is enough.
  const auto c = dir.path() / "c.csv";
  ASSERT_EQ(run_ouflow("-q matrix " + sioux() + " --out " + c.string(), dir).code, 0);
  EXPECT_EQ(test::slurp(a), test::slurp(c));
  const auto f1 = dir.path() / "f1.csv", f2 = dir.path() / "f2.csv";
  ASSERT_EQ(run_ouflow("-q assign " + sioux() + " --gap 1e-4 --flows-out " + f1.string(), dir).code,
            0);
  ASSERT_EQ(
      run_ouflow("-q assign --net " + sioux() + " --gap 1e-4 --flows-out " + f2.string(), dir).code,
      0);
  EXPECT_EQ(test::slurp(f1), test::slurp(f2));
}

// A scenario name is accepted wherever a network or a feed is: its modified network, its lines.
TEST(Options, AScenarioWhereverANetworkOrFeedIs) {
  test::TempDir dir;
  const auto car = dir.path() / "car.csv";
  test::CommandResult r = run_ouflow("-q matrix wenzhou_2020 --out " + car.string(), dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("car matrix: 489 x 489 zones"), std::string::npos) << r.out;
  r = run_ouflow(
      "-q isochrone --gtfs wenzhou_2020 --from 27.99,120.65 --date 2020-06-01 "
      "--depart 07:30 --out " +
          (dir.path() / "iso.geojson").string(),
      dir);
  ASSERT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.out.find("within walking distance"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(" 0 within walking"), std::string::npos) << r.out;
}

TEST(Options, TypoInAnOptionSuggestsTheNearest) {
  test::TempDir dir;
  test::CommandResult r = run_ouflow("isochrone --form 36.4,-117.1", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("did you mean --from"), std::string::npos) << r.err;
  r = run_ouflow("assign " + sioux() + " --gpa 1e-4", dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("did you mean --gap?"), std::string::npos) << r.err;
}

TEST(Options, OriginOutsideTheNetworkIsAnError) {
  test::TempDir dir;
  const std::string out = (dir.path() / "iso.geojson").string();
  // Paris on a Californian feed: an error naming the distance, no file.
  test::CommandResult r = run_ouflow("isochrone --gtfs " + sample_feed() +
                                         " --from 48.85,2.35 --date 2008-06-02 --depart 06:00 "
                                         "--out " +
                                         out,
                                     dir);
  EXPECT_EQ(r.code, 2) << r.err;
  EXPECT_NE(r.err.find("outside the network"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("STAGECOACH"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  // 1.6 km from the nearest stop: computed, with a warning that no stop is within walking reach.
  r = run_ouflow("isochrone --gtfs " + sample_feed() +
                     " --from 36.44,-117.133162 --date 2008-06-02 --depart 06:00 --out " + out,
                 dir);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_NE(r.err.find("beyond --max-walk-m 800"), std::string::npos) << r.err;
  // At a stop: no warning.
  r = run_ouflow("isochrone --gtfs " + sample_feed() +
                     " --from 36.425288,-117.133162 --date 2008-06-02 --depart 06:00 --out " + out,
                 dir);
  EXPECT_EQ(r.code, 0) << r.err;
  EXPECT_EQ(r.err.find("--max-walk-m"), std::string::npos) << r.err;
}

TEST(Options, ImplausibleUnitsAreWarnedWithTheUnitsThatFit) {
  test::TempDir dir;
  test::CommandResult r = run_ouflow("info " + sioux(), dir);
  EXPECT_EQ(r.code, 0);
  EXPECT_EQ(r.err.find("median speed"), std::string::npos) << r.err;
  // Sioux Falls' lengths read as feet: a median of a few km/h, and miles named as the fit.
  r = run_ouflow("info " + sioux() + " --length-unit ft", dir);
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.err.find("median speed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("--length-unit mi --time-unit min"), std::string::npos) << r.err;
}

// Numbers that are not: NaN and infinities in any option are an error naming it; thread counts
// and grids have a ceiling (issue 22: --threads 100000 crashed OpenMP, --gap nan ran 10,000
// iterations, --cell-m 0.01 ended in std::bad_alloc).
TEST(Options, NonFiniteNumbersAndAbsurdSizesAreErrors) {
  test::TempDir dir;
  const std::string iso = "isochrone --gtfs " + sample_feed() +
                          " --from 36.425288,-117.133162 --date 2008-06-02 --depart 06:00 --out " +
                          (dir.path() / "i.geojson").string();
  const std::pair<std::string, std::string> cases[] = {
      {"--threads 100000 info " + sioux(), "--threads"},
      {"assign " + sioux() + " --gap nan", "--gap: 'nan' is not a finite number"},
      {"assign " + sioux() + " --max-seconds NaN", "--max-seconds"},
      {"assign " + sioux() + " --toll-factor nan", "--toll-factor"},
      {"assign " + sioux() + " --max-seconds 1e400", "--max-seconds"},
      {"assign " + sioux() + " --max-seconds inf", "--max-seconds"},
      {iso + " --percentiles 5,nan", "--percentiles"},
      {iso + " --cell-m 0.01", "--cell-m 0.01: isochrone grid"},
      {iso + " --cell-m 1e-300", "--cell-m"},
  };
  for (const auto& [args, expected] : cases) {
    const test::CommandResult r = run_ouflow(args, dir);
    EXPECT_EQ(r.code, 2) << args << "\n" << r.err;
    EXPECT_NE(r.err.find(expected), std::string::npos) << args << "\n" << r.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "i.geojson"));
  EXPECT_EQ(run_ouflow("-q " + iso + " --cell-m 50", dir).code, 0);  // a sane size runs
}

TEST(Options, EmptyConversionIsAnError) {
  test::TempDir dir;
  const auto out = dir.path() / "gmns";
  const test::CommandResult r = run_ouflow("convert " + sample_feed() + " " + out.string(), dir);
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.err.find("has no road links"), std::string::npos) << r.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  // Into a format that holds transit, the feed converts.
  EXPECT_EQ(
      run_ouflow("-q convert " + sample_feed() + " " + (dir.path() / "f.pb").string(), dir).code,
      0);
}

}  // namespace
}  // namespace ouflow
