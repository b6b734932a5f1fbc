// Offscreen renders and a scripted interactive session. They need an X display (the suite runs
// under `xvfb-run -a`); without one they are skipped, saying so.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <thread>

#include "sim/road/assignment_output.h"
#include "tests/common/temp_dir.h"
#include "tests/viz/viz_fixtures.h"
#include "viz/renderer.h"
#include "viz/report_figures.h"
#include "viz/viewer.h"

namespace ouflow::viz {
namespace {

#define NEED_DISPLAY() \
  if (!display_available()) GTEST_SKIP() << "no X display (DISPLAY unset): run under xvfb-run -a"

::testing::AssertionResult near(sf::Color got, Rgba want, int tol = 3) {
  if (std::abs(got.r - want.r) <= tol && std::abs(got.g - want.g) <= tol &&
      std::abs(got.b - want.b) <= tol) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "pixel (" << int(got.r) << "," << int(got.g) << "," << int(got.b) << ") want ("
         << int(want.r) << "," << int(want.g) << "," << int(want.b) << ")";
}

std::size_t distinct_colours(const sf::Image& img) {
  std::set<std::uint32_t> seen;
  for (unsigned y = 0; y < img.getSize().y; y += 3) {
    for (unsigned x = 0; x < img.getSize().x; x += 3) seen.insert(img.getPixel(x, y).toInteger());
  }
  return seen.size();
}

// A(0,0) -> B(0,1000) -> C(1000,1000) fitted to 600 x 400 with a 30 px margin: 0.34 px/m,
// A at (130, 370), B at (130, 30), C at (470, 30).
TEST(Render, LinksAtTheirProjectedPixelsBackgroundElsewhere) {
  NEED_DISPLAY();
  const MapData m = build_map_data(test::corner_model(), {.title = "t"});
  const sf::Image img = render_image(m, {}, 600, 400);
  ASSERT_EQ(img.getSize(), (sf::Vector2u{600, 400}));
  EXPECT_TRUE(near(img.getPixel(130, 200), link_class_color(net::LinkClass::kExpressway)));
  EXPECT_TRUE(near(img.getPixel(129, 250), link_class_color(net::LinkClass::kExpressway)));
  EXPECT_TRUE(near(img.getPixel(250, 30), link_class_color(net::LinkClass::kArterial)));
  EXPECT_TRUE(near(img.getPixel(300, 250), kBackground, 0));
  EXPECT_TRUE(near(img.getPixel(140, 200), kBackground, 0));
  EXPECT_GT(distinct_colours(img), 5u);  // never blank
}

TEST(Render, LegendPanelTitleAndScaleBarArePresent) {
  NEED_DISPLAY();
  const MapData m = build_map_data(test::corner_model(), {.title = "Corner"});
  const sf::Image img = render_image(m, {}, 600, 400);
  // The legend panel (white) at the top right, with the expressway swatch in it.
  EXPECT_TRUE(near(img.getPixel(585, 16), {255, 255, 255, 255}, 12));
  bool swatch = false, dark_text = false;
  for (unsigned x = 380; x < 600; ++x) {
    for (unsigned y = 12; y < 90; ++y) {
      swatch |= near(img.getPixel(x, y), link_class_color(net::LinkClass::kExpressway), 2);
      const sf::Color c = img.getPixel(x, y);
      dark_text |= c.r < 80 && c.g < 80 && c.b < 80;
    }
  }
  EXPECT_TRUE(swatch);
  EXPECT_TRUE(dark_text);
  // The scale bar (dark) at the bottom left.
  bool bar = false;
  for (unsigned x = 16; x < 60; ++x) bar |= img.getPixel(x, 374).r < 80;
  EXPECT_TRUE(bar);
}

TEST(Render, FlowBandOnTheRightOfTravelColouredByVc) {
  NEED_DISPLAY();
  MapSources src;
  src.flows = {1000, 0};  // A -> B (northwards) at V/C 1.0
  const MapData m = build_map_data(test::corner_model(), src);
  ViewState s;
  s.theme = RoadTheme::kFlow;
  const sf::Image img = render_image(m, s, 600, 400);
  // Northwards on screen, the right-hand side is east (+x): a 22 px band from x = 130.5.
  EXPECT_TRUE(near(img.getPixel(141, 200), vc_scale()(1.0)));
  EXPECT_TRUE(near(img.getPixel(150, 220), vc_scale()(1.0)));
  EXPECT_TRUE(near(img.getPixel(118, 200), kBackground, 0));  // nothing on the left
}

TEST(Render, PngIsWrittenWholeAndReadsBack) {
  NEED_DISPLAY();
  test::TempDir dir;
  const MapData m = build_map_data(test::corner_model(), {});
  const auto out = dir.path() / "map.png";
  render_png(m, {}, 320, 200, out);
  sf::Image back;
  ASSERT_TRUE(back.loadFromFile(out.string()));
  EXPECT_EQ(back.getSize(), (sf::Vector2u{320, 200}));
  std::size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir.path()))
    files += e.is_regular_file();
  EXPECT_EQ(files, 1u);  // no temporary file left
}

