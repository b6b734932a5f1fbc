// The interactive viewer: a frame loop over an injectable event source (the SFML window's, or
// a script in tests), a Controller for the state, a Renderer, and isochrones computed on click
// by a worker thread (the loop only polls it, never waits).
#pragma once

#include <SFML/Graphics.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "viz/click_isochrone.h"
#include "viz/controller.h"
#include "viz/renderer.h"

namespace ouflow::viz {

class EventSource {
 public:
  virtual ~EventSource() = default;
  // The next pending event of this frame; false when none is left for this frame.
  virtual bool poll(ViewEvent& e) = 0;
};

// Events of an SFML window.
class WindowEvents : public EventSource {
 public:
  explicit WindowEvents(sf::Window& w) : window_(w) {}
  bool poll(ViewEvent& e) override;

 private:
  sf::Window& window_;
};

struct ViewerOptions {
  int width = 1600, height = 1000;
  ViewState state;
  IsoMode mode = IsoMode::kCar;   // kTransit needs a transit layer
  std::optional<net::Date> date;  // for transit isochrones; default: the feed's busiest day
  std::int32_t depart_s = 8 * 3600;
  // Click isochrones' walks and transfers (defaults: `ouflow isochrone`'s).
  double walk_speed_mps = sim::PointIsochroneDefaults::kWalkSpeedMps;
  double max_walk_m = sim::PointIsochroneDefaults::kMaxWalkM;
  double transfer_radius_m = sim::PointIsochroneDefaults::kTransferRadiusM;
  int max_transfers = sim::PointIsochroneDefaults::kMaxTransfers;
};

// One viewer session: the controller, the renderer and the isochrone worker.
class Viewer {
 public:
  Viewer(const LoadedMap& map, const ViewerOptions& options);

  Controller& controller() { return controller_; }
  const Renderer& renderer() const { return renderer_; }
  bool isochrone_busy() const { return worker_ && worker_->busy(); }

  // One frame: handles the source's pending events, starts a requested isochrone, takes a
  // finished one, draws (unless nothing changed since the last frame: see drawn()). Returns
  // false when the viewer should close.
  bool frame(sf::RenderTarget& target, EventSource& events);
  // Whether the last frame() drew (the target must then be displayed).
  bool drawn() const { return drawn_; }

 private:
  const LoadedMap& map_;
  Controller controller_;
  Renderer renderer_;
  std::shared_ptr<const IsochroneEngine> engine_;
  std::unique_ptr<AsyncIsochrone> worker_;
  std::string error_;
  sf::Clock clock_;
  sf::Clock wheel_clock_;  // since the last wheel event: zooming goes on while < 0.2 s
  bool wheeled_ = false;
  double draw_ms_ = 0, shown_ms_ = 0;
  std::string last_key_;
  bool drawn_ = false;
};

// Frame times of the window on this map (the first ViewState, fitted): `frames` full redraws
// of every layer, then `frames` while dragging (the cached map moved). Medians in ms, each
// frame timed from draw to display() returning.
struct FrameTimes {
  double redraw_median_ms = 0, pan_median_ms = 0;
  std::size_t vertices = 0, labels = 0;
};
FrameTimes measure_frame_times(const LoadedMap& map, const ViewerOptions& options, int frames);

// Opens a window and runs until it is closed. Throws NoDisplayError without a display.
void run_window(const LoadedMap& map, const ViewerOptions& options);

}  // namespace ouflow::viz
