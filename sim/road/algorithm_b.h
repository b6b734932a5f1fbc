// Dial's Algorithm B (Dial 2006, Transp. Res. B 40; Boyles, Lownes & Unnikrishnan, "Transportation
// Network Analysis", ch. 6): bush-based user equilibrium with Newton flow shifts.
//
// Each origin owns a bush: an acyclic set of links rooted at its zone node that reaches every node
// reachable from it, with the origin's flow on each bush link. A zone node that carries no through
// traffic (RoadNetwork::through_allowed() == 0) other than the root is a sink of every bush. The
// link flow is the sum of the bush flows.
//
// One iterate() is:
//   1. every bush is updated: links without flow are dropped (each node keeps its min-path
//      link, so every node stays reached) and the links (i,j) with U_i + c_ij < U_j are added,
//      U the longest path over the kept links; every kept link has U_j >= U_i + c_ij, so the
//      bush stays acyclic (into a node without flow only if the link also shortens its min
//      path; when no link qualifies, min-path shortcuts that go forward in the current
//      topological order are added instead). A bush update moves no flow.
//   2. shift sweeps, Gauss-Seidel over the origins in order at live costs: a pass over an
//      origin computes min- and max-cost labels in topological order (only at merges, nodes with
//      two or more bush in-links, and upstream of them: elsewhere both paths coincide), then,
//      at every merge whose longest used path costs more than its shortest (last first), moves
//      flow from the max-path segment to the min-path segment back to their last common node by
//      a Newton step (cost difference over the sum of link cost derivatives), capped by the
//      smallest bush flow on the max segment; with a zero derivative sum (constant-cost links)
//      the whole capped amount moves. Link costs and derivatives follow every shift. Sweeps stop
//      when one achieves little compared with the first (AlgorithmBOptions).
//   3. link flows are re-summed from the bushes in origin order and the costs recomputed.
//
// Parallelism and determinism: the bush updates (phase 1) change only their own bush and read
// the same costs, so they run in parallel (OpenMP, dynamic schedule, one workspace per thread)
// with results independent of the thread count; initialize() builds the trees the same way. The
// shift sweeps are serial (the cheap part once passes label only the merges; a pipeline that
// overlapped one batch's shifts with the next batch's labels converged no better per iteration
// and needed a barrier per batch, which made it 10-50 times slower whenever another process held
// a core). Sums run in a fixed order, no
// floating-point reduction clause. Link flows are bit-identical for any number of threads.
// Small problems (under 100,000 bush links or origin-nodes) run on one thread.
//
// Numerical safeguards: bush flows never go negative (a shift is capped by the max segment's
// smallest flow, and what rounding leaves below 1e-13 of the shift is set to 0); link flows are
// re-summed from the bushes after every iteration, so they do not drift; the shortcut test and
// the shift test carry small relative tolerances so that bushes do not churn on rounding.
//
// Bush files (save_bushes/load_bushes): binary, native byte order (a marker rejects files from
// the other order), with a magic, a format version, a fingerprint of the graph (node and link
// counts, every link's tail and head, through flags) and of the origins, and an FNV-1a checksum
// of the whole file. Capacities, costs and demand are not part of the fingerprint, so a
// file warm-starts a network whose link parameters or demand changed; flows are re-balanced to
// the current demand on load.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

#include "networks/road_network.h"
#include "sim/execution.h"
#include "sim/road/all_or_nothing.h"
#include "sim/road/link_performance.h"

