// One-to-all shortest-path trees per second: sim::Dijkstra against Boost.Graph's
// dijkstra_shortest_paths (through net::BglGraph) on the same graph, and the heap variants that
// sim::Dijkstra was chosen from, kept here only so that the choice can be re-measured:
//   variant_raw_*     decrease-key d-ary heap on raw arrays, sizes in locals (sim::Dijkstra's
//                     design; raw_8ary is its twin); *_indirect: heap of node ids, keys read
//                     from the distance array as in Boost's d_ary_heap_indirect
//   variant_vector_*  the same heap with its size kept in std::vector members (push/pop_back)
//   variant_lazy_*    no decrease-key: push (distance, node) on each improvement, skip stale
//                     entries; std::push_heap or std::priority_queue
//   *_id_tie          heap ordered by (distance, node id) instead of distance alone, which makes
//                     the choice among equally short paths independent of the heap's layout
//
// Input: the TNTP _net file named by OUFLOW_BENCH_NET; by default Berlin-Center from the shared
// data next to the repository (../shared/data/tntp/Berlin-Center), else Chicago Sketch from
// tests/data. Read with io::read_tntp_net; costs are its free-flow times in seconds.
// Sources: 64 zone centroids spread evenly over the zones (all nodes if there are no zones),
// cycled through, the same for every benchmark. Before anything is timed every variant and BGL
// are checked against sim::Dijkstra on those sources (the process exits 1 on a disagreement).
//
//   <variant>/<net>/all_through   every node passes traffic: the graph BGL sees
//   <variant>/<net>/tntp_through  TNTP's <FIRST THRU NODE> rule as read (no BGL: it cannot
//                                 express the rule)
//   <variant>/Grid/<k>            synthetic k x k grid, links both ways, fixed-seed integer
//                                 costs 1..100
//
// Run (items_per_second is trees per second; one tree is serial, so threads = 1):
//   OMP_NUM_THREADS=1 build/spbench/bench/ouflow_shortest_path_bench
//     --benchmark_repetitions=5 --benchmark_enable_random_interleaving=true   (one line)
// On a shared machine read the "_min" aggregate (the least disturbed repetition).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <limits>
#include <queue>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "networks/bgl_adapter.h"
#include "networks/io/tntp.h"
#include "networks/network_builder.h"
#include "networks/road_network.h"
#include "sim/road/shortest_path.h"

namespace {

using ouflow::net::LinkId;
using ouflow::net::NodeId;
using ouflow::net::RoadNetwork;

constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// Variants. Same contract as sim::Dijkstra (through rule, strict <, (distance, node id) heap
// order, reset of touched nodes only), so they must agree with it bit for bit.

struct Csr {
  explicit Csr(const RoadNetwork& net)
      : n(net.node_count()), first_out(net.first_out()), through(net.through_allowed().raw()) {
    head.reserve(net.link_count());
    for (NodeId h : net.head()) head.push_back(h.value());
  }
  std::uint32_t n;
  std::vector<std::uint32_t> first_out, head;
  std::vector<std::uint8_t> through;
};

// kTieById: order by (distance, node id); otherwise by distance alone (still deterministic, as
// every variant is, but the settle order of equal distances then depends on the heap's history).
enum class Tie { kById, kByIdBranchless, kNone };
template <Tie kTie>
inline bool before(double ka, std::uint32_t na, double kb, std::uint32_t nb) {
  if constexpr (kTie == Tie::kById) return ka < kb || (ka == kb && na < nb);
  if constexpr (kTie == Tie::kByIdBranchless) {
    return static_cast<bool>(static_cast<int>(ka < kb) |
                             (static_cast<int>(ka == kb) & static_cast<int>(na < nb)));
  }
  return ka < kb;
}

// D-ary heap with decrease-key and a position index; keys stored in the heap entries.
template <std::uint32_t kArity, Tie kTie = Tie::kById>
class VectorHeapDijkstra {
 public:
  explicit VectorHeapDijkstra(const Csr& g)
      : g_(&g), dist_(g.n, kInf), parent_(g.n, kNone), pos_(g.n, kNotReached) {
    heap_.reserve(g.n);
    touched_.reserve(g.n);
  }

