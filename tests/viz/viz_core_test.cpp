// The SFML-free core of the viewer: viewport math, colour scales, geometry, hit-testing, map
// data from a model, GeoJSON, the controller and click isochrones. Runs without a display.
#include <gtest/gtest.h>

#include <cmath>

#include <map>

#include "networks/input_error.h"
#include "sim/isochrone/point_isochrone.h"
#include "tests/common/temp_dir.h"
#include "tests/viz/viz_fixtures.h"
#include "viz/click_isochrone.h"
#include "viz/colors.h"
#include "viz/controller.h"
#include "viz/geojson.h"
#include "viz/scene.h"
#include "viz/viewport.h"

namespace ouflow::viz {
namespace {

TEST(Viewport, FitCentresAndScalesToTheLimitingSide) {
  Viewport v(600, 400);
  Box b;
  b.add({0, 0}), b.add({1000, 1000});
  v.fit(b, 30);
  // Height limits: (400 - 60) / 1000 px per metre.
  EXPECT_DOUBLE_EQ(v.scale(), 0.34);
  EXPECT_EQ(v.centre(), (Vec2{500, 500}));
  EXPECT_EQ(v.to_screen({0, 0}), (Vec2{130, 370}));       // south-west: left, low
  EXPECT_EQ(v.to_screen({1000, 1000}), (Vec2{470, 30}));  // north-east: right, high
  const Vec2 back = v.to_map({130, 370});
  EXPECT_NEAR(back.x, 0, 1e-9);
  EXPECT_NEAR(back.y, 0, 1e-9);
}

TEST(Viewport, ZoomAboutTheCursorKeepsThePointUnderIt) {
  Viewport v(800, 600);
  Box b;
  b.add({-5000, 200}), b.add({12000, 9000});
  v.fit(b, 10);
  const Vec2 cursor{123, 456};
  const Vec2 before = v.to_map(cursor);
  for (double f : {1.25, 3.0, 0.5, 0.8}) {
    v.zoom_about(cursor, f);
    const Vec2 after = v.to_screen(before);
    EXPECT_NEAR(after.x, cursor.x, 1e-6);
    EXPECT_NEAR(after.y, cursor.y, 1e-6);
  }
  EXPECT_NEAR(v.scale(), (800.0 - 20) / 17000 * 1.25 * 3 * 0.5 * 0.8, 1e-12);
}

TEST(Viewport, PanMovesTheMapWithThePointer) {
  Viewport v(100, 100);
  Box b;
  b.add({0, 0}), b.add({100, 100});
  v.fit(b, 0);  // 1 px per metre
  const Vec2 p = v.to_map({10, 10});
  v.pan_px(5, -7);
  EXPECT_EQ(v.to_screen(p), (Vec2{15, 3}));
}

TEST(Viewport, NiceNumbersAndScaleBar) {
  EXPECT_EQ(nice_floor(7.3), 5);
  EXPECT_EQ(nice_floor(1999), 1000);
  EXPECT_EQ(nice_floor(0.031), 0.02);
  EXPECT_EQ(nice_ceil(7.3), 10);
  EXPECT_EQ(nice_ceil(1999), 2000);
  EXPECT_EQ(nice_ceil(4000), 5000);
  EXPECT_EQ(nice_ceil(0), 0);
  Viewport v(100, 100);
  Box b;
  b.add({0, 0}), b.add({10000, 10000});
  v.fit(b, 0);  // 0.01 px per metre: 150 px are 15 km
  const ScaleBar s = scale_bar(v, 150);
  EXPECT_EQ(s.length_m, 10000);
  EXPECT_DOUBLE_EQ(s.length_px, 100);
  EXPECT_EQ(s.label, "10 km");
}

TEST(Colors, ScalesHitTheirEndpointsAndClamp) {
  const ColorScale vc = vc_scale();
  EXPECT_EQ(vc(0.0), (Rgba{26, 152, 80, 255}));
  EXPECT_EQ(vc(-1.0), vc(0.0));
  EXPECT_EQ(vc(1.25), (Rgba{128, 0, 38, 255}));
  EXPECT_EQ(vc(7.0), vc(1.25));
  EXPECT_EQ(vc(1.0), (Rgba{227, 26, 28, 255}));
  EXPECT_EQ(vc(std::nan("")), kMissing);
  const ColorScale d = diverging_scale(20);
  EXPECT_EQ(d(-20), (Rgba{178, 24, 43, 255}));  // red: slower
  EXPECT_EQ(d(0), (Rgba{215, 215, 215, 255}));
  EXPECT_EQ(d(20), (Rgba{33, 102, 172, 255}));  // blue: faster
  // Halfway between two stops: the mean colour.
  const ColorScale two({{0, {0, 0, 0, 255}}, {10, {200, 100, 50, 255}}}, kMissing);
  EXPECT_EQ(two(5), (Rgba{100, 50, 25, 255}));
  EXPECT_THROW(ColorScale({{1, {}}, {1, {}}}, kMissing), std::invalid_argument);
}

// Area covered by a triangle list (each triangle counted).
double area(const Triangles& t) {
  double a = 0;
  for (std::size_t i = 0; i + 2 < t.size(); i += 3) {
    a += std::fabs((t[i + 1].x - t[i].x) * (t[i + 2].y - t[i].y) -
                   (t[i + 2].x - t[i].x) * (t[i + 1].y - t[i].y)) /
         2;
  }
  return a;
}

TEST(Geometry, EvenOddFillHonoursHolesAndClips) {
  const Ring outer{{10, 10}, {20, 10}, {20, 20}, {10, 20}};
  const Ring hole{{13, 13}, {17, 13}, {17, 17}, {13, 17}};
  Triangles t;
  fill_even_odd(t, {outer, hole}, 100, 100, {1, 2, 3, 255});
  EXPECT_DOUBLE_EQ(area(t), 100 - 16);
  t.clear();
  fill_even_odd(t, {outer}, 15, 12, {});  // clipped to 15 x 12 pixels
  EXPECT_DOUBLE_EQ(area(t), 5 * 2);
}

TEST(Geometry, ThickLineIsOffsetToTheRightOfTravel) {
  Triangles t;
  add_thick_line(t, {0, 0}, {10, 0}, 2, 3, {});  // eastwards: right is down (+y) on screen
  ASSERT_EQ(t.size(), 6u);
  EXPECT_DOUBLE_EQ(area(t), 20);
  for (const Vertex& v : t) EXPECT_TRUE(v.y == 2 || v.y == 4) << v.y;
}

TEST(MapData, FlowsGiveVcAndCongestedSpeed) {
  MapSources src;
  src.flows = {500, 1000};
  const MapData m = build_map_data(test::corner_model(), src);
  ASSERT_EQ(m.links.size(), 2u);
  EXPECT_TRUE(m.has_flows);
  EXPECT_DOUBLE_EQ(m.links[0].vc, 0.5);
  // t = 60 (1 + 0.15 * 0.5^4) = 60.5625 s for 1000 m.
  EXPECT_NEAR(m.links[0].speed_kmh, 1000 / 60.5625 * 3.6, 1e-9);
  EXPECT_NEAR(m.links[1].speed_kmh, 1000 / 69.0 * 3.6, 1e-9);
  EXPECT_DOUBLE_EQ(m.links[0].free_speed_kmh, 60);
  EXPECT_EQ(m.links[0].a, (Vec2{0, 0}));
  EXPECT_EQ(m.links[0].b, (Vec2{0, 1000}));
  EXPECT_EQ(m.frame, "local");
  EXPECT_NE(describe_link(m.links[0]).find("V/C 0.50"), std::string::npos);
  // The tooltip names the ids a scenario or an output refers to: the per-direction link id of
  // link_flows.csv and its end nodes.
  EXPECT_EQ(m.links[0].link_id, sim::direction_link_ids(test::corner_model().road)[0]);
  EXPECT_TRUE(m.links[0].link_id.ends_with("_ab")) << m.links[0].link_id;
  EXPECT_NE(describe_link(m.links[0])
                .find("link " + m.links[0].link_id + ", nodes " + std::to_string(m.links[0].from) +
                      " -> " + std::to_string(m.links[0].to)),
            std::string::npos)
      << describe_link(m.links[0]);
  src.flows = {1};
  EXPECT_THROW(build_map_data(test::corner_model(), src), std::invalid_argument);
}

TEST(MapData, CompareMatchesLinksByEndpoints) {
  net::Model b = test::corner_model();
  // Scenario B: the same links, read in the other order, the arterial twice as fast.
  net::NetworkBuilder nb;
  nb.add_node({.external_id = 1, .x = 0, .y = 0});
  nb.add_node({.external_id = 2, .x = 0, .y = 1000});
  nb.add_node({.external_id = 3, .x = 1000, .y = 1000});
  net::LinkSpec l;
  l.length_m = 1000, l.capacity_vph = 1000;
  l.external_id = 2, l.from = 2, l.to = 3, l.free_flow_time_s = 30;
  nb.add_link(l);
  l.external_id = 1, l.from = 1, l.to = 2, l.free_flow_time_s = 60;
  nb.add_link(l);
  b.road = nb.build();
  MapSources src;
  src.compare = &b;
  const MapData m = build_map_data(test::corner_model(), src);
  ASSERT_TRUE(m.has_compare);
  EXPECT_DOUBLE_EQ(m.links[0].speed_change_kmh(), 0);
  EXPECT_DOUBLE_EQ(m.links[1].speed_change_kmh(), 60);
  EXPECT_EQ(speed_change_extent(m), 100);
  EXPECT_EQ(view_state_for_layer("speed-change", m).theme, RoadTheme::kSpeedChange);
}

TEST(MapData, LonLatLayersNeedAProjectedNetwork) {
  MapSources src;
  src.boundaries = LonLatPolygons{{{{120, 28}, {121, 28}, {121, 29}, {120, 28}}}, {kNoValue}};
  EXPECT_THROW(build_map_data(test::corner_model(), src), std::invalid_argument);
  // A network with lon/lat is drawn in its UTM zone, and the polygon lands beside it.
  net::NetworkBuilder b;
  b.add_node({.external_id = 1, .lon = 120.6, .lat = 28.0});
  b.add_node({.external_id = 2, .lon = 120.7, .lat = 28.0});
  net::LinkSpec l;
  l.from = 1, l.to = 2, l.length_m = 9800, l.free_flow_time_s = 600, l.capacity_vph = 1000;
  b.add_link(l);
  net::Model m;
  m.road = b.build();
  const MapData d = build_map_data(m, src);
  EXPECT_EQ(d.frame, "EPSG:32651");
  ASSERT_EQ(d.boundaries.size(), 1u);
  // 0.1 degree of longitude at 28N is about 9.8 km.
  EXPECT_NEAR(d.links[0].b.x - d.links[0].a.x, 9.83e3, 50);
  EXPECT_NEAR(d.boundaries[0][1].x - d.boundaries[0][0].x, 9.83e4, 500);
}

TEST(HitTest, NearestLinkAndStopWithinTolerance) {
  MapData m = build_map_data(test::corner_model(), {});
  m.stops.push_back({0, {500, 1000}, "Central", "C1", "1, 2"});
  Viewport v(600, 400);
  v.fit(m.bounds(), 30);  // A (130, 370), B (130, 30), C (470, 30)
  auto l = link_at(m, v, {133, 200}, 5);
  ASSERT_TRUE(l);
  EXPECT_EQ(m.links[*l].link_class, net::LinkClass::kExpressway);
  l = link_at(m, v, {300, 27}, 5);
  ASSERT_TRUE(l);
  EXPECT_EQ(m.links[*l].link_class, net::LinkClass::kArterial);
  EXPECT_FALSE(link_at(m, v, {140, 200}, 5));  // 10 px away
  auto s = stop_at(m, v, {302, 33}, 6);
  ASSERT_TRUE(s);
  EXPECT_EQ(describe_stop(m.stops[*s]), "Central (stop C1)\nlines: 1, 2");
  EXPECT_FALSE(stop_at(m, v, {320, 33}, 6));
}

TEST(Legend, ListsWhatIsDrawn) {
  MapSources src;
  src.flows = {500, 1000};
  const MapData m = build_map_data(test::corner_model(), src);
  ViewState s;
  Legend g = legend_for(m, s, {});
  EXPECT_EQ(g.title, "Roads by class");
  ASSERT_EQ(g.items.size(), 2u);  // expressway, arterial; no transit, no stops
  EXPECT_EQ(g.items[0].label, "expressway");
  s.theme = RoadTheme::kFlow;
  g = legend_for(m, s, {});
  EXPECT_EQ(g.items[0].label, "1000 veh/h");  // the flow scale tops at a nice 1000
  EXPECT_THROW(view_state_for_layer("speed-change", m), std::invalid_argument);
  EXPECT_THROW(view_state_for_layer("nonsense", m), std::invalid_argument);
}

TEST(GeoJson, ReadsPolygonsWithMinutesAndReportsErrors) {
  test::TempDir dir;
  const auto ok = dir.write("iso.geojson", R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"minutes": 15},
     "geometry": {"type": "MultiPolygon", "coordinates": [[[[0,0],[1,0],[1,1],[0,0]]],
                                                         [[[2,2],[3,2],[3,3],[2,2]]]]}},
    {"type": "Feature", "properties": {"minutes": 30},
     "geometry": {"type": "Polygon", "coordinates": [[[0,0],[4,0],[4,4],[0,0]]]}},
    {"type": "Feature", "properties": {}, "geometry": {"type": "Point", "coordinates": [0,0]}}]})");
  const LonLatPolygons p = read_geojson_polygons(ok);
  ASSERT_EQ(p.rings.size(), 3u);
  EXPECT_EQ(p.minutes, (std::vector<double>{15, 15, 30}));
  EXPECT_EQ(p.rings[2][1], (Vec2{4, 0}));

  const auto bad_json =
      dir.write("bad.geojson", "{\"type\": \"Feature\",\n\"geometry\": {\n  oops }\n}");
  try {
    read_geojson_polygons(bad_json);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.line(), 3u);
  }
  const auto missing = dir.write("missing.geojson",
                                 R"({"type": "FeatureCollection", "features": [
    {"type": "Feature", "geometry": {"type": "Polygon"}}]})");
  try {
    read_geojson_polygons(missing);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "features[0].geometry.coordinates");
    EXPECT_NE(std::string(e.what()).find("missing.geojson"), std::string::npos);
  }
  const auto not_wgs = dir.write(
      "utm.geojson", R"({"type": "Polygon", "coordinates": [[[500000,0],[1,0],[1,1],[0,0]]]})");
  EXPECT_THROW(read_geojson_polygons(not_wgs), InputError);
  // A number beyond double range is an InputError naming the file and line, not a raw
  // library message.
  const auto overflow =
      dir.write("overflow.geojson",
                "{\"type\": \"Polygon\",\n \"coordinates\": [[[1e400,0],[1,0],[1,1],[0,0]]]}");
  try {
    read_geojson_polygons(overflow);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.path(), overflow);
    EXPECT_EQ(e.line(), 2u) << e.what();
    EXPECT_NE(std::string(e.what()).find("1e400"), std::string::npos) << e.what();
  }
}

