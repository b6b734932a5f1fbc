#include "sim/road/assignment_output.h"

#include <cmath>
#include <string>
#include <unordered_map>

#include "networks/input_error.h"
#include "networks/io/atomic_file.h"
#include "networks/io/csv.h"
#include "networks/io/link_matcher.h"
#include "networks/io/tntp.h"
#include "sim/road/link_performance.h"

namespace ouflow::sim {

std::vector<std::string> direction_link_ids(const net::RoadNetwork& net) {
  std::vector<std::string> out(net.link_count());
  struct Seen {
    net::LinkId first;
    std::size_t count = 0;
  };
  std::unordered_map<std::int64_t, Seen> seen;
  for (net::LinkId l : net.input_order()) {
    const std::int64_t id = net.link_external_id()[l];
    auto [it, fresh] = seen.try_emplace(id, Seen{l});
    const std::size_t k = ++it->second.count;  // 1 for the first link with this id
    const net::LinkId f = it->second.first;
    std::string suffix;
    if (k == 1) {
      suffix = "ab";
    } else if (k == 2 && net.tail()[l] == net.head()[f] && net.head()[l] == net.tail()[f]) {
      suffix = "ba";
    } else {
      suffix = std::to_string(k);
    }
    out[l.value()] = std::to_string(id) + "_" + suffix;
  }
  return out;
}

void write_link_flows_csv(const std::filesystem::path& path, const net::RoadNetwork& net,
                          std::span<const double> flow, NumberFormat format) {
  const LinkPerformance perf(net);
  const std::vector<std::string> ids = direction_link_ids(net);
  io::AtomicOutput out(path);
  io::CsvWriter csv(out.stream(), {"dir_link_id", "link_id", "from_node", "to_node", "class",
                                   "flow_vph", "time_min", "cost_min", "speed_kmh", "vc"});
  const bool round = format == NumberFormat::kRounded;
  auto number = [&](double x, int decimals) {
    if (!std::isfinite(x)) {
      csv.empty_field();
    } else if (round) {
      csv.rounded(x, decimals);
    } else {
      csv.field(x);
    }
  };
  const auto& ext = net.node_external_id();
  for (net::LinkId l : net.input_order()) {
    const std::size_t i = l.value();
    const double time_s = perf.time(i, flow[i]);
    csv.field(ids[i])
        .field(net.link_external_id()[l])
        .field(ext[net.tail()[l]])
        .field(ext[net.head()[l]])
        .field(std::string(net::to_string(net.link_class()[l])));
    number(flow[i], 2);
    number(time_s / 60.0, 3);
    number(perf.cost(i, flow[i]) / 60.0, 3);
    number(time_s > 0.0 ? net.length_m()[l] / time_s * 3.6 : std::nan(""), 2);
    number(flow[i] / net.capacity_vph()[l], 4);
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
  std::vector<double> flow(net.link_count(), std::nan(""));
  io::CsvReader csv(path);
  const std::optional<std::size_t> dir_id = csv.column("dir_link_id");
  const std::optional<std::size_t> from = csv.column_any({"from_node", "from"}),
                                   to = csv.column_any({"to_node", "to"});
  if (!dir_id && !(from && to)) {
    throw InputError(
        path, csv.header_line(), "dir_link_id",
        "missing column (needs dir_link_id, or from_node and to_node, or from and to)");
  }
  const std::optional<std::size_t> flow_column = csv.column_any({"flow_vph", "flow"});
  if (!flow_column) {
    throw InputError(path, csv.header_line(), "flow_vph",
                     "missing column (needs flow_vph or flow)");
  }
  const std::size_t fc = *flow_column;
  const std::string& flow_name = csv.column_name(fc);
  io::LinkMatcher matcher(net);
  std::unordered_map<std::string, net::LinkId> by_id;
  if (dir_id) {
    const std::vector<std::string> ids = direction_link_ids(net);
    for (net::LinkId l : net.links()) by_id.emplace(ids[l.value()], l);
  }
  const auto& ext = net.node_external_id();
  std::size_t rows = 0;
  while (csv.next()) {
    const double v = csv.number(fc);
    net::LinkId match;
    if (dir_id) {
      const std::string id(csv.field(*dir_id));
      const auto it = by_id.find(id);
      if (it == by_id.end()) {
        throw InputError(path, csv.line(), "dir_link_id", "no link '" + id + "' in the network");
      }
      match = it->second;
      if (from && to &&
          (csv.integer(*from) != ext[net.tail()[match]] ||
           csv.integer(*to) != ext[net.head()[match]])) {
        throw InputError(path, csv.line(), csv.column_name(*from),
                         "link '" + id + "' runs " + std::to_string(ext[net.tail()[match]]) +
                             " -> " + std::to_string(ext[net.head()[match]]) +
                             " in the network, not " + std::to_string(csv.integer(*from)) + " -> " +
                             std::to_string(csv.integer(*to)));
      }
      if (!std::isnan(flow[match.value()])) {
        throw InputError(path, csv.line(), "dir_link_id", "link '" + id + "' appears twice");
      }
    } else {
      const std::pair key{csv.integer(*from), csv.integer(*to)};
      const std::optional<net::LinkId> m = matcher.next(key.first, key.second);
      if (!m) {
        throw InputError(
            path, csv.line(), csv.column_name(*from),
            "no " + std::string(matcher.seen(key.first, key.second) ? "further " : "") + "link " +
                std::to_string(key.first) + " -> " + std::to_string(key.second));
      }
      match = *m;
    }
    if (v < 0) throw InputError(path, csv.line(), flow_name, "negative flow");
    flow[match.value()] = v;
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
