// Command-line option parsing shared by the subcommands of the mlkem tool.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

#include "commands.h"

namespace mlkem::tool {

// Bad command-line arguments; the message says what is wrong.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads the arguments of one subcommand from left to right.
class ArgReader {
 public:
  explicit ArgReader(Args args) : args_(args) {}

  bool done() const noexcept { return pos_ >= args_.size(); }
  std::string_view peek() const noexcept { return done() ? std::string_view{} : args_[pos_]; }

  // Consumes the next argument if it is one of the given spellings of a flag.
  bool flag(std::string_view spelling) noexcept { return flag(spelling, spelling); }
  bool flag(std::string_view a, std::string_view b) noexcept {
    if (done() || (args_[pos_] != a && args_[pos_] != b)) return false;
    pos_++;
    return true;
  }
  // Consumes the flag if it is next and sets `seen`.
  bool flag(std::string_view spelling, bool &seen) noexcept {
    if (!flag(spelling)) return false;
    seen = true;
    return true;
  }

  // Consumes "--name VALUE" or "--name=VALUE" and stores VALUE; throws
  // UsageError if the value is missing.
  bool option(std::string_view name, std::string &value) {
    if (done()) return false;
    const std::string_view a = args_[pos_];
    if (a == name) {
      if (pos_ + 1 >= args_.size()) throw UsageError(std::string(name) + " needs a value");
      value = std::string(args_[pos_ + 1]);
      pos_ += 2;
      return true;
    }
    if (a.size() > name.size() && a.substr(0, name.size()) == name && a[name.size()] == '=') {
      value = std::string(a.substr(name.size() + 1));
      pos_++;
      return true;
    }
    return false;
  }

  // The next argument was none of those the command knows.
  [[noreturn]] void unexpected() const {
    const std::string_view a = peek();
    if (!a.empty() && a[0] == '-') throw UsageError("unknown option " + std::string(a));
    throw UsageError("unexpected argument " + std::string(a));
  }

 private:
  Args args_;
  std::size_t pos_ = 0;
};

}  // namespace mlkem::tool