TEST(Controller, DragPansWheelZoomsClickRequestsAnIsochrone) {
  const MapData m = build_map_data(test::corner_model(), {});
  Controller c(m, 600, 400, {});
  using K = ViewEvent::Kind;
  const Vec2 a = c.viewport().to_screen({0, 0});
  EXPECT_EQ(a, (Vec2{130, 370}));
  const auto g0 = c.generation();
  c.handle({K::kMouseDown, 300, 250});
  c.handle({K::kMouseMove, 330, 250});
  c.handle({K::kMouseMove, 350, 240});
  c.handle({K::kMouseUp, 350, 240});
  EXPECT_GT(c.generation(), g0);
  EXPECT_EQ(c.viewport().to_screen({0, 0}), (Vec2{180, 360}));
  EXPECT_FALSE(c.take_request());  // a drag is not a click
  const Vec2 under = c.viewport().to_map({180, 200});
  c.handle({K::kWheel, 180, 200, 1});
  const Vec2 still = c.viewport().to_screen(under);
  EXPECT_NEAR(still.x, 180, 1e-9);
  EXPECT_NEAR(still.y, 200, 1e-9);
  EXPECT_NEAR(c.viewport().scale(), 0.34 * 1.25, 1e-12);
  c.handle({K::kMouseDown, 100, 100});
  c.handle({K::kMouseMove, 102, 101});  // within 4 px: still a click
  c.handle({K::kMouseUp, 102, 101});
  const auto r = c.take_request();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->origin, c.viewport().to_map({102, 101}));
  EXPECT_EQ(r->mode, IsoMode::kCar);
  c.handle({K::kKey, 0, 0, 0, '4'});
  EXPECT_EQ(c.state().theme, RoadTheme::kSpeed);
  c.handle({K::kKey, 0, 0, 0, '2'});  // no flows: the flow layer is not offered
  EXPECT_EQ(c.state().theme, RoadTheme::kSpeed);
  c.handle({K::kMouseMove, 181, 300});  // over the expressway
  EXPECT_NE(c.hover_text().find("expressway"), std::string::npos);
  EXPECT_FALSE(c.handle({K::kKey, 0, 0, 0, 'q'}));
}

