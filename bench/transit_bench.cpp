// Transit benchmark on a GTFS feed (by default HART Tampa 2018 from ../shared/data/gtfs): feed
// load from GTFS and from ouflow's protobuf, footpaths, an earliest-arrival RAPTOR query from a
// point, a range query over a 2-hour window every minute from a point, and the full stop-to-stop
// matrix for that window with 1 and 2 threads. Prints the median of --runs runs of each (the
// matrix: --matrix-runs runs), in milliseconds or seconds.
//
//   ouflow_transit_bench [FEED] [--date YYYY-MM-DD] [--runs N] [--matrix-runs N] [--origins N]
//                        [--no-matrix]
//
// Query settings: departure 07:00 (window 07:00-08:59, 120 departures), at most 8 transfers,
// walk 1.3 m/s, access walk <= 800 m from the point, transfer radius 400 m; the matrix takes the
// 5/25/50/75/95th percentiles. Origins are the positions of --origins stops drawn with a fixed
// seed (so the same points every run). The default date, 2018-03-06, is a Tuesday of HART's
// spring calendar.
#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "networks/geo.h"
#include "networks/io/gtfs.h"
#include "networks/io/network_files.h"
#include "networks/model.h"
#include "sim/transit/raptor.h"
#include "sim/transit/travel_matrix.h"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using namespace ouflow;
using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

void set_threads([[maybe_unused]] int n) {
#ifdef _OPENMP
  omp_set_num_threads(n);
#endif
}

// FNV-1a of the matrix: equal for every thread count.
unsigned long long hash(const std::vector<std::int32_t>& v) {
  unsigned long long h = 0xcbf29ce484222325ULL;
  for (std::int32_t x : v) {
    unsigned char b[sizeof x];
    std::memcpy(b, &x, sizeof x);
    for (unsigned char c : b) h = (h ^ c) * 0x100000001b3ULL;
  }
  return h;
}

int run(int argc, char** argv) {
  std::filesystem::path feed_path =
      std::filesystem::path(OUFLOW_SOURCE_DIR) / "../shared/data/gtfs/hart-tampa-2018/hart.zip";
  std::string date_text = "2018-03-06";
  int runs = 5, matrix_runs = 5, origin_count = 50;
  bool matrix = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    if (a == "--date") {
      date_text = next();
    } else if (a == "--runs") {
      runs = std::stoi(next());
    } else if (a == "--matrix-runs") {
      matrix_runs = std::stoi(next());
    } else if (a == "--origins") {
      origin_count = std::stoi(next());
    } else if (a == "--no-matrix") {
      matrix = false;
    } else if (!a.empty() && a[0] != '-') {
      feed_path = a;
    } else {
      throw std::invalid_argument("unknown option " + a);
    }
  }
  int y = 0, m = 0, d = 0;
  if (std::sscanf(date_text.c_str(), "%d-%d-%d", &y, &m, &d) != 3 ||
      !net::Date::from_ymd(y, m, d)) {
    throw std::invalid_argument("--date: not YYYY-MM-DD");
  }
  const net::Date date = *net::Date::from_ymd(y, m, d);
  if (runs < 1 || matrix_runs < 1 || origin_count < 1) {
    throw std::invalid_argument("runs and origins must be >= 1");
  }
  int max_threads = 1;
#ifdef _OPENMP
  max_threads = omp_get_max_threads();
