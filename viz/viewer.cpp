#include "viz/viewer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace ouflow::viz {
namespace {

char key_char(sf::Keyboard::Key k) {
  if (k >= sf::Keyboard::A && k <= sf::Keyboard::Z)
    return static_cast<char>('a' + (k - sf::Keyboard::A));
  if (k >= sf::Keyboard::Num0 && k <= sf::Keyboard::Num9)
    return static_cast<char>('0' + (k - sf::Keyboard::Num0));
  if (k >= sf::Keyboard::Numpad0 && k <= sf::Keyboard::Numpad9) {
    return static_cast<char>('0' + (k - sf::Keyboard::Numpad0));
  }
  switch (k) {
    case sf::Keyboard::LBracket:
      return '[';
    case sf::Keyboard::RBracket:
      return ']';
    case sf::Keyboard::Escape:
      return 27;
    default:
      return 0;
  }
}

std::vector<double> congested_times(const LoadedMap& m) {
  if (!m.map.has_flows) return {};
  std::vector<double> t(m.model->road.link_count());
  for (net::LinkId l : m.model->road.links()) t[l.value()] = m.model->road.free_flow_time_s()[l];
  for (const MapLink& l : m.map.links) {
    if (l.speed_kmh > 0 && l.length_m > 0) t[l.id] = l.length_m / (l.speed_kmh / 3.6);
  }
  return t;
}

}  // namespace

bool WindowEvents::poll(ViewEvent& e) {
  sf::Event ev;
  using K = ViewEvent::Kind;
  while (window_.pollEvent(ev)) {
    switch (ev.type) {
      case sf::Event::Closed:
        e = {K::kClose};
        return true;
      case sf::Event::Resized:
        e = {K::kResize, static_cast<double>(ev.size.width), static_cast<double>(ev.size.height)};
        return true;
      case sf::Event::MouseButtonPressed:
        if (ev.mouseButton.button != sf::Mouse::Left) break;
        e = {K::kMouseDown, static_cast<double>(ev.mouseButton.x),
             static_cast<double>(ev.mouseButton.y)};
        return true;
      case sf::Event::MouseButtonReleased:
        if (ev.mouseButton.button != sf::Mouse::Left) break;
        e = {K::kMouseUp, static_cast<double>(ev.mouseButton.x),
             static_cast<double>(ev.mouseButton.y)};
        return true;
      case sf::Event::MouseMoved:
        e = {K::kMouseMove, static_cast<double>(ev.mouseMove.x),
             static_cast<double>(ev.mouseMove.y)};
        return true;
      case sf::Event::MouseWheelScrolled:
        e = {K::kWheel, static_cast<double>(ev.mouseWheelScroll.x),
             static_cast<double>(ev.mouseWheelScroll.y),
             static_cast<double>(ev.mouseWheelScroll.delta)};
        return true;
      case sf::Event::KeyPressed:
        if (const char c = key_char(ev.key.code)) {
          e = {K::kKey, 0, 0, 0, c};
          return true;
        }
        break;
      default:
        break;
    }
  }
  return false;
}

Viewer::Viewer(const LoadedMap& map, const ViewerOptions& o)
    : map_(map), controller_(map.map, o.width, o.height, o.state) {
  if (map.model) {
    engine_ = std::make_shared<const IsochroneEngine>(map.model, map.map, congested_times(map));
    worker_ = std::make_unique<AsyncIsochrone>(engine_);
    const bool transit = engine_->has_transit();
    controller_.set_transit_available(transit);
    std::optional<net::Date> date = o.date;
    if (!date && transit) date = busiest_date(*map.model->transit);
    IsoMode mode = o.mode;
    if (mode == IsoMode::kTransit && !transit) mode = IsoMode::kCar;
    if (map.model->road.link_count() == 0 && transit) mode = IsoMode::kTransit;
    IsochroneRequest r;
    r.mode = mode;
    r.date = date.value_or(net::Date{});
    r.depart_s = o.depart_s;
    r.walk_speed_mps = o.walk_speed_mps;
    r.max_walk_m = o.max_walk_m;
    r.transfer_radius_m = o.transfer_radius_m;
    r.max_transfers = o.max_transfers;
    controller_.set_isochrone_defaults(r);
  }
}