namespace ouflow::sim {

// Bushes held in memory between two assignments on the same graph and origins (e.g. the
// iterations of a demand feedback loop, whose demand changes a little each time): the in-memory
// counterpart of a bush file. Opaque; made by AlgorithmB::release_bushes().
struct BushSnapshot;

struct AlgorithmBOptions {
  // Shift sweeps over all origins per iterate(): at most max_sweeps, and no more once a sweep
  // achieves less than sweep_tolerance times the first sweep's progress (sum over shifts of
  // amount x cost difference).
  int max_sweeps = 64;
  double sweep_tolerance = 1e-3;
  // Threads of the bush updates, initialization and warm starts (the sweeps are serial).
  Execution exec = {};
};

class AlgorithmB {
 public:
  // Keeps references to all three, which must outlive this object and stay unchanged.
  AlgorithmB(const net::RoadNetwork& net, const OdStructure& od, const LinkPerformance& perf,
             AlgorithmBOptions options = {});
  ~AlgorithmB();
  AlgorithmB(const AlgorithmB&) = delete;
  AlgorithmB& operator=(const AlgorithmB&) = delete;

  // Bushes are the shortest-path trees at free-flow cost, loaded all-or-nothing. Throws
  // std::runtime_error naming an OD pair with demand but no path.
  void initialize();

  // Warm start from a file written by save_bushes(). Throws ouflow::InputError naming the file
  // when it cannot be read, is not a bush file, has another version, belongs to another graph or
  // origin set (fingerprint, node/link/origin counts), or fails validation (acyclic, rooted,
  // through rule, flows finite and non-negative, every destination reached). Returns true when
  // the saved flows did not match the current demand and were re-balanced to it (proportionally
  // to the saved link flows at every node), false when they were used as saved.
  bool load_bushes(const std::filesystem::path& file);

  // Writes the bushes atomically (the file appears whole or not at all).
  void save_bushes(const std::filesystem::path& file) const;

  // Warm start from bushes released by an earlier AlgorithmB. When they belong to this graph and
  // origin set (fingerprint) and reach every destination, copies them, re-balances them to the
  // current demand like load_bushes() and returns true; otherwise changes nothing and returns
  // false (the caller initializes instead).
  bool restore_bushes(const BushSnapshot& snapshot);

  // Moves the bushes out (this object then needs initialize() or a load again).
  std::shared_ptr<BushSnapshot> release_bushes();

  // One pass over all origins: bush updates and flow shifts (see above).
  void iterate();

  // Link flows by LinkId value (the sum of the bush flows).
  std::span<const double> flow() const { return x_; }

  // Checks every bush (root first, topological order, through rule, flows finite and
  // non-negative) and flow conservation per origin to `tolerance` vehicles; throws
  // ouflow::InvariantError naming the first violation.
  void validate(double tolerance = 1e-6) const;

  // Fingerprint of the graph and origins that bush files carry.
  std::uint64_t fingerprint() const;
  // Links summed over all bushes.
  std::size_t bush_link_count() const;
  std::size_t origin_count() const { return od_.origins.size(); }

 private:
  struct Bush;
  struct Plan;
  struct Workspace;

  void check_initialized(const char* what) const;
  // One workspace per thread of options_.exec; returns that thread count.
  int ensure_workspaces();
  void update_bush(std::size_t origin, std::span<const double> cost, Workspace& ws);
  void plan(std::size_t origin, Workspace& ws, Plan& plan) const;
  double shift(std::size_t origin, const Plan& plan);
  void sum_flows();
  void refresh_costs();
  bool rebalance(std::size_t origin, Workspace& ws);
  bool adopt(std::vector<Bush> bushes);
  friend struct BushSnapshot;

  const net::RoadNetwork& net_;
  const OdStructure& od_;
  const LinkPerformance& perf_;
  AlgorithmBOptions options_;
  bool ready_ = false;  // initialize() or load_bushes() done

  std::vector<Bush> bushes_;            // per origin (index into od_.origins)
  std::vector<double> x_, cost_, der_;  // link flow, cost and dc/dx, by link
  std::vector<Workspace> ws_;           // per thread
  // The serial sweep's scratch.
  std::unique_ptr<Plan> plan_;
  std::vector<std::uint32_t> seg_min_, seg_max_;
};

}  // namespace ouflow::sim
