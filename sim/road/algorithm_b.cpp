#include "sim/road/algorithm_b.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>
#include <fstream>
#include <istream>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <system_error>

#include "networks/input_error.h"
#include "networks/io/atomic_file.h"
#include "sim/execution.h"
#include "sim/road/shortest_path.h"

namespace ouflow::sim {
namespace {

constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();
constexpr double kInf = std::numeric_limits<double>::infinity();

// A link joins a bush when it shortens the longest path to its head by more than this (relative).
constexpr double kAddTolerance = 1e-12;
// A node is equilibrated when its longest used path costs more than its shortest by this.
constexpr double kNodeTolerance = 1e-13;
// A shift happens when the max segment costs more than the min segment by this (relative).
constexpr double kShiftTolerance = 1e-15;
// A flow left on a max-segment link below this fraction of the shift is rounding: set to 0.
constexpr double kResidue = 1e-13;
// Bush links or nodes (summed over origins) below which bushes are built and updated on one
// thread.
constexpr std::size_t kParallelWork = 100000;

// Bush files.
constexpr char kMagic[8] = {'O', 'U', 'F', 'B', 'U', 'S', 'H', '\n'};
constexpr std::uint32_t kVersion = 1;
constexpr std::uint32_t kEndianMark = 0x01020304;

struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void bytes(const void* p, std::size_t n) {
    const auto* c = static_cast<const unsigned char*>(p);
    for (std::size_t i = 0; i < n; ++i) {
      h ^= c[i];
      h *= 0x100000001b3ULL;
    }
  }
  void u32(std::uint32_t v) { bytes(&v, sizeof v); }
};

// Writes to a stream and hashes what it writes.
class Writer {
 public:
  explicit Writer(std::ostream& out) : out_(out) {}
  void raw(const void* p, std::size_t n) {
    out_.write(static_cast<const char*>(p), static_cast<std::streamsize>(n));
    hash_.bytes(p, n);
  }
  void u32(std::uint32_t v) { raw(&v, sizeof v); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  template <class T>
  void array(const std::vector<T>& v) {
    raw(v.data(), v.size() * sizeof(T));
  }
  // Appends the hash of everything written so far.
  void checksum() {
    const std::uint64_t h = hash_.h;
    out_.write(reinterpret_cast<const char*>(&h), sizeof h);
  }

 private:
  std::ostream& out_;
  Fnv hash_;
};

// Reads the body of a bush file (its last 8 bytes are the checksum) with bounds checks.
class Reader {
 public:
  Reader(const std::filesystem::path& file, std::istream& in, std::uint64_t body)
      : file_(file), in_(in), left_(body) {}
  void raw(void* p, std::size_t n, const char* field) {
    if (n > left_) fail(field, "file is truncated");
    in_.read(static_cast<char*>(p), static_cast<std::streamsize>(n));
    if (!in_) fail(field, "cannot read the bush file");
    left_ -= n;
  }
  std::uint32_t u32(const char* field) {
    std::uint32_t v;
    raw(&v, sizeof v, field);
    return v;
  }
  std::uint64_t u64(const char* field) {
    std::uint64_t v;
    raw(&v, sizeof v, field);
    return v;
  }
  template <class T>
  void array(std::vector<T>& v, std::size_t n, const char* field) {
    if (n > left_ / sizeof(T)) fail(field, "file is truncated");
    v.resize(n);
    raw(v.data(), n * sizeof(T), field);
  }
  bool at_end() const { return left_ == 0; }
  [[noreturn]] void fail(const char* field, const std::string& what) const {
    throw InputError(file_, 0, field, what);
  }

