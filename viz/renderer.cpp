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

Renderer::Renderer() : Renderer(find_font()) {
  // Latin text in DejaVu Sans when there is one: WenQuanYi Zen Hei's embedded bitmaps make
  // small Latin text blocky. Text with other characters keeps the CJK font.
  const std::filesystem::path dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  std::error_code ec;
  if (has_font_ && !std::getenv("OUFLOW_FONT") && std::filesystem::exists(dejavu, ec)) {
    has_latin_font_ = latin_font_.loadFromFile(dejavu.string());
  }
}

Renderer::Renderer(const std::filesystem::path& font) {
  has_font_ = !font.empty() && font_.loadFromFile(font.string());
}

Renderer::Composed Renderer::compose(const std::string& s, unsigned size, bool bold,
                                     float outline) const {
  Composed c;
  if (!has_font_) return c;
  const sf::String all = utf8(s);
  const float line_h = std::max(font_.getLineSpacing(size),
                                has_latin_font_ ? latin_font_.getLineSpacing(size) : 0.0f);
  float x = 0, y = 0;
  std::size_t i = 0;
  bool first = true;
  while (i < all.getSize()) {
    if (all[i] == U'\n') {
      x = 0, y += line_h, ++i;
      continue;
    }
    // A run of Latin (ASCII) or of other characters, up to the end of the line.
    const bool latin = has_latin_font_ && all[i] < 0x80;
    std::size_t j = i;
    while (j < all.getSize() && all[j] != U'\n' && (has_latin_font_ && all[j] < 0x80) == latin) ++j;
    sf::Text t(all.substring(i, j - i), latin ? latin_font_ : font_, size);
    if (bold) t.setStyle(sf::Text::Bold);
    if (outline > 0) t.setOutlineThickness(outline);
    t.setPosition(x, y);
    x = t.findCharacterPos(j - i).x;
    const sf::FloatRect b = t.getGlobalBounds();
    if (first) {
      c.bounds = b, first = false;
    } else {
      const float l = std::min(c.bounds.left, b.left), tp = std::min(c.bounds.top, b.top);
      const float r = std::max(c.bounds.left + c.bounds.width, b.left + b.width);
      const float bt = std::max(c.bounds.top + c.bounds.height, b.top + b.height);
      c.bounds = {l, tp, r - l, bt - tp};
    }
    c.parts.push_back(std::move(t));
    i = j;
  }
  return c;
}

void Renderer::draw_composed(sf::RenderTarget& target, Composed& c, float x, float y,
                             sf::Color fill, sf::Color outline) {
  for (sf::Text& t : c.parts) {
    t.setFillColor(fill);
    t.setOutlineColor(outline);
    t.setPosition(std::round(x + t.getPosition().x), std::round(y + t.getPosition().y));
    target.draw(t);
  }
}

sf::FloatRect Renderer::text_bounds(const std::string& s, unsigned size, bool bold) {
  return compose(s, size, bold, 0).bounds;
}

void Renderer::draw_text(sf::RenderTarget& target, const std::string& s, float x, float y,
                         unsigned size, sf::Color c, bool bold) {
  Composed t = compose(s, size, bold, 0);
  draw_composed(target, t, x, y, c, c);
}

void Renderer::draw_panel(sf::RenderTarget& target, sf::FloatRect r) {
  sf::RectangleShape box({r.width, r.height});
  box.setPosition(r.left, r.top);
  box.setFillColor(kPanel);
  box.setOutlineColor(kPanelEdge);
  box.setOutlineThickness(1);
  target.draw(box);
}

namespace {
constexpr unsigned kLegendText = 13;
constexpr float kLegendRow = 19, kLegendPad = 10, kLegendSymbol = 30;
}  // namespace

sf::FloatRect Renderer::legend_rect(const Legend& g, sf::Vector2u size) {
  auto right = [](sf::FloatRect b) { return b.left + b.width; };
  float text_w = right(text_bounds(g.title, kLegendText + 1, true));
  for (const auto& it : g.items)
    text_w = std::max(text_w, kLegendSymbol + 8 + right(text_bounds(it.label, kLegendText)));
  const float w = text_w + 2 * kLegendPad;
  const float h = kLegendPad * 2 + kLegendRow * static_cast<float>(g.items.size() + 1);
  return {static_cast<float>(size.x) - w - 12, 12, w, h};
}