bool inside(const IsoBand& band, Vec2 p) {
  bool in = false;
  for (const Ring& r : band.rings) {
    for (std::size_t i = 0, j = r.size() - 1; i < r.size(); j = i++) {
      if ((r[i].y > p.y) != (r[j].y > p.y) &&
          p.x < (r[j].x - r[i].x) * (p.y - r[i].y) / (r[j].y - r[i].y) + r[i].x) {
        in = !in;
      }
    }
  }
  return in;
}

TEST(ClickIsochrone, CarBandsFollowTheRoad) {
  auto model = std::make_shared<net::Model>(test::line_model());
  const MapData m = build_map_data(*model, {});
  IsochroneEngine engine(model, m);
  IsochroneRequest r;
  r.origin = {0, 0};
  r.minutes = {5, 15, 25};
  const MapIsochrone iso = engine.compute(r);
  ASSERT_EQ(iso.bands.size(), 3u);
  // 10 min per km: 5 min reach 500 m along the road, 15 min 1500 m, 25 min all of it; the
  // walk from the road (at most 200 m, 154 s) adds little.
  EXPECT_TRUE(inside(iso.bands[0], {250, 0}));
  EXPECT_FALSE(inside(iso.bands[0], {900, 0}));
  EXPECT_TRUE(inside(iso.bands[1], {900, 0}));
  EXPECT_FALSE(inside(iso.bands[1], {1900, 0}));
  EXPECT_TRUE(inside(iso.bands[2], {1900, 0}));
  EXPECT_FALSE(inside(iso.bands[2], {1000, 600}));  // far from the road
  EXPECT_FALSE(inside(iso.bands[2], {-400, 0}));    // behind the start, beyond a walk
}

