// The progress display of mlkem bench, on stderr: one line rewritten in place
// on a terminal, otherwise one plain line per item (for logs and CTest).
#pragma once

#include <cstddef>
#include <string>

namespace mlkem::tool::bench {

class Progress {
 public:
  explicit Progress(bool enabled);
  ~Progress();
  Progress(const Progress &) = delete;
  Progress &operator=(const Progress &) = delete;

  // Item `index` (from 0) of `count` starts; about `seconds_left` remain.
  void item(std::size_t index, std::size_t count, const std::string &what, double seconds_left);
  // Clears the terminal line.
  void finish();

 private:
  bool enabled_, tty_, dirty_ = false;
};

}  // namespace mlkem::tool::bench
