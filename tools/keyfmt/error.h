// The one exception type of the key-format library: the message says what is
// wrong with the input, in a form fit for one line on stderr after the name
// of the file ("not PEM", "unknown algorithm OID 1.2.3", ...).
#pragma once

#include <stdexcept>
#include <string>

namespace mlkem::keyfmt {

class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace mlkem::keyfmt