// Plays a script: each frame hands out the events of one step.
class ScriptedEvents : public EventSource {
 public:
  explicit ScriptedEvents(std::deque<std::vector<ViewEvent>> steps) : steps_(std::move(steps)) {}
  bool poll(ViewEvent& e) override {
    if (steps_.empty()) return false;
    if (i_ < steps_.front().size()) {
      e = steps_.front()[i_++];
      return true;
    }
    steps_.pop_front();
    i_ = 0;
    return false;
  }
  bool done() const { return steps_.empty(); }

 private:
  std::deque<std::vector<ViewEvent>> steps_;
  std::size_t i_ = 0;
};

TEST(Viewer, ScriptedPanZoomAndClickIsochrone) {
  NEED_DISPLAY();
  const LoadedMap map = test::loaded(test::corner_model());
  ViewerOptions o;
  o.width = 600, o.height = 400;
  Viewer viewer(map, o);
  sf::RenderTexture tex;
  ASSERT_TRUE(tex.create(600, 400));
  const Rgba expressway = link_class_color(net::LinkClass::kExpressway);
  auto frame_image = [&](EventSource& ev) {
    EXPECT_TRUE(viewer.frame(tex, ev));
    tex.display();
    return tex.getTexture().copyToImage();
  };
  using K = ViewEvent::Kind;

  ScriptedEvents none({});
  sf::Image img = frame_image(none);
  EXPECT_TRUE(near(img.getPixel(130, 200), expressway));

  // Drag 50 px to the right: the expressway moves from x = 130 to 180.
  ScriptedEvents drag({{{K::kMouseDown, 300, 250}, {K::kMouseMove, 330, 250}},
                       {{K::kMouseMove, 350, 250}, {K::kMouseUp, 350, 250}}});
  while (!drag.done()) img = frame_image(drag);
  EXPECT_TRUE(near(img.getPixel(180, 200), expressway));
  EXPECT_TRUE(near(img.getPixel(130, 200), kBackground, 0));

  // Zoom in about a point on the expressway: it stays under the cursor; C moves off screen.
  ScriptedEvents wheel({{{K::kWheel, 180, 200, 2}}});
  while (!wheel.done()) img = frame_image(wheel);
  EXPECT_TRUE(near(img.getPixel(180, 200), expressway));
  EXPECT_NEAR(viewer.controller().viewport().scale(), 0.34 * 1.25 * 1.25, 1e-12);

  // Click beside the expressway: a car isochrone is computed in the worker and drawn.
  ScriptedEvents click({{{K::kMouseDown, 200, 300}, {K::kMouseUp, 200, 300}}});
  img = frame_image(click);
  img = frame_image(click);
  const auto start = std::chrono::steady_clock::now();
  ScriptedEvents idle({});
  while (viewer.controller().clicked().empty() &&
         std::chrono::steady_clock::now() - start < std::chrono::seconds(5)) {
    img = frame_image(idle);  // frames keep coming while the worker computes
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  ASSERT_EQ(viewer.controller().clicked().size(), 1u);
  img = frame_image(idle);
  const sf::Color c = img.getPixel(215, 300);  // within 200 m on foot of the road
  EXPECT_GT(c.b, c.r + 40) << int(c.r) << "," << int(c.g) << "," << int(c.b);
  EXPECT_TRUE(near(img.getPixel(560, 300), kBackground, 0));  // far from any road
  EXPECT_TRUE(near(img.getPixel(180, 200), expressway));      // roads above the bands
}

TEST(Cli, ViewWithoutDisplayExitsTwoSayingSo) {
  const std::string cmd = std::string("env -u DISPLAY ") + OUFLOW_BINARY + " view " +
                          OUFLOW_TEST_DATA_DIR +
                          "/tntp/SiouxFalls/SiouxFalls_net.tntp --png x.png 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  const int status = pclose(p);
  EXPECT_EQ(WEXITSTATUS(status), 2);
  EXPECT_NE(out.find("no display: use --png under xvfb-run"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists("x.png"));
}

TEST(Cli, ViewRendersAPng) {
  NEED_DISPLAY();
  test::TempDir dir;
  const auto out = dir.path() / "sioux.png";
  const std::string cmd = std::string(OUFLOW_BINARY) + " view " + OUFLOW_TEST_DATA_DIR +
                          "/tntp/SiouxFalls/SiouxFalls_net.tntp --png " + out.string() +
                          " --size 400x300 > /dev/null";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  sf::Image img;
  ASSERT_TRUE(img.loadFromFile(out.string()));
  EXPECT_GT(distinct_colours(img), 5u);
  const std::string bad = std::string(OUFLOW_BINARY) + " view " + OUFLOW_TEST_DATA_DIR +
                          "/tntp/SiouxFalls/SiouxFalls_net.tntp --png " + out.string() +
                          " --layer flow 2> /dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);  // --layer flow needs --flows
}

// Pixels that differ from the background within a box around (cx, cy).
int ink_near(const sf::Image& img, int cx, int cy, int dx, int dy) {
  int n = 0;
  for (int y = cy - dy; y <= cy + dy; ++y) {
    for (int x = cx - dx; x <= cx + dx; ++x) {
      if (x < 0 || y < 0 || x >= static_cast<int>(img.getSize().x) ||
          y >= static_cast<int>(img.getSize().y))
        continue;
      const sf::Color c = img.getPixel(static_cast<unsigned>(x), static_cast<unsigned>(y));
      n += c.r < 150 && c.g < 150 && c.b < 150;  // dark text, not the background or the halo
    }
  }
  return n;
}

TEST(Render, LabelPixelsAppearAtTheirAnchorAndNotWhenLabelsAreOff) {
  NEED_DISPLAY();
  MapData m = build_map_data(test::corner_model(), {.title = "t"});
  // Map (500, 500) is screen (300, 200): an area label centred there, away from the roads.
  m.labels.push_back({{500, 500}, "温州 Wenzhou", 0, false});
  const sf::Image on = render_image(m, {}, 600, 400);
  EXPECT_GT(ink_near(on, 300, 200, 50, 10), 20);
  EXPECT_EQ(ink_near(on, 300, 260, 50, 10), 0);  // nothing below it
  ViewState off;
  off.labels = false;
  EXPECT_EQ(ink_near(render_image(m, off, 600, 400), 300, 200, 50, 10), 0);
}

TEST(Render, WithoutAFontNoTextIsDrawnAndNothingFails) {
  NEED_DISPLAY();
  MapData m = build_map_data(test::corner_model(), {.title = "t"});
  m.labels.push_back({{500, 500}, "温州 Wenzhou", 0, false});
  Renderer r{std::filesystem::path{}};
  EXPECT_FALSE(r.has_font());
  sf::RenderTexture tex;
  ASSERT_TRUE(tex.create(600, 400));
  Viewport v(600, 400);
  v.fit(m.bounds(), 30);
  r.draw(tex, m, v, {}, {}, {});
  tex.display();
  const sf::Image img = tex.getTexture().copyToImage();
  EXPECT_EQ(r.labels_drawn(), 0u);
  EXPECT_EQ(ink_near(img, 300, 200, 50, 10), 0);
  EXPECT_TRUE(near(img.getPixel(130, 200), link_class_color(net::LinkClass::kExpressway)));
}

// The tiny scenario with its results, as the viewer loads it.
LoadedMap tiny_results_map(const test::TempDir& dir) {
  const auto scen = test::write_viz_scenario(dir);
  ViewFiles f;
  f.network = scen;
  f.results = test::write_viz_results(dir, scenario::load_scenario(scen).model.road);
  return load_map(f, {});
}

Rgba over_background(Rgba c) { return lerp(kBackground, with_alpha(c, 255), c.a / 255.0); }

TEST(Render, ZonesAreShadedAsAreasAndTheCircleHasAnEdge) {
  NEED_DISPLAY();
  test::TempDir dir;
  const LoadedMap m = tiny_results_map(dir);
  Viewport v(600, 400);
  v.fit(m.map.bounds(), 30);
  // 500 m north of zone 1's centroid (node 1, bottom left): off every road and panel, in zone
  // 1's cell.
  const Vec2 z1 = m.map.zones[0].p;
  const Vec2 p = v.to_screen({z1.x + 300, z1.y + 500});
  ASSERT_EQ(m.map.zone_cells.at_point({z1.x + 300, z1.y + 500}), 0);
  ASSERT_TRUE(p.x > 0 && p.y > 0 && p.x < 600 && p.y < 400) << p.x << "," << p.y;
  ViewState zones = view_state_for_layer("zones", m.map);
  zones.labels = false;
  const sf::Image img = render_image(m.map, zones, 600, 400);
  const auto px = img.getPixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y));
  EXPECT_TRUE(near(px, over_background(with_alpha(minutes_color(50), 215)), 4));
  const Vec2 q4 = v.to_screen({m.map.zones[1].p.x - 700, m.map.zones[1].p.y - 900});
  EXPECT_TRUE(near(img.getPixel(static_cast<unsigned>(q4.x), static_cast<unsigned>(q4.y)),
                   over_background(with_alpha(minutes_color(90), 215)), 4));
  // Circle alone: zone 1 (30 min) filled, zone 4 (80 min) not.
  ViewState circle = view_state_for_layer("circle", m.map);
  circle.labels = false;
  const sf::Image c = render_image(m.map, circle, 600, 400);
  EXPECT_TRUE(near(c.getPixel(static_cast<unsigned>(p.x), static_cast<unsigned>(p.y)),
                   over_background(kCircleFill), 4));
  const Vec2 z4 = m.map.zones[1].p;
  const Vec2 q = v.to_screen({z4.x - 700, z4.y - 900});
  ASSERT_EQ(m.map.zone_cells.at_point({z4.x - 700, z4.y - 900}), 1);
  ASSERT_TRUE(q.x > 0 && q.y > 0 && q.x < 600 && q.y < 400) << q.x << "," << q.y;
  EXPECT_TRUE(
      near(c.getPixel(static_cast<unsigned>(q.x), static_cast<unsigned>(q.y)), kBackground, 0));
  // The edge (dark blue) lies between the two centroids.
  const Vec2 a = v.to_screen(z1), b = v.to_screen(z4);
  bool edge = false;
  for (int k = 1; k < 100; ++k) {
    const double t = k / 100.0;
    const sf::Color e = c.getPixel(static_cast<unsigned>(a.x + t * (b.x - a.x)),
                                   static_cast<unsigned>(a.y + t * (b.y - a.y)));
    edge |= near(e, kCircleEdge, 10);
  }
  EXPECT_TRUE(edge);
}

