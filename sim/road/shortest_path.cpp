#include "sim/road/shortest_path.h"

#include <algorithm>
#include <cassert>
#include <stdexcept>
#include <string>

namespace ouflow::sim {
namespace {

// The heap: 8-ary, decrease-key with a position index, (distance, node) entries ordered by
// distance alone, on arrays sized once with its size in a local. Chosen with
// bench/shortest_path_bench.cpp: CPU time per one-to-all tree, free-flow costs, threads = 1,
// fastest of 5 interleaved repetitions (GCC 12 -O3, AMD EPYC VM, 2 cores shared with builds):
//
//                                 Chicago Sketch   Berlin-Center   grid 64x64   grid 256x256
//                                 933 n, 2950 l    12981 n, 28376  4096 n       65536 n
//   8-ary (this)                        37 us           755 us        209 us       6.2 ms
//   4-ary                            38-45 us           768 us        212 us       5.8 ms
//   binary                              45 us           944 us        270 us       6.9 ms
//   8-ary, size in std::vector        38.5 us           768 us        216 us       5.6 ms
//   8-ary, heap of ids (as Boost's)     39 us           779 us        215 us       6.5 ms
//   best heap ordered by (dist, id)     64 us          1327 us        410 us       9.4 ms
//   lazy, std::push_heap                68 us          1316 us        458 us      11.5 ms
//   lazy, std::priority_queue, (d,id)   70 us          1420 us        511 us      12.9 ms
//   boost::dijkstra_shortest_paths      62 us          1078 us        349 us       9.0 ms
//
// 4-ary and 8-ary are within noise of each other (the 256x256 grid run above favoured 4-ary;
// in a 12-repetition head-to-head 8-ary won on every input by 1-5%). What matters more is that
// the smallest child is picked with selects (see below) and that ties are not broken by id.
constexpr std::uint32_t kArity = 8;

[[noreturn, gnu::cold]] void negative_cost(std::uint32_t link, double cost) {
  throw std::invalid_argument("shortest path: link " + std::to_string(link) +
                              " has a negative cost (" + std::to_string(cost) + ")");
}

}  // namespace

Dijkstra::Dijkstra(const net::RoadNetwork& net)
    : net_(&net),
      distance_(net.node_count(), kUnreachable),
      parent_(net.node_count(), net::LinkId::invalid()),
      heap_pos_(net.node_count(), kNotReached),
      heap_(net.node_count()),
      touched_(net.node_count()),
      settle_order_(net.node_count()),
      is_target_(net.node_count(), 0) {}

void Dijkstra::start(net::NodeId source, std::span<const double> link_cost) {
  const std::uint32_t n = net_->node_count();
  if (!source.valid() || source.value() >= n) {
    throw std::invalid_argument("shortest path: source node " + std::to_string(source.value()) +
                                " is not in the network of " + std::to_string(n) + " nodes");
  }
  if (link_cost.size() != net_->link_count()) {
    throw std::invalid_argument("shortest path: " + std::to_string(link_cost.size()) +
                                " link costs for " + std::to_string(net_->link_count()) + " links");
  }
#ifndef NDEBUG
  for (double c : link_cost) assert(c >= 0 && "link costs must be non-negative");
#endif
  for (std::uint32_t i = 0; i < touched_count_; ++i) {
    const std::uint32_t v = touched_[i];
    distance_[v] = kUnreachable;
    parent_[v] = net::LinkId::invalid();
    heap_pos_[v] = kNotReached;
  }
  source_ = source;
  distance_[source.value()] = 0.0;
  touched_[0] = source.value();
  touched_count_ = 1;
  settled_count_ = 0;
}

template <bool kStopAtTargets>
void Dijkstra::scan(std::span<const double> link_cost) {
  // Everything in locals and raw pointers; counters are written back at the end.
  const std::uint32_t* const first_out = net_->first_out().data();
  const net::NodeId* const head = net_->head().data();
  const std::uint8_t* const through = net_->through_allowed().data();
  const std::uint8_t* const is_target = is_target_.data();
  const double* const cost = link_cost.data();
  double* const dist = distance_.data();
  net::LinkId* const parent = parent_.data();
  std::uint32_t* const pos = heap_pos_.data();
  HeapEntry* const heap = heap_.data();
  std::uint32_t* const touched = touched_.data();
  net::NodeId* const order = settle_order_.data();
  std::uint32_t touched_count = touched_count_, settled = 0, targets_left = targets_left_;
  const std::uint32_t s = source_.value();

  // Moves entry `e` up from slot i to its place.
  auto sift_up = [heap, pos](std::uint32_t i, HeapEntry e) {
    while (i > 0) {
      const std::uint32_t p = (i - 1) / kArity;
      if (!(e.key < heap[p].key)) break;
      heap[i] = heap[p];
      pos[heap[i].node] = i;
      i = p;
    }
    heap[i] = e;
    pos[e.node] = i;
  };

  std::uint32_t size = 1;
  heap[0] = HeapEntry{0.0, s};
  pos[s] = 0;
  while (size > 0) {
    const HeapEntry top = heap[0];
    const HeapEntry last = heap[--size];
    if (size > 0) {  // sift `last` down from the root
      std::uint32_t i = 0;
      for (;;) {
        const std::uint32_t first = kArity * i + 1;
        if (first >= size) break;
        const std::uint32_t end = std::min(first + kArity, size);
        std::uint32_t best = first;
        double best_key = heap[first].key;
        for (std::uint32_t c = first + 1; c < end; ++c) {
          // Selects, not an `if`: GCC 12 then emits cmov/minsd; the `if` form compiled to a
          // branch that mispredicts about every other time (1.4x slower trees, Chicago Sketch).
          const double k = heap[c].key;
          const bool better = k < best_key;
          best = better ? c : best;
          best_key = better ? k : best_key;
        }
        if (!(best_key < last.key)) break;
        heap[i] = heap[best];
        pos[heap[i].node] = i;
        i = best;
      }
      heap[i] = last;
      pos[last.node] = i;
    }

    const std::uint32_t u = top.node;
    pos[u] = kSettled;
    order[settled++] = net::NodeId{u};
    if constexpr (kStopAtTargets) {
      if (is_target[u] && --targets_left == 0) break;
    }
    if (!through[u] && u != s) continue;  // reached, but no path continues out of it
    const double du = top.key;
    for (std::uint32_t l = first_out[u], end = first_out[u + 1]; l < end; ++l) {
      const std::uint32_t v = head[l].value();
      const double dv = du + cost[l];
      if (!(dv < dist[v])) continue;  // strict: the first label of equal cost stays
      const std::uint32_t p = pos[v];
      if (p == kSettled) {
        touched_count_ = touched_count;  // so that the next run resets what this one touched
        negative_cost(l, cost[l]);
      }
      dist[v] = dv;
      parent[v] = net::LinkId{l};
      if (p == kNotReached) {
        touched[touched_count++] = v;
        sift_up(size++, HeapEntry{dv, v});  // at most node_count() entries: each node once
      } else {
        sift_up(p, HeapEntry{dv, v});
      }
    }
  }
  touched_count_ = touched_count;
  settled_count_ = settled;
  targets_left_ = targets_left;
}

void Dijkstra::run(net::NodeId source, std::span<const double> link_cost) {
  start(source, link_cost);
  scan<false>(link_cost);
}

void Dijkstra::run_to_targets(net::NodeId source, std::span<const double> link_cost,
                              std::span<const net::NodeId> targets) {
  const std::uint32_t n = net_->node_count();
  for (net::NodeId t : targets) {
    if (!t.valid() || t.value() >= n) {
      throw std::invalid_argument("shortest path: target node " + std::to_string(t.value()) +
                                  " is not in the network of " + std::to_string(n) + " nodes");
    }
  }
  start(source, link_cost);
  // Marks are cleared on every way out, exceptions included.
  struct ClearMarks {
    std::vector<std::uint8_t>& marks;
    std::span<const net::NodeId> targets;
    ~ClearMarks() {
      for (net::NodeId t : targets) marks[t.value()] = 0;
    }
  } clear_marks{is_target_, targets};
  targets_left_ = 0;
  for (net::NodeId t : targets) {
    if (!is_target_[t.value()]) {
      is_target_[t.value()] = 1;
      ++targets_left_;
    }
  }
  if (targets_left_ == 0) {  // nothing wanted: settle the source only
    heap_pos_[source.value()] = kSettled;
    settle_order_[0] = source;
    settled_count_ = 1;
    return;
  }
  scan<true>(link_cost);
}

bool Dijkstra::path_to(net::NodeId target, std::vector<net::LinkId>& links) const {
  links.clear();
  if (!target.valid() || target.value() >= net_->node_count() || !reached(target)) return false;
  // Parents always point to nodes settled earlier, so this walk ends at the source.
  for (net::NodeId v = target; v != source_;) {
    const net::LinkId l = parent_[v.value()];
    links.push_back(l);
    v = net_->tail()[l];
  }
  std::reverse(links.begin(), links.end());
  return true;
}

}  // namespace ouflow::sim