TEST(ClickIsochrone, AsyncDeliversWithoutBlocking) {
  auto model = std::make_shared<net::Model>(test::line_model());
  const MapData m = build_map_data(*model, {});
  auto engine = std::make_shared<const IsochroneEngine>(model, m);
  AsyncIsochrone worker(engine);
  IsochroneRequest r;
  r.minutes = {15};
  worker.request(r);
  EXPECT_TRUE(worker.busy());
  std::optional<MapIsochrone> got;
  for (int i = 0; i < 500 && !got; ++i) {
    got = worker.poll();
    if (!got) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(got);
  EXPECT_EQ(got->bands.size(), 1u);
  EXPECT_FALSE(worker.busy());
  r.mode = IsoMode::kTransit;  // no transit layer: the error comes back as text
  worker.request(r);
  std::string error;
  for (int i = 0; i < 500 && worker.busy(); ++i) {
    if (worker.poll(&error)) FAIL();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_NE(error.find("no transit"), std::string::npos);
}

}  // namespace
}  // namespace ouflow::viz

namespace ouflow::viz {
namespace {

TEST(MapData, LocalCoordinatesInFeetAreScaledToMetres) {
  // Two links of 1200 m whose end nodes are 3280.84 feet (1000 m) apart in straight line.
  net::NetworkBuilder b;
  b.add_node({.external_id = 1, .x = 0, .y = 0});
  b.add_node({.external_id = 2, .x = 3280.84, .y = 0});
  b.add_node({.external_id = 3, .x = 3280.84, .y = 3280.84});
  net::LinkSpec l;
  l.length_m = 1200, l.free_flow_time_s = 60, l.capacity_vph = 1000;
  l.from = 1, l.to = 2;
  b.add_link(l);
  l.from = 2, l.to = 3;
  b.add_link(l);
  net::Model m;
  m.road = b.build();
  const auto unit = local_unit(m.road);
  ASSERT_TRUE(unit);
  EXPECT_EQ(unit->second, "feet");
  const MapData d = build_map_data(m, {});
  EXPECT_TRUE(d.metric);
  EXPECT_NEAR(d.links[0].b.x, 1000, 1e-3);
  EXPECT_EQ(d.frame_note, "local x/y in feet (told from link lengths)");
  // Coordinates that fit no unit (links 5x longer than any straight line in feet or metres).
  net::NetworkBuilder c;
  c.add_node({.external_id = 1, .x = 0, .y = 0});
  c.add_node({.external_id = 2, .x = 100, .y = 0});
  l.from = 1, l.to = 2, l.length_m = 250;
  c.add_link(l);
  m.road = c.build();
  EXPECT_FALSE(local_unit(m.road));
  EXPECT_FALSE(build_map_data(m, {}).metric);
}

}  // namespace
}  // namespace ouflow::viz

#include "networks/transit_builder.h"