TEST(Render, LineLoadsAreWidths) {
  NEED_DISPLAY();
  test::TempDir dir;
  const LoadedMap m = tiny_results_map(dir);
  Viewport v(600, 400);
  v.fit(m.map.bounds(), 30);
  // R1 runs along y = 0 from node 1 to node 3; 600 of 1000 pax/h: 13.2 px wide.
  const Vec2 mid = v.to_screen({(m.map.node_pos[0].x + m.map.node_pos[1].x) / 2, 0.0});
  auto magenta = [](sf::Color c) { return c.r > 200 && c.g < 120 && c.b > 200; };
  ViewState loads = view_state_for_layer("loads", m.map);
  loads.labels = false;
  const sf::Image img = render_image(m.map, loads, 600, 400);
  const auto x = static_cast<unsigned>(mid.x);
  EXPECT_TRUE(magenta(img.getPixel(x, static_cast<unsigned>(mid.y + 5))));
  EXPECT_TRUE(magenta(img.getPixel(x, static_cast<unsigned>(mid.y - 5))));
  EXPECT_FALSE(magenta(img.getPixel(x, static_cast<unsigned>(mid.y + 10))));
  // The transit layer draws it 4 px wide in its colour.
  ViewState transit = view_state_for_layer("transit", m.map);
  transit.labels = false;
  const sf::Image t = render_image(m.map, transit, 600, 400);
  EXPECT_FALSE(magenta(t.getPixel(x, static_cast<unsigned>(mid.y + 5))));
}