  void run(std::uint32_t s, const double* cost) {
    for (std::uint32_t v : touched_) dist_[v] = kInf, parent_[v] = kNone, pos_[v] = kNotReached;
    touched_.clear();
    heap_.clear();
    dist_[s] = 0;
    touched_.push_back(s);
    push(s, 0.0);
    const std::uint32_t* fo = g_->first_out.data();
    const std::uint32_t* head = g_->head.data();
    const std::uint8_t* through = g_->through.data();
    while (!heap_.empty()) {
      const Entry top = pop();
      const std::uint32_t u = top.node;
      pos_[u] = kSettled;
      if (!through[u] && u != s) continue;
      for (std::uint32_t l = fo[u], e = fo[u + 1]; l < e; ++l) {
        const std::uint32_t v = head[l];
        const double dv = top.key + cost[l];
        if (!(dv < dist_[v])) continue;
        dist_[v] = dv;
        parent_[v] = l;
        if (pos_[v] == kNotReached) {
          touched_.push_back(v);
          push(v, dv);
        } else {
          sift_up(pos_[v], Entry{dv, v});
        }
      }
    }
  }
  const std::vector<double>& dist() const { return dist_; }
  const std::vector<std::uint32_t>& parent() const { return parent_; }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kNotReached = kNone, kSettled = kNone - 1;
  struct Entry {
    double key;
    std::uint32_t node;
  };
  void sift_up(std::uint32_t i, Entry e) {
    while (i > 0) {
      const std::uint32_t p = (i - 1) / kArity;
      if (!before<kTie>(e.key, e.node, heap_[p].key, heap_[p].node)) break;
      heap_[i] = heap_[p];
      pos_[heap_[i].node] = i;
      i = p;
    }
    heap_[i] = e;
    pos_[e.node] = i;
  }
  void push(std::uint32_t v, double k) {
    heap_.push_back(Entry{k, v});
    sift_up(static_cast<std::uint32_t>(heap_.size() - 1), Entry{k, v});
  }
  Entry pop() {
    const Entry top = heap_.front(), last = heap_.back();
    heap_.pop_back();
    const auto size = static_cast<std::uint32_t>(heap_.size());
    if (size == 0) return top;
    std::uint32_t i = 0;
    for (;;) {
      const std::uint32_t first = kArity * i + 1;
      if (first >= size) break;
      const std::uint32_t end = std::min(first + kArity, size);
      std::uint32_t best = first;
      double bk = heap_[first].key;
      std::uint32_t bn = heap_[first].node;
      for (std::uint32_t c = first + 1; c < end; ++c) {
        const double ck = heap_[c].key;
        const std::uint32_t cn = heap_[c].node;
        const bool better = before<kTie>(ck, cn, bk, bn);
        best = better ? c : best, bk = better ? ck : bk, bn = better ? cn : bn;
      }
      if (!before<kTie>(bk, bn, last.key, last.node)) break;
      heap_[i] = heap_[best];
      pos_[heap_[i].node] = i;
      i = best;
    }
    heap_[i] = last;
    pos_[last.node] = i;
    return top;
  }

  const Csr* g_;
  std::vector<double> dist_;
  std::vector<std::uint32_t> parent_, pos_, touched_;
  std::vector<Entry> heap_;
};

// Decrease-key d-ary heap on raw arrays with local sizes (no vector bookkeeping in the loop).
// kIndirect: the heap holds node ids only and reads keys from the distance array, as Boost's
// d_ary_heap_indirect does; otherwise (key, node) entries.
// The smallest child is picked with selects, which GCC turns into cmov/minsd; the same choice
// written as an `if` compiled to a branch in sim::Dijkstra and cost it 1.4x.
template <std::uint32_t kArity, bool kIndirect, Tie kTie = Tie::kNone>
class RawHeapDijkstra {
 public:
  explicit RawHeapDijkstra(const Csr& g)
      : g_(&g),
        dist_(g.n, kInf),
        parent_(g.n, kNone),
        pos_(g.n, kNotReached),
        touched_(g.n),
        heap_(g.n) {}

