#include "sim/evaluation/indicators.h"

#include <cmath>
#include <stdexcept>

namespace ouflow::sim {

bool point_in_polygon(LonLat p, std::span<const LonLat> ring) {
  bool inside = false;
  const std::size_t n = ring.size();
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const LonLat a = ring[i], b = ring[j];
    if ((a.lat > p.lat) != (b.lat > p.lat)) {
      const double x = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
      if (p.lon < x) inside = !inside;
    }
  }
  return inside;
}

std::vector<std::uint8_t> links_inside(const net::RoadNetwork& net, std::span<const LonLat> ring) {
  std::vector<std::uint8_t> in(net.link_count(), 0);
  if (ring.size() < 3) return in;
  for (const net::LinkId l : net.links()) {
    const net::LinkClass c = net.link_class()[l];
    if (c == net::LinkClass::kConnector || c == net::LinkClass::kTransitOnly) continue;
    const net::NodeId a = net.tail()[l], b = net.head()[l];
    const LonLat mid{0.5 * (net.lon()[a] + net.lon()[b]), 0.5 * (net.lat()[a] + net.lat()[b])};
    if (std::isnan(mid.lon) || std::isnan(mid.lat)) continue;
    in[l.value()] = point_in_polygon(mid, ring) ? 1 : 0;
  }
  return in;
}

AreaSpeed area_speed(const net::RoadNetwork& net, std::span<const double> flow_vph,
                     std::span<const double> time_s, std::span<const std::uint8_t> inside) {
  if (flow_vph.size() != net.link_count() || time_s.size() != net.link_count() ||
      inside.size() != net.link_count()) {
    throw std::invalid_argument("area_speed: one flow, time and flag per link");
  }
  AreaSpeed s;
  for (const net::LinkId l : net.links()) {
    if (!inside[l.value()]) continue;
    ++s.links;
    s.vkt_km += flow_vph[l.value()] * net.length_m()[l] / 1000.0;
    s.vht_h += flow_vph[l.value()] * time_s[l.value()] / 3600.0;
  }
  s.speed_kmh = s.vht_h > 0.0 ? s.vkt_km / s.vht_h : 0.0;
  return s;
}

double percent_change(double baseline, double scenario) {
  if (baseline == 0.0) return scenario == 0.0 ? 0.0 : std::copysign(INFINITY, scenario);
  return 100.0 * (scenario - baseline) / baseline;
}

namespace {
bool in_area(std::span<const std::uint8_t> area, std::size_t z) {
  return area.empty() || area[z] != 0;
}
void check_matrix(std::size_t size, std::size_t zones, std::span<const std::uint8_t> area) {
  if (size != zones * zones) throw std::invalid_argument("indicator: matrix is not zones x zones");
  if (!area.empty() && area.size() != zones) {
    throw std::invalid_argument("indicator: one area flag per zone");
  }
}
}  // namespace

ShareWithin trips_within(std::span<const double> trips, std::span<const double> time_s,
                         std::size_t zones, double threshold_s,
                         std::span<const std::uint8_t> area) {
  check_matrix(trips.size(), zones, area);
  check_matrix(time_s.size(), zones, area);
  ShareWithin s;
  for (std::size_t i = 0; i < zones; ++i) {
    if (!in_area(area, i)) continue;
    for (std::size_t j = 0; j < zones; ++j) {
      if (!in_area(area, j)) continue;
      const double t = trips[i * zones + j];
      s.total += t;
      if (time_s[i * zones + j] <= threshold_s) s.within += t;
    }
  }
  s.share = s.total > 0.0 ? s.within / s.total : 0.0;
  return s;
}

ShareWithin population_within(std::span<const double> population, std::span<const double> time_s,
                              std::size_t zones, std::size_t destination, double threshold_s,
                              std::span<const std::uint8_t> area) {
  check_matrix(time_s.size(), zones, area);
  if (population.size() != zones || destination >= zones) {
    throw std::invalid_argument("population_within: one population per zone, a valid destination");
  }
  ShareWithin s;
  for (std::size_t i = 0; i < zones; ++i) {
    if (!in_area(area, i)) continue;
    s.total += population[i];
    if (time_s[i * zones + destination] <= threshold_s) s.within += population[i];
  }
  s.share = s.total > 0.0 ? s.within / s.total : 0.0;
  return s;
}

double jobs_accessible(std::span<const double> population, std::span<const double> jobs,
                       std::span<const double> time_s, std::size_t zones, double threshold_s,
                       std::span<const std::uint8_t> area) {
  check_matrix(time_s.size(), zones, area);
  if (population.size() != zones || jobs.size() != zones) {
    throw std::invalid_argument("jobs_accessible: one population and job count per zone");
  }
  double weighted = 0.0, pop = 0.0;
  for (std::size_t i = 0; i < zones; ++i) {
    if (!in_area(area, i) || population[i] <= 0.0) continue;
    double reach = 0.0;
    for (std::size_t j = 0; j < zones; ++j) {
      if (time_s[i * zones + j] <= threshold_s) reach += jobs[j];
    }
    weighted += population[i] * reach;
    pop += population[i];
  }
  return pop > 0.0 ? weighted / pop : 0.0;
}

double mean_time(std::span<const double> trips, std::span<const double> time_s) {
  if (trips.size() != time_s.size()) throw std::invalid_argument("mean_time: sizes differ");
  double tt = 0.0, t = 0.0;
  for (std::size_t k = 0; k < trips.size(); ++k) {
    if (trips[k] > 0.0 && std::isfinite(time_s[k])) {
      tt += trips[k] * time_s[k];
      t += trips[k];
    }
  }
  return t > 0.0 ? tt / t : 0.0;
}

}  // namespace ouflow::sim