TEST(ReportFigures, FourPngsInTheResultsFolderOrAReasonWithoutDisplay) {
  NEED_DISPLAY();
  test::TempDir dir;
  const auto scen = test::write_viz_scenario(dir);
  const scenario::LoadedScenario s = scenario::load_scenario(scen);
  const auto out = test::write_viz_results(dir, s.model.road);
  {
    std::ofstream lc(out / "link_changes.csv");
    lc << "dir_link_id,link_id,from_node,to_node,class,new,flow_vph_baseline,flow_vph_scenario,"
          "flow_vph_change,speed_kmh_baseline,speed_kmh_scenario,speed_kmh_change_pct\n";
    const auto& r = s.model.road;
    const std::vector<std::string> ids = sim::direction_link_ids(r);
    for (net::LinkId l : r.links()) {
      lc << ids[l.value()] << ',' << r.link_external_id()[l] << ','
         << r.node_external_id()[r.tail()[l]] << ',' << r.node_external_id()[r.head()[l]]
         << ",arterial,0,100,500,400,40,30,-25\n";
    }
  }
  std::string why;
  const auto figs = write_report_figures(s, s, out, &why);
  EXPECT_EQ(why, "");
  ASSERT_EQ(figs.size(), 4u);
  const std::vector<std::string> names = {"flows_vc.png", "speed_change.png", "transit_to_cbd.png",
                                          "line_loads.png"};
  for (std::size_t k = 0; k < figs.size(); ++k) {
    EXPECT_EQ(figs[k].file, out / names[k]);
    EXPECT_FALSE(figs[k].caption.empty());
    sf::Image img;
    ASSERT_TRUE(img.loadFromFile(figs[k].file.string()));
    EXPECT_EQ(img.getSize(), (sf::Vector2u{1600, 1000}));
    EXPECT_GT(distinct_colours(img), 5u);
  }
  for (const auto& e : std::filesystem::directory_iterator(out)) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << e.path();
  }
  // Without a display: nothing written, the reason given, no exception.
  const std::string display = std::getenv("DISPLAY");
  std::filesystem::remove(out / "flows_vc.png");
  unsetenv("DISPLAY");
  why.clear();
  EXPECT_TRUE(write_report_figures(s, s, out, &why).empty());
  setenv("DISPLAY", display.c_str(), 1);
  EXPECT_NE(why.find("display"), std::string::npos) << why;
  EXPECT_FALSE(std::filesystem::exists(out / "flows_vc.png"));
  // A display that cannot be opened is a reason too, not an abort.
  setenv("DISPLAY", ":987", 1);
  why.clear();
  EXPECT_TRUE(write_report_figures(s, s, out, &why).empty());
  setenv("DISPLAY", display.c_str(), 1);
  EXPECT_NE(why.find(":987"), std::string::npos) << why;
}