bool Viewer::frame(sf::RenderTarget& target, EventSource& events) {
  ViewEvent e;
  while (events.poll(e)) {
    if (e.kind == ViewEvent::Kind::kWheel) wheel_clock_.restart(), wheeled_ = true;
    if (!controller_.handle(e)) return false;
  }
  if (auto r = controller_.take_request(); r && worker_) {
    worker_->request(*r);
    error_.clear();
  }
  if (worker_) {
    if (auto iso = worker_->poll(&error_)) controller_.add_clicked(std::move(*iso));
  }
  // The status line shows the draw time, refreshed once a second.
  if (clock_.getElapsedTime().asSeconds() >= 1.0f) {
    clock_.restart();
    shown_ms_ = draw_ms_;
  }
  char line[256];
  const bool transit = controller_.iso_mode() == IsoMode::kTransit;
  std::snprintf(line, sizeof line, "click: %s isochrone%s%s   %s   H: help   %.0f ms/frame",
                transit ? "transit" : "car", transit ? " departing " : "",
                transit ? net::format_gtfs_time(controller_.depart_s()).substr(0, 5).c_str() : "",
                isochrone_busy() ? "computing ..." : error_.c_str(), shown_ms_);
  Overlay o;
  o.status = line;
  o.help = controller_.show_help();
  o.hover = controller_.hover_text();
  o.pointer = controller_.pointer();
  const bool quick =
      controller_.dragging() || (wheeled_ && wheel_clock_.getElapsedTime().asSeconds() < 0.2f);
  // Nothing changed since the last frame: draw nothing (an idle window costs no GPU time).
  std::string key = std::to_string(controller_.generation()) + (quick ? "|q|" : "|-|") + o.status +
                    "|" + o.hover + (o.help ? "|h" : "|-");
  if (!o.hover.empty()) {
    key += "|" + std::to_string(o.pointer.x) + "," + std::to_string(o.pointer.y);
  }
  drawn_ = key != last_key_;
  if (!drawn_) return true;
  last_key_ = std::move(key);
  sf::Clock t;
  renderer_.draw(target, map_.map, controller_.viewport(), controller_.state(),
                 controller_.clicked(), o, controller_.content_generation(), quick);
  draw_ms_ = t.getElapsedTime().asSeconds() * 1000.0;
  return true;
}

FrameTimes measure_frame_times(const LoadedMap& map, const ViewerOptions& o, int frames) {
  require_display();
  // No multisampling for the window: the map comes antialiased from the cache texture, and a
  // multisampled window costs ~40 ms a frame under software OpenGL (Xvfb).
  sf::ContextSettings settings;
  sf::RenderWindow window(
      sf::VideoMode(static_cast<unsigned>(o.width), static_cast<unsigned>(o.height)),
      "ouflow view - frame times", sf::Style::Default, settings);
  window.setVerticalSyncEnabled(false);
  Controller c(map.map, o.width, o.height, o.state);
  Renderer r;
  auto median = [](std::vector<double> v) {
    if (v.empty()) return 0.0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
  };
  std::vector<double> redraw, pan;
  for (int i = 0; i < frames; ++i) {
    sf::Clock t;
    r.draw(window, map.map, c.viewport(), c.state(), {}, {}, 0, false);
    window.display();
    redraw.push_back(t.getElapsedTime().asSeconds() * 1000.0);
  }
  FrameTimes out;
  out.vertices = r.vertex_count();
  out.labels = r.labels_drawn();
  c.handle({ViewEvent::Kind::kMouseDown, o.width / 2.0, o.height / 2.0});
  for (int i = 0; i < frames; ++i) {
    c.handle({ViewEvent::Kind::kMouseMove, o.width / 2.0 + 5.0 * (i + 1), o.height / 2.0});
    sf::Clock t;
    r.draw(window, map.map, c.viewport(), c.state(), {}, {}, c.content_generation(), true);
    window.display();
    pan.push_back(t.getElapsedTime().asSeconds() * 1000.0);
  }
  window.close();
  out.redraw_median_ms = median(redraw);
  out.pan_median_ms = median(pan);
  return out;
}

void run_window(const LoadedMap& map, const ViewerOptions& options) {
  require_display();
  sf::ContextSettings settings;  // no multisampling: see measure_frame_times()
  sf::RenderWindow window(
      sf::VideoMode(static_cast<unsigned>(options.width), static_cast<unsigned>(options.height)),
      sf::String::fromUtf8(map.map.title.begin(), map.map.title.end()) + " - ouflow view",
      sf::Style::Default, settings);
  window.setFramerateLimit(60);
  Viewer viewer(map, options);
  WindowEvents events(window);
  while (window.isOpen()) {
    if (!viewer.frame(window, events)) break;
    if (viewer.drawn()) {
      window.display();
    } else {
      sf::sleep(sf::milliseconds(8));
    }
  }
  window.close();
}

}  // namespace ouflow::viz
