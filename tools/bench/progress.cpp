#include "bench/progress.h"

#include <unistd.h>

#include <cstdio>

namespace mlkem::tool::bench {

Progress::Progress(bool enabled) : enabled_(enabled), tty_(isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() { finish(); }

void Progress::item(std::size_t index, std::size_t count, const std::string &what,
                    double seconds_left) {
  if (!enabled_) return;
  if (tty_) {
    // \r and "erase to end of line" rewrite the one status line.
    std::fprintf(stderr, "\r\033[Kmlkem bench: [%zu/%zu] %s (about %.0f s left)", index + 1, count,
                 what.c_str(), seconds_left < 0 ? 0.0 : seconds_left);
    dirty_ = true;
  } else {
    std::fprintf(stderr, "mlkem bench: [%zu/%zu] %s\n", index + 1, count, what.c_str());
  }
  std::fflush(stderr);
}

void Progress::finish() {
  if (tty_ && dirty_) std::fprintf(stderr, "\r\033[K");
  dirty_ = false;
  std::fflush(stderr);
}

}  // namespace mlkem::tool::bench