namespace ouflow::viz {
namespace {

// Stops A (120.65E 28N), B about 983 m east, C about 4.9 km east; one trip leaves A at 08:05,
// reaches B at 08:10 and C at 08:20, on Mondays of 2024.
net::Model three_stop_model() {
  net::TransitBuilder t;
  t.add_agency({"ag", "Agency", "https://example.org", "Asia/Shanghai"});
  auto stop = [&t](const char* id, const char* name, double lon) {
    net::StopSpec s;
    s.id = id, s.name = name, s.lon = lon, s.lat = 28.0;
    t.add_stop(s);
  };
  stop("A", "Alpha", 120.65), stop("B", "Beta", 120.66), stop("C", "Gamma", 120.70);
  net::RouteSpec route;
  route.id = "r1", route.agency_id = "ag", route.short_name = "S1", route.route_type = 1;
  t.add_route(route);
  t.add_service({"mon", 1, *net::Date::from_ymd(2024, 1, 1), *net::Date::from_ymd(2024, 12, 31)});
  net::TripSpec trip;
  trip.id = "t1", trip.route_id = "r1", trip.service_id = "mon";
  auto at = [](const char* id, std::int32_t s) {
    net::StopTimeSpec st;
    st.stop_id = id, st.arrival_s = s, st.departure_s = s;
    return st;
  };
  trip.stop_times = {at("A", 29100), at("B", 29400), at("C", 30000)};
  t.add_trip(trip);
  net::Model m;
  m.transit = t.build();
  return m;
}

TEST(ClickIsochrone, TransitBandsReachStopsByTheTimetable) {
  auto model = std::make_shared<net::Model>(three_stop_model());
  const MapData m = build_map_data(*model, {});
  ASSERT_EQ(m.stops.size(), 3u);
  EXPECT_EQ(m.stops[1].routes, "S1");
  ASSERT_EQ(m.lines.size(), 1u);
  EXPECT_EQ(m.lines[0].color, route_type_color(1, 0));  // metro red
  IsochroneEngine engine(model, m);
  ASSERT_TRUE(engine.has_transit());
  const auto date = busiest_date(*model->transit);
  ASSERT_TRUE(date);
  EXPECT_EQ(date->weekday(), 0);  // the Monday of the first week
  IsochroneRequest r;
  r.mode = IsoMode::kTransit;
  r.origin = m.stop_pos[0];
  r.date = *date;
  r.depart_s = 8 * 3600;
  r.minutes = {15, 30};
  const MapIsochrone iso = engine.compute(r);
  ASSERT_EQ(iso.bands.size(), 2u);
  const Vec2 a = m.stop_pos[0], b = m.stop_pos[1], c = m.stop_pos[2];
  EXPECT_TRUE(inside(iso.bands[0], b));   // 10 min by train
  EXPECT_FALSE(inside(iso.bands[0], c));  // 20 min
  EXPECT_TRUE(inside(iso.bands[1], c));
  EXPECT_FALSE(inside(iso.bands[0], {(b.x + c.x) / 2, b.y}));  // beyond a walk from B
  EXPECT_TRUE(inside(iso.bands[0], {a.x, a.y + 500}));         // walking from the origin
  // On a Tuesday nothing runs: only the walk around the origin.
  r.date = date->plus_days(1);
  const MapIsochrone tuesday = engine.compute(r);
  EXPECT_FALSE(inside(tuesday.bands[1], b));
  EXPECT_TRUE(inside(tuesday.bands[1], {a.x + 300, a.y}));
}

// Stops A (120.65E 28N), C about 4.9 km east, C2 about 300 m north of C and D about 4.4 km
// north of C2. Line S1 leaves A at 08:05 and reaches C at 08:20; line S2 leaves C2 at 08:30 and
// reaches D at 08:40, on Mondays of 2024. From A, D needs one transfer with a walk C -> C2.
net::Model transfer_model() {
  net::TransitBuilder t;
  t.add_agency({"ag", "Agency", "https://example.org", "Asia/Shanghai"});
  auto stop = [&t](const char* id, double lon, double lat) {
    net::StopSpec s;
    s.id = id, s.name = id, s.lon = lon, s.lat = lat;
    t.add_stop(s);
  };
  stop("A", 120.65, 28.0), stop("C", 120.70, 28.0), stop("C2", 120.70, 28.0027);
  stop("D", 120.70, 28.0427);
  t.add_service({"mon", 1, *net::Date::from_ymd(2024, 1, 1), *net::Date::from_ymd(2024, 12, 31)});
  auto at = [](const char* id, std::int32_t s) {
    net::StopTimeSpec st;
    st.stop_id = id, st.arrival_s = s, st.departure_s = s;
    return st;
  };
  auto line = [&](const char* name, std::vector<net::StopTimeSpec> times) {
    net::RouteSpec route;
    route.id = name, route.agency_id = "ag", route.short_name = name, route.route_type = 3;
    t.add_route(route);
    net::TripSpec trip;
    trip.id = std::string(name) + "-1", trip.route_id = name, trip.service_id = "mon";
    trip.stop_times = std::move(times);
    t.add_trip(trip);
  };
  line("S1", {at("A", 29100), at("C", 30000)});
  line("S2", {at("C2", 30600), at("D", 31200)});
  net::Model m;
  m.transit = t.build();
  return m;
}

TEST(ClickIsochrone, TransfersAndTransferWalksAreTheUsers) {
  // The defaults are `ouflow isochrone`'s (both read sim::PointIsochroneDefaults).
  const IsochroneRequest defaults;
  EXPECT_EQ(defaults.max_walk_m, 800.0);
  EXPECT_EQ(defaults.transfer_radius_m, 400.0);
  EXPECT_EQ(defaults.max_transfers, 8);
  EXPECT_EQ(defaults.walk_speed_mps, 1.3);
  EXPECT_EQ(defaults.max_walk_m, sim::PointIsochroneDefaults::kMaxWalkM);
  EXPECT_EQ(defaults.transfer_radius_m, sim::PointIsochroneDefaults::kTransferRadiusM);
  EXPECT_EQ(defaults.max_transfers, sim::PointIsochroneDefaults::kMaxTransfers);
  EXPECT_EQ(defaults.walk_speed_mps, sim::PointIsochroneDefaults::kWalkSpeedMps);

  auto model = std::make_shared<net::Model>(transfer_model());
  const MapData m = build_map_data(*model, {});
  IsochroneEngine engine(model, m);
  ASSERT_TRUE(engine.has_transit());
  const Vec2 a = m.stop_pos[0], c = m.stop_pos[1], c2 = m.stop_pos[2], d = m.stop_pos[3];
  ASSERT_NEAR(std::hypot(c2.x - c.x, c2.y - c.y), 300, 10);
  IsochroneRequest r;
  r.mode = IsoMode::kTransit;
  r.origin = a;
  r.date = *net::Date::from_ymd(2024, 1, 1);  // a Monday
  r.depart_s = 8 * 3600;
  r.minutes = {45};
  EXPECT_TRUE(inside(engine.compute(r).bands[0], d));  // 40 min with one transfer
  EXPECT_TRUE(inside(engine.compute(r).bands[0], c));  // 20 min, no transfer
  EXPECT_EQ(engine.footpaths_built(), 1u);             // once per engine, not per click
  r.max_transfers = 0;
  EXPECT_FALSE(inside(engine.compute(r).bands[0], d));
  EXPECT_TRUE(inside(engine.compute(r).bands[0], c));
  r.max_transfers = 8;
  r.transfer_radius_m = 200;  // C -> C2 is 300 m: no transfer walk
  EXPECT_FALSE(inside(engine.compute(r).bands[0], d));
  EXPECT_EQ(engine.footpaths_built(), 2u);
  r.transfer_radius_m = 400;
  r.max_walk_m = 100;  // the egress walk from C: 100 m at most
  EXPECT_TRUE(inside(engine.compute(r).bands[0], c));
  EXPECT_FALSE(inside(engine.compute(r).bands[0], {c.x + 300, c.y}));
  EXPECT_EQ(engine.footpaths_built(), 2u);
}

}  // namespace
}  // namespace ouflow::viz

