#include "sim/evaluation/catalogue.h"

#include "sim/evaluation/indicators.h"

namespace ouflow::sim {
namespace {

using enum IndicatorId;
constexpr auto kPct = ChangeShown::kPercent;
constexpr auto kPp = ChangeShown::kPoints;
constexpr auto kAbs = ChangeShown::kAbsolute;
constexpr auto kMore = Better::kMore;
constexpr auto kLess = Better::kLess;

constexpr std::array<IndicatorSpec, kIndicatorCount> kCatalogue{{
    {kUrbanTrips60All, "urban_trips_60_all",
     "Urban circle: main-centre trips <= 60 min (all modes)", "%", kPp, kMore, "", false},
    {kUrbanTrips60Car, "urban_trips_60_car", "Urban circle: main-centre car trips <= 60 min", "%",
     kPp, kMore, "", false},
    {kUrbanTrips60Transit, "urban_trips_60_transit",
     "Urban circle: main-centre transit trips <= 60 min", "%", kPp, kMore, "", false},
    {kUrbanPopCbd60Transit, "urban_pop_cbd_60_transit",
     "Urban circle: main-centre population <= 60 min to CBD, transit", "%", kPp, kMore, "", false},
    {kUrbanPopCbd60Car, "urban_pop_cbd_60_car",
     "Urban circle: main-centre population <= 60 min to CBD, car", "%", kPp, kMore, "", false},
    {kMunicipalSeats60, "municipal_seats_60",
     "Municipal circle: county seats <= 60 min from CBD (fastest)", "seats", kAbs, kMore, "",
     false},
    {kMunicipalPop60, "municipal_pop_60",
     "Municipal circle: population <= 60 min from CBD (fastest)", "%", kPp, kMore, "", false},
    {kProvincialCities60, "provincial_cities_60",
     "Provincial circle: external cities <= 60 min from CBD", "cities", kAbs, kMore, "", false},
    {kProvincialCities60Rail, "provincial_cities_60_rail",
     "Provincial circle: external cities <= 60 min by rail from the main centre's best zone",
     "cities", kAbs, kMore, "", false},
    {kCentralCitySpeed, "central_city_speed_kmh", "Central-city peak speed (VKT/VHT)", "km/h", kPct,
     kMore, "central_city_speed_pct", true},
    {kTransitShareMain, "transit_share_main", "Transit share of motorised trips, main centre", "%",
     kPp, kMore, "transit_share_pp", true},
    {kVkt, "vkt", "Vehicle-km, peak hour (roads, no connectors)", "veh-km", kPct, kLess, "", false},
    {kVht, "vht", "Vehicle-hours, peak hour (roads, no connectors)", "veh-h", kPct, kLess, "",
     false},
    {kMeanTripMin, "mean_trip_min", "Mean door-to-door time of trips", "min", kAbs, kLess, "",
     false},
    {kJobs30Transit, "jobs_30_transit", "Jobs reachable <= 30 min by transit (pop-weighted)",
     "jobs", kPct, kMore, "", false},
    {kJobs30Car, "jobs_30_car", "Jobs reachable <= 30 min by car (pop-weighted)", "jobs", kPct,
     kMore, "", false},
    {kJobs45Transit, "jobs_45_transit", "Jobs reachable <= 45 min by transit (pop-weighted)",
     "jobs", kPct, kMore, "", false},
    {kJobs45Car, "jobs_45_car", "Jobs reachable <= 45 min by car (pop-weighted)", "jobs", kPct,
     kMore, "", false},
    {kJobs60Transit, "jobs_60_transit", "Jobs reachable <= 60 min by transit (pop-weighted)",
     "jobs", kPct, kMore, "", false},
    {kJobs60Car, "jobs_60_car", "Jobs reachable <= 60 min by car (pop-weighted)", "jobs", kPct,
     kMore, "", false},
    {kTransitBoardings, "transit_boardings", "Transit boardings, peak hour", "boardings", kPct,
     kMore, "", false},
    // The plan inventory (scenarios/inventory.h): labelled by their keys, as the plan's table.
    {kRailwayKm, "railway_km", "railway_km", "km", kAbs, kMore, "railway_km", false},
    {kSmRailKm, "sm_rail_km", "sm_rail_km", "km", kAbs, kMore, "sm_rail_km", false},
    {kExpresswayKm, "expressway_km", "expressway_km", "km", kAbs, kMore, "expressway_km", false},
    {kUrbanExpresswayKm, "urban_expressway_km", "urban_expressway_km", "km", kAbs, kMore,
     "urban_expressway_km", false},
    {kNationalRoadKm, "national_road_km", "national_road_km", "km", kAbs, kMore, "national_road_km",
     false},
    {kProvincialRoadKm, "provincial_road_km", "provincial_road_km", "km", kAbs, kMore,
     "provincial_road_km", false},
    {kBrtKm, "brt_km", "brt_km", "km", kAbs, kMore, "brt_km", false},
}};

constexpr bool ordered() {
  for (std::size_t k = 0; k < kCatalogue.size(); ++k) {
    if (static_cast<std::size_t>(kCatalogue[k].id) != k) return false;
  }
  return true;
}
static_assert(ordered(), "the catalogue is indexed by IndicatorId");
static_assert(static_cast<std::size_t>(kBrtKm) + 1 == kIndicatorCount);

}  // namespace

std::span<const IndicatorSpec, kIndicatorCount> indicator_catalogue() { return kCatalogue; }

const IndicatorSpec& spec(IndicatorId id) { return kCatalogue[static_cast<std::size_t>(id)]; }

std::optional<IndicatorId> find_indicator(std::string_view key) {
  for (const IndicatorSpec& s : kCatalogue) {
    if (s.key == key) return s.id;
  }
  return std::nullopt;
}

std::string_view change_unit(IndicatorId id) {
  switch (spec(id).change) {
    case ChangeShown::kPercent:
      return "%";
    case ChangeShown::kPoints:
      return "pp";
    case ChangeShown::kAbsolute:
      break;
  }
  return spec(id).unit;
}

double indicator_change(IndicatorId id, double a, double b) {
  return spec(id).change == ChangeShown::kPercent ? percent_change(a, b) : b - a;
}

std::string_view unavailable_reason(const UnavailableIndicators& u, IndicatorId id) {
  for (const auto& [k, why] : u) {
    if (k == id) return why;
  }
  return {};
}

}  // namespace ouflow::sim
