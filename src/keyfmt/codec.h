// Text encodings of binary data: hex, base64 (RFC 4648) and PEM (RFC 7468).
// Decoders are strict and throw FormatError on anything malformed.
#pragma once

#include <string_view>

#include "buffer.h"
#include "error.h"

namespace mlkem::keyfmt {

// Lower-case hex, no separators.
Buffer hex_encode(Bytes data);
// Hex digits of either case; ASCII whitespace between digits is ignored
// (so that "xxd -p" output and a trailing newline are accepted).
Buffer hex_decode(Bytes text);
inline Buffer hex_decode(std::string_view text) {
  return hex_decode(Bytes(reinterpret_cast<const std::uint8_t *>(text.data()), text.size()));
}

// Standard alphabet with '=' padding; the decoder skips ASCII whitespace and
// rejects anything else, wrong padding and non-zero padding bits.
Buffer base64_encode(Bytes data);
Buffer base64_decode(Bytes text);

// "-----BEGIN label-----", the base64 of der in lines of 64 characters,
// "-----END label-----", each line ending in '\n'.
Buffer pem_encode(std::string_view label, Bytes der);

// True if text (after leading whitespace) starts with a PEM BEGIN line.
bool looks_like_pem(Bytes text);

// Decodes one PEM block whose label must be `label`. Leading and trailing
// whitespace is allowed; anything else around the block, encapsulated
// headers and a mismatched END line are errors.
Buffer pem_decode(Bytes text, std::string_view label);

}  // namespace mlkem::keyfmt
