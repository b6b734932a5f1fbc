#include <gtest/gtest.h>

#include <sstream>
#include <type_traits>
#include <unordered_set>

#include "networks/ids.h"
#include "networks/strong_id.h"

namespace ouflow::net {
namespace {

// Ids do not mix: none converts into another or into an integer, and vectors are indexed only
// by their own id type.
static_assert(!std::is_convertible_v<NodeId, LinkId>);
static_assert(!std::is_convertible_v<LinkId, NodeId>);
static_assert(!std::is_convertible_v<ZoneId, NodeId>);
static_assert(!std::is_convertible_v<StopId, NodeId>);
static_assert(!std::is_convertible_v<NodeId, std::uint32_t>);
static_assert(!std::is_convertible_v<std::uint32_t, NodeId>);
static_assert(!std::is_constructible_v<NodeId, LinkId>);
static_assert(std::is_trivially_copyable_v<LinkId>);

template <class V, class I>
concept Indexable = requires(V v, I i) {
  v[i];
};
static_assert(Indexable<IdVector<NodeId, double>, NodeId>);
static_assert(!Indexable<IdVector<NodeId, double>, LinkId>);
static_assert(!Indexable<IdVector<NodeId, double>, std::uint32_t>);

TEST(StrongId, DefaultIsInvalidAndCompares) {
  EXPECT_FALSE(NodeId{}.valid());
  EXPECT_EQ(NodeId::invalid(), NodeId{});
  EXPECT_TRUE(NodeId{0}.valid());
  EXPECT_LT(NodeId{1}, NodeId{2});
  std::ostringstream os;
  os << NodeId{7} << " " << NodeId::invalid();
  EXPECT_EQ(os.str(), "7 invalid");
  std::unordered_set<NodeId> s{NodeId{1}, NodeId{1}, NodeId{2}};
  EXPECT_EQ(s.size(), 2u);
}

TEST(IdVector, IndexesAndRangesOverOwnIds) {
  IdVector<LinkId, int> v(4, 0);
  int k = 0;
  for (LinkId l : v.ids()) v[l] = k++;
  EXPECT_EQ(v[LinkId{3}], 3);
  EXPECT_EQ(v.ids().size(), 4u);
}

}  // namespace
}  // namespace ouflow::net
