// The indicator catalogue: every indicator `ouflow evaluate` reports, once — its stable key (in
// indicators.json, ranking columns and --rank-by), label, unit, how a change is shown, which
// direction is better, and the plan target it answers. Evaluate, compare, the batch ranking,
// the reports and the bench all read this table; values are indexed by IndicatorId, so a
// misspelt indicator is a compile error. Definitions: docs/indicators.md.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ouflow::sim {

enum class IndicatorId : std::uint8_t {
  kUrbanTrips60All,
  kUrbanTrips60Car,
  kUrbanTrips60Transit,
  kUrbanPopCbd60Transit,
  kUrbanPopCbd60Car,
  kMunicipalSeats60,
  kMunicipalPop60,
  kProvincialCities60,
  kProvincialCities60Rail,
  kCentralCitySpeed,
  kTransitShareMain,
  kVkt,
  kVht,
  kMeanTripMin,
  kJobs30Transit,
  kJobs30Car,
  kJobs45Transit,
  kJobs45Car,
  kJobs60Transit,
  kJobs60Car,
  kTransitBoardings,
  kRailwayKm,
  kSmRailKm,
  kExpresswayKm,
  kUrbanExpresswayKm,
  kNationalRoadKm,
  kProvincialRoadKm,
  kBrtKm,
};
inline constexpr std::size_t kIndicatorCount = 28;

// How the change between two runs is stated.
enum class ChangeShown : std::uint8_t {
  kPercent,   // 100 (b - a) / a, "%" (flows, speeds, jobs, boardings)
  kPoints,    // b - a of a percentage, "pp"
  kAbsolute,  // b - a in the indicator's unit
};

enum class Better : std::uint8_t { kMore, kLess };

struct IndicatorSpec {
  IndicatorId id;
  std::string_view key, label, unit;
  ChangeShown change;
  Better better;
  // The scenario target (PlanTarget::indicator) this indicator answers; empty: none. A target
  // on the change (e.g. "central_city_speed_pct": +3 %) or on the value (inventory km).
  std::string_view target;
  bool target_on_change = false;
};

// The catalogue in report order (indexed by IndicatorId).
std::span<const IndicatorSpec, kIndicatorCount> indicator_catalogue();
const IndicatorSpec& spec(IndicatorId id);
// The indicator with this key; nullopt when there is none (a user's --rank-by, a JSON file).
std::optional<IndicatorId> find_indicator(std::string_view key);
// The unit in which the change is stated: "%", "pp" or the indicator's unit.
std::string_view change_unit(IndicatorId id);
// The change from `a` to `b` as the catalogue states it (percent_change for kPercent).
double indicator_change(IndicatorId id, double a, double b);

// One run's indicator values, by id; NaN where not computed (e.g. an inventory figure the
// scenario has no table for).
// Indicators a run cannot compute, each with the reason (e.g. no central-city polygon, no transit
// network, no zone marked a county seat): reported as "not available", never as 0.
using UnavailableIndicators = std::vector<std::pair<IndicatorId, std::string>>;
// The reason `id` is unavailable in `u`; empty when it is available.
std::string_view unavailable_reason(const UnavailableIndicators& u, IndicatorId id);

class IndicatorValues {
 public:
  double operator[](IndicatorId id) const { return v_[static_cast<std::size_t>(id)]; }
  double& operator[](IndicatorId id) { return v_[static_cast<std::size_t>(id)]; }
  bool has(IndicatorId id) const { return (*this)[id] == (*this)[id]; }  // not NaN

 private:
  std::array<double, kIndicatorCount> v_ = filled();
  static constexpr std::array<double, kIndicatorCount> filled() {
    std::array<double, kIndicatorCount> a{};
    a.fill(std::numeric_limits<double>::quiet_NaN());
    return a;
  }
};

}  // namespace ouflow::sim