 private:
  const std::filesystem::path& file_;
  std::istream& in_;
  std::uint64_t left_;
};

}  // namespace

// An origin's bush in CSR form over its topological order: position p holds node order[p]
// (order[0] is the root) and its bush in-links [first[p], first[p+1]), each with its link id,
// the position of its tail (always < p) and the origin's flow on it.
//
// Only nodes with two or more in-links ("merges") ever have distinct min- and max-path
// predecessors, so shift passes label only the relevant positions `rel`: the merges and
// everything upstream of them, ascending (the root first when there is any merge).
struct AlgorithmB::Bush {
  std::vector<std::uint32_t> order, first, link, tail_pos;
  std::vector<double> flow;
  std::vector<std::uint32_t> rel;
  void find_relevant(std::vector<std::uint8_t>& flag) {
    const std::uint32_t n = size();
    std::fill(flag.begin(), flag.begin() + n, std::uint8_t{0});
    for (std::uint32_t p = n; p-- > 1;) {
      if (first[p + 1] - first[p] >= 2) flag[p] = 1;
      if (!flag[p]) continue;
      for (std::uint32_t k = first[p]; k < first[p + 1]; ++k) flag[tail_pos[k]] = 1;
    }
    rel.clear();
    for (std::uint32_t p = 0; p < n; ++p) {
      if (flag[p]) rel.push_back(p);
    }
  }
  std::uint32_t size() const { return static_cast<std::uint32_t>(order.size()); }
};

// One shift pass over an origin: min- and max-path predecessor per relevant position (an index
// into the bush's link arrays), and the merges to equilibrate, last first.
struct AlgorithmB::Plan {
  std::vector<std::uint32_t> min_pred, max_pred, nodes;
};

struct AlgorithmB::Workspace {
  struct Added {
    std::uint32_t head_pos, link, tail_pos;
  };
  explicit Workspace(std::size_t nodes, std::size_t links)
      : lo(nodes),
        hi(nodes),
        need(nodes),
        min_pred(nodes),
        max_pred(nodes),
        pos_of(nodes, kNone),
        indeg(nodes),
        out_first(nodes + 1),
        new_of_old(nodes),
        flag(nodes),
        mark(links, 0) {}
  std::vector<double> lo, hi, need;
  std::vector<std::uint32_t> min_pred, max_pred, pos_of, indeg, out_first, new_of_old;
  std::vector<std::uint8_t> flag, mark;
  std::vector<Added> added_u, added_l;
  // Merged CSR while a bush is rebuilt, and the out-lists of Kahn's sort.
  std::vector<std::uint32_t> first, link, tail_pos, out_head, queue, old_order;
  std::vector<double> flow;
};

namespace {

// Labels of one node from its bush in-links: lo = shortest path cost (all bush links), hi =
// longest path cost over links with flow, or, with kKeptMax, over links with flow and the
// node's min-path predecessor (the links a bush update keeps). Where no in-link qualifies, hi
// follows the min-path predecessor.
template <bool kKeptMax>
inline void label_node(std::uint32_t p, const std::uint32_t* first, const std::uint32_t* link,
                       const std::uint32_t* tail, const double* flow, const double* cost,
                       double* lo, double* hi, std::uint32_t* min_pred, std::uint32_t* max_pred,
                       std::uint8_t* used) {
  double best = kInf, worst = -kInf;
  std::uint32_t bk = first[p], wk = kNone;
  for (std::uint32_t k = first[p], e = first[p + 1]; k < e; ++k) {
    const double c = cost[link[k]];
    const std::uint32_t t = tail[k];
    const double a = lo[t] + c;
    if (a < best) {
      best = a;
      bk = k;
    }
    if (flow[k] > 0.0) {
      const double u = hi[t] + c;
      if (u > worst) {
        worst = u;
        wk = k;
      }
    }
  }
  lo[p] = best;
  min_pred[p] = bk;
  if (used) used[p] = wk != kNone;
  const double via_min = hi[tail[bk]] + cost[link[bk]];
  if (wk == kNone || (kKeptMax && via_min > worst)) {
    hi[p] = via_min;
    max_pred[p] = bk;
  } else {
    hi[p] = worst;
    max_pred[p] = wk;
  }
}

// Labels of every node (kAll) or of the bush's relevant nodes only, in topological order;
// used[p] (when given) tells whether any in-link of p carries flow.
template <bool kKeptMax, bool kAll, class B>
void labels(const B& b, const double* cost, double* lo, double* hi, std::uint32_t* min_pred,
            std::uint32_t* max_pred, std::uint8_t* used = nullptr) {
  const std::uint32_t* first = b.first.data();
  const std::uint32_t* link = b.link.data();
  const std::uint32_t* tail = b.tail_pos.data();
  const double* flow = b.flow.data();
  lo[0] = hi[0] = 0.0;
  min_pred[0] = max_pred[0] = kNone;
  if (used) used[0] = 1;
  if constexpr (kAll) {
    for (std::uint32_t p = 1, n = b.size(); p < n; ++p) {
      label_node<kKeptMax>(p, first, link, tail, flow, cost, lo, hi, min_pred, max_pred, used);
    }
  } else {
    for (std::size_t i = 1, n = b.rel.size(); i < n; ++i) {
      label_node<kKeptMax>(b.rel[i], first, link, tail, flow, cost, lo, hi, min_pred, max_pred,
                           used);
    }
  }
}

}  // namespace

AlgorithmB::AlgorithmB(const net::RoadNetwork& net, const OdStructure& od,
                       const LinkPerformance& perf, AlgorithmBOptions options)
    : net_(net), od_(od), perf_(perf), options_(options), plan_(std::make_unique<Plan>()) {
  if (perf.link_count() != net.link_count()) {
    throw std::invalid_argument("algorithm b: link performance has " +
                                std::to_string(perf.link_count()) + " links, the network " +
                                std::to_string(net.link_count()));
  }
  if (options_.max_sweeps < 1 || !(options_.sweep_tolerance >= 0.0)) {
    throw std::invalid_argument("algorithm b: max_sweeps must be >= 1, sweep_tolerance >= 0");
  }
  const std::size_t m = net.link_count();
  x_.assign(m, 0.0);
  cost_.assign(m, 0.0);
  der_.assign(m, 0.0);
}

AlgorithmB::~AlgorithmB() = default;

int AlgorithmB::ensure_workspaces() {
  const int threads = std::max(1, options_.exec.count());
  while (ws_.size() < static_cast<std::size_t>(threads)) {
    ws_.emplace_back(net_.node_count() + 1, net_.link_count());
  }
  return threads;
}

void AlgorithmB::check_initialized(const char* what) const {
  if (!ready_) {
    throw std::logic_error(std::string("algorithm b: ") + what +
                           " before initialize() or load_bushes()");
  }
}

std::uint64_t AlgorithmB::fingerprint() const {
  Fnv h;
  h.bytes("ouflow bushes", 13);
  h.u32(net_.node_count());
  h.u32(net_.link_count());
  h.u32(net_.zone_count());
  for (net::LinkId l : net_.links()) {
    h.u32(net_.tail()[l].value());
    h.u32(net_.head()[l].value());
  }
  h.bytes(net_.through_allowed().data(), net_.node_count());
  h.u32(static_cast<std::uint32_t>(od_.origins.size()));
  for (std::size_t o = 0; o < od_.origins.size(); ++o) {
    h.u32(od_.origins[o].value());
    h.u32(od_.origin_node[o].value());
  }
  return h.h;
}

std::size_t AlgorithmB::bush_link_count() const {
  std::size_t s = 0;
  for (const Bush& b : bushes_) s += b.link.size();
  return s;
}

void AlgorithmB::sum_flows() {
  std::fill(x_.begin(), x_.end(), 0.0);
  double* x = x_.data();
  for (const Bush& b : bushes_) {
    const std::uint32_t* link = b.link.data();
    const double* flow = b.flow.data();
    for (std::size_t k = 0, e = b.link.size(); k < e; ++k) x[link[k]] += flow[k];
  }
}

// Serial: a few nanoseconds per link, less than waking a thread team on any network we have.
void AlgorithmB::refresh_costs() {
  for (std::size_t l = 0; l < x_.size(); ++l) {
    cost_[l] = perf_.cost(l, x_[l]);
    der_[l] = perf_.derivative(l, x_[l]);
  }
}

void AlgorithmB::initialize() {
  const std::size_t no = od_.origins.size();
  const std::size_t m = net_.link_count();
  std::vector<double> free_flow(m);
  for (std::size_t l = 0; l < m; ++l) {
    free_flow[l] = perf_.cost(l, 0.0);
    // Checked here: Dijkstra would throw inside the parallel loop, where nothing can catch it.
    if (!(free_flow[l] >= 0.0)) {
      throw std::invalid_argument(
          "algorithm b: link " +
          std::to_string(net_.link_external_id()[net::LinkId{static_cast<std::uint32_t>(l)}]) +
          " has a negative or undefined free-flow cost");
    }
  }
  const int threads = ensure_workspaces();
  std::vector<Bush> bushes(no);
  std::vector<Dijkstra> dijkstra(ws_.size(), Dijkstra(net_));
  std::vector<std::uint32_t> missing(no, kNone);  // an unreached destination node, per origin
  const auto n_origins = static_cast<std::int64_t>(no);
  const bool parallel = no * net_.node_count() >= kParallelWork;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) default(none) \
    shared(n_origins, bushes, dijkstra, missing, free_flow) if (parallel)
  for (std::int64_t oi = 0; oi < n_origins; ++oi) {
    const auto o = static_cast<std::size_t>(oi);
    const int t = thread_id();
    Dijkstra& dij = dijkstra[static_cast<std::size_t>(t)];
    Workspace& ws = ws_[static_cast<std::size_t>(t)];
    dij.run(od_.origin_node[o], free_flow);
    const auto order = dij.settle_order();
    const auto n = static_cast<std::uint32_t>(order.size());
    Bush& b = bushes[o];
    b.order.resize(n);
    for (std::uint32_t p = 0; p < n; ++p) {
      b.order[p] = order[p].value();
      ws.pos_of[b.order[p]] = p;
      ws.need[p] = 0.0;
    }
    b.first.resize(n + 1);
    b.link.resize(n > 0 ? n - 1 : 0);
    b.tail_pos.resize(b.link.size());
    b.flow.assign(b.link.size(), 0.0);
    b.first[0] = 0;
    for (std::uint32_t p = 1; p <= n; ++p) b.first[p] = p - 1;
    for (std::uint32_t p = 1; p < n; ++p) {
      const net::LinkId l = dij.parent_link(order[p]);
      b.link[p - 1] = l.value();
      b.tail_pos[p - 1] = ws.pos_of[net_.tail()[l].value()];
    }
    for (const OdStructure::Destination& d : od_.destinations[o]) {
      const std::uint32_t q = ws.pos_of[d.node.value()];
      if (q == kNone) {
        if (missing[o] == kNone) missing[o] = d.node.value();
        continue;
      }
      ws.need[q] += d.trips;
    }
    for (std::uint32_t p = n; p-- > 1;) {
      b.flow[p - 1] = ws.need[p];
      ws.need[b.tail_pos[p - 1]] += ws.need[p];
    }
    for (std::uint32_t v : b.order) ws.pos_of[v] = kNone;
    b.find_relevant(ws.flag);
  }
  for (std::size_t o = 0; o < no; ++o) {
    if (missing[o] != kNone) {
      throw std::invalid_argument(  // the demand does not fit the network: bad input
          "network '" + net_.metadata().name + "': no path from zone " +
          std::to_string(net_.zone_external_id()[od_.origins[o]]) + " to node " +
          std::to_string(net_.node_external_id()[net::NodeId{missing[o]}]) +
          " although it has demand");
    }
  }
  bushes_ = std::move(bushes);
  sum_flows();
  refresh_costs();
  ready_ = true;
}

