// The map as plain screen-space geometry: one triangle list per layer (so the renderer makes
// one draw call per layer), the legend as data, and hit-testing of links and stops under the
// pointer. Rebuilt when the view or the layer choice changes. No SFML here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "viz/colors.h"
#include "viz/map_data.h"
#include "viz/viewport.h"

namespace ouflow::viz {

// How roads are coloured and sized.
enum class RoadTheme : std::uint8_t {
  kClass,        // colour and width by link class
  kFlow,         // width by flow (bandwidth on the right-hand side), colour by V/C
  kVc,           // colour by volume / capacity
  kSpeed,        // colour by congested speed
  kSpeedChange,  // compare mode: speed of the second scenario minus the first's
};
std::string_view to_string(RoadTheme t);

struct ViewState {
  RoadTheme theme = RoadTheme::kClass;
  bool roads = true, transit = true, stops = true, zones = true, boundaries = true,
       isochrones = true;
  bool circle = false;       // the 1-hour circle: zones within circle_minutes of the CBD
  bool labels = true;        // place and station names
  bool line_loads = false;   // transit line width by load
  bool muted_roads = false;  // roads thin and grey, under zones, circles and loads
  // Compare mode draws one threshold of each isochrone (NaN: the largest they share).
  double compare_minutes = kNoValue;
};

// Names for --layer: class, flow, vc, speed, speed-change, transit (roads as class, transit
// highlighted), loads (line loads as widths), zones, circle (the 1-hour circle), isochrone.
// Throws std::invalid_argument listing the names.
ViewState view_state_for_layer(const std::string& name, const MapData& map);
std::vector<std::string> layer_names();

struct Vertex {
  float x = 0, y = 0;
  Rgba color;
};
using Triangles = std::vector<Vertex>;  // three vertices per triangle

// A label to place, in screen space.
struct ScreenLabel {
  Vec2 anchor;
  std::string text;
  int rank = 2;  // lower first; -1: the CBD
  bool point = false;
};

struct SceneLayers {
  Triangles backdrop, isochrones, zones, roads, transit, stops, marks;
  std::vector<ScreenLabel> labels;  // candidates, in priority order
  std::size_t vertex_count() const {
    return backdrop.size() + isochrones.size() + zones.size() + roads.size() + transit.size() +
           stops.size() + marks.size();
  }
};

// The highest label rank shown at this zoom: 1 below 12 px per km, else 2.
int label_max_rank(const Viewport& view);

// Greedy placement: candidates in order of rank (then as given); each takes the first of its
// positions (points: right, left, above, below the anchor; areas: centred, above, below) that
// lies inside the screen and overlaps no placed label (2 px apart). `measure` gives a text's
// width and height in pixels at the label's rank.
struct PlacedLabel {
  std::size_t index = 0;  // into the candidates
  float x = 0, y = 0;     // top left of the text box
  float w = 0, h = 0;
};
// `blocked`: boxes already taken (panels drawn over the map).
std::vector<PlacedLabel> place_labels(const std::vector<ScreenLabel>& candidates,
                                      const std::function<Vec2(const ScreenLabel&)>& measure,
                                      int width, int height,
                                      const std::vector<PlacedLabel>& blocked = {});

// A quad of `width_px` along a -> b, shifted `offset_px` to the right of the direction of
// travel (on screen), as two triangles.
void add_thick_line(Triangles& out, Vec2 a, Vec2 b, float width_px, float offset_px, Rgba c);
void add_disc(Triangles& out, Vec2 centre, float radius_px, Rgba c, int segments = 12);
// Fills the even-odd interior of screen-space rings, row by row at pixel centres, clipped to
// [0, width) x [0, height): each run of covered pixels becomes one quad.
void fill_even_odd(Triangles& out, const std::vector<Ring>& rings_px, int width, int height,
                   Rgba c);

// Extra isochrones computed on click ([0] = the latest), drawn over the ones in the map data.
SceneLayers build_scene(const MapData& map, const Viewport& view, const ViewState& state,
                        const std::vector<MapIsochrone>& clicked);

// Legend content for the current state.
struct LegendItem {
  enum class Kind : std::uint8_t { kLine, kSwatch, kDisc } kind = Kind::kLine;
  Rgba color;
  float width = 3;
  std::string label;
};
struct Legend {
  std::string title;
  std::vector<LegendItem> items;
};
Legend legend_for(const MapData& map, const ViewState& state,
                  const std::vector<MapIsochrone>& clicked);

// Scale maxima used by the themes (a nice number at or above the data maximum).
double flow_scale_max(const MapData& map);
double speed_change_extent(const MapData& map);
double zone_scale_max(const MapData& map, bool change);
double line_load_scale_max(const MapData& map);
// A line's load for widths: max_load, else boardings (NaN: none).
double line_load(const MapLine& l);
// Zone values in minutes (column names ending in _min) take 15-minute classes.
bool is_minutes(const std::string& value_name);

// The link whose segment passes nearest to the screen point, within tol_px; nullopt if none.
std::optional<std::size_t> link_at(const MapData& map, const Viewport& view, Vec2 screen,
                                   double tol_px);
// The zone under the screen point: its cell, or without cells the nearest centroid within 8 px.
std::optional<std::size_t> zone_at(const MapData& map, const Viewport& view, Vec2 screen);
// The stop nearest to the screen point, within tol_px.
std::optional<std::size_t> stop_at(const MapData& map, const Viewport& view, Vec2 screen,
                                   double tol_px);

}  // namespace ouflow::viz