std::string Renderer::fit_title(const std::string& title, float max_px) {
  if (text_bounds(title, 18, true).width <= max_px) return title;
  const sf::String all = utf8(title);
  auto cut = [&](std::size_t n) {
    const std::basic_string<std::uint8_t> u8 = all.substring(0, n).toUtf8();
    std::string t(u8.begin(), u8.end());
    while (!t.empty() && t.back() == ' ') t.pop_back();
    return t + "...";
  };
  // The longest prefix that fits (binary search: the title is measured every frame).
  std::size_t lo = 0, hi = all.getSize();
  while (lo + 1 < hi) {
    const std::size_t mid = (lo + hi) / 2;
    (text_bounds(cut(mid), 18, true).width <= max_px ? lo : hi) = mid;
  }
  return lo == 0 ? title : cut(lo);
}

void Renderer::draw_legend(sf::RenderTarget& target, const Legend& g) {
  const unsigned size = kLegendText;
  const float row = kLegendRow, pad = kLegendPad, sym = kLegendSymbol;
  const sf::FloatRect r = legend_rect(g, target.getSize());
  const float w = r.width, h = r.height, x = r.left, y = r.top;
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

namespace {
unsigned label_size(int rank) { return rank <= 0 ? 15 : rank == 1 ? 14 : 12; }
}  // namespace

void Renderer::draw_labels(sf::RenderTarget& target, const std::vector<ScreenLabel>& labels,
                           const std::vector<PlacedLabel>& blocked) {
  labels_drawn_ = 0;
  if (!has_font_ || labels.empty()) return;
  const auto size = target.getSize();
  auto text_of = [&](const ScreenLabel& l) {
    return compose(l.text, label_size(l.rank), l.rank <= 0, 2);
  };
  const auto placed = place_labels(
      labels,
      [&](const ScreenLabel& l) {
        const sf::FloatRect b = text_of(l).bounds;
        return Vec2{b.width, b.height};
      },
      static_cast<int>(size.x), static_cast<int>(size.y), blocked);
  for (const PlacedLabel& p : placed) {
    const ScreenLabel& l = labels[p.index];
    Composed t = text_of(l);
    draw_composed(target, t, p.x - t.bounds.left, p.y - t.bounds.top,
                  l.rank < 0 ? to_sf(kCbd) : to_sf(kText), {255, 255, 255, 230});
  }
  labels_drawn_ = placed.size();
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
       {&s.backdrop, &s.isochrones, &s.zones, &s.roads, &s.transit, &s.stops, &s.marks}) {
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
  // Labels keep clear of the panels drawn over the map: title, legend, scale bar.
  std::vector<PlacedLabel> blocked;
  const sf::FloatRect lg = legend_rect(legend_for(map, state, clicked), size);
  blocked.push_back({0, lg.left, lg.top, lg.width, lg.height});
  const auto tb =
      text_bounds(fit_title(map.title.empty() ? "ouflow" : map.title, lg.left - 50), 18, true);
  blocked.push_back({0, 10, 10, tb.width + 24, 34});
  blocked.push_back({0, 0, static_cast<float>(size.y) - 56, 260, 56});
  draw_labels(cache_, s.labels, blocked);
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

  // Title, shortened with "..." to stay clear of the legend.
  const sf::FloatRect legend = legend_rect(legend_for(map, state, clicked), size);
  const std::string title =
      fit_title(map.title.empty() ? "ouflow" : map.title, legend.left - 10 - 24 - 16);
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
        "drag: pan   wheel: zoom   click: isochrone   1 class  2 flow  3 V/C  4 speed  5 change  "
        "6 line loads  7 1-hour circle\n"
        "R roads  T transit  S stops  Z zones  L labels  B boundaries  I isochrones  "
        "M car/transit  [ ] departure  C clear  F fit  Q quit";
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
