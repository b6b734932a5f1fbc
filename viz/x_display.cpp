// display_usable(): SFML aborts the process when it cannot open the X display, so the display is
// opened here first. libX11 is loaded at run time (it is there wherever SFML's window module
// runs), so that building needs no X11 headers.
#include <dlfcn.h>

#include <cstdlib>
#include <string>

#include "viz/renderer.h"

namespace ouflow::viz {

bool display_usable(std::string* why_not) {
  if (!display_available()) {
    if (why_not) *why_not = "no X display (DISPLAY is not set; run under xvfb-run -a)";
    return false;
  }
  void* x11 = dlopen("libX11.so.6", RTLD_LAZY | RTLD_LOCAL);
  if (x11 == nullptr) {
    if (why_not) *why_not = "cannot load libX11.so.6 to open the X display";
    return false;
  }
  using Open = void* (*)(const char*);
  using Close = int (*)(void*);
  const auto open = reinterpret_cast<Open>(dlsym(x11, "XOpenDisplay"));
  const auto close = reinterpret_cast<Close>(dlsym(x11, "XCloseDisplay"));
  bool ok = false;
  if (open && close) {
    if (void* d = open(nullptr)) {
      close(d);
      ok = true;
    }
  }
  dlclose(x11);
  if (!ok && why_not) {
    *why_not = std::string("cannot open X display '") + std::getenv("DISPLAY") + "'";
  }
  return ok;
}

}  // namespace ouflow::viz
