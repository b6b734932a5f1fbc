#include "sim/road/all_or_nothing.h"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/execution.h"

namespace ouflow::sim {
namespace {

// Blocks of origins summed together; a constant so results do not depend on the thread count.
constexpr std::size_t kBlocks = 32;

}  // namespace

OdStructure::OdStructure(const net::RoadNetwork& net, const net::TripTable& demand) {
  if (demand.zone_count() != net.zone_count()) {
    throw std::invalid_argument("demand has " + std::to_string(demand.zone_count()) +
                                " zones, the network " + std::to_string(net.zone_count()));
  }
  for (net::ZoneId o : net.zones()) {
    std::vector<Destination> dests;
    for (net::ZoneId d : net.zones()) {
      const double t = demand(o, d);
      if (t > 0 && d != o && net.zone_centroid()[d] != net.zone_centroid()[o]) {
        dests.push_back({net.zone_centroid()[d], t});
      }
    }
    if (dests.empty()) continue;
    for (const Destination& d : dests) total_trips += d.trips;
    origins.push_back(o);
    origin_node.push_back(net.zone_centroid()[o]);
    destinations.push_back(std::move(dests));
  }
}

AllOrNothing::AllOrNothing(const net::RoadNetwork& net, const net::TripTable& demand,
                           Execution exec)
    : net_(net), od_(net, demand), exec_(exec) {
  const int threads = exec_.count();
  workers_.reserve(threads);
  for (int t = 0; t < threads; ++t) workers_.emplace_back(net);
  node_flow_.assign(threads, std::vector<double>(net.node_count(), 0.0));
  const std::size_t n = od_.origins.size();
  block_size_ = std::max<std::size_t>(1, (n + kBlocks - 1) / kBlocks);
  block_flow_.assign((n + block_size_ - 1) / block_size_, std::vector<double>(net.link_count()));
  origin_sptt_.assign(n, 0.0);
}

double AllOrNothing::load(std::span<const double> cost, std::span<double> flow) {
  return run<true>(cost, flow);
}

double AllOrNothing::sptt(std::span<const double> cost) { return run<false>(cost, {}); }

template <bool kLoad>
double AllOrNothing::run(std::span<const double> cost, std::span<double> flow) {
  const auto blocks = static_cast<std::int64_t>(block_flow_.size());
  const std::size_t n = od_.origins.size();
  // All available threads (Execution::threads 0) may have been raised since construction.
  const int threads = exec_.count();
  while (workers_.size() < static_cast<std::size_t>(threads)) {
    workers_.emplace_back(net_);
    node_flow_.emplace_back(net_.node_count(), 0.0);
  }
  std::string error;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (std::int64_t b = 0; b < blocks; ++b) {
    const int t = thread_id();
    Dijkstra& dij = workers_[t];
    std::vector<double>& block = block_flow_[b];
    std::vector<double>& node_flow = node_flow_[t];
    if constexpr (kLoad) std::fill(block.begin(), block.end(), 0.0);
    const std::size_t lo = b * block_size_, hi = std::min(n, lo + block_size_);
    for (std::size_t k = lo; k < hi; ++k) {
      dij.run(od_.origin_node[k], cost);
      double s = 0.0;
      for (const OdStructure::Destination& d : od_.destinations[k]) {
        const double c = dij.distance(d.node);
        if (c == Dijkstra::kUnreachable) {
#pragma omp critical(ouflow_aon_error)
          if (error.empty()) {
            error = "network '" + net_.metadata().name + "': no path from zone " +
                    std::to_string(net_.zone_external_id()[od_.origins[k]]) + " to node " +
                    std::to_string(net_.node_external_id()[d.node]) + " although it has demand";
          }
          continue;
        }
        s += d.trips * c;
        if constexpr (kLoad) node_flow[d.node.value()] += d.trips;
      }
      origin_sptt_[k] = s;
      if constexpr (kLoad) {
        // Push node flows to parents, farthest node first (reverse settle order).
        const auto order = dij.settle_order();
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
          const std::uint32_t v = it->value();
          const double f = node_flow[v];
          if (f == 0.0) continue;
          node_flow[v] = 0.0;
          const net::LinkId l = dij.parent_link(*it);
          if (!l.valid()) continue;  // the origin
          block[l.value()] += f;
          node_flow[net_.tail()[l].value()] += f;
        }
      }
    }
  }
  // Demand that no path can carry does not fit the network: bad input (exit 2 in the CLI).
  if (!error.empty()) throw std::invalid_argument(error);
  if constexpr (kLoad) {
    std::fill(flow.begin(), flow.end(), 0.0);
    for (const auto& block : block_flow_) {
      for (std::size_t l = 0; l < flow.size(); ++l) flow[l] += block[l];
    }
  }
  double total = 0.0;
  for (double s : origin_sptt_) total += s;
  return total;
}

}  // namespace ouflow::sim
