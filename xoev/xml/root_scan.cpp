// The byte-level root scan. It only ever accepts; whatever it does not recognise goes to the
// parser, so its answers agree with the parser's (tests/unit/root_scan_test.cpp compares them
// on every sample and corpus message).

#include "xml/root_scan.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace xoev::xml {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// ASCII only, whatever the locale: a name with other letters goes to the parser.
bool is_name_start(char c) {
  return static_cast<unsigned>(static_cast<unsigned char>(c | 0x20) - 'a') < 26u || c == '_';
}
bool is_name_char(char c) {
  return is_name_start(c) || static_cast<unsigned>(static_cast<unsigned char>(c) - '0') < 10u ||
         c == '-' || c == '.';
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool at_end() const { return i_ >= s_.size(); }
  bool starts(std::string_view p) const { return s_.substr(i_).starts_with(p); }
  void skip(std::size_t n) { i_ += n; }
  void skip_space() {
    while (!at_end() && is_space(s_[i_])) ++i_;
  }
  bool space() {
    const std::size_t before = i_;
    skip_space();
    return i_ != before;
  }
  char peek() const { return at_end() ? '\0' : s_[i_]; }
  std::size_t pos() const { return i_; }

  /// An NCName (no colon).
  std::optional<std::string_view> ncname() {
    if (at_end() || !is_name_start(s_[i_])) return std::nullopt;
    const std::size_t start = i_++;
    while (!at_end() && is_name_char(s_[i_])) ++i_;
    return s_.substr(start, i_ - start);
  }

  /// A QName as (prefix, local); prefix empty when there is none.
  std::optional<std::pair<std::string_view, std::string_view>> qname() {
    auto first = ncname();
    if (!first) return std::nullopt;
    if (peek() != ':') return std::pair{std::string_view{}, *first};
    skip(1);
    auto second = ncname();
    if (!second) return std::nullopt;
    return std::pair{*first, *second};
  }

  /// A quoted value. A namespace name must be plain ASCII without references or line ends
  /// (which the parser would normalise); other values may hold any character the window check
  /// let through and the five predefined entities.
  std::optional<std::string_view> value(bool namespace_name) {
    const char q = peek();
    if (q != '"' && q != '\'') return std::nullopt;
    const std::size_t start = i_ + 1;
    // No predefined entity holds a quote, so the value ends at the next one.
    const std::size_t end = s_.find(q, start);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view v = s_.substr(start, end - start);
    if (v.find('<') != std::string_view::npos) return std::nullopt;
    if (namespace_name) {
      // Printable ASCII, no reference.
      std::size_t k = 0;
#if defined(__SSE2__)
      for (; k + 16 <= v.size(); k += 16) {
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v.data() + k));
        const __m128i bad = _mm_or_si128(_mm_cmplt_epi8(b, _mm_set1_epi8(0x20)),
                                         _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8(0x7f)),
                                                      _mm_cmpeq_epi8(b, _mm_set1_epi8('&'))));
        if (_mm_movemask_epi8(bad) != 0) return std::nullopt;
      }
