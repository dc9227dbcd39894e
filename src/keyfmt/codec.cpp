// Hex, base64 (RFC 4648 section 4) and PEM (RFC 7468 strict form).
#include "codec.h"

#include <algorithm>
#include <string>

namespace mlkem::keyfmt {

namespace {

bool is_space(std::uint8_t c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

int hex_value(std::uint8_t c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int base64_value(std::uint8_t c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string_view as_text(Bytes b) {
  return std::string_view(reinterpret_cast<const char *>(b.data()), b.size());
}

Bytes as_bytes(std::string_view s) {
  return Bytes(reinterpret_cast<const std::uint8_t *>(s.data()), s.size());
}

// A label as RFC 7468 allows it: printable ASCII, no '-' at either end.
bool valid_label(std::string_view s) {
  for (char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  return s.empty() || (s.front() != '-' && s.back() != '-');
}

// Printable form of an untrusted label for an error message.
std::string shown(std::string_view s) {
  if (s.size() > 40) s = s.substr(0, 40);
  std::string out;
  for (char c : s) out += (c >= 0x20 && c <= 0x7E) ? c : '?';
  return out;
}

}  // namespace

Buffer hex_encode(Bytes data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  Buffer out;
  out.reserve(2 * data.size());
  for (std::uint8_t b : data) {
    out.push_back(static_cast<std::uint8_t>(kDigits[b >> 4]));
    out.push_back(static_cast<std::uint8_t>(kDigits[b & 15]));
  }
  return out;
}

Buffer hex_decode(Bytes text) {
  Buffer out;
  out.reserve(text.size() / 2);
  int high = -1;
  for (std::uint8_t c : text) {
    if (is_space(c)) {
      if (high >= 0) throw FormatError("not hex: whitespace inside a byte");
      continue;
    }
    const int v = hex_value(c);
    if (v < 0) throw FormatError("not hex: unexpected character");
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | v));
      high = -1;
    }
  }
  if (high >= 0) throw FormatError("not hex: odd number of digits");
  return out;
}

Buffer base64_encode(Bytes data) {
  Buffer out;
  out.reserve((data.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const std::uint32_t v = std::uint32_t{data[i]} << 16 | std::uint32_t{data[i + 1]} << 8 |
                            data[i + 2];
    for (int s = 18; s >= 0; s -= 6) out.push_back(static_cast<std::uint8_t>(kBase64[v >> s & 63]));
  }
  const std::size_t rest = data.size() - i;
  if (rest > 0) {
    std::uint32_t v = std::uint32_t{data[i]} << 16;
    if (rest == 2) v |= std::uint32_t{data[i + 1]} << 8;
    out.push_back(static_cast<std::uint8_t>(kBase64[v >> 18 & 63]));
    out.push_back(static_cast<std::uint8_t>(kBase64[v >> 12 & 63]));
    out.push_back(rest == 2 ? static_cast<std::uint8_t>(kBase64[v >> 6 & 63]) : '=');
    out.push_back('=');
  }
  return out;
}

Buffer base64_decode(Bytes text) {
  Buffer out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t acc = 0;
  int have = 0;     // sextets in acc
  int padding = 0;  // '=' seen
  for (std::uint8_t c : text) {
    if (is_space(c)) continue;
    if (c == '=') {
      padding++;
      continue;
    }
    if (padding) throw FormatError("bad base64: data after '=' padding");
    const int v = base64_value(c);
    if (v < 0) throw FormatError("bad base64: unexpected character");
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    if (++have == 4) {
      out.push_back(static_cast<std::uint8_t>(acc >> 16));
      out.push_back(static_cast<std::uint8_t>(acc >> 8));
      out.push_back(static_cast<std::uint8_t>(acc));
      acc = 0;
      have = 0;
    }
  }
  // have sextets left over: 0 (padding 0), 2 (padding 2) or 3 (padding 1).
  if (have == 1 || (have == 0 && padding != 0) || (have > 0 && have + padding != 4))
    throw FormatError("bad base64: wrong length or padding");
  if (have == 2) {
    if (acc & 0xF) throw FormatError("bad base64: non-zero padding bits");
    out.push_back(static_cast<std::uint8_t>(acc >> 4));
  } else if (have == 3) {
    if (acc & 0x3) throw FormatError("bad base64: non-zero padding bits");
    out.push_back(static_cast<std::uint8_t>(acc >> 10));
    out.push_back(static_cast<std::uint8_t>(acc >> 2));
  }
  wipe(&acc, sizeof acc);
  return out;
}

Buffer pem_encode(std::string_view label, Bytes der) {
  const Buffer b64 = base64_encode(der);
  constexpr std::string_view kBegin = "-----BEGIN ", kEnd = "-----END ", kDashes = "-----\n";
  const std::size_t lines = (b64.size() + 63) / 64;
  // Sized once and filled by a cursor (g++ 12 warns falsely on growing
  // a vector with a custom allocator piecewise here).
  Buffer out(kBegin.size() + kEnd.size() + 2 * (label.size() + kDashes.size()) + b64.size() +
             lines);
  std::uint8_t *p = out.data();
  const auto put = [&p](Bytes b) {
    if (!b.empty()) std::memcpy(p, b.data(), b.size());
    p += b.size();
  };
  put(as_bytes(kBegin));
  put(as_bytes(label));
  put(as_bytes(kDashes));
  for (std::size_t i = 0; i < b64.size(); i += 64) {
    put(Bytes(b64).subspan(i, std::min<std::size_t>(64, b64.size() - i)));
    *p++ = '\n';
  }
  put(as_bytes(kEnd));
  put(as_bytes(label));
  put(as_bytes(kDashes));
  return out;
}

bool looks_like_pem(Bytes text) {
  std::size_t i = 0;
  while (i < text.size() && is_space(text[i])) i++;
  return as_text(text.subspan(i)).starts_with("-----BEGIN ");
}

Buffer pem_decode(Bytes bytes, std::string_view label) {
  const std::string_view text = as_text(bytes);
  std::size_t pos = 0;
  while (pos < text.size() && is_space(static_cast<std::uint8_t>(text[pos]))) pos++;
  constexpr std::string_view kBegin = "-----BEGIN ", kEnd = "-----END ", kDashes = "-----";
  if (!text.substr(pos).starts_with(kBegin)) throw FormatError("not PEM (no -----BEGIN line)");
  pos += kBegin.size();
  const std::size_t eol = text.find('\n', pos);
  std::string_view begin_line = text.substr(pos, eol == std::string_view::npos ? eol : eol - pos);
  if (begin_line.ends_with('\r')) begin_line.remove_suffix(1);
  if (!begin_line.ends_with(kDashes) || eol == std::string_view::npos)
    throw FormatError("not PEM (malformed -----BEGIN line)");
  const std::string_view found = begin_line.substr(0, begin_line.size() - kDashes.size());
  if (!valid_label(found)) throw FormatError("not PEM (malformed label)");
  if (found != label) {
    std::string msg = "wrong PEM label '" + shown(found) + "' (expected '" + std::string(label) +
                      "')";
    if (found == "ENCRYPTED PRIVATE KEY") msg += "; encrypted keys are not supported";
    throw FormatError(msg);
  }
  pos = eol + 1;

  const std::size_t end = text.find(kEnd, pos);
  if (end == std::string_view::npos) throw FormatError("not PEM (no -----END line)");
  const std::string_view body = text.substr(pos, end - pos);
  if (body.find(':') != std::string_view::npos)
    throw FormatError("PEM with encapsulated headers is not supported");

  std::size_t tail = end + kEnd.size();
  const std::string expected_end = std::string(label) + std::string(kDashes);
  if (!text.substr(tail).starts_with(expected_end))
    throw FormatError("PEM -----END line does not match '" + std::string(label) + "'");
  tail += expected_end.size();
  for (; tail < text.size(); tail++)
    if (!is_space(static_cast<std::uint8_t>(text[tail])))
      throw FormatError("trailing data after the PEM block");
  try {
    return base64_decode(as_bytes(body));
  } catch (const FormatError &e) {
    throw FormatError(std::string("PEM body: ") + e.what());
  }
}

}  // namespace mlkem::keyfmt