  void run(std::uint32_t s, const double* cost) {
    for (std::uint32_t i = 0; i < touched_count_; ++i) {
      const std::uint32_t v = touched_[i];
      dist_[v] = kInf, parent_[v] = kNone, pos_[v] = kNotReached;
    }
    const std::uint32_t* fo = g_->first_out.data();
    const std::uint32_t* head = g_->head.data();
    const std::uint8_t* through = g_->through.data();
    double* dist = dist_.data();
    std::uint32_t* parent = parent_.data();
    std::uint32_t* pos = pos_.data();
    std::uint32_t* touched = touched_.data();
    Entry* heap = heap_.data();
    std::uint32_t touched_count = 0, size = 0;

    auto key = [&](const Entry& e) {
      if constexpr (kIndirect) {
        return dist[e];
      } else {
        return e.key;
      }
    };
    auto node = [](const Entry& e) {
      if constexpr (kIndirect) {
        return e;
      } else {
        return e.node;
      }
    };
    auto make = [](double k, std::uint32_t v) {
      if constexpr (kIndirect) {
        static_cast<void>(k);
        return v;
      } else {
        return Entry{k, v};
      }
    };
    auto sift_up = [&](std::uint32_t i, Entry e) {
      const double k = key(e);
      const std::uint32_t n = node(e);
      while (i > 0) {
        const std::uint32_t p = (i - 1) / kArity;
        if (!before<kTie>(k, n, key(heap[p]), node(heap[p]))) break;
        heap[i] = heap[p];
        pos[node(heap[i])] = i;
        i = p;
      }
      heap[i] = e;
      pos[node(e)] = i;
    };

    dist[s] = 0;
    touched[touched_count++] = s;
    heap[size++] = make(0.0, s);
    pos[s] = 0;
    while (size > 0) {
      const Entry top = heap[0];
      const Entry last = heap[--size];
      if (size > 0) {
        const double lk = key(last);
        const std::uint32_t ln = node(last);
        std::uint32_t i = 0;
        for (;;) {
          const std::uint32_t first = kArity * i + 1;
          if (first >= size) break;
          const std::uint32_t end = std::min(first + kArity, size);
          std::uint32_t best = first;
          double bk = key(heap[first]);
          std::uint32_t bn = node(heap[first]);
          for (std::uint32_t c = first + 1; c < end; ++c) {
            const double ck = key(heap[c]);
            const std::uint32_t cn = node(heap[c]);
            const bool better = before<kTie>(ck, cn, bk, bn);
            best = better ? c : best, bk = better ? ck : bk, bn = better ? cn : bn;
          }
          if (!before<kTie>(bk, bn, lk, ln)) break;
          heap[i] = heap[best];
          pos[node(heap[i])] = i;
          i = best;
        }
        heap[i] = last;
        pos[node(last)] = i;
      }
      const std::uint32_t u = node(top);
      const double du = kIndirect ? dist[u] : key(top);
      pos[u] = kSettled;
      if (!through[u] && u != s) continue;
      for (std::uint32_t l = fo[u], e = fo[u + 1]; l < e; ++l) {
        const std::uint32_t v = head[l];
        const double dv = du + cost[l];
        if (!(dv < dist[v])) continue;
        dist[v] = dv;
        parent[v] = l;
        if (pos[v] == kNotReached) {
          touched[touched_count++] = v;
          sift_up(size++, make(dv, v));
        } else {
          sift_up(pos[v], make(dv, v));
        }
      }
    }
    touched_count_ = touched_count;
  }
  const std::vector<double>& dist() const { return dist_; }
  const std::vector<std::uint32_t>& parent() const { return parent_; }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  static constexpr std::uint32_t kNotReached = kNone, kSettled = kNone - 1;
  struct KeyedEntry {
    double key;
    std::uint32_t node;
  };
  using Entry = std::conditional_t<kIndirect, std::uint32_t, KeyedEntry>;

  const Csr* g_;
  std::vector<double> dist_;
  std::vector<std::uint32_t> parent_, pos_, touched_;
  std::vector<Entry> heap_;
  std::uint32_t touched_count_ = 0;
};

// Lazy deletion: push (distance, node) on every improvement, skip stale entries when popped.
// kStdQueue: std::priority_queue; otherwise std::push_heap/pop_heap on a member vector.
// kTieById: heap order (distance, node id); otherwise distance alone.
template <bool kStdQueue, bool kTieById>
class LazyDijkstra {
 public:
  explicit LazyDijkstra(const Csr& g) : g_(&g), dist_(g.n, kInf), parent_(g.n, kNone) {
    touched_.reserve(g.n);
    heap_.reserve(g.head.size() + 1);
  }