// Bush update at `cost`: drops unused links (keeping every node's min-path link), adds the
// shortcuts, restores a topological order when needed and finds the relevant positions.
void AlgorithmB::update_bush(std::size_t origin, std::span<const double> cost, Workspace& ws) {
  Bush& b = bushes_[origin];
  const std::uint32_t n = b.size();
  if (n <= 1) return;
  const double* c = cost.data();
  double* lo = ws.lo.data();
  double* hi = ws.hi.data();
  std::uint32_t* min_pred = ws.min_pred.data();
  std::uint8_t* used = ws.flag.data();
  labels<true, true>(b, c, lo, hi, min_pred, ws.max_pred.data(), used);
  // Keep links with flow and every node's min-path link; every kept link (i,j) has
  // hi_j >= hi_i + c_ij, so adding links with hi_i + c_ij < hi_j keeps the bush acyclic (all
  // links go forward in the (hi, position) order). When there is no such link, links that
  // shorten a min path and go forward in the current order are added instead.
  std::uint8_t* mark = ws.mark.data();
  std::uint32_t* pos_of = ws.pos_of.data();
  std::size_t removed = 0;
  for (std::uint32_t p = 0; p < n; ++p) pos_of[b.order[p]] = p;
  for (std::uint32_t p = 1; p < n; ++p) {
    for (std::uint32_t k = b.first[p]; k < b.first[p + 1]; ++k) {
      if (b.flow[k] > 0.0 || k == min_pred[p]) {
        mark[b.link[k]] = 1;
      } else {
        ++removed;
      }
    }
  }
  ws.added_u.clear();
  ws.added_l.clear();
  const std::uint8_t* through = net_.through_allowed().data();
  const std::uint32_t* first_out = net_.first_out().data();
  const net::NodeId* head = net_.head().data();
  for (std::uint32_t p = 0; p < n; ++p) {
    const std::uint32_t i = b.order[p];
    if (p != 0 && !through[i]) continue;
    const double ui = hi[p], li = lo[p];
    for (std::uint32_t l = first_out[i]; l < first_out[i + 1]; ++l) {
      if (mark[l]) continue;
      const std::uint32_t q = pos_of[head[l].value()];
      if (q == kNone || q == 0) continue;
      const double uj = hi[q];
      const bool shorter = li + c[l] < lo[q] - kAddTolerance * lo[q];
      if (ui + c[l] < uj - kAddTolerance * uj && (used[q] || shorter)) {
        // Into a node without flow, only a link that shortens its min path is worth having
        // (it becomes the node's min-path link); others would be dropped unused next time.
        ws.added_u.push_back({q, l, p});
      } else if (shorter && q > p) {
        ws.added_l.push_back({q, l, p});
      }
    }
  }
  auto& added = ws.added_u.empty() ? ws.added_l : ws.added_u;

  if (removed > 0 || !added.empty()) {
    std::sort(added.begin(), added.end(), [](const Workspace::Added& a, const Workspace::Added& z) {
      return a.head_pos != z.head_pos ? a.head_pos < z.head_pos : a.link < z.link;
    });
    bool reorder = false;
    for (const auto& a : added) reorder |= a.tail_pos > a.head_pos;
    // Merged in-lists, old numbering: kept links in their order, then the new ones.
    const std::size_t links = b.link.size() - removed + added.size();
    ws.first.resize(n + 1);
    ws.link.resize(links);
    ws.tail_pos.resize(links);
    ws.flow.resize(links);
    std::size_t w = 0, a = 0;
    ws.first[0] = 0;
    ws.first[1] = 0;
    for (std::uint32_t p = 1; p < n; ++p) {
      for (std::uint32_t k = b.first[p]; k < b.first[p + 1]; ++k) {
        if (!mark[b.link[k]]) continue;
        ws.link[w] = b.link[k];
        ws.tail_pos[w] = b.tail_pos[k];
        ws.flow[w] = b.flow[k];
        ++w;
      }
      for (; a < added.size() && added[a].head_pos == p; ++a) {
        ws.link[w] = added[a].link;
        ws.tail_pos[w] = added[a].tail_pos;
        ws.flow[w] = 0.0;
        ++w;
      }
      ws.first[p + 1] = static_cast<std::uint32_t>(w);
    }
    if (!reorder) {
      b.first.swap(ws.first);
      b.link.swap(ws.link);
      b.tail_pos.swap(ws.tail_pos);
      b.flow.swap(ws.flow);
    } else {
      // Kahn's topological sort of the merged bush (FIFO, out-links in in-list order).
      std::uint32_t* out_first = ws.out_first.data();
      std::uint32_t* indeg = ws.indeg.data();
      std::fill(out_first, out_first + n + 1, 0u);
      for (std::size_t k = 0; k < links; ++k) ++out_first[ws.tail_pos[k] + 1];
      for (std::uint32_t p = 0; p < n; ++p) out_first[p + 1] += out_first[p];
      ws.out_head.resize(links);
      for (std::uint32_t p = 0; p < n; ++p) indeg[p] = ws.first[p + 1] - ws.first[p];
      {
        // Fill using indeg-independent cursors: reuse new_of_old as the cursor array.
        std::uint32_t* cursor = ws.new_of_old.data();
        std::copy(out_first, out_first + n, cursor);
        for (std::uint32_t p = 1; p < n; ++p) {
          for (std::uint32_t k = ws.first[p]; k < ws.first[p + 1]; ++k) {
            ws.out_head[cursor[ws.tail_pos[k]]++] = p;
          }
        }
      }
      ws.queue.resize(n);
      std::uint32_t qh = 0, qt = 0;
      ws.queue[qt++] = 0;
      while (qh < qt) {
        const std::uint32_t p = ws.queue[qh++];
        for (std::uint32_t e = out_first[p]; e < out_first[p + 1]; ++e) {
          const std::uint32_t q = ws.out_head[e];
          if (--indeg[q] == 0) ws.queue[qt++] = q;
        }
      }
      // Every link goes forward in the (hi, position) order, so the sort reaches every node. Were
      // it ever not so, the old bush (still untouched) would stay as it is.
      assert(qt == n && "bush update made a cycle");
      if (qt == n) {
        std::uint32_t* new_of_old = ws.new_of_old.data();
        for (std::uint32_t p = 0; p < n; ++p) new_of_old[ws.queue[p]] = p;
        // Lay the bush out in the new order (ws.queue[new] = old).
        ws.old_order.assign(b.order.begin(), b.order.end());
        for (std::uint32_t p = 0; p < n; ++p) b.order[p] = ws.old_order[ws.queue[p]];
        b.link.resize(links);
        b.tail_pos.resize(links);
        b.flow.resize(links);
        std::size_t k2 = 0;
        for (std::uint32_t p = 0; p < n; ++p) {
          const std::uint32_t old = ws.queue[p];
          for (std::uint32_t k = ws.first[old]; k < ws.first[old + 1]; ++k) {
            b.link[k2] = ws.link[k];
            b.tail_pos[k2] = new_of_old[ws.tail_pos[k]];
            b.flow[k2] = ws.flow[k];
            ++k2;
          }
          b.first[p + 1] = static_cast<std::uint32_t>(k2);
        }
      }
    }
  }
  if (removed > 0 || !added.empty()) b.find_relevant(ws.flag);
  for (const Workspace::Added& a : ws.added_u) mark[a.link] = 0;
  for (const Workspace::Added& a : ws.added_l) mark[a.link] = 0;
  for (std::uint32_t v : b.order) pos_of[v] = kNone;
  for (std::uint32_t l : b.link) mark[l] = 0;
}

