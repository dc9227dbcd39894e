// The small subset of DER (ITU-T X.690) the key formats need: single-byte
// tags, definite lengths below 2^24, strict parsing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "buffer.h"
#include "error.h"

namespace mlkem::keyfmt::der {

inline constexpr std::uint8_t kInteger = 0x02;
inline constexpr std::uint8_t kBitString = 0x03;
inline constexpr std::uint8_t kOctetString = 0x04;
inline constexpr std::uint8_t kNull = 0x05;
inline constexpr std::uint8_t kOid = 0x06;
inline constexpr std::uint8_t kSequence = 0x30;
inline constexpr std::uint8_t kContext0 = 0x80;  // [0] IMPLICIT, primitive

// Appends tag, minimal definite length and value.
void write_tlv(Buffer &out, std::uint8_t tag, Bytes value);

// Reads a sequence of TLVs from the front of a byte string. Rejects the
// high-tag-number form, the indefinite length, non-minimal lengths (long
// form for < 128, leading zero octets) and values running past the end.
class Reader {
 public:
  explicit Reader(Bytes data) : data_(data) {}

  bool done() const noexcept { return pos_ == data_.size(); }
  // The tag of the next element; FormatError at the end.
  std::uint8_t peek_tag(const char *what) const;
  // Reads the next element, which must have the given tag; returns its value.
  // `what` names the element in error messages.
  Bytes expect(std::uint8_t tag, const char *what);
  // Throws unless every byte was consumed.
  void expect_end(const char *what) const;

 private:
  Bytes data_;
  std::size_t pos_ = 0;
};

// Dotted form of an OID's content octets, for messages ("1.2.840...").
std::string oid_to_string(Bytes content);

}  // namespace mlkem::keyfmt::der