#endif
      for (; k < v.size(); ++k)
        if (static_cast<unsigned char>(v[k]) - 0x20u >= 0x5fu || v[k] == '&') return std::nullopt;
    } else {
      for (std::size_t amp = v.find('&'); amp != std::string_view::npos;
           amp = v.find('&', amp + 1)) {
        const std::string_view rest = v.substr(amp);
        bool known = false;
        for (std::string_view e : {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"})
          if (rest.starts_with(e)) known = true;
        if (!known) return std::nullopt;
      }
    }
    i_ = end + 1;
    return v;
  }

  /// `S? = S?`
  bool eq() {
    skip_space();
    if (peek() != '=') return false;
    skip(1);
    skip_space();
    return true;
  }

  /// A comment; the scanner stands on "<!--".
  bool comment() {
    skip(4);
    while (!at_end()) {
      if (starts("--")) {
        if (!starts("-->")) return false;  // "--" inside a comment is not well-formed
        skip(3);
        return true;
      }
      ++i_;
    }
    return false;
  }

  /// A processing instruction whose target is not reserved; the scanner stands on "<?".
  bool processing_instruction() {
    skip(2);
    auto target = ncname();
    if (!target) return false;
    std::string lower(*target);
    std::ranges::transform(lower, lower.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "xml") return false;  // reserved, and a declaration is only allowed first
    if (peek() == ':') return false;   // a colon in a target: the parser judges it
    if (starts("?>")) {
      skip(2);
      return true;
    }
    if (!space()) return false;
    while (!at_end()) {
      if (starts("?>")) {
        skip(2);
        return true;
      }
      ++i_;
    }
    return false;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

enum class Encoding { Utf8, Ascii, Latin1, Other };

Encoding encoding_named(std::string_view e) {
  std::string lower(e);
  std::ranges::transform(lower, lower.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (lower == "utf-8") return Encoding::Utf8;
  if (lower == "us-ascii") return Encoding::Ascii;
  if (lower == "iso-8859-1") return Encoding::Latin1;
  return Encoding::Other;
}

/// Whether the parser can decode `window` (the start of the input, `cut` if the input goes on)
/// without an error: it decodes a block ahead of where it reads, so a bad byte some way after the
/// root's start tag already ends its search for the root. A NUL or another C0 control ends the
/// input guard's or the parser's reading just as early.
bool decodes(std::string_view window, Encoding enc, bool cut) {
  constexpr std::uint64_t kHigh = 0x8080808080808080u;
  constexpr std::uint64_t kSpace = 0x2020202020202020u;
  for (std::size_t i = 0; i < window.size();) {
#if defined(__SSE2__)
    // Sixteen bytes at a time while they are ASCII with no C0 control but white space: as
    // signed bytes, those below 0x20 are the controls and the bytes >= 0x80; each of them must
    // be a tab, line feed or carriage return.
    if (i + 16 <= window.size()) {
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(window.data() + i));
      const int low = _mm_movemask_epi8(_mm_cmplt_epi8(v, _mm_set1_epi8(0x20)));
      if (low == 0) {
        i += 16;
        continue;
      }
      const __m128i ws = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                                                   _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))),
                                      _mm_cmpeq_epi8(v, _mm_set1_epi8('\t')));
      if (low == _mm_movemask_epi8(ws)) {
        i += 16;
        continue;
      }
    }
