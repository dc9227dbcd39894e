#include "xml_check.h"

#include <cstdint>

namespace xml_check {

namespace {

class Parser {
 public:
  explicit Parser(std::string_view d) : d_(d) {}

  Element document() {
    check_encoding();
    if (starts("<?xml")) processing_instruction(true);
    misc();
    if (starts("<!DOCTYPE")) fail("DOCTYPE declarations are not accepted");
    if (!starts("<")) fail("expected the root element");
    Element root = element();
    misc();
    if (pos_ != d_.size()) fail("content after the root element");
    return root;
  }

 private:
  std::string_view d_;
  std::size_t pos_ = 0;

  [[noreturn]] void fail(const std::string &what) const {
    throw Error("byte " + std::to_string(pos_) + ": " + what);
  }
  bool starts(std::string_view s) const { return d_.substr(pos_, s.size()) == s; }
  bool at_end() const { return pos_ >= d_.size(); }
  char peek() const { return at_end() ? '\0' : d_[pos_]; }
  void expect(std::string_view s) {
    if (!starts(s)) fail("expected \"" + std::string(s) + "\"");
    pos_ += s.size();
  }
  static bool space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
  bool skip_space() {
    const std::size_t start = pos_;
    while (!at_end() && space(peek())) pos_++;
    return pos_ != start;
  }

  // UTF-8, shortest forms, no surrogates; XML 1.0 Char only.
  void check_encoding() {
    for (std::size_t i = 0; i < d_.size();) {
      const auto c = static_cast<unsigned char>(d_[i]);
      std::uint32_t cp;
      std::size_t n;
      if (c < 0x80) {
        cp = c;
        n = 1;
      } else if ((c & 0xe0) == 0xc0) {
        cp = c & 0x1f;
        n = 2;
      } else if ((c & 0xf0) == 0xe0) {
        cp = c & 0x0f;
        n = 3;
      } else if ((c & 0xf8) == 0xf0) {
        cp = c & 0x07;
        n = 4;
      } else {
        pos_ = i;
        fail("invalid UTF-8");
      }
      if (i + n > d_.size()) {
        pos_ = i;
        fail("truncated UTF-8");
      }
      for (std::size_t k = 1; k < n; k++) {
        const auto b = static_cast<unsigned char>(d_[i + k]);
        if ((b & 0xc0) != 0x80) {
          pos_ = i;
          fail("invalid UTF-8");
        }
        cp = (cp << 6) | (b & 0x3f);
      }
      static const std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
      pos_ = i;
      if (cp < kMin[n] || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) fail("invalid UTF-8");
      if (!char_ok(cp)) fail("character not allowed in XML");
      i += n;
    }
    pos_ = 0;
  }
  static bool char_ok(std::uint32_t cp) {
    return cp == 0x9 || cp == 0xa || cp == 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
           (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
  }

  static bool name_start(char c) {
    const auto u = static_cast<unsigned char>(c);
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || u >= 0x80;
  }
  static bool name_char(char c) {
    return name_start(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
  }
  std::string name() {
    if (at_end() || !name_start(peek())) fail("expected a name");
    const std::size_t start = pos_;
    while (!at_end() && name_char(peek())) pos_++;
    return std::string(d_.substr(start, pos_ - start));
  }

  static void append_utf8(std::string &out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  // At '&': one of the five predefined entities or a character reference.
  void reference(std::string &out) {
    expect("&");
    const std::size_t semi = d_.find(';', pos_);
    if (semi == std::string_view::npos || semi - pos_ > 10) fail("'&' that starts no reference");
    const std::string_view ref = d_.substr(pos_, semi - pos_);
    if (ref == "lt")
      out += '<';
    else if (ref == "gt")
      out += '>';
    else if (ref == "amp")
      out += '&';
    else if (ref == "quot")
      out += '"';
    else if (ref == "apos")
      out += '\'';
    else if (ref.size() > 1 && ref[0] == '#') {
      const bool hex = ref[1] == 'x';
      const std::string_view digits = ref.substr(hex ? 2 : 1);
      if (digits.empty()) fail("empty character reference");
      std::uint32_t cp = 0;
      for (const char c : digits) {
        int v;
        if (c >= '0' && c <= '9')
          v = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
          v = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
          v = c - 'A' + 10;
        else
          fail("bad character reference");
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(v);
        if (cp > 0x10ffff) fail("character reference out of range");
      }
      if (!char_ok(cp)) fail("character reference to a forbidden character");
      append_utf8(out, cp);
    } else {
      fail("unknown entity &" + std::string(ref) + ";");
    }
    pos_ = semi + 1;
  }

  void comment() {
    expect("<!--");
    const std::size_t end = d_.find("--", pos_);
    if (end == std::string_view::npos) fail("unterminated comment");
    pos_ = end;
    if (!starts("-->")) fail("\"--\" inside a comment");
    pos_ += 3;
  }

  void processing_instruction(bool declaration) {
    expect("<?");
    const std::string target = name();
    if (!declaration && (target == "xml" || target == "XML"))
      fail("XML declaration not at the start of the document");
    const std::size_t end = d_.find("?>", pos_);
    if (end == std::string_view::npos) fail("unterminated processing instruction");
    pos_ = end + 2;
  }

  void misc() {
    while (true) {
      skip_space();
      if (starts("<!--"))
        comment();
      else if (starts("<?"))
        processing_instruction(false);
      else
        return;
    }
  }

  Element element() {
    expect("<");
    Element e;
    e.name = name();
    while (true) {
      const bool had_space = skip_space();
      if (starts("/>")) {
        pos_ += 2;
        return e;
      }
      if (starts(">")) {
        pos_++;
        break;
      }
      if (!had_space) fail("expected whitespace, '>' or '/>' in <" + e.name + ">");
      std::string key = name();
      if (e.attribute(key) != nullptr) fail("duplicate attribute " + key);
      skip_space();
      expect("=");
      skip_space();
      const char quote = peek();
      if (quote != '"' && quote != '\'') fail("attribute value not quoted");
      pos_++;
      std::string value;
      while (true) {
        if (at_end()) fail("unterminated attribute value");
        const char c = peek();
        if (c == quote) break;
        if (c == '<') fail("'<' in an attribute value");
        if (c == '&') {
          reference(value);
          continue;
        }
        value += c;
        pos_++;
      }
      pos_++;
      e.attributes.emplace_back(std::move(key), std::move(value));
    }
    // Content up to the matching end tag.
    while (true) {
      if (at_end()) fail("<" + e.name + "> is not closed");
      if (starts("</")) {
        pos_ += 2;
        const std::string end = name();
        if (end != e.name) fail("</" + end + "> closes <" + e.name + ">");
        skip_space();
        expect(">");
        return e;
      }
      if (starts("<!--")) {
        comment();
      } else if (starts("<![CDATA[")) {
        pos_ += 9;
        const std::size_t end = d_.find("]]>", pos_);
        if (end == std::string_view::npos) fail("unterminated CDATA section");
        e.text += d_.substr(pos_, end - pos_);
        pos_ = end + 3;
      } else if (starts("<?")) {
        processing_instruction(false);
      } else if (starts("<")) {
        e.children.push_back(element());
      } else if (starts("&")) {
        reference(e.text);
      } else {
        if (starts("]]>")) fail("\"]]>\" in character data");
        e.text += peek();
        pos_++;
      }
    }
  }
};

}  // namespace

Element parse(std::string_view document) { return Parser(document).document(); }

void walk(const Element &root, std::vector<const Element *> &out) {
  out.push_back(&root);
  for (const Element &c : root.children) walk(c, out);
}

}  // namespace xml_check
