// Strong integer ids and vectors indexed only by their own id type.
//
// A NodeId is not a LinkId: neither converts into the other, nor into an integer, without an
// explicit .value(). IdVector<NodeId, double> can only be indexed by NodeId.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <ostream>
#include <type_traits>
#include <vector>

namespace ouflow::net {

template <class Tag, class Rep = std::uint32_t>
class StrongId {
 public:
  using rep_type = Rep;

  constexpr StrongId() = default;  // invalid
  constexpr explicit StrongId(Rep v) : value_(v) {}

  static constexpr StrongId invalid() { return StrongId{}; }
  constexpr Rep value() const { return value_; }
  constexpr bool valid() const { return value_ != kInvalid; }

  constexpr auto operator<=>(const StrongId&) const = default;

  constexpr StrongId& operator++() {
    ++value_;
    return *this;
  }

  friend std::ostream& operator<<(std::ostream& os, StrongId id) {
    if (!id.valid()) return os << "invalid";
    return os << +id.value_;
  }

 private:
  static constexpr Rep kInvalid = std::numeric_limits<Rep>::max();
  Rep value_ = kInvalid;
};

// Range over all ids [0, n).
template <class Id>
class IdRange {
 public:
  class iterator {
   public:
    using value_type = Id;
    using difference_type = std::ptrdiff_t;
    constexpr iterator() = default;
    constexpr explicit iterator(typename Id::rep_type v) : v_(v) {}
    constexpr Id operator*() const { return Id{v_}; }
    constexpr iterator& operator++() {
      ++v_;
      return *this;
    }
    constexpr iterator operator++(int) {
      iterator t = *this;
      ++v_;
      return t;
    }
    constexpr bool operator==(const iterator&) const = default;

   private:
    typename Id::rep_type v_ = 0;
  };
  constexpr IdRange(typename Id::rep_type begin, typename Id::rep_type end)
      : begin_(begin), end_(end) {}
  constexpr iterator begin() const { return iterator{begin_}; }
  constexpr iterator end() const { return iterator{end_}; }
  constexpr std::size_t size() const { return end_ - begin_; }

 private:
  typename Id::rep_type begin_, end_;
};

template <class Id, class T>
class IdVector {
 public:
  using value_type = T;
  using reference = typename std::vector<T>::reference;
  using const_reference = typename std::vector<T>::const_reference;

  IdVector() = default;
  explicit IdVector(std::size_t n, const T& v = T{}) : data_(n, v) {}
  explicit IdVector(std::vector<T> v) : data_(std::move(v)) {}

  reference operator[](Id id) { return data_[id.value()]; }
  const_reference operator[](Id id) const { return data_[id.value()]; }

  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  void resize(std::size_t n, const T& v = T{}) { data_.resize(n, v); }
  void reserve(std::size_t n) { data_.reserve(n); }
  void clear() { data_.clear(); }
  void push_back(const T& v) { data_.push_back(v); }
  void push_back(T&& v) { data_.push_back(std::move(v)); }
  template <class... Args>
  reference emplace_back(Args&&... args) {
    return data_.emplace_back(std::forward<Args>(args)...);
  }
  void assign(std::size_t n, const T& v) { data_.assign(n, v); }

  IdRange<Id> ids() const {
    return IdRange<Id>{0, static_cast<typename Id::rep_type>(data_.size())};
  }
  auto begin() { return data_.begin(); }
  auto end() { return data_.end(); }
  auto begin() const { return data_.begin(); }
  auto end() const { return data_.end(); }
  const T* data() const { return data_.data(); }
  T* data() { return data_.data(); }

  const std::vector<T>& raw() const { return data_; }
  std::vector<T>& raw() { return data_; }

  bool operator==(const IdVector&) const = default;

 private:
  std::vector<T> data_;
};

}  // namespace ouflow::net

template <class Tag, class Rep>
struct std::hash<ouflow::net::StrongId<Tag, Rep>> {
  std::size_t operator()(ouflow::net::StrongId<Tag, Rep> id) const noexcept {
    return std::hash<Rep>{}(id.value());
  }
};