#endif
  std::printf("feed %s, date %s, %d runs (matrix %d), %d origins, up to %d threads\n",
              feed_path.string().c_str(), date_text.c_str(), runs, matrix_runs, origin_count,
              max_threads);

  // Feed load: GTFS, then the protobuf written from it.
  std::vector<double> gtfs_s, pb_s;
  net::TransitNetwork feed;
  for (int r = 0; r < runs; ++r) {
    const auto t = Clock::now();
    io::GtfsReport report;
    feed = io::read_gtfs(feed_path, report);
    gtfs_s.push_back(since(t));
  }
  std::printf("stops %u, routes %u, patterns %u, trips %u, stop_times %u\n", feed.stop_count(),
              feed.route_count(), feed.pattern_count(), feed.trip_count(), feed.stop_time_count());
  const std::filesystem::path pb = std::filesystem::temp_directory_path() /
                                   ("ouflow-transit-bench-" + std::to_string(getpid()) + ".pb");
  {
    net::Model model;
    model.transit = feed;
    io::write_model(pb, io::Format::kProtobuf, model);
  }
  for (int r = 0; r < runs; ++r) {
    const auto t = Clock::now();
    const net::Model loaded = io::read_model(pb, io::Format::kProtobuf);
    pb_s.push_back(since(t));
    if (!loaded.transit || !(*loaded.transit == feed)) {
      throw std::runtime_error("protobuf round trip differs");
    }
  }
  std::printf("protobuf file %.1f MB\n", static_cast<double>(std::filesystem::file_size(pb)) / 1e6);
  std::filesystem::remove(pb);
  std::printf("%-44s %10.1f ms\n", "load GTFS zip (median)", 1e3 * median(gtfs_s));
  std::printf("%-44s %10.1f ms\n", "load protobuf .pb (median)", 1e3 * median(pb_s));

  const sim::WalkParams walk{1.3, 400.0};
  std::vector<double> fp_s;
  sim::Footpaths footpaths;
  for (int r = 0; r < runs; ++r) {
    const auto t = Clock::now();
    footpaths = sim::Footpaths::build(feed, walk);
    fp_s.push_back(since(t));
  }
  std::printf("%-44s %10.1f ms (%u footpaths)\n", "footpaths, 400 m (median)", 1e3 * median(fp_s),
              footpaths.footpath_count());

  // Origins: the positions of stops drawn with a fixed seed; access within 800 m.
  const auto& c = feed.columns();
  std::mt19937_64 rng(20261129);
  std::vector<std::vector<sim::RaptorSource>> access;
  while (static_cast<int>(access.size()) < origin_count) {
    const net::StopId o{static_cast<std::uint32_t>(rng() % feed.stop_count())};
    if (std::isnan(c.stop_lon[o])) continue;
    std::vector<sim::RaptorSource> a;
    for (const net::StopId s : feed.stops()) {
      if (std::isnan(c.stop_lon[s])) continue;
      const double dist =
          net::haversine_m(c.stop_lon[o], c.stop_lat[o], c.stop_lon[s], c.stop_lat[s]);
      if (dist <= 800.0) a.push_back({s, sim::walk_time_s(dist, walk.walk_speed_mps)});
    }
    access.push_back(std::move(a));
  }
  const std::int32_t depart_s = 7 * 3600;
  sim::Raptor raptor(feed, footpaths);
  std::vector<double> query_ms, range_ms;
  std::size_t reached = 0;
  for (int r = 0; r < runs; ++r) {
    const auto t = Clock::now();
    for (const auto& a : access) {
      std::vector<sim::RaptorSource> src = a;
      for (auto& s : src) s.time_s += depart_s;
      raptor.run(src, date, 8);
    }
    query_ms.push_back(1e3 * since(t) / static_cast<double>(access.size()));
  }
  for (const net::StopId s : feed.stops()) reached += raptor.arrival_s(s) != sim::kUnreachable;
  std::printf("%-44s %10.3f ms (last origin reaches %zu stops)\n",
              "earliest-arrival query from a point (median)", median(query_ms), reached);
  for (int r = 0; r < runs; ++r) {
    const auto t = Clock::now();
    for (const auto& a : access) raptor.run_range(a, date, 8, depart_s, 120);
    range_ms.push_back(1e3 * since(t) / static_cast<double>(access.size()));
  }
  std::printf("%-44s %10.3f ms\n", "range query 07:00-09:00 from a point (median)",
              median(range_ms));

  if (matrix) {
    sim::TransitMatrixOptions o;
    o.window.date = date;
    o.window.depart_s = depart_s;
    o.window.minutes = 120;
    o.percentiles = {5, 25, 50, 75, 95};
    o.window.max_transfers = 8;
    o.walk_speed_mps = walk.walk_speed_mps;
    std::vector<unsigned long long> hashes;
    for (const int threads : {1, 2}) {
      set_threads(threads);
      std::vector<double> secs;
      for (int r = 0; r < matrix_runs; ++r) {
        const auto t = Clock::now();
        const sim::TravelTimeMatrix mx = sim::transit_stop_matrix(feed, footpaths, o);
        secs.push_back(since(t));
        hashes.push_back(hash(mx.time_s));
      }
      std::printf("%-44s %10.2f s (%d threads; %.0f origins/s)\n",
                  "stop-to-stop matrix 07:00-09:00 (median)", median(secs), threads,
                  feed.stop_count() / median(secs));
    }
    const bool same = std::all_of(hashes.begin(), hashes.end(),
                                  [&](unsigned long long h) { return h == hashes[0]; });
    std::printf("matrix hash %016llx, identical across runs and threads: %s\n", hashes[0],
                same ? "yes" : "NO");
    if (!same) return 1;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "ouflow_transit_bench: %s\n", e.what());
    return 2;
  }
}