  void run(std::uint32_t s, const double* cost) {
    for (std::uint32_t v : touched_) dist_[v] = kInf, parent_[v] = kNone;
    touched_.clear();
    dist_[s] = 0;
    touched_.push_back(s);
    push({0.0, s});
    const std::uint32_t* fo = g_->first_out.data();
    const std::uint32_t* head = g_->head.data();
    const std::uint8_t* through = g_->through.data();
    while (!empty()) {
      const Item top = pop();
      const std::uint32_t u = top.second;
      if (top.first > dist_[u]) continue;  // stale; a node's live entry holds dist_[u] exactly
      if (!through[u] && u != s) continue;
      for (std::uint32_t l = fo[u], e = fo[u + 1]; l < e; ++l) {
        const std::uint32_t v = head[l];
        const double dv = top.first + cost[l];
        if (!(dv < dist_[v])) continue;
        if (dist_[v] == kInf) touched_.push_back(v);
        dist_[v] = dv;
        parent_[v] = l;
        push({dv, v});
      }
    }
  }
  const std::vector<double>& dist() const { return dist_; }
  const std::vector<std::uint32_t>& parent() const { return parent_; }

 private:
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
  using Item = std::pair<double, std::uint32_t>;  // (distance, node)
  struct Greater {
    bool operator()(const Item& a, const Item& b) const {
      if constexpr (kTieById) return a > b;
      return a.first > b.first;
    }
  };
  bool empty() const {
    if constexpr (kStdQueue) return queue_.empty();
    return heap_.empty();
  }
  void push(Item x) {
    if constexpr (kStdQueue) {
      queue_.push(x);
    } else {
      heap_.push_back(x);
      std::push_heap(heap_.begin(), heap_.end(), Greater{});
    }
  }
  Item pop() {
    if constexpr (kStdQueue) {
      const Item x = queue_.top();
      queue_.pop();
      return x;
    } else {
      std::pop_heap(heap_.begin(), heap_.end(), Greater{});
      const Item x = heap_.back();
      heap_.pop_back();
      return x;
    }
  }

