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
  Renderer();  // throws std::runtime_error when no font can be loaded

  // The map layers are drawn into an offscreen cache, redrawn when `content_generation`
  // differs from the last call's (0: always) or the view changed. While `quick` (a drag or a
  // wheel zoom in progress) a changed view reuses the cache, moved and scaled, so that panning
  // and zooming cost one textured quad per frame; the layers are redrawn once it ends.
  void draw(sf::RenderTarget& target, const MapData& map, const Viewport& view,
            const ViewState& state, const std::vector<MapIsochrone>& clicked,
            const Overlay& overlay, std::uint64_t content_generation = 0, bool quick = false);
  std::size_t vertex_count() const { return vertex_count_; }

 private:
  void draw_text(sf::RenderTarget& t, const std::string& utf8, float x, float y, unsigned size,
                 sf::Color c, bool bold = false);
  sf::FloatRect text_bounds(const std::string& utf8, unsigned size, bool bold = false);
  void draw_panel(sf::RenderTarget& t, sf::FloatRect r);
  void draw_legend(sf::RenderTarget& t, const Legend& g);
  void draw_scale_bar(sf::RenderTarget& t, const Viewport& v);

  void redraw_cache(const MapData& map, const Viewport& view, const ViewState& state,
                    const std::vector<MapIsochrone>& clicked, sf::Vector2u size);

  sf::Font font_;
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
