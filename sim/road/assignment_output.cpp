#include "sim/road/assignment_output.h"

#include <cmath>
#include <string>

#include "networks/input_error.h"
#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"
#include "networks/io/link_matcher.h"
#include "networks/io/tntp.h"
#include "sim/road/link_performance.h"

namespace ouflow::sim {

void write_link_flows_csv(const std::filesystem::path& path, const net::RoadNetwork& net,
                          std::span<const double> flow) {
  const LinkPerformance perf(net);
  io::AtomicOutput out(path);
  io::CsvWriter csv(out.stream(), {"from", "to", "flow", "travel_time", "cost", "volume_capacity"});
  const auto& ext = net.node_external_id();
  for (net::LinkId l : net.input_order()) {
    const std::size_t i = l.value();
    csv.field(ext[net.tail()[l]])
        .field(ext[net.head()[l]])
        .field(flow[i])
        .field(perf.time(i, flow[i]) / 60.0)
        .field(perf.cost(i, flow[i]) / 60.0)
        .field(flow[i] / net.capacity_vph()[l]);
    csv.end_row();
  }
  out.commit();
}

void write_convergence_csv(const std::filesystem::path& path,
                           const std::vector<IterationStats>& log) {
  io::AtomicOutput out(path);
  io::CsvWriter csv(out.stream(), {"iteration", "relative_gap", "average_excess_cost_min",
                                   "beckmann_veh_min", "tstt_veh_min", "sptt_veh_min", "seconds"});
  for (const IterationStats& s : log) {
    csv.field(static_cast<std::int64_t>(s.iteration))
        .field(s.relative_gap)
        .field(s.average_excess_cost / 60.0)
        .field(s.beckmann / 60.0)
        .field(s.tstt / 60.0)
        .field(s.sptt / 60.0)
        .field(s.seconds);
    csv.end_row();
  }
  out.commit();
}

void write_skim_csv(const std::filesystem::path& path, const net::RoadNetwork& net,
                    const Skim& skim) {
  io::AtomicOutput out(path);
  io::CsvWriter csv(out.stream(), {"origin", "destination", "cost_min", "time_min", "distance_km"});
  for (net::ZoneId o : net.zones()) {
    for (net::ZoneId d : net.zones()) {
      if (!std::isfinite(skim.cost(o, d))) continue;  // no path: no row
      csv.field(net.zone_external_id()[o])
          .field(net.zone_external_id()[d])
          .field(skim.cost(o, d) / 60.0)
          .field(skim.time(o, d) / 60.0)
          .field(skim.distance(o, d) / 1000.0);
      csv.end_row();
    }
  }
  out.commit();
}

std::vector<double> read_link_flows(const std::filesystem::path& path,
                                    const net::RoadNetwork& net) {
  if (path.extension() == ".tntp") {
    const io::LinkFlows f = io::read_tntp_flow(path, net);
    return f.volume.raw();
  }
  io::LinkMatcher matcher(net);
  std::vector<double> flow(net.link_count(), std::nan(""));
  io::CsvReader csv(path);
  const std::size_t from = csv.require_column("from"), to = csv.require_column("to"),
                    fc = csv.require_column("flow");
  std::size_t rows = 0;
  while (csv.next()) {
    const std::pair key{csv.integer(from), csv.integer(to)};
    const double v = csv.number(fc);
    const std::optional<net::LinkId> match = matcher.next(key.first, key.second);
    if (!match) {
      throw InputError(path, csv.line(), "from",
                       "no " + std::string(matcher.seen(key.first, key.second) ? "further " : "") +
                           "link " + std::to_string(key.first) + " -> " +
                           std::to_string(key.second));
    }
    if (v < 0) throw InputError(path, csv.line(), "flow", "negative flow");
    flow[match->value()] = v;
    ++rows;
  }
  if (rows != net.link_count()) {
    throw InputError(path, 0, "",
                     "has " + std::to_string(rows) + " rows, the network " +
                         std::to_string(net.link_count()) + " links");
  }
  return flow;
}

}  // namespace ouflow::sim