TEST(Cli, ViewWithResultsRendersTheCircleAndBadResultsExitTwo) {
  NEED_DISPLAY();
  test::TempDir dir;
  const auto scen = test::write_viz_scenario(dir);
  const auto res = test::write_viz_results(dir, scenario::load_scenario(scen).model.road);
  const auto png = dir.path() / "circle.png";
  const std::string view = std::string(OUFLOW_BINARY) + " view " + scen.string() + " --results " +
                           res.string() + " --size 400x300 --png " + png.string();
  ASSERT_EQ(std::system((view + " --layer circle > /dev/null").c_str()), 0);
  sf::Image img;
  ASSERT_TRUE(img.loadFromFile(png.string()));
  EXPECT_GT(distinct_colours(img), 5u);
  dir.write("results/zones.csv", "zone_id,car_to_cbd_min\n1,x\n");
  const std::string bad = view + " --layer circle 2>&1";
  FILE* p = popen(bad.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[256];
  while (std::fgets(buf, sizeof buf, p)) out += buf;
  EXPECT_EQ(WEXITSTATUS(pclose(p)), 2);
  EXPECT_NE(out.find("zones.csv"), std::string::npos) << out;
}

}  // namespace
}  // namespace ouflow::viz

namespace ouflow::viz {
namespace {

// Not a correctness test: prints the frame time on a 30k-link grid (run with
// --gtest_also_run_disabled_tests under xvfb-run).
TEST(Viewer, DISABLED_FrameTimeOnThirtyThousandLinks) {
  NEED_DISPLAY();
  net::NetworkBuilder b;
  const int n = 87;  // 87 x 87 nodes, both directions: 29,928 links
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j)
      b.add_node({.external_id = i * n + j + 1, .x = i * 200.0, .y = j * 200.0});
  }
  net::LinkSpec l;
  l.length_m = 200, l.free_flow_time_s = 20, l.capacity_vph = 1000;
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) {
      const std::int64_t id = i * n + j + 1;
      if (i + 1 < n) {
        l.from = id, l.to = id + n, b.add_link(l);
        l.from = id + n, l.to = id, b.add_link(l);
      }
      if (j + 1 < n) {
        l.from = id, l.to = id + 1, b.add_link(l);
        l.from = id + 1, l.to = id, b.add_link(l);
      }
    }
  }
  net::Model m;
  m.road = b.build();
  MapSources src;
  src.flows.assign(m.road.link_count(), 0);
  for (std::size_t k = 0; k < src.flows.size(); ++k) src.flows[k] = static_cast<double>(k % 1500);
  const LoadedMap map = test::loaded(std::move(m), src);
  ViewerOptions o;
  o.width = 1600, o.height = 1000;
  o.state.theme = std::getenv("OUFLOW_VIZ_THEME") ? RoadTheme::kClass : RoadTheme::kFlow;
  Viewer viewer(map, o);
  sf::RenderTexture tex;
  ASSERT_TRUE(tex.create(1600, 1000));
  class Pan : public EventSource {
   public:
    bool poll(ViewEvent& e) override {
      if (k_++ % 2) return false;
      e = {down_ ? ViewEvent::Kind::kMouseMove : ViewEvent::Kind::kMouseDown, x_ += 7, 500};
      down_ = true;
      return true;
    }
    int k_ = 0;
    double x_ = 400;
    bool down_ = false;
  } pan;
  class Idle : public EventSource {
   public:
    bool poll(ViewEvent&) override { return false; }
  } idle;
  for (const auto& [name, src_ev] : {std::pair<const char*, EventSource*>{"static", &idle},
                                     std::pair<const char*, EventSource*>{"panning", &pan}}) {
    viewer.frame(tex, *src_ev);
    tex.display();
    const auto t0 = std::chrono::steady_clock::now();
    const int frames = 30;
    for (int f = 0; f < frames; ++f) {
      viewer.frame(tex, *src_ev);
      tex.display();
    }
    tex.getTexture().copyToImage();  // wait for the GPU
    const double ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count() /
        frames;
    std::printf("%s: %.1f ms per frame (%zu links, %zu vertices; idle frames draw nothing)\n", name,
                ms, map.map.links.size(), viewer.renderer().vertex_count());
  }
}

}  // namespace
}  // namespace ouflow::viz

