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

// The library has no usable backend (MLKEM_BACKEND names an unknown backend
// or one this CPU cannot run): a problem of the machine, not of the input.
// A FormatError still, so that code catching FormatError catches it too; the
// mlkem tool reports it without the file name.
class BackendError : public FormatError {
 public:
  using FormatError::FormatError;
};

}  // namespace mlkem::keyfmt
