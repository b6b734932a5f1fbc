// The SFML side of the viewer: draws the scene layers (one vertex array each), the title, legend,
// scale bar, panel and tooltip onto any sf::RenderTarget (a window or an offscreen texture), and
// saves offscreen renders as PNG.
#pragma once

#include <SFML/Graphics.hpp>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "viz/map_data.h"
#include "viz/scene.h"
#include "viz/viewport.h"

namespace ouflow::viz {

// SFML needs an X display, also offscreen (an OpenGL context).
class NoDisplayError : public std::runtime_error {
 public:
  NoDisplayError()
      : std::runtime_error("no display: use --png under xvfb-run (DISPLAY is not set)") {}
};
bool display_available();
// DISPLAY is set and an X connection opens (SFML aborts the process when it cannot open one).
// False with the reason in *why_not.
bool display_usable(std::string* why_not);
// Throws NoDisplayError when DISPLAY is unset or empty; call before any SFML window or context.
void require_display();

// The font for labels: $OUFLOW_FONT, else WenQuanYi Zen Hei (CJK), else DejaVu Sans.
// Empty when none exists.
std::filesystem::path find_font();

struct Overlay {
  std::string hover;  // tooltip text at `pointer` (empty: none)
  Vec2 pointer{};
  std::string status;  // bottom panel line
  bool help = false;
};

class Renderer {
 public:
  Renderer();  // the font of find_font(); without one, no text is drawn (no labels, no legend text)
  explicit Renderer(const std::filesystem::path& font);  // empty: no font
  bool has_font() const { return has_font_; }

  // The map layers are drawn into an offscreen cache, redrawn when `content_generation`
  // differs from the last call's (0: always) or the view changed. While `quick` (a drag or a
  // wheel zoom in progress) a changed view reuses the cache, moved and scaled, so that panning
  // and zooming cost one textured quad per frame; the layers are redrawn once it ends.
  void draw(sf::RenderTarget& target, const MapData& map, const Viewport& view,
            const ViewState& state, const std::vector<MapIsochrone>& clicked,
            const Overlay& overlay, std::uint64_t content_generation = 0, bool quick = false);
  std::size_t vertex_count() const { return vertex_count_; }
  std::size_t labels_drawn() const { return labels_drawn_; }

 private:
  void draw_text(sf::RenderTarget& t, const std::string& utf8, float x, float y, unsigned size,
                 sf::Color c, bool bold = false);
  sf::FloatRect text_bounds(const std::string& utf8, unsigned size, bool bold = false);
  void draw_panel(sf::RenderTarget& t, sf::FloatRect r);
  void draw_legend(sf::RenderTarget& t, const Legend& g);
  void draw_scale_bar(sf::RenderTarget& t, const Viewport& v);

  void redraw_cache(const MapData& map, const Viewport& view, const ViewState& state,
                    const std::vector<MapIsochrone>& clicked, sf::Vector2u size);

  void draw_labels(sf::RenderTarget& t, const std::vector<ScreenLabel>& labels,
                   const std::vector<PlacedLabel>& blocked);
  sf::FloatRect legend_rect(const Legend& g, sf::Vector2u size);
  // The title, cut with "..." to at most max_px wide at the title size.
  std::string fit_title(const std::string& title, float max_px);

  // Text as runs: Latin in DejaVu Sans, the rest in the CJK font; bounds relative to (0, 0).
  struct Composed {
    std::vector<sf::Text> parts;
    sf::FloatRect bounds;
  };
  Composed compose(const std::string& utf8, unsigned size, bool bold, float outline) const;
  static void draw_composed(sf::RenderTarget& t, Composed& c, float x, float y, sf::Color fill,
                            sf::Color outline);

  sf::Font font_, latin_font_;
  bool has_font_ = false, has_latin_font_ = false;
  std::size_t labels_drawn_ = 0;
  std::uint64_t generation_ = 0;
  sf::RenderTexture cache_;
  bool cache_valid_ = false;
  Viewport cache_view_{1, 1};
  std::vector<sf::VertexBuffer> buffers_;  // in drawing order, when the GPU has them
  std::vector<sf::VertexArray> layers_;    // otherwise
  std::size_t vertex_count_ = 0;
};

// Renders the map fitted to width x height offscreen and returns the image.
sf::Image render_image(const MapData& map, const ViewState& state, int width, int height,
                       const std::vector<MapIsochrone>& clicked = {});
// The same, saved as PNG through a temporary file renamed into place.
void render_png(const MapData& map, const ViewState& state, int width, int height,
                const std::filesystem::path& out);
// Saves an image as PNG atomically (temporary name with .png, then rename).
void save_png(const sf::Image& image, const std::filesystem::path& out);

}  // namespace ouflow::viz