namespace ouflow::viz {
namespace {

// Zones shaded from a results CSV (zone_id + a chosen column) instead of population.
TEST(MapData, ZoneValuesFromAResultsFile) {
  net::NetworkBuilder b;
  b.add_node({.external_id = 1, .x = 0, .y = 0});
  b.add_node({.external_id = 2, .x = 1000, .y = 0});
  net::LinkSpec l;
  l.length_m = 1000, l.free_flow_time_s = 60, l.capacity_vph = 1000;
  l.external_id = 1, l.from = 1, l.to = 2;
  b.add_link(l);
  b.add_zone({.external_id = 1, .centroid = 1, .population = 10, .jobs = 0, .name = "a"});
  b.add_zone({.external_id = 2, .centroid = 2, .population = 20, .jobs = 0, .name = "b"});
  net::Model m;
  m.road = b.build();
  ouflow::test::TempDir dir;
  const auto csv = dir.write("zones.csv", "zone_id,name,transit_to_cbd_min\n1,a,12.5\n2,b,\n");
  std::string column = "transit_to_cbd_min";
  MapSources src;
  src.zone_values = read_zone_values(csv, column);
  src.zone_value_name = column;
  const MapData map = build_map_data(m, src);
  ASSERT_EQ(map.zones.size(), 2u);
  EXPECT_EQ(map.zone_value_name, "transit_to_cbd_min");
  EXPECT_DOUBLE_EQ(map.zones[0].value, 12.5);
  EXPECT_TRUE(std::isnan(map.zones[1].value));  // blank: no value
  // Without the file the zones carry their population.
  EXPECT_DOUBLE_EQ(build_map_data(m, {}).zones[1].value, 20.0);
  // A missing column names the file and the field.
  std::string missing = "nope";
  try {
    read_zone_values(csv, missing);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("nope"), std::string::npos) << e.what();
  }
}

TEST(Results, FlowsLineLoadsZoneTimesAndTheCircleFromAnEvaluateFolder) {
  test::TempDir dir;
  const auto scen = test::write_viz_scenario(dir);
  const scenario::LoadedScenario loaded = scenario::load_scenario(scen);
  ViewFiles f;
  f.network = scen;
  f.results = test::write_viz_results(dir, loaded.model.road);
  const LoadedMap m = load_map(f, {});
  EXPECT_TRUE(m.map.has_flows);
  for (const MapLink& l : m.map.links) EXPECT_DOUBLE_EQ(l.flow_vph, 500.0);
  // Zone values: transit_to_cbd_min by default; the circle from the faster of car and transit.
  EXPECT_EQ(m.map.zone_value_name, "transit_to_cbd_min");
  ASSERT_EQ(m.map.zones.size(), 2u);
  EXPECT_DOUBLE_EQ(m.map.zones[0].value, 50.0);
  EXPECT_DOUBLE_EQ(m.map.zones[0].cbd_min, 30.0);
  EXPECT_DOUBLE_EQ(m.map.zones[1].cbd_min, 80.0);
  EXPECT_EQ(m.map.zones[0].name, "West");
  EXPECT_TRUE(m.map.has_circle);
  EXPECT_EQ(m.map.circle_basis, "faster of car and transit");
  ASSERT_TRUE(m.map.cbd.has_value());  // the scenario's CBD, at node 3
  EXPECT_NEAR(m.map.cbd->x, m.map.node_pos[2].x, 1.0);
  // Line loads and the scenario's line colour.
  EXPECT_TRUE(m.map.has_line_loads);
  ASSERT_FALSE(m.map.lines.empty());
  EXPECT_DOUBLE_EQ(m.map.lines[0].max_load, 600.0);
  EXPECT_DOUBLE_EQ(m.map.lines[0].boardings, 1000.0);
  EXPECT_EQ(m.map.lines[0].color, (Rgba{255, 0, 255, 255}));
  bool tooltip = false;
  for (const MapStop& st : m.map.stops) {
    tooltip |= describe_stop(st).find("R1 (1,000 boardings)") != std::string::npos;
  }
  EXPECT_TRUE(tooltip);
  // Labels: the county seat with its English name, the other place, the two rail stations.
  std::map<std::string, int> ranks;
  for (const MapLabel& l : m.map.labels) ranks[l.text] = l.rank;
  EXPECT_EQ(ranks.count("鹿城区 Lucheng"), 1u);
  EXPECT_EQ(ranks.count("娄桥"), 1u);
  EXPECT_EQ(ranks.count("西站"), 1u);
  EXPECT_EQ(ranks.count("东站"), 1u);
  EXPECT_EQ(ranks["鹿城区 Lucheng"], 0);
  // Zones as areas: nearest-centroid cells.
  EXPECT_FALSE(m.map.zone_cells.empty());
  EXPECT_EQ(m.map.zone_cells.at_point(m.map.zones[0].p), 0);
  EXPECT_EQ(m.map.zone_cells.at_point(m.map.zones[1].p), 1);

  // fastest_to_cbd_min wins when present; a --zone-column picks another value.
  dir.write("results/zones.csv",
            "zone_id,car_to_cbd_min,transit_to_cbd_min,fastest_to_cbd_min,jobs_60_transit\n"
            "1,30,50,25,7000\n4,80,90,61,\n");
  f.zone_column = "jobs_60_transit";
  const LoadedMap m2 = load_map(f, {});
  EXPECT_DOUBLE_EQ(m2.map.zones[0].cbd_min, 25.0);
  EXPECT_EQ(m2.map.circle_basis, "fastest mode");
  EXPECT_DOUBLE_EQ(m2.map.zones[0].value, 7000.0);
  EXPECT_TRUE(std::isnan(m2.map.zones[1].value));
}

std::string error_of(const ViewFiles& f) {
  try {
    load_map(f, {});
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(Results, BadFoldersNameTheFileLineAndField) {
  test::TempDir dir;
  const auto scen = test::write_viz_scenario(dir);
  const scenario::LoadedScenario loaded = scenario::load_scenario(scen);
  ViewFiles f;
  f.network = scen;
  f.results = test::write_viz_results(dir, loaded.model.road);
  dir.write("results/line_loads.csv", "route_id,boardings,max_section_load\nR1,1,2\nX9,1,2\n");
  std::string e = error_of(f);
  EXPECT_NE(e.find("line_loads.csv:3"), std::string::npos) << e;
  EXPECT_NE(e.find("route_id"), std::string::npos) << e;
  EXPECT_NE(e.find("X9"), std::string::npos) << e;
  dir.write("results/line_loads.csv", "route_id,boardings,max_section_load\nR1,1,lots\n");
  e = error_of(f);
  EXPECT_NE(e.find("line_loads.csv:2"), std::string::npos) << e;
  EXPECT_NE(e.find("max_section_load"), std::string::npos) << e;
  dir.write("results/line_loads.csv", "route_id,name\nR1,R1\n");
  e = error_of(f);
  EXPECT_NE(e.find("max_section_load"), std::string::npos) << e;
  std::filesystem::remove(dir.path() / "results/line_loads.csv");
  e = error_of(f);
  EXPECT_NE(e.find("line_loads.csv"), std::string::npos) << e;
  EXPECT_NE(e.find("missing"), std::string::npos) << e;
  test::write_viz_results(dir, loaded.model.road);
  dir.write("results/zones.csv", "zone_id,car_to_cbd_min\n1,3\n");  // no transit_to_cbd_min
  e = error_of(f);
  EXPECT_NE(e.find("zones.csv"), std::string::npos) << e;
  EXPECT_NE(e.find("transit_to_cbd_min"), std::string::npos) << e;
  f.results = dir.path() / "nowhere";
  e = error_of(f);
  EXPECT_NE(e.find("nowhere"), std::string::npos) << e;
}

TEST(ZoneCells, NearestCentroidWithinReachClippedToTheBackdrop) {
  const std::vector<Vec2> c = {{0, 0}, {1000, 0}, {0, 1000}};
  const ZoneCells cells = nearest_centroid_cells(c, {}, 100);
  ASSERT_FALSE(cells.empty());
  EXPECT_EQ(cells.at_point({100, 50}), 0);
  EXPECT_EQ(cells.at_point({900, -50}), 1);
  EXPECT_EQ(cells.at_point({-100, 800}), 2);
  // Reach: twice the median nearest-neighbour distance (2 km); the box corner is farther.
  EXPECT_EQ(cells.at_point({2900, 2900}), -1);
  // Clipped to a square around the first two: the third's cells are gone.
  const std::vector<Ring> clip = {{{-500, -500}, {1500, -500}, {1500, 500}, {-500, 500}}};
  const ZoneCells clipped = nearest_centroid_cells(c, clip, 100);
  EXPECT_EQ(clipped.at_point({900, -50}), 1);
  EXPECT_EQ(clipped.at_point({100, 50}), 0);
  EXPECT_EQ(clipped.at_point({-100, 800}), -1);
  EXPECT_TRUE(nearest_centroid_cells({{0, 0}}, {}, 100).empty());  // one zone: discs
}

TEST(Labels, GreedyPlacementByRankWithoutOverlaps) {
  // Every text is 40 x 10 px.
  const auto measure = [](const ScreenLabel&) { return Vec2{40, 10}; };
  std::vector<ScreenLabel> c = {
      {{100, 100}, "second", 2, false},  // centred at the same place as the first
      {{100, 100}, "first", 0, false},  {{100, 100}, "third", 2, false},
      {{100, 100}, "fourth", 2, false},  // centred, above, below all taken
      {{5, 100}, "edge", 1, false},      // would stick out of the screen
      {{300, 100}, "station", 1, true},  // a point: to the right
  };
  const auto placed = place_labels(c, measure, 400, 300);
  std::map<std::string, PlacedLabel> at;
  for (const auto& p : placed) at[c[p.index].text] = p;
  ASSERT_EQ(at.count("first"), 1u);
  EXPECT_FLOAT_EQ(at["first"].x, 80);  // centred on the anchor
  EXPECT_FLOAT_EQ(at["first"].y, 95);
  ASSERT_EQ(at.count("second"), 1u);
  EXPECT_FLOAT_EQ(at["second"].y, 81);  // above
  ASSERT_EQ(at.count("third"), 1u);
  EXPECT_FLOAT_EQ(at["third"].y, 109);  // below
  EXPECT_EQ(at.count("fourth"), 0u);
  EXPECT_EQ(at.count("edge"), 0u);
  ASSERT_EQ(at.count("station"), 1u);
  EXPECT_FLOAT_EQ(at["station"].x, 307);
  for (const auto& a : placed) {
    for (const auto& b : placed) {
      if (a.index == b.index) continue;
      EXPECT_FALSE(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h)
          << c[a.index].text << " overlaps " << c[b.index].text;
    }
  }
  // Zoomed out, only ranks 0 and 1 are candidates.
  Viewport v(800, 600);
  v.fit({0, 0, 200000, 200000}, 0);  // 3 px per km
  EXPECT_EQ(label_max_rank(v), 1);
  v.fit({0, 0, 20000, 20000}, 0);  // 30 px per km
  EXPECT_EQ(label_max_rank(v), 2);
}

TEST(Scene, CircleLoadsAndZoneLegends) {
  test::TempDir dir;
  const auto scen = test::write_viz_scenario(dir);
  const scenario::LoadedScenario loaded = scenario::load_scenario(scen);
  ViewFiles f;
  f.network = scen;
  const LoadedMap plain = load_map(f, {});
  EXPECT_THROW(view_state_for_layer("circle", plain.map), std::invalid_argument);
  EXPECT_THROW(view_state_for_layer("loads", plain.map), std::invalid_argument);
  f.results = test::write_viz_results(dir, loaded.model.road);
  const LoadedMap m = load_map(f, {});
  Viewport v(600, 400);
  v.fit(m.map.bounds(), 30);

  const ViewState circle = view_state_for_layer("circle", m.map);
  EXPECT_TRUE(circle.circle && circle.muted_roads);
  const SceneLayers s = build_scene(m.map, v, circle, {});
  EXPECT_FALSE(s.zones.empty());  // the fill of zone 1 (30 min)
  EXPECT_FALSE(s.marks.empty());  // its edge and the CBD
  bool cbd = false;
  for (const auto& l : s.labels) cbd |= l.text == "CBD" && l.rank < 0;
  EXPECT_TRUE(cbd);
  std::string text;
  for (const auto& it : legend_for(m.map, circle, {}).items) text += it.label + "|";
  EXPECT_NE(text.find("<= 60 min to the CBD (faster of car and transit)"), std::string::npos)
      << text;
  EXPECT_NE(text.find("edge of the 1-hour circle"), std::string::npos) << text;
  EXPECT_EQ(text.find("expressway"), std::string::npos) << text;  // roads muted, no road legend

  const ViewState zones = view_state_for_layer("zones", m.map);
  const Legend zl = legend_for(m.map, zones, {});
  EXPECT_EQ(zl.title, "transit_to_cbd_min");
  text.clear();
  for (const auto& it : zl.items) text += it.label + "|";
  EXPECT_NE(text.find("45-60 min"), std::string::npos) << text;
  EXPECT_EQ(minutes_color(50), minutes_color(59));
  EXPECT_NE(minutes_color(60), minutes_color(61));  // 60 is the last of its class

  const ViewState loads = view_state_for_layer("loads", m.map);
  text.clear();
  for (const auto& it : legend_for(m.map, loads, {}).items) text += it.label + "|";
  EXPECT_NE(text.find("1000 pax/h (max section)"), std::string::npos) << text;
  EXPECT_DOUBLE_EQ(line_load_scale_max(m.map), 1000.0);

  // Hover over zone 1's area tells its values.
  const auto z = zone_at(m.map, v, v.to_screen(m.map.zones[0].p));
  ASSERT_TRUE(z.has_value());
  const std::string d = describe_zone(m.map, m.map.zones[*z]);
  EXPECT_NE(d.find("zone 1 West"), std::string::npos) << d;
  EXPECT_NE(d.find("to the CBD 30 min"), std::string::npos) << d;
}

TEST(Controller, KeysForLineLoadsCircleAndLabels) {
  test::TempDir dir;
  const auto scen = test::write_viz_scenario(dir);
  ViewFiles f;
  f.network = scen;
  f.results = test::write_viz_results(dir, scenario::load_scenario(scen).model.road);
  const LoadedMap m = load_map(f, {});
  Controller c(m.map, 600, 400, {});
  auto key = [&](char k) { c.handle({ViewEvent::Kind::kKey, 0, 0, 0, k}); };
  EXPECT_FALSE(c.state().circle);
  key('7');
  EXPECT_TRUE(c.state().circle);
  EXPECT_TRUE(c.state().muted_roads);
  key('6');
  EXPECT_TRUE(c.state().line_loads);
  key('7');
  EXPECT_FALSE(c.state().circle);
  EXPECT_TRUE(c.state().muted_roads);  // still under the loads
  key('1');
  EXPECT_FALSE(c.state().line_loads);
  EXPECT_FALSE(c.state().muted_roads);
  EXPECT_TRUE(c.state().labels);
  key('l');
  EXPECT_FALSE(c.state().labels);
  // Without results the keys do nothing.
  const LoadedMap plain = test::loaded(test::corner_model());
  Controller p(plain.map, 600, 400, {});
  p.handle({ViewEvent::Kind::kKey, 0, 0, 0, '7'});
  p.handle({ViewEvent::Kind::kKey, 0, 0, 0, '6'});
  EXPECT_FALSE(p.state().circle || p.state().line_loads);
}

}  // namespace
}  // namespace ouflow::viz
