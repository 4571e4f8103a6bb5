#include "xml/facet_words.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <array>

namespace xoev::xml {

namespace {

/// Levenshtein distance, ASCII case folded; values and names are short.
std::size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      const bool same = (a[i - 1] | 0x20) == (b[j - 1] | 0x20);
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (same ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string quoted(std::string_view v) { return "'" + std::string(v) + "'"; }

/// The pattern facets schemas use most, in words; empty for any other.
std::string pattern_in_words(const std::string& pattern) {
  if (pattern == "[+\\-]?[0-9]+") return "a whole number";
  std::string n, m;
  static const RE2 digits(R"((?:\\d|\[0-9\])\{(\d+)(?:,(\d+))?\})");
  if (RE2::FullMatch(pattern, digits, &n, &m))
    return m.empty() ? "exactly " + n + (n == "1" ? " digit" : " digits")
                     : n + " to " + m + " digits";
  static const RE2 capitals(R"(\[A-Z\]\{(\d+)\})");
  if (RE2::FullMatch(pattern, capitals, &n)) return "exactly " + n + " capital letters (A-Z)";
  return {};
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

/// "1985-13-40: month 13 does not exist" for a date (or the date of a dateTime) whose month
/// or day is out of range; empty when the date part is fine or not a date.
std::string date_problem(const std::string& value) {
  int y = 0, mo = 0, d = 0;
  static const RE2 date(R"((-?\d{4,})-(\d{2})-(\d{2})(?:T.*|Z|[+-]\d{2}:\d{2})?)");
  if (!RE2::FullMatch(value, date, &y, &mo, &d)) return {};
  if (mo < 1 || mo > 12) return value + ": month " + std::to_string(mo) + " does not exist";
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int last = mo == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(mo - 1)];
  static constexpr std::array<const char*, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  if (d < 1 || d > last)
    return value + ": " + kMonths[static_cast<std::size_t>(mo - 1)] + " " + std::to_string(y) +
           " has " + std::to_string(last) + " days";
  return {};
}

}  // namespace

std::string nearest(std::string_view value, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = 3;  // at most two edits
  for (const std::string& c : candidates) {
    const std::size_t d = distance(c, value);
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
      allowed += (i ? ", " : "") + quoted(enumeration[i]);
    if (enumeration.size() > kShown)
      allowed += ", … (" + std::to_string(enumeration.size()) + " values in all)";
    FacetWords w{"value " + quoted(value) + " is not one of the allowed values " + allowed, {}};
    if (const std::string n = nearest(value, enumeration); !n.empty())
      w.hint = "did you mean " + quoted(n) + "?";
    return w;
  }
  static const RE2 length(
      R"(value '(.*)'(?: \(\d+ chars\))? has length '(\d+)' which (exceeds maxLength|is less than minLength|is not equal to length) facet value '(\d+)')");
  std::string limit;
  if (RE2::FullMatch(m, length, &value, &a, &b, &limit)) {
    const std::string rule = b.starts_with("exceeds")   ? "at most " + limit
                             : b.starts_with("is less") ? "at least " + limit
                                                        : "exactly " + limit;
    return FacetWords{"value " + quoted(value) + " is " + a + " characters long; " + rule +
                          (limit == "1" ? " character is" : " characters are") + " allowed",
                      {}};
  }
  static const RE2 pattern(
      R"(value '(.*)'(?: \(\d+ chars\))? does not match regular expression facet '(.*)')");
  if (RE2::FullMatch(m, pattern, &value, &a)) {
    const std::string words = pattern_in_words(a);
    if (words.empty())
      return FacetWords{"value " + quoted(value) + " does not match the pattern " + quoted(a), {}};
    return FacetWords{"value " + quoted(value) + " is not " + words, {}};
  }
  static const RE2 range(
      R"(value '(.*)' must be (less|greater) than or equal to (?:max|min)Inclusive facet value '(.*)')");
  if (RE2::FullMatch(m, range, &value, &a, &b))
    return FacetWords{"value " + quoted(value) + " is " + (a == "less" ? "greater" : "less") +
                          " than " + (a == "less" ? "the largest" : "the smallest") + " allowed, " +
                          b,
                      {}};
  static const RE2 incomplete_date(R"(incomplete date value '(.*)')");
  if (RE2::FullMatch(m, incomplete_date, &value))
    return FacetWords{"value " + quoted(value) + " is not a date of the form YYYY-MM-DD", {}};
  static const RE2 date_part(R"((?:year|month|day|hour|minute|second) value '(.*)' .*)");
  if (RE2::FullMatch(m, date_part, &value))
    if (std::string p = date_problem(value); !p.empty()) return FacetWords{std::move(p), {}};
  return std::nullopt;
}

}  // namespace xoev::xml
