// Output files of mlkem bench. As everywhere in the tool, an existing file is
// replaced only when the user passed --force.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace mlkem::tool::bench {

class OutputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Checks before a run that `path` can be written: it does not exist (or
// force), and its directory exists and is writable. Throws OutputError.
void check_output_path(const std::string &path, bool force);

// Writes `content` to `path` (mode 0644 for a new file); without force,
// fails if the file exists. Throws OutputError naming the file.
void write_output_file(const std::string &path, std::string_view content, bool force);

}  // namespace mlkem::tool::bench
