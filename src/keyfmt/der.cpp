// Strict DER reading and writing (ITU-T X.690 sections 8.1 and 10.1).
#include "der.h"

namespace mlkem::keyfmt::der {

void write_tlv(Buffer &out, std::uint8_t tag, Bytes value) {
  const std::size_t n = value.size();
  out.push_back(tag);
  if (n < 0x80) {
    out.push_back(static_cast<std::uint8_t>(n));
  } else {
    int octets = 0;
    for (std::size_t v = n; v > 0; v >>= 8) octets++;
    out.push_back(static_cast<std::uint8_t>(0x80 | octets));
    for (int i = octets - 1; i >= 0; i--) out.push_back(static_cast<std::uint8_t>(n >> (8 * i)));
  }
  append(out, value);
}

std::uint8_t Reader::peek_tag(const char *what) const {
  if (done()) throw FormatError(std::string("bad DER: ") + what + " missing");
  return data_[pos_];
}

Bytes Reader::expect(std::uint8_t tag, const char *what) {
  const std::string name(what);
  const std::uint8_t got = peek_tag(what);
  if ((got & 0x1F) == 0x1F) throw FormatError("bad DER: multi-byte tag at " + name);
  if (got != tag) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string msg = "bad DER: unexpected tag 0x";
    msg += kDigits[got >> 4];
    msg += kDigits[got & 15];
    throw FormatError(msg + " at " + name);
  }
  std::size_t p = pos_ + 1;
  if (p >= data_.size()) throw FormatError("bad DER: truncated length of " + name);
  const std::uint8_t first = data_[p++];
  std::size_t len = 0;
  if (first < 0x80) {
    len = first;
  } else {
    if (first == 0x80) throw FormatError("bad DER: indefinite length at " + name);
    const std::size_t octets = first & 0x7F;
    if (octets > 3) throw FormatError("bad DER: length of " + name + " too large");
    if (data_.size() - p < octets) throw FormatError("bad DER: truncated length of " + name);
    if (data_[p] == 0) throw FormatError("bad DER: non-minimal length of " + name);
    for (std::size_t i = 0; i < octets; i++) len = len << 8 | data_[p++];
    if (len < 0x80) throw FormatError("bad DER: non-minimal length of " + name);
  }
  if (data_.size() - p < len) throw FormatError("bad DER: " + name + " runs past the end");
  pos_ = p + len;
  return data_.subspan(p, len);
}

void Reader::expect_end(const char *what) const {
#if defined(MLKEM_KEYFMT_PLANTED_LAX_DER)
  // Only in fuzz_der_planted: a parser that ignores trailing bytes, which
  // the fuzz oracle must catch.
  if (what) return;
#endif
  if (!done()) throw FormatError(std::string("bad DER: trailing bytes after ") + what);
}

std::string oid_to_string(Bytes content) {
  std::string out;
  std::uint64_t v = 0;
  bool first = true;
  for (std::size_t i = 0; i < content.size(); i++) {
    if (v > (UINT64_MAX >> 7)) return out + "(overlong)";
    v = v << 7 | (content[i] & 0x7F);
    if (content[i] & 0x80) {
      if (i + 1 == content.size()) return out + "(truncated)";
      continue;
    }
    if (first) {
      const std::uint64_t top = v < 40 ? 0 : v < 80 ? 1 : 2;
      out = std::to_string(top);
      out += '.';
      out += std::to_string(v - 40 * top);
      first = false;
    } else {
      out += '.';
      out += std::to_string(v);
    }
    v = 0;
  }
  return out.empty() ? "(empty)" : out;
}

}  // namespace mlkem::keyfmt::der
