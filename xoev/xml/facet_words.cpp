#include "xml/facet_words.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <memory>

#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev::xml {

namespace {

/// ASCII lower case, for comparing names and values regardless of case.
std::string folded(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
  return out;
}

/// The pattern facets schemas use most, in words; nullopt for any other.
std::optional<FacetWords> pattern_in_words(const std::string& value, const std::string& pattern) {
  if (pattern == "[+\\-]?[0-9]+")
    return FacetWords{N_("value '{0}' is not a whole number"), {value}};
  std::string n, m;
  static const RE2 digits(R"((?:\\d|\[0-9\])\{(\d+)(?:,(\d+))?\})");
  if (RE2::FullMatch(pattern, digits, &n, &m))
    return m.empty() ? FacetWords{N_("value '{0}' is not exactly {1} digits"), {value, n}}
                     : FacetWords{N_("value '{0}' is not {1} to {2} digits"), {value, n, m}};
  static const RE2 capitals(R"(\[A-Z\]\{(\d+)\})");
  if (RE2::FullMatch(pattern, capitals, &n))
    return FacetWords{N_("value '{0}' is not exactly {1} capital letters (A-Z)"), {value, n}};
  return std::nullopt;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/// "1985-13-40: month 13 does not exist" for a date (or the date of a dateTime) whose month
/// or day is out of range; nullopt when the date part is fine or not a date.
std::optional<FacetWords> date_problem(const std::string& value) {
  int y = 0, mo = 0, d = 0;
  static const RE2 date(R"((-?\d{4,})-(\d{2})-(\d{2})(?:T.*|Z|[+-]\d{2}:\d{2})?)");
  if (!RE2::FullMatch(value, date, &y, &mo, &d)) return std::nullopt;
  if (mo < 1 || mo > 12)
    return FacetWords{N_("{0}: month {1} does not exist"), {value, std::to_string(mo)}};
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int last = mo == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(mo - 1)];
  if (d < 1 || d > last)
    return FacetWords{N_("{0}: month {1} of {2} has only {3} days"),
                      {value, std::to_string(mo), std::to_string(y), std::to_string(last)}};
  return std::nullopt;
}

}  // namespace

std::string FacetWords::text() const { return i18n::fill(message, args); }