#endif
    // Eight bytes at a time while they are printable ASCII (no byte >= 0x80 or < 0x20).
    if (i + 8 <= window.size()) {
      std::uint64_t w;
      std::memcpy(&w, window.data() + i, 8);
      if ((w & kHigh) == 0 && ((w - kSpace) & ~w & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    const auto u = static_cast<unsigned char>(window[i]);
    if (u < 0x20 && !is_space(window[i])) return false;
    if (u < 0x80 || enc == Encoding::Latin1) {
      ++i;
      continue;
    }
    if (enc == Encoding::Ascii) return false;
    // UTF-8: the shortest form of a scalar value, no surrogates, at most U+10FFFF.
    const std::size_t len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC2 ? 2 : 0;
    if (len == 0 || u > 0xF4) return false;
    if (i + len > window.size()) return cut;  // a sequence the window cuts; the rest is later
    const auto b1 = static_cast<unsigned char>(window[i + 1]);
    if ((u == 0xE0 && b1 < 0xA0) || (u == 0xED && b1 > 0x9F) || (u == 0xF0 && b1 < 0x90) ||
        (u == 0xF4 && b1 > 0x8F))
      return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(window[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

/// `<?xml version="1.x" (encoding=…)? (standalone=…)? ?>`, the scanner on "<?xml ".
bool xml_declaration(Scanner& sc, bool bom, Encoding& enc) {
  sc.skip(5);
  constexpr std::array<std::string_view, 3> kOrder{"version", "encoding", "standalone"};
  std::size_t next = 0;
  bool any = false;
  while (true) {
    const bool spaced = sc.space();
    if (sc.starts("?>")) {
      sc.skip(2);
      return any;
    }
    if (!spaced) return false;
    auto name = sc.ncname();
    if (!name) return false;
    std::size_t k = next;
    while (k < kOrder.size() && kOrder[k] != *name) ++k;
    if (k == kOrder.size() || (!any && k != 0)) return false;
    if (!sc.eq()) return false;
    auto v = sc.value(true);
    if (!v) return false;
    if (k == 0 && *v != "1.0") return false;
    if (k == 1) {
      enc = encoding_named(*v);
      if (enc == Encoding::Other || (bom && enc != Encoding::Utf8)) return false;
    }
    if (k == 2 && *v != "yes" && *v != "no") return false;
    next = k + 1;
    any = true;
  }
}

}  // namespace

std::optional<RootInfo> scan_plain_root(std::string_view bytes) {
  const bool bom = bytes.starts_with("\xEF\xBB\xBF");
  if (bom) bytes.remove_prefix(3);
  // Long comments before the root are left to the parser, which applies the value limit.
  constexpr std::size_t kWindow = std::size_t{64} << 10;
  const bool cut = bytes.size() > kWindow;
  bytes = bytes.substr(0, kWindow);
  Scanner sc(bytes);
  Encoding enc = Encoding::Utf8;
  if (sc.starts("<?xml") && bytes.size() > 5 && is_space(bytes[5]) &&
      !xml_declaration(sc, bom, enc))
    return std::nullopt;
  if (!decodes(bytes, enc, cut)) return std::nullopt;
  while (true) {
    sc.skip_space();
    if (sc.starts("<!--")) {
      if (!sc.comment()) return std::nullopt;
      continue;
    }
    if (sc.starts("<?")) {
      if (!sc.processing_instruction()) return std::nullopt;
      continue;
    }
    break;
  }
  if (sc.peek() != '<') return std::nullopt;
  sc.skip(1);
  auto element = sc.qname();
  if (!element) return std::nullopt;
  std::vector<std::string_view> names;
  std::optional<std::string_view> default_ns;
  std::optional<std::string_view> prefix_ns;
  while (true) {
    const bool spaced = sc.space();
    if (sc.starts("/>") || sc.peek() == '>') break;
    if (!spaced) return std::nullopt;
    const auto attr = sc.qname();
    if (!attr || !sc.eq()) return std::nullopt;
    const auto& [p, l] = *attr;
    auto v = sc.value(p == "xmlns" || (p.empty() && l == "xmlns"));
    if (!v) return std::nullopt;
    // Any duplicate, even of differently prefixed names, goes to the parser to judge.
    const std::string_view whole = p.empty() ? l : std::string_view(p.data(), l.end() - p.begin());
    if (std::ranges::find(names, whole) != names.end()) return std::nullopt;
    names.push_back(whole);
    if (p.empty() && l == "xmlns") {
      default_ns = *v;
    } else if (p == "xmlns") {
      if (v->empty() || l == "xml" || l == "xmlns") return std::nullopt;
      if (l == element->first) prefix_ns = *v;
    } else if (!p.empty() && p != "xml") {
      // A prefixed attribute: its prefix must be declared in this tag; let the parser see.
      bool declared = false;
      for (auto n : names)
        if (n.starts_with("xmlns:") && n.substr(6) == p) declared = true;
      if (!declared) return std::nullopt;
    }
  }
  // The parser decodes the first block of the input before it reports the root; the window's
  // check covers that block only for a root near the start.
  if (sc.pos() > (std::size_t{8} << 10)) return std::nullopt;
  const auto& [prefix, local] = *element;
  if (prefix.empty()) return RootInfo{std::string(default_ns.value_or("")), std::string(local)};
  if (!prefix_ns) return std::nullopt;  // unbound (or "xml"/"xmlns" as an element prefix)
  return RootInfo{std::string(*prefix_ns), std::string(local)};
}

}  // namespace xoev::xml