// Labels of the relevant positions at the live costs and the merges to equilibrate.
void AlgorithmB::plan(std::size_t origin, Workspace& ws, Plan& plan) const {
  const Bush& b = bushes_[origin];
  const std::uint32_t n = b.size();
  plan.min_pred.resize(n);
  plan.max_pred.resize(n);
  plan.nodes.clear();
  if (b.rel.size() <= 1) return;
  double* lo = ws.lo.data();
  double* hi = ws.hi.data();
  labels<false, false>(b, cost_.data(), lo, hi, plan.min_pred.data(), plan.max_pred.data());
  for (std::size_t i = b.rel.size(); i-- > 1;) {
    const std::uint32_t p = b.rel[i];
    if (plan.max_pred[p] != plan.min_pred[p] && hi[p] - lo[p] > kNodeTolerance * hi[p]) {
      plan.nodes.push_back(p);
    }
  }
}

// Newton shifts along the plan's segments at live costs; returns the sum of shift x cost
// difference (twice the objective decrease to first order).
double AlgorithmB::shift(std::size_t origin, const Plan& plan) {
  double progress = 0.0;
  double total = 0.0;
  for (const OdStructure::Destination& d : od_.destinations[origin]) total += d.trips;
  const double tiny = kResidue * total;  // flows at or below are rounding residue
  Bush& b = bushes_[origin];
  const std::uint32_t* link = b.link.data();
  const std::uint32_t* tail = b.tail_pos.data();
  double* flow = b.flow.data();
  const std::uint32_t* min_pred = plan.min_pred.data();
  const std::uint32_t* max_pred = plan.max_pred.data();
  double* x = x_.data();
  double* cost = cost_.data();
  double* der = der_.data();
  for (std::uint32_t p : plan.nodes) {
    // Both paths back to their last common node: step the one further down the order.
    seg_min_.clear();
    seg_max_.clear();
    std::uint32_t kmin = min_pred[p], kmax = max_pred[p];
    seg_min_.push_back(kmin);
    seg_max_.push_back(kmax);
    std::uint32_t a = tail[kmin], z = tail[kmax];
    while (a != z) {
      if (a > z) {
        kmin = min_pred[a];
        seg_min_.push_back(kmin);
        a = tail[kmin];
      } else {
        kmax = max_pred[z];
        seg_max_.push_back(kmax);
        z = tail[kmax];
      }
    }
    double cmin = 0.0, dmin = 0.0, cmax = 0.0, dmax = 0.0, cap = kInf;
    for (std::uint32_t k : seg_max_) {
      const std::uint32_t l = link[k];
      cmax += cost[l];
      dmax += der[l];
      cap = std::min(cap, flow[k]);
    }
    if (!(cap > tiny)) {
      // An earlier shift emptied the max path, or left rounding residue on it (flows of 1e-25
      // whose upstream is already 0): clear the residue so that the next labels find the max
      // path among links that carry flow. Otherwise the merge keeps a max path that can never
      // shift and the bush update keeps an inflated U that blocks the shortcuts (a stall).
      for (std::uint32_t k : seg_max_) {
        if (flow[k] > 0.0 && flow[k] <= tiny) {
          const std::uint32_t l = link[k];
          x[l] = std::max(0.0, x[l] - flow[k]);
          flow[k] = 0.0;
          cost[l] = perf_.cost(l, x[l]);
          der[l] = perf_.derivative(l, x[l]);
        }
      }
      continue;
    }
    for (std::uint32_t k : seg_min_) {
      const std::uint32_t l = link[k];
      cmin += cost[l];
      dmin += der[l];
    }
    const double diff = cmax - cmin;
    if (!(diff > kShiftTolerance * cmax)) continue;
    const double d = dmax + dmin;
    const double delta = d > 0.0 ? std::min(cap, diff / d) : cap;
    progress += delta * diff;
    for (std::uint32_t k : seg_max_) {
      const double f = flow[k] - delta;
      flow[k] = f < kResidue * delta ? 0.0 : f;
      const std::uint32_t l = link[k];
      x[l] -= delta;
      cost[l] = perf_.cost(l, x[l]);
      der[l] = perf_.derivative(l, x[l]);
    }
    for (std::uint32_t k : seg_min_) {
      flow[k] += delta;
      const std::uint32_t l = link[k];
      x[l] += delta;
      cost[l] = perf_.cost(l, x[l]);
      der[l] = perf_.derivative(l, x[l]);
    }
  }
  return progress;
}