std::string nearest(std::string_view value, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;  // at most two edits
  for (const std::string& c : candidates) {
    const std::size_t d = edit_distance(folded(c), folded(value));
    if (d < best_distance && d * 2 < std::max(c.size(), value.size())) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::optional<FacetWords> facet_in_words(std::string_view xerces_message,
                                         const std::vector<std::string>& enumeration) {
  const std::string m(xerces_message);
  std::string value, a, b;
  // Values longer than 60 characters arrive shortened: 'aaaa…' (350 chars).
  static const RE2 enumerated(R"(value '(.*)'(?: \(\d+ chars\))? not in enumeration)");
  if (RE2::FullMatch(m, enumerated, &value)) {
    // A list that holds the value belongs to another type (the parent's, for an attribute).
    if (enumeration.empty() || std::ranges::find(enumeration, value) != enumeration.end())
      return std::nullopt;
    constexpr std::size_t kShown = 10;
    std::string allowed;
    for (std::size_t i = 0; i < enumeration.size() && i < kShown; ++i)
      allowed += (i ? ", '" : "'") + enumeration[i] + "'";
    if (enumeration.size() > kShown) allowed += ", … (" + std::to_string(enumeration.size()) + ")";
    FacetWords w{N_("value '{0}' is not one of the allowed values {1}"), {value, allowed}};
    if (std::string n = nearest(value, enumeration); !n.empty()) {
      w.hint = N_("did you mean '{0}'?");
      w.hint_args = {std::move(n)};
    }
    return w;
  }
  static const RE2 length(
      R"(value '(.*)'(?: \(\d+ chars\))? has length '(\d+)' which (exceeds maxLength|is less than minLength|is not equal to length) facet value '(\d+)')");
  std::string limit;
  if (RE2::FullMatch(m, length, &value, &a, &b, &limit)) {
    const char* tmpl = b.starts_with("exceeds")
                           ? N_("value '{0}' is {1} characters long; at most {2} are allowed")
                       : b.starts_with("is less")
                           ? N_("value '{0}' is {1} characters long; at least {2} are needed")
                           : N_("value '{0}' is {1} characters long; exactly {2} are needed");
    return FacetWords{tmpl, {value, a, limit}};
  }
  static const RE2 pattern(
      R"(value '(.*)'(?: \(\d+ chars\))? does not match regular expression facet '(.*)')");
  if (RE2::FullMatch(m, pattern, &value, &a)) {
    if (auto words = pattern_in_words(value, a)) return words;
    return FacetWords{N_("value '{0}' does not match the pattern '{1}'"), {value, a}};
  }
  static const RE2 range(
      R"(value '(.*)' must be (less|greater) than or equal to (?:max|min)Inclusive facet value '(.*)')");
  if (RE2::FullMatch(m, range, &value, &a, &b))
    return FacetWords{a == "less" ? N_("value '{0}' is greater than the largest allowed, {1}")
                                  : N_("value '{0}' is less than the smallest allowed, {1}"),
                      {value, b}};
  static const RE2 incomplete_date(R"(incomplete date value '(.*)')");
  if (RE2::FullMatch(m, incomplete_date, &value))
    return FacetWords{N_("value '{0}' is not a date of the form YYYY-MM-DD"), {value}};
  static const RE2 date_part(R"((?:year|month|day|hour|minute|second) value '(.*)' .*)");
  if (RE2::FullMatch(m, date_part, &value))
    if (auto p = date_problem(value)) return p;
  return std::nullopt;
}

namespace {

/// A Xerces message (XMLErrList's fixed English text) and the template that says the same
/// with the message's arguments, so that English output stays what Xerces says.
struct Known {
  const char* tmpl;
  const char* pattern;  ///< RE2, one group per argument in the template's order
};

template <std::size_t N>
std::vector<std::unique_ptr<RE2>> compile(const std::array<Known, N>& known) {
  std::vector<std::unique_ptr<RE2>> out;
  for (const auto& k : known) out.push_back(std::make_unique<RE2>(k.pattern));
  return out;
}

/// The first of `known` (compiled: `compiled`) that matches the whole message.
template <std::size_t N>
std::optional<FacetWords> match_known(const std::array<Known, N>& known,
                                      const std::vector<std::unique_ptr<RE2>>& compiled,
                                      std::string_view xerces_message) {
  const re2::StringPiece text(xerces_message.data(), xerces_message.size());
  for (std::size_t i = 0; i < known.size(); ++i) {
    const RE2& re = *compiled[i];
    const int n = re.NumberOfCapturingGroups();
    std::vector<std::string> groups(static_cast<std::size_t>(n));
    std::vector<RE2::Arg> args(groups.size());
    std::vector<const RE2::Arg*> ptrs(groups.size());
    for (std::size_t g = 0; g < groups.size(); ++g) {
      args[g] = RE2::Arg(&groups[g]);
      ptrs[g] = &args[g];
    }
    if (!RE2::FullMatchN(text, re, ptrs.data(), n)) continue;
    return FacetWords{known[i].tmpl, std::move(groups)};
  }
  return std::nullopt;
}

}  // namespace

std::optional<FacetWords> validity_in_words(std::string_view xerces_message) {
  static const std::array<Known, 12> kKnown = {{
      {N_("attribute '{0}' is not declared for element '{1}'"),
       R"(attribute '(.*)' is not declared for element '(.*)')"},
      {N_("missing required attribute '{0}'"), R"(missing required attribute '(.*)')"},
      {N_("attribute '{0}' has value '{1}' that does not match its #FIXED value '{2}'"),
       R"(attribute '(.*)' has value '(.*)' that does not match its #FIXED value '(.*)')"},
      {N_("ID attribute '{0}' is referenced but was never declared"),
       R"(ID attribute '(.*)' is referenced but was never declared)"},
      {N_("ID value '{0}' has already been used"), R"(ID value '(.*)' has already been used)"},
      {N_("ID value '{0}' is not unique"), R"(ID value '(.*)' is not unique)"},
      {N_("no declaration found for element '{0}'"), R"(no declaration found for element '(.*)')"},
      {N_("no declaration found for attribute '{0}'"),
       R"(no declaration found for attribute '(.*)')"},
      {N_("element '{0}' must be qualified"), R"(element '(.*)' must be qualified)"},
      {N_("element '{0}' must be unqualified"), R"(element '(.*)' must be unqualified)"},
      {N_("prefix '{0}' can not be resolved to namespace URI"),
       R"(prefix '(.*)' can not be resolved to namespace URI)"},
      {N_("type '{0}' specified in 'xsi:type' cannot be resolved"),
       R"(type '(.*)' specified in 'xsi:type' cannot be resolved)"},
  }};
  static const auto compiled = compile(kKnown);
  return match_known(kKnown, compiled, xerces_message);
}

std::optional<FacetWords> fatal_in_words(std::string_view xerces_message) {
  static const std::array<Known, 24> kKnown = {{
      {N_("expected end of tag '{0}'"), R"(expected end of tag '(.*)')"},
      {N_("invalid character 0x{0}"), R"(invalid character 0x([0-9A-Fa-f]+))"},
      {N_("invalid character 0x{0} in attribute value '{1}'"),
       R"(invalid character 0x([0-9A-Fa-f]+) in attribute value '(.*)')"},
      {N_("unterminated start tag '{0}'"), R"(unterminated start tag '(.*)')"},
      {N_("unterminated end tag '{0}'"), R"(unterminated end tag '(.*)')"},
      {N_("unterminated comment"), R"(unterminated comment)"},
      {N_("unterminated CDATA section"), R"(unterminated CDATA section)"},
      {N_("unterminated XML declaration"), R"(unterminated XML declaration)"},
      {N_("unterminated processing instruction"), R"(unterminated processing instruction)"},
      {N_("unterminated character reference"), R"(unterminated character reference)"},
      {N_("unterminated entity reference '{0}'"), R"(unterminated entity reference '(.*)')"},
      {N_("invalid character reference"), R"(invalid character reference)"},
      {N_("invalid document structure"), R"(invalid document structure)"},
      {N_("expected comment or CDATA section"), R"(expected comment or CDATA section)"},
      {N_("comment or processing instruction expected"),
       R"(comment or processing instruction expected)"},
      {N_("unexpected end of input"), R"(unexpected end of input)"},
      {N_("entity '{0}' not found"), R"(entity '(.*)' not found)"},
      {N_("attribute '{0}' is already specified for element '{1}'"),
       R"(attribute '(.*)' is already specified for element '(.*)')"},
      {N_("attribute name expected"), R"(attribute name expected)"},
      {N_("equal sign expected"), R"(equal sign expected)"},
      {N_("attribute value expected"), R"(attribute value expected)"},
      {N_("element name expected"), R"(element name expected)"},
      {N_("quoted string expected"), R"(quoted string expected)"},
      {N_("expected tag name, comment, PI, or other markup"),
       R"(expected tag name, comment, PI, or other markup)"},
  }};
  static const auto compiled = compile(kKnown);
  return match_known(kKnown, compiled, xerces_message);
}

}  // namespace xoev::xml
