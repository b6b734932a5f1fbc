#include "viz/renderer.h"

#include <cmath>
#include <cstdlib>
#include <random>
#include <sstream>

namespace ouflow::viz {
namespace {

sf::Color to_sf(Rgba c) { return {c.r, c.g, c.b, c.a}; }

sf::VertexArray to_array(const Triangles& t) {
  sf::VertexArray a(sf::Triangles, t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    a[i].position = {t[i].x, t[i].y};
    a[i].color = to_sf(t[i].color);
  }
  return a;
}

sf::String utf8(const std::string& s) { return sf::String::fromUtf8(s.begin(), s.end()); }

const sf::Color kPanel{255, 255, 255, 225};
const sf::Color kPanelEdge{160, 160, 160, 255};

}  // namespace

bool display_available() {
  const char* d = std::getenv("DISPLAY");
  return d != nullptr && *d != '\0';
}

void require_display() {
  if (!display_available()) throw NoDisplayError();
}

std::filesystem::path find_font() {
  if (const char* f = std::getenv("OUFLOW_FONT"); f && *f && std::filesystem::exists(f)) return f;
  for (const char* p : {"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
                        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"}) {
    if (std::filesystem::exists(p)) return p;
  }
  return {};
}

Renderer::Renderer() {
  const auto path = find_font();
  if (path.empty() || !font_.loadFromFile(path.string())) {
    throw std::runtime_error(
        "no font for labels: install fonts-wqy-zenhei or fonts-dejavu-core, or set OUFLOW_FONT");
  }
}

sf::FloatRect Renderer::text_bounds(const std::string& s, unsigned size, bool bold) {
  sf::Text t(utf8(s), font_, size);
  if (bold) t.setStyle(sf::Text::Bold);
  return t.getLocalBounds();
}

void Renderer::draw_text(sf::RenderTarget& target, const std::string& s, float x, float y,
                         unsigned size, sf::Color c, bool bold) {
  sf::Text t(utf8(s), font_, size);
  t.setFillColor(c);
  if (bold) t.setStyle(sf::Text::Bold);
  t.setPosition(std::round(x), std::round(y));
  target.draw(t);
}

void Renderer::draw_panel(sf::RenderTarget& target, sf::FloatRect r) {
  sf::RectangleShape box({r.width, r.height});
  box.setPosition(r.left, r.top);
  box.setFillColor(kPanel);
  box.setOutlineColor(kPanelEdge);
  box.setOutlineThickness(1);
  target.draw(box);
}

void Renderer::draw_legend(sf::RenderTarget& target, const Legend& g) {
  const unsigned size = 13;
  const float row = 19, pad = 10, sym = 30;
  float text_w = text_bounds(g.title, size + 1, true).width;
  for (const auto& it : g.items)
    text_w = std::max(text_w, sym + 8 + text_bounds(it.label, size).width);
  const float w = text_w + 2 * pad;
  const float h = pad * 2 + row * static_cast<float>(g.items.size() + 1);
  const float x = static_cast<float>(target.getSize().x) - w - 12, y = 12;
  draw_panel(target, {x, y, w, h});
  draw_text(target, g.title, x + pad, y + pad - 2, size + 1, to_sf(kText), true);
  float cy = y + pad + row;
  for (const auto& it : g.items) {
    const float mid = cy + row / 2;
    Triangles tri;
    switch (it.kind) {
      case LegendItem::Kind::kLine:
        add_thick_line(tri, {x + pad, mid}, {x + pad + sym, mid}, std::min(it.width, 16.0f), 0,
                       it.color);
        break;
      case LegendItem::Kind::kSwatch:
        add_thick_line(tri, {x + pad, mid}, {x + pad + sym, mid}, 12, 0, it.color);
        break;
      case LegendItem::Kind::kDisc:
        add_disc(tri, {x + pad + sym / 2, mid}, 5, it.color);
        break;
    }
    target.draw(to_array(tri));
    draw_text(target, it.label, x + pad + sym + 8, cy + 1, size, to_sf(kText));
    cy += row;
  }
}

void Renderer::draw_scale_bar(sf::RenderTarget& target, const Viewport& v) {
  const ScaleBar b = scale_bar(v, 160);
  if (b.length_px <= 0) return;
  const float x = 16, y = static_cast<float>(target.getSize().y) - 30;
  const auto len = static_cast<float>(b.length_px);
  draw_panel(target, {x - 6, y - 20, len + 12 + text_bounds(b.label, 13).width + 8, 32});
  Triangles tri;
  add_thick_line(tri, {x, y + 4}, {x + len, y + 4}, 3, 0, kText);
  add_thick_line(tri, {x, y - 2}, {x, y + 6}, 2, 0, kText);
  add_thick_line(tri, {x + len, y - 2}, {x + len, y + 6}, 2, 0, kText);
  target.draw(to_array(tri));
  draw_text(target, b.label, x + len + 8, y - 6, 13, to_sf(kText));
}

void Renderer::redraw_cache(const MapData& map, const Viewport& view, const ViewState& state,
                            const std::vector<MapIsochrone>& clicked, sf::Vector2u size) {
  if (!cache_valid_ || cache_.getSize() != size) {
    sf::ContextSettings aa;
    aa.antialiasingLevel = 4;
    if (!cache_.create(size.x, size.y, aa) && !cache_.create(size.x, size.y)) {
      throw std::runtime_error("cannot create an offscreen OpenGL texture of that size");
    }
    cache_.setSmooth(true);
  }
  const SceneLayers s = build_scene(map, view, state, clicked);
  layers_.clear();
  buffers_.clear();
  const bool gpu = sf::VertexBuffer::isAvailable();
  for (const Triangles* t :
       {&s.backdrop, &s.isochrones, &s.zones, &s.roads, &s.transit, &s.stops}) {
    if (t->empty()) continue;
    sf::VertexArray a = to_array(*t);
    if (gpu) {
      sf::VertexBuffer& b = buffers_.emplace_back(sf::Triangles, sf::VertexBuffer::Dynamic);
      if (b.create(a.getVertexCount()) && b.update(&a[0])) continue;
      buffers_.pop_back();
    }
    layers_.push_back(std::move(a));
  }
  vertex_count_ = s.vertex_count();
  cache_.setView(
      sf::View(sf::FloatRect(0, 0, static_cast<float>(size.x), static_cast<float>(size.y))));
  cache_.clear(to_sf(kBackground));
  for (const auto& b : buffers_) cache_.draw(b);
  for (const auto& a : layers_) cache_.draw(a);
  cache_.display();
  cache_view_ = view;
  cache_valid_ = true;
}

void Renderer::draw(sf::RenderTarget& target, const MapData& map, const Viewport& view,
                    const ViewState& state, const std::vector<MapIsochrone>& clicked,
                    const Overlay& overlay, std::uint64_t content_generation, bool quick) {
  const auto size = target.getSize();
  const bool same_view =
      cache_view_.centre() == view.centre() && cache_view_.scale() == view.scale() &&
      cache_view_.width() == view.width() && cache_view_.height() == view.height();
  if (content_generation == 0 || content_generation != generation_ || !cache_valid_ ||
      cache_.getSize() != size || (!quick && !same_view)) {
    redraw_cache(map, view, state, clicked, size);
    generation_ = content_generation;
  }
  target.setView(
      sf::View(sf::FloatRect(0, 0, static_cast<float>(size.x), static_cast<float>(size.y))));
  target.clear(to_sf(kBackground));
  // The cached map, moved and scaled from the view it was drawn at to this one.
  sf::Sprite map_image(cache_.getTexture());
  const double k = view.scale() / cache_view_.scale();
  const Vec2 origin = view.to_screen(cache_view_.to_map({0, 0}));
  map_image.setPosition(static_cast<float>(origin.x), static_cast<float>(origin.y));
  map_image.setScale(static_cast<float>(k), static_cast<float>(k));
  target.draw(map_image);

  // Title.
  const std::string title = map.title.empty() ? "ouflow" : map.title;
  const auto tb = text_bounds(title, 18, true);
  draw_panel(target, {10, 10, tb.width + 24, 34});
  draw_text(target, title, 22, 14, 18, to_sf(kText), true);

  draw_legend(target, legend_for(map, state, clicked));
  if (map.metric) draw_scale_bar(target, view);

  // Where the coordinates come from, small at the bottom right.
  if (!map.frame_note.empty()) {
    const auto nb = text_bounds(map.frame_note, 11);
    draw_text(target, map.frame_note, static_cast<float>(target.getSize().x) - nb.width - 12,
              static_cast<float>(target.getSize().y) - 20, 11, {90, 90, 90, 255});
  }
  // Status / help panel at the bottom centre.
  std::string status = overlay.status;
  if (overlay.help) {
    status =
        "drag: pan   wheel: zoom   click: isochrone   1 class  2 flow  3 V/C  4 speed  5 change\n"
        "R roads  T transit  S stops  Z zones  B boundaries  I isochrones  M car/transit  "
        "[ ] departure  C clear  F fit  Q quit";
  }
  if (!status.empty()) {
    const auto sb = text_bounds(status, 13);
    const float w = sb.width + 20, h = sb.height + 18;
    const float x = (static_cast<float>(target.getSize().x) - w) / 2;
    const float y = static_cast<float>(target.getSize().y) - h - 10;
    draw_panel(target, {x, y, w, h});
    draw_text(target, status, x + 10, y + 6, 13, to_sf(kText));
  }
  if (!overlay.hover.empty()) {
    const auto hb = text_bounds(overlay.hover, 13);
    float x = static_cast<float>(overlay.pointer.x) + 16,
          y = static_cast<float>(overlay.pointer.y) + 16;
    const float w = hb.width + 16, h = hb.height + 16;
    x = std::min(x, static_cast<float>(target.getSize().x) - w - 4);
    y = std::min(y, static_cast<float>(target.getSize().y) - h - 4);
    draw_panel(target, {x, y, w, h});
    draw_text(target, overlay.hover, x + 8, y + 4, 13, to_sf(kText));
  }
}

sf::Image render_image(const MapData& map, const ViewState& state, int width, int height,
                       const std::vector<MapIsochrone>& clicked) {
  require_display();
  if (width <= 0 || height <= 0 || width > 8192 || height > 8192) {
    throw std::invalid_argument("--size: width and height must be in 1..8192");
  }
  sf::RenderTexture tex;
  sf::ContextSettings aa;
  aa.antialiasingLevel = 4;
  const auto w = static_cast<unsigned>(width), h = static_cast<unsigned>(height);
  if (!tex.create(w, h, aa) && !tex.create(w, h)) {
    throw std::runtime_error("cannot create an offscreen OpenGL texture of that size");
  }
  Viewport view(width, height);
  view.fit(map.bounds(), 30);
  Renderer r;
  Overlay o;
  r.draw(tex, map, view, state, clicked, o);
  tex.display();
  return tex.getTexture().copyToImage();
}

void save_png(const sf::Image& image, const std::filesystem::path& out) {
  const std::filesystem::path dir = out.parent_path().empty() ? "." : out.parent_path();
  const auto temp =
      dir / (out.stem().string() + ".tmp-" + std::to_string(std::random_device{}()) + ".png");
  if (!image.saveToFile(temp.string())) {
    std::error_code ec;
    std::filesystem::remove(temp, ec);
    throw std::runtime_error("cannot write " + out.string());
  }
  std::error_code ec;
  std::filesystem::rename(temp, out, ec);
  if (ec) {
    std::filesystem::remove(temp, ec);
    throw std::runtime_error("cannot write " + out.string() + ": " + ec.message());
  }
}

void render_png(const MapData& map, const ViewState& state, int width, int height,
                const std::filesystem::path& out) {
  save_png(render_image(map, state, width, height), out);
}

}  // namespace ouflow::viz