void AlgorithmB::iterate() {
  check_initialized("iterate()");
  const int threads = ensure_workspaces();
  const std::size_t no = od_.origins.size();
  if (no == 0) return;
  // Bush updates change no flow, so all of them read the same costs and run in parallel
  // (when there is enough work to be worth a thread team).
  const auto n_origins = static_cast<std::int64_t>(no);
  const bool parallel = bush_link_count() >= kParallelWork;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) default(none) \
    shared(n_origins) if (parallel)
  for (std::int64_t o = 0; o < n_origins; ++o) {
    update_bush(static_cast<std::size_t>(o), cost_, ws_[static_cast<std::size_t>(thread_id())]);
  }
  // Shift sweeps: Gauss-Seidel over the origins in order, at live costs.
  double first = 0.0;
  for (int sweep = 0; sweep < options_.max_sweeps; ++sweep) {
    double progress = 0.0;
    for (std::size_t o = 0; o < no; ++o) {
      plan(o, ws_[0], *plan_);
      progress += shift(o, *plan_);
    }
    if (sweep == 0) {
      first = progress;
    } else if (progress <= options_.sweep_tolerance * first) {
      break;
    }
  }
  sum_flows();
  refresh_costs();
}

void AlgorithmB::validate(double tolerance) const {
  check_initialized("validate()");
  const std::uint32_t nn = net_.node_count();
  std::vector<std::uint32_t> pos(nn, kNone);
  std::vector<double> balance(nn, 0.0);
  const auto fail = [](std::size_t o, const std::string& what) {
    throw InvariantError("algorithm b: bush of origin " + std::to_string(o) + ": " + what);
  };
  for (std::size_t o = 0; o < bushes_.size(); ++o) {
    const Bush& b = bushes_[o];
    const std::uint32_t n = b.size();
    if (n == 0 || b.order[0] != od_.origin_node[o].value()) fail(o, "root is not the origin");
    if (b.first.size() != n + 1 || b.first[0] != 0 || b.first[n] != b.link.size() ||
        b.tail_pos.size() != b.link.size() || b.flow.size() != b.link.size()) {
      fail(o, "inconsistent arrays");
    }
    for (std::uint32_t p = 0; p < n; ++p) {
      if (b.order[p] >= nn || pos[b.order[p]] != kNone) fail(o, "bad or repeated node");
      pos[b.order[p]] = p;
    }
    if (b.first[1] != 0) fail(o, "the root has in-links");
    double total = 0.0;
    for (const OdStructure::Destination& d : od_.destinations[o]) {
      if (pos[d.node.value()] == kNone) fail(o, "destination not in the bush");
      balance[d.node.value()] += d.trips;
      total += d.trips;
    }
    balance[b.order[0]] -= total;
    for (std::uint32_t p = 1; p < n; ++p) {
      if (b.first[p + 1] < b.first[p]) fail(o, "inconsistent arrays");
      if (b.first[p + 1] == b.first[p]) fail(o, "node without in-link");
      for (std::uint32_t k = b.first[p]; k < b.first[p + 1]; ++k) {
        const net::LinkId l{b.link[k]};
        if (b.link[k] >= net_.link_count() || net_.head()[l].value() != b.order[p]) {
          fail(o, "link does not enter its node");
        }
        const std::uint32_t t = b.tail_pos[k];
        if (t >= p || net_.tail()[l].value() != b.order[t]) fail(o, "not topological");
        if (t != 0 && !net_.through_allowed()[net::NodeId{b.order[t]}]) {
          fail(o, "a link leaves a node without through traffic");
        }
        if (!(b.flow[k] >= 0.0) || !std::isfinite(b.flow[k])) fail(o, "bad flow");
        balance[b.order[p]] -= b.flow[k];
        balance[b.order[t]] += b.flow[k];
      }
    }
    for (std::uint32_t v : b.order) {
      if (std::abs(balance[v]) > tolerance) {
        fail(o, "flow not conserved at node " +
                    std::to_string(net_.node_external_id()[net::NodeId{v}]) + " (off by " +
                    std::to_string(balance[v]) + ")");
      }
      balance[v] = 0.0;
      pos[v] = kNone;
    }
  }
}

