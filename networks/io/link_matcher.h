// Matches rows of link-flow files to links by their end nodes (external ids): the k-th row with
// ends (a, b) is the k-th link a -> b in the network's input order, so parallel links stay apart.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "networks/ids.h"
#include "networks/road_network.h"

namespace ouflow::io {

class LinkMatcher {
 public:
  explicit LinkMatcher(const net::RoadNetwork& net) {
    const auto& ext = net.node_external_id();
    for (net::LinkId l : net.input_order()) {
      by_ends_[{ext[net.tail()[l]], ext[net.head()[l]]}].links.push_back(l);
    }
  }

  // The next unmatched link from `from` to `to`; nullopt when there is none (left).
  std::optional<net::LinkId> next(std::int64_t from, std::int64_t to) {
    auto it = by_ends_.find({from, to});
    if (it == by_ends_.end() || it->second.used == it->second.links.size()) return std::nullopt;
    ++matched_;
    return it->second.links[it->second.used++];
  }
  // Whether an earlier row already took a link with these ends (for messages).
  bool seen(std::int64_t from, std::int64_t to) const {
    auto it = by_ends_.find({from, to});
    return it != by_ends_.end() && it->second.used > 0;
  }
  std::size_t matched() const { return matched_; }

 private:
  struct Slot {
    std::vector<net::LinkId> links;
    std::size_t used = 0;
  };
  std::map<std::pair<std::int64_t, std::int64_t>, Slot> by_ends_;
  std::size_t matched_ = 0;
};

}  // namespace ouflow::io
