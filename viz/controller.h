// The interactive viewer's state machine, free of SFML: it takes plain input events (from the
// window, or scripted by a test) and updates the viewport, the layer choice, the hovered
// feature and the isochrone request of a click.
//
// Mouse: drag to pan, wheel to zoom about the pointer, click (press and release within 4 px) for
// an isochrone from that point. Keys: 1 class, 2 flow, 3 V/C, 4 speed, 5 speed change,
// 6 line loads, 7 the 1-hour circle, L labels, R roads, T transit lines, S stops, Z zones, B
// boundaries, I isochrones, M car/transit, [ ] departure
// -/+ 15 min, C clear the clicked isochrone, F fit, H this help, Q or Escape quit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "viz/click_isochrone.h"
#include "viz/map_data.h"
#include "viz/scene.h"
#include "viz/viewport.h"

namespace ouflow::viz {

struct ViewEvent {
  enum class Kind : std::uint8_t {
    kMouseDown,  // left button, at x, y
    kMouseUp,
    kMouseMove,
    kWheel,   // delta > 0 zooms in, at x, y
    kKey,     // key: a lower-case letter, digit or '[', ']', 27 (Escape)
    kResize,  // x, y: the new size
    kClose,
  };
  Kind kind = Kind::kMouseMove;
  double x = 0, y = 0;
  double delta = 0;
  char key = 0;
};

class Controller {
 public:
  Controller(const MapData& map, int width_px, int height_px, ViewState state);

  // Returns false when the viewer should close.
  bool handle(const ViewEvent& e);

  const Viewport& viewport() const { return view_; }
  const ViewState& state() const { return state_; }
  // Bumped whenever what the scene shows changes (view, layers, clicked isochrone).
  std::uint64_t generation() const { return generation_; }
  // Bumped when the content changes (layers, clicked isochrone, window size), not on pan or zoom.
  std::uint64_t content_generation() const { return content_generation_; }
  bool dragging() const { return dragging_; }

  // The isochrone asked for by the last click (taken once).
  std::optional<IsochroneRequest> take_request();
  // What a click asks for (all but the origin): mode, date, departure, walks, transfers.
  void set_isochrone_defaults(const IsochroneRequest& r) { iso_ = r; }
  IsoMode iso_mode() const { return iso_.mode; }
  std::int32_t depart_s() const { return iso_.depart_s; }
  bool transit_available() const { return transit_available_; }
  void set_transit_available(bool v) { transit_available_ = v; }

  // Clicked isochrones ([0] the latest).
  const std::vector<MapIsochrone>& clicked() const { return clicked_; }
  void add_clicked(MapIsochrone iso);

  // Hover text for the feature under the pointer (empty if none) and the pointer position.
  const std::string& hover_text() const { return hover_; }
  Vec2 pointer() const { return pointer_; }
  bool show_help() const { return help_; }
  std::string status;  // a line for the panel (e.g. "computing isochrone ...")

 private:
  void update_hover();
  void touch() { ++generation_; }
  void touch_content() { ++generation_, ++content_generation_; }

  const MapData& map_;
  Viewport view_;
  ViewState state_;
  IsochroneRequest iso_;
  bool transit_available_ = false;
  std::optional<IsochroneRequest> request_;
  std::vector<MapIsochrone> clicked_;
  std::string hover_;
  Vec2 pointer_{}, press_{};
  bool pressed_ = false, dragging_ = false, help_ = false;
  std::uint64_t generation_ = 1;
  std::uint64_t content_generation_ = 1;
};

}  // namespace ouflow::viz
