#include "viz/controller.h"

#include <cmath>

namespace ouflow::viz {

Controller::Controller(const MapData& map, int width_px, int height_px, ViewState state)
    : map_(map), view_(width_px, height_px), state_(state) {
  view_.fit(map_.bounds(), 30);
}

std::optional<IsochroneRequest> Controller::take_request() {
  auto r = std::move(request_);
  request_.reset();
  return r;
}

void Controller::add_clicked(MapIsochrone iso) {
  clicked_.insert(clicked_.begin(), std::move(iso));
  if (clicked_.size() > 1) clicked_.resize(1);
  state_.isochrones = true;
  touch_content();
}

void Controller::update_hover() {
  hover_.clear();
  if (state_.stops) {
    if (auto s = stop_at(map_, view_, pointer_, 6)) {
      hover_ = describe_stop(map_.stops[*s]);
      return;
    }
  }
  if (state_.roads && !state_.muted_roads) {
    if (auto l = link_at(map_, view_, pointer_, 5)) {
      hover_ = describe_link(map_.links[*l]);
      return;
    }
  }
  if (state_.zones || state_.circle) {
    if (auto z = zone_at(map_, view_, pointer_)) hover_ = describe_zone(map_, map_.zones[*z]);
  }
}

bool Controller::handle(const ViewEvent& e) {
  using K = ViewEvent::Kind;
  switch (e.kind) {
    case K::kClose:
      return false;
    case K::kResize:
      view_.resize(static_cast<int>(e.x), static_cast<int>(e.y));
      touch_content();
      break;
    case K::kMouseDown:
      pressed_ = true, dragging_ = false;
      press_ = pointer_ = {e.x, e.y};
      break;
    case K::kMouseMove: {
      const Vec2 p{e.x, e.y};
      if (pressed_) {
        if (!dragging_ && std::hypot(p.x - press_.x, p.y - press_.y) > 4) dragging_ = true;
        if (dragging_) {
          view_.pan_px(p.x - pointer_.x, p.y - pointer_.y);
          touch();
        }
      }
      pointer_ = p;
      if (!dragging_) update_hover();
      break;
    }
    case K::kMouseUp:
      if (pressed_ && !dragging_) {
        IsochroneRequest r = iso_;
        r.origin = view_.to_map({e.x, e.y});
        if (r.mode == IsoMode::kTransit && !transit_available_) r.mode = IsoMode::kCar;
        request_ = r;
      }
      pressed_ = dragging_ = false;
      pointer_ = {e.x, e.y};
      break;
    case K::kWheel:
      view_.zoom_about({e.x, e.y}, std::pow(1.25, e.delta));
      pointer_ = {e.x, e.y};
      update_hover();
      touch();
      break;
    case K::kKey: {
      const char k = e.key;
      auto theme = [&](RoadTheme t) {
        state_.theme = t;
        state_.roads = true;
        state_.muted_roads = state_.line_loads = false;
      };
      switch (k) {
        case '1':
          theme(RoadTheme::kClass);
          break;
        case '2':
          if (map_.has_flows) theme(RoadTheme::kFlow);
          break;
        case '3':
          if (map_.has_flows) theme(RoadTheme::kVc);
          break;
        case '4':
          theme(RoadTheme::kSpeed);
          break;
        case '5':
          if (map_.has_compare) theme(RoadTheme::kSpeedChange);
          break;
        case '6':
          if (!map_.has_line_loads) return true;
          state_.line_loads = !state_.line_loads;
          state_.muted_roads = state_.line_loads || state_.circle;
          state_.transit = true;
          break;
        case '7':
          if (!map_.has_circle) return true;
          state_.circle = !state_.circle;
          state_.muted_roads = state_.line_loads || state_.circle;
          break;
        case 'l':
          state_.labels = !state_.labels;
          break;
        case 'r':
          state_.roads = !state_.roads;
          break;
        case 't':
          state_.transit = !state_.transit;
          break;
        case 's':
          state_.stops = !state_.stops;
          break;
        case 'z':
          state_.zones = !state_.zones;
          break;
        case 'b':
          state_.boundaries = !state_.boundaries;
          break;
        case 'i':
          state_.isochrones = !state_.isochrones;
          break;
        case 'c':
          clicked_.clear();
          break;
        case 'f':
          view_.fit(map_.bounds(), 30);
          break;
        case 'h':
          help_ = !help_;
          break;
        case 'm':
          iso_.mode =
              iso_.mode == IsoMode::kCar && transit_available_ ? IsoMode::kTransit : IsoMode::kCar;
          break;
        case '[':
          iso_.depart_s = std::max(0, iso_.depart_s - 900);
          break;
        case ']':
          iso_.depart_s = std::min(47 * 3600, iso_.depart_s + 900);
          break;
        case 'q':
        case 27:
          return false;
        default:
          return true;
      }
      touch_content();
      update_hover();
      break;
    }
  }
  return true;
}

}  // namespace ouflow::viz