void AlgorithmB::save_bushes(const std::filesystem::path& file) const {
  check_initialized("save_bushes()");
  io::AtomicOutput out(file, true);
  Writer w(out.stream());
  w.raw(kMagic, sizeof kMagic);
  w.u32(kVersion);
  w.u32(kEndianMark);
  w.u64(fingerprint());
  w.u32(net_.node_count());
  w.u32(net_.link_count());
  w.u32(static_cast<std::uint32_t>(bushes_.size()));
  for (std::size_t o = 0; o < bushes_.size(); ++o) {
    const Bush& b = bushes_[o];
    w.u32(od_.origins[o].value());
    w.u32(b.size());
    w.u32(static_cast<std::uint32_t>(b.link.size()));
    w.array(b.order);
    w.array(b.first);
    w.array(b.link);
    w.array(b.flow);
  }
  w.checksum();
  out.commit();
}

bool AlgorithmB::load_bushes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file, 0, "", "cannot open the bush file");
  std::error_code ec;
  const std::uint64_t size = std::filesystem::file_size(file, ec);
  if (ec) throw InputError(file, 0, "", "cannot read the bush file: " + ec.message());
  char magic[sizeof kMagic] = {};
  if (size < sizeof kMagic + 16 || !in.read(magic, sizeof magic) ||
      std::memcmp(magic, kMagic, sizeof kMagic) != 0) {
    throw InputError(file, 0, "magic", "not an ouflow bush file");
  }
  Reader r(file, in, size - sizeof kMagic - 8);
  const std::uint32_t version = r.u32("version");
  if (version != kVersion) {
    r.fail("version", "bush file version " + std::to_string(version) + ", this build reads " +
                          std::to_string(kVersion));
  }
  if (r.u32("endianness") != kEndianMark) r.fail("endianness", "written on another byte order");
  {
    // The checksum first, in a pass of its own: a corrupt file is reported as such rather than
    // by whatever its damage happens to break.
    std::ifstream whole(file, std::ios::binary);
    Fnv h;
    std::vector<char> chunk(1 << 16);
    for (std::uint64_t left = size - 8; left > 0;) {
      const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(left, chunk.size()));
      if (!whole.read(chunk.data(), static_cast<std::streamsize>(n))) {
        r.fail("", "cannot read the bush file");
      }
      h.bytes(chunk.data(), n);
      left -= n;
    }
    std::uint64_t stored = 0;
    if (!whole.read(reinterpret_cast<char*>(&stored), sizeof stored)) {
      r.fail("", "cannot read the bush file");
    }
    if (h.h != stored) r.fail("checksum", "checksum mismatch: the file is corrupt or truncated");
  }
  if (r.u64("fingerprint") != fingerprint()) {
    r.fail("fingerprint", "the bushes belong to another network or origin set");
  }
  const std::uint32_t nn = r.u32("node_count");
  const std::uint32_t m = r.u32("link_count");
  const std::uint32_t no = r.u32("origin_count");
  if (nn != net_.node_count()) {
    r.fail("node_count",
           std::to_string(nn) + " nodes, the network has " + std::to_string(net_.node_count()));
  }
  if (m != net_.link_count()) {
    r.fail("link_count",
           std::to_string(m) + " links, the network has " + std::to_string(net_.link_count()));
  }
  if (no != od_.origins.size()) {
    r.fail("origin_count",
           std::to_string(no) + " origins, the demand has " + std::to_string(od_.origins.size()));
  }
  ensure_workspaces();  // the serial reading below uses ws_[0]
  Workspace& ws = ws_[0];
  std::vector<Bush> bushes(no);
  const std::uint8_t* through = net_.through_allowed().data();
  for (std::uint32_t o = 0; o < no; ++o) {
    Bush& b = bushes[o];
    const std::string where = "origin " + std::to_string(o) + ": ";
    auto bad = [&](const char* field, const std::string& what) { r.fail(field, where + what); };
    if (r.u32("origin") != od_.origins[o].value()) bad("origin", "another zone");
    const std::uint32_t n = r.u32("bush_nodes");
    const std::uint32_t links = r.u32("bush_links");
    if (n == 0 || n > nn) bad("bush_nodes", "bad node count");
    if (links > m) bad("bush_links", "bad link count");
    r.array(b.order, n, "order");
    r.array(b.first, static_cast<std::size_t>(n) + 1, "first");
    r.array(b.link, links, "link");
    r.array(b.flow, links, "flow");
    b.tail_pos.resize(links);
    std::uint32_t* pos_of = ws.pos_of.data();
    struct Clear {
      const Bush& b;
      std::uint32_t* pos_of;
      std::uint32_t nn;
      ~Clear() {
        for (std::uint32_t v : b.order) {
          if (v < nn) pos_of[v] = kNone;
        }
      }
    } clear{b, pos_of, nn};
    if (b.order[0] != od_.origin_node[o].value()) bad("order", "the root is not the origin");
    for (std::uint32_t p = 0; p < n; ++p) {
      const std::uint32_t v = b.order[p];
      if (v >= nn) bad("order", "node out of range");
      if (pos_of[v] != kNone) bad("order", "repeated node");
      pos_of[v] = p;
    }
    if (b.first[0] != 0 || b.first[1] != 0 || b.first[n] != links) bad("first", "bad offsets");
    for (std::uint32_t p = 1; p < n; ++p) {
      if (b.first[p + 1] <= b.first[p]) bad("first", "a node without in-link");
      for (std::uint32_t k = b.first[p]; k < b.first[p + 1]; ++k) {
        const std::uint32_t l = b.link[k];
        if (l >= m || net_.head()[net::LinkId{l}].value() != b.order[p]) {
          bad("link", "a link that does not enter its node");
        }
        const std::uint32_t t = pos_of[net_.tail()[net::LinkId{l}].value()];
        if (t == kNone || t >= p) bad("link", "not in topological order (or its tail is missing)");
        if (t != 0 && !through[b.order[t]])
          bad("link", "a link leaves a node without through traffic");
        if (!(b.flow[k] >= 0.0) || !std::isfinite(b.flow[k])) bad("flow", "negative or not finite");
        b.tail_pos[k] = t;
      }
    }
    for (const OdStructure::Destination& d : od_.destinations[o]) {
      if (pos_of[d.node.value()] == kNone) {
        bad("order", "destination node " + std::to_string(net_.node_external_id()[d.node]) +
                         " is not in the bush");
      }
    }
  }
  if (!r.at_end()) r.fail("", "trailing bytes after the last bush");
  return adopt(std::move(bushes));
}

