// A strict XML 1.0 well-formedness checker for the tests of mlkem bench (the
// SVG chart), written for the tests so that they do not trust the tool's own
// escaping. It rejects what the XML 1.0 specification calls fatal errors that
// a generated SVG could plausibly contain: bad UTF-8, forbidden control
// characters, unknown or malformed entity references, raw '<' or '&', bad
// names, duplicate or unquoted attributes, mismatched or unclosed tags, text
// or a second element after the root, "--" in comments, "]]>" in text.
// DOCTYPE declarations are refused outright (the chart has none).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace xml_check {

struct Element {
  std::string name;
  std::vector<std::pair<std::string, std::string>> attributes;  // values decoded
  std::vector<Element> children;
  std::string text;  // all character data directly inside, decoded

  const std::string *attribute(std::string_view key) const {
    for (const auto &a : attributes)
      if (a.first == key) return &a.second;
    return nullptr;
  }
};

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The root element of a well-formed document; throws Error (with the byte
// offset) otherwise.
Element parse(std::string_view document);

// Every element in document order (depth first), root included.
void walk(const Element &root, std::vector<const Element *> &out);

}  // namespace xml_check