namespace ouflow::viz {
namespace {

// Not a correctness test: the report figures of a real evaluation, to look at. Run with
// --gtest_also_run_disabled_tests under xvfb-run, with OUFLOW_REPORT_BASELINE and
// OUFLOW_REPORT_SCENARIO (scenario names or files) and OUFLOW_REPORT_DIR (an evaluate --out
// folder; the PNGs are written into it).
TEST(ReportFigures, DISABLED_OfARealEvaluation) {
  NEED_DISPLAY();
  const char* a = std::getenv("OUFLOW_REPORT_BASELINE");
  const char* b = std::getenv("OUFLOW_REPORT_SCENARIO");
  const char* dir = std::getenv("OUFLOW_REPORT_DIR");
  if (!a || !b || !dir) GTEST_SKIP() << "set OUFLOW_REPORT_BASELINE, _SCENARIO and _DIR";
  auto load = [](const char* s) {
    return scenario::load_scenario(std::filesystem::exists(s) ? std::filesystem::path(s)
                                                              : scenario::find_scenario(s));
  };
  const scenario::LoadedScenario base = load(a), scen = load(b);
  std::string why;
  const auto start = std::chrono::steady_clock::now();
  const auto figs = write_report_figures(base, scen, dir, &why);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& f : figs) std::printf("%s: %s\n", f.file.c_str(), f.caption.c_str());
  std::printf("%zu figures in %.1f s %s\n", figs.size(), s, why.c_str());
  EXPECT_FALSE(figs.empty());
}

}  // namespace
}  // namespace ouflow::viz