struct BushSnapshot {
  std::uint64_t fingerprint = 0;
  std::vector<AlgorithmB::Bush> bushes;
};

// Takes valid bushes: re-balanced to the current demand (in parallel; each origin on its own),
// relevant nodes found, link flows and costs summed. Returns whether any origin was re-balanced.
bool AlgorithmB::adopt(std::vector<Bush> bushes) {
  const int threads = ensure_workspaces();
  bushes_ = std::move(bushes);
  const std::size_t no = bushes_.size();
  std::vector<std::uint8_t> repaired(no, 0);
  const auto n_origins = static_cast<std::int64_t>(no);
  const bool parallel = bush_link_count() >= kParallelWork;
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) default(none) \
    shared(n_origins, repaired) if (parallel)
  for (std::int64_t oi = 0; oi < n_origins; ++oi) {
    const auto o = static_cast<std::size_t>(oi);
    Workspace& ws = ws_[static_cast<std::size_t>(thread_id())];
    repaired[o] = rebalance(o, ws) ? 1 : 0;
    bushes_[o].find_relevant(ws.flag);
  }
  sum_flows();
  refresh_costs();
  ready_ = true;
  return std::find(repaired.begin(), repaired.end(), std::uint8_t{1}) != repaired.end();
}

bool AlgorithmB::restore_bushes(const BushSnapshot& snapshot) {
  const std::size_t no = od_.origins.size();
  if (snapshot.fingerprint != fingerprint() || snapshot.bushes.size() != no) return false;
  // Bushes reach every node reachable from their root, so this holds unless the snapshot came
  // from a network where a destination was unreachable; checked all the same.
  const int threads = ensure_workspaces();
  std::vector<std::uint8_t> ok(no, 1);
  const auto n_origins = static_cast<std::int64_t>(no);
#pragma omp parallel for schedule(dynamic, 1) num_threads(threads) default(none) \
    shared(n_origins, ok, snapshot)
  for (std::int64_t oi = 0; oi < n_origins; ++oi) {
    const auto o = static_cast<std::size_t>(oi);
    std::uint32_t* pos_of = ws_[static_cast<std::size_t>(thread_id())].pos_of.data();
    const Bush& b = snapshot.bushes[o];
    for (std::uint32_t p = 0; p < b.size(); ++p) pos_of[b.order[p]] = p;
    for (const OdStructure::Destination& d : od_.destinations[o]) {
      if (pos_of[d.node.value()] == kNone) ok[o] = 0;
    }
    for (std::uint32_t v : b.order) pos_of[v] = kNone;
  }
  if (std::find(ok.begin(), ok.end(), std::uint8_t{0}) != ok.end()) return false;
  adopt(snapshot.bushes);
  return true;
}