  const Csr* g_;
  std::vector<double> dist_;
  std::vector<std::uint32_t> parent_, touched_;
  std::vector<Item> heap_;
  std::priority_queue<Item, std::vector<Item>, Greater> queue_;
};

// ---------------------------------------------------------------------------------------------
// Inputs.

struct Input {
  std::string name;
  RoadNetwork net;
  std::vector<double> cost;
  std::vector<NodeId> sources;
};

std::vector<NodeId> spread_sources(const RoadNetwork& net) {
  const std::uint32_t pool = net.zone_count() > 0 ? net.zone_count() : net.node_count();
  const std::uint32_t k = std::min<std::uint32_t>(64, pool);
  std::vector<NodeId> s;
  for (std::uint32_t i = 0; i < k; ++i) {
    const auto j = static_cast<std::uint32_t>(std::uint64_t{i} * pool / k);
    s.push_back(net.zone_count() > 0 ? net.zone_centroid()[ouflow::net::ZoneId{j}] : NodeId{j});
  }
  return s;
}

// LinkSpec by assignment: designated initializers would leave `name` to
// -Wmissing-field-initializers. Capacity plays no part here.
ouflow::net::LinkSpec link_spec(std::int64_t id, std::int64_t from, std::int64_t to, double fft_s) {
  ouflow::net::LinkSpec s;
  s.external_id = id;
  s.from = from;
  s.to = to;
  s.free_flow_time_s = fft_s;
  s.capacity_vph = 1.0;
  return s;
}

// The same network with every node open to through traffic.
RoadNetwork all_through(const RoadNetwork& net) {
  ouflow::net::NetworkBuilder b;
  for (NodeId v : net.nodes()) b.add_node({.external_id = net.node_external_id()[v]});
  for (LinkId l : net.links()) {
    b.add_link(link_spec(net.link_external_id()[l], net.node_external_id()[net.tail()[l]],
                         net.node_external_id()[net.head()[l]], net.free_flow_time_s()[l]));
  }
  return b.build();
}

RoadNetwork grid(std::uint32_t k) {
  ouflow::net::NetworkBuilder b;
  std::mt19937_64 rng(20240601);
  for (std::uint32_t i = 0; i < k * k; ++i) b.add_node({.external_id = i});
  auto link = [&](std::uint32_t u, std::uint32_t v) {
    b.add_link(link_spec(b.link_count(), u, v, static_cast<double>(1 + rng() % 100)));
  };
  for (std::uint32_t r = 0; r < k; ++r) {
    for (std::uint32_t c = 0; c < k; ++c) {
      const std::uint32_t u = r * k + c;
      if (c + 1 < k) link(u, u + 1), link(u + 1, u);
      if (r + 1 < k) link(u, u + k), link(u + k, u);
    }
  }
  return b.build();
}

std::filesystem::path bench_net_path() {
  if (const char* env = std::getenv("OUFLOW_BENCH_NET")) return env;
  const std::filesystem::path root = OUFLOW_SOURCE_DIR;
  const auto berlin = root / "../shared/data/tntp/Berlin-Center/berlin-center_net.tntp";
  if (std::filesystem::exists(berlin)) return berlin.lexically_normal();
  return root / "tests/data/tntp/Chicago-Sketch/ChicagoSketch_net.tntp";
}

// ---------------------------------------------------------------------------------------------
// Checks and benchmarks.

// same_parents: the variant orders its heap like sim::Dijkstra, so distances and parents must be
// bit-identical; otherwise equal distances within 1e-9 (relative) are enough.
template <class Variant>
void check_variant(const char* what, const Input& in, bool same_parents) {
  const Csr g(in.net);
  Variant var(g);
  ouflow::sim::Dijkstra ref(in.net);
  for (NodeId s : in.sources) {
    ref.run(s, in.cost);
    var.run(s.value(), in.cost.data());
    for (NodeId v : in.net.nodes()) {
      const double a = ref.distance(v), b = var.dist()[v.value()];
      const bool same = same_parents
                            ? a == b && ref.parent_link(v).value() == var.parent()[v.value()]
                            : a == b || std::abs(a - b) <= 1e-9 * std::max(1.0, a);
      if (!same) {
        std::fprintf(stderr, "%s disagrees with sim::Dijkstra on %s (source %u, node %u)\n", what,
                     in.name.c_str(), s.value(), v.value());
        std::exit(1);
      }
    }
  }
}

void check_boost(const Input& in) {
  const ouflow::net::BglGraph bgl(in.net);
  ouflow::sim::Dijkstra ref(in.net);
  for (NodeId s : in.sources) {
    ref.run(s, in.cost);
    if (bgl.dijkstra(s, in.cost) != ref.distances()) {
      std::fprintf(stderr, "Boost disagrees with sim::Dijkstra on %s (source %u)\n",
                   in.name.c_str(), s.value());
      std::exit(1);
    }
  }
}

void set_counters(benchmark::State& state, const Input& in) {
  state.SetItemsProcessed(state.iterations());  // trees
  state.counters["nodes"] = in.net.node_count();
  state.counters["links"] = in.net.link_count();
}

void bm_ours(benchmark::State& state, const Input* in) {
  ouflow::sim::Dijkstra d(in->net);
  std::size_t k = 0;
  for (auto _ : state) {
    d.run(in->sources[k++ % in->sources.size()], in->cost);
    benchmark::DoNotOptimize(d.distances().data());
    benchmark::ClobberMemory();
  }
  set_counters(state, *in);
}

void bm_boost(benchmark::State& state, const Input* in) {
  const ouflow::net::BglGraph bgl(in->net);
  std::vector<double> dist(in->net.node_count());
  std::size_t k = 0;
  for (auto _ : state) {
    bgl.dijkstra(in->sources[k++ % in->sources.size()], in->cost, dist);
    benchmark::DoNotOptimize(dist.data());
    benchmark::ClobberMemory();
  }
  set_counters(state, *in);
}

template <class Variant>
void bm_variant(benchmark::State& state, const Input* in) {
  const Csr g(in->net);
  Variant var(g);
  std::size_t k = 0;
  for (auto _ : state) {
    var.run(in->sources[k++ % in->sources.size()].value(), in->cost.data());
    benchmark::DoNotOptimize(var.dist().data());
    benchmark::ClobberMemory();
  }
  set_counters(state, *in);
}

// Adds a "min" aggregate to --benchmark_repetitions runs: on a shared machine the fastest
// repetition is the least disturbed one.
void with_min(benchmark::internal::Benchmark* b) {
  b->ComputeStatistics(
      "min", [](const std::vector<double>& v) { return *std::min_element(v.begin(), v.end()); });
}

template <class Variant>
void add_variant(const char* name, const Input* in, bool same_parents) {
  check_variant<Variant>(name, *in, same_parents);
  with_min(benchmark::RegisterBenchmark((std::string(name) + "/" + in->name).c_str(),
                                        bm_variant<Variant>, in));
}

// with_boost: false where BGL would compute something else (TNTP's through rule).
void register_all(const Input* in, bool with_boost) {
  with_min(benchmark::RegisterBenchmark(("sim_Dijkstra/" + in->name).c_str(), bm_ours, in));
  if (with_boost) {
    check_boost(*in);
    with_min(benchmark::RegisterBenchmark(("boost_dijkstra_shortest_paths/" + in->name).c_str(),
                                          bm_boost, in));
  }
  // variant_raw_8ary is sim::Dijkstra's twin and must agree with it bit for bit, parents
  // included; the others may settle nodes of equal distance in another order (another heap
  // shape), so only their distances are compared.
  add_variant<RawHeapDijkstra<8, false>>("variant_raw_8ary", in, true);
  add_variant<RawHeapDijkstra<4, false>>("variant_raw_4ary", in, false);
  add_variant<RawHeapDijkstra<2, false>>("variant_raw_binary", in, false);
  add_variant<RawHeapDijkstra<8, true>>("variant_raw_8ary_indirect", in, true);
  add_variant<RawHeapDijkstra<4, true>>("variant_raw_4ary_indirect", in, false);
  add_variant<RawHeapDijkstra<2, true>>("variant_raw_binary_indirect", in, false);
  add_variant<RawHeapDijkstra<8, false, Tie::kById>>("variant_raw_8ary_id_tie", in, false);
  add_variant<RawHeapDijkstra<8, false, Tie::kByIdBranchless>>("variant_raw_8ary_id_tie_branchless",
                                                               in, false);
  add_variant<RawHeapDijkstra<4, false, Tie::kById>>("variant_raw_4ary_id_tie", in, false);
  add_variant<RawHeapDijkstra<2, false, Tie::kById>>("variant_raw_binary_id_tie", in, false);
  add_variant<VectorHeapDijkstra<8, Tie::kNone>>("variant_vector_8ary", in, true);
  add_variant<VectorHeapDijkstra<4, Tie::kNone>>("variant_vector_4ary", in, false);
  add_variant<VectorHeapDijkstra<2, Tie::kNone>>("variant_vector_binary", in, false);
  add_variant<VectorHeapDijkstra<4, Tie::kById>>("variant_vector_4ary_id_tie", in, false);
  add_variant<LazyDijkstra<false, false>>("variant_lazy_push_heap", in, false);
  add_variant<LazyDijkstra<false, true>>("variant_lazy_push_heap_id_tie", in, false);
  add_variant<LazyDijkstra<true, true>>("variant_lazy_std_priority_queue_id_tie", in, false);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  const std::filesystem::path path = bench_net_path();
  RoadNetwork file_net;
  try {
    file_net = ouflow::io::read_tntp_net(path, std::nullopt);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "cannot read %s: %s\n", path.string().c_str(), e.what());
    return 1;
  }
  const std::string stem = path.stem().string();
  benchmark::AddCustomContext("network", path.string());
  const char* omp = std::getenv("OMP_NUM_THREADS");
  benchmark::AddCustomContext("OMP_NUM_THREADS", omp ? omp : "unset");
  benchmark::AddCustomContext("threads", "1 (each tree is serial)");

  std::vector<Input> inputs;
  inputs.reserve(4);
  auto add = [&](std::string name, RoadNetwork net, std::vector<NodeId> sources) {
    std::vector<double> cost = net.free_flow_time_s().raw();
    inputs.push_back({std::move(name), std::move(net), std::move(cost), std::move(sources)});
  };
  const std::vector<NodeId> sources = spread_sources(file_net);
  add(stem + "/all_through", all_through(file_net), sources);
  add(stem + "/tntp_through", std::move(file_net), sources);
  for (std::uint32_t k : {64u, 256u}) {
    RoadNetwork g = grid(k);
    std::vector<NodeId> s = spread_sources(g);
    add("Grid/" + std::to_string(k), std::move(g), std::move(s));
  }
  register_all(&inputs[0], true);
  register_all(&inputs[1], false);
  register_all(&inputs[2], true);
  register_all(&inputs[3], true);

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