std::shared_ptr<BushSnapshot> AlgorithmB::release_bushes() {
  check_initialized("release_bushes()");
  auto s = std::make_shared<BushSnapshot>();
  s->fingerprint = fingerprint();
  s->bushes = std::move(bushes_);
  bushes_.clear();
  ready_ = false;
  return s;
}

// Re-balances an origin's bush flows to its current demand when they do not match it: at every
// node (last first) the required inflow is split over the in-links in proportion to their flows
// (all on the first in-link when none has flow). Returns whether it did.
bool AlgorithmB::rebalance(std::size_t origin, Workspace& ws) {
  Bush& b = bushes_[origin];
  const std::uint32_t n = b.size();
  double* need = ws.need.data();
  std::uint32_t* pos_of = ws.pos_of.data();
  for (std::uint32_t p = 0; p < n; ++p) {
    pos_of[b.order[p]] = p;
    need[p] = 0.0;
  }
  double total = 0.0;
  for (const OdStructure::Destination& d : od_.destinations[origin]) {
    need[pos_of[d.node.value()]] += d.trips;
    total += d.trips;
  }
  for (std::uint32_t v : b.order) pos_of[v] = kNone;
  // Current imbalance: inflow - outflow - demand at each node but the root.
  std::vector<double> balance(need, need + n);
  for (double& v : balance) v = -v;
  for (std::uint32_t p = 1; p < n; ++p) {
    for (std::uint32_t k = b.first[p]; k < b.first[p + 1]; ++k) {
      balance[p] += b.flow[k];
      balance[b.tail_pos[k]] -= b.flow[k];
    }
  }
  const double tol = 1e-10 * std::max(1.0, total);
  bool off = false;
  for (std::uint32_t p = 1; p < n && !off; ++p) off = std::abs(balance[p]) > tol;
  if (!off) return false;
  for (std::uint32_t p = n; p-- > 1;) {
    const double want = need[p];
    double have = 0.0;
    for (std::uint32_t k = b.first[p]; k < b.first[p + 1]; ++k) have += b.flow[k];
    for (std::uint32_t k = b.first[p]; k < b.first[p + 1]; ++k) {
      if (have > 0.0) {
        b.flow[k] = want * (b.flow[k] / have);
      } else {
        b.flow[k] = k == b.first[p] ? want : 0.0;
      }
      need[b.tail_pos[k]] += b.flow[k];
    }
  }
  return true;
}

}  // namespace ouflow::sim
