// ozg's XPath extension functions for mappings: text (upper, lower, trim, split, replace,
// regex-replace, matches, pad), dates (date, now), identifiers (uuid), lookups (map, codelist,
// param) and choices (if, coalesce). Documented in man/ozg-mapping.5.

#include <libxml/xpathInternals.h>
#include <openssl/rand.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <ctime>
#include <iomanip>
#include <optional>
#include <sstream>

#include "mapping/runtime.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev::mapping {

namespace {

// clang-format off
constexpr std::array<std::string_view, 27> kXPathFunctions{
    "last",            "position",  "count",         "id",
    "local-name",      "namespace-uri", "name",      "string",
    "concat",          "starts-with", "contains",    "substring-before",
    "substring-after", "substring", "string-length", "normalize-space",
    "translate",       "boolean",   "not",           "true",
    "false",           "lang",      "number",        "sum",
    "floor",           "ceiling",   "round"};
// clang-format on

constexpr std::size_t kMaxCachedRegexes = 64;
/// The longest value replace(), regex-replace() and pad() make, unless their text is longer
/// already: each call can multiply its text, so nested calls in a mapping of a few hundred bytes
/// would otherwise make gigabytes out of one letter.
constexpr std::size_t kMaxResult = 16u << 20;

RunState& state(xmlXPathParserContextPtr ctxt) {
  return *static_cast<RunState*>(ctxt->context->userData);
}

std::string pop_string(xmlXPathParserContextPtr ctxt) {
  state(ctxt).note_value(ctxt->value);  // an argument read from the input locates its errors
  xmlChar* s = xmlXPathPopString(ctxt);
  std::string out = s != nullptr ? reinterpret_cast<const char*>(s) : "";
  xmlFree(s);
  return out;
}

void push_string(xmlXPathParserContextPtr ctxt, const std::string& s) {
  valuePush(ctxt, xmlXPathNewString(reinterpret_cast<const xmlChar*>(s.c_str())));
}

/// Pops `nargs` strings, first argument first.
std::vector<std::string> pop_args(xmlXPathParserContextPtr ctxt, int nargs) {
  std::vector<std::string> args(static_cast<std::size_t>(nargs));
  for (int i = nargs - 1; i >= 0; --i) args[static_cast<std::size_t>(i)] = pop_string(ctxt);
  return args;
}

/// Whether a result that reached `size` bytes, made from a text of `input` bytes, is still
/// allowed; MAP312 if not.
bool result_fits(RunState& st, std::size_t size, std::size_t input, std::string_view fn) {
  if (size <= std::max(kMaxResult, input)) return true;
  st.error("MAP312", N_("{0}(): the result would be longer than 16 MiB"), {std::string(fn)},
           N_("replace(), regex-replace() and pad() make values of at most 16 MiB (or as long as "
              "their text); calls that lengthen a value at every level of nesting are a "
              "mistake"));
  return false;
}

bool arity(xmlXPathParserContextPtr ctxt, int nargs, int min, int max) {
  if (nargs >= min && nargs <= max) return true;
  xmlXPathErr(ctxt, XPATH_INVALID_ARITY);
  return false;
}

/// Upper/lower case for ASCII and the Latin-1 letters of German, French and Italian (ä, é,
/// ô, ...; ß has no single upper-case letter and stays).
std::string change_case(const std::string& s, bool upper) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      out += static_cast<char>(upper ? std::toupper(c) : std::tolower(c));
    } else if (c == 0xC3 && i + 1 < s.size()) {
      // U+00C0..U+00FF are C3 80..C3 BF; lower case is upper case + 0x20.
      auto d = static_cast<unsigned char>(s[i + 1]);
      if (upper && d >= 0xA0 && d <= 0xBE && d != 0xB7)
        d = static_cast<unsigned char>(d - 0x20);
      else if (!upper && d >= 0x80 && d <= 0x9E && d != 0x97)
        d = static_cast<unsigned char>(d + 0x20);
      out += static_cast<char>(c);
      out += static_cast<char>(d);
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

void fn_upper(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 1, 1)) return;
  push_string(ctxt, change_case(pop_string(ctxt), true));
}

void fn_lower(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 1, 1)) return;
  push_string(ctxt, change_case(pop_string(ctxt), false));
}

void fn_trim(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 1, 1)) return;
  std::string s = pop_string(ctxt);
  const auto b = s.find_first_not_of(" \t\r\n");
  const auto e = s.find_last_not_of(" \t\r\n");
  push_string(ctxt, b == std::string::npos ? "" : s.substr(b, e - b + 1));
}

// split(s, separator[, n]): the n-th part (1-based, default 1); "" beyond the last.
void fn_split(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 2, 3)) return;
  double n = 1;
  if (nargs == 3) n = xmlXPathPopNumber(ctxt);
  auto a = pop_args(ctxt, 2);
  if (a[1].empty()) {
    state(ctxt).error("MAP312", N_("split(): the separator is empty"));
    push_string(ctxt, "");
    return;
  }
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    const auto p = a[0].find(a[1], start);
    parts.push_back(a[0].substr(start, p == std::string::npos ? std::string::npos : p - start));
    if (p == std::string::npos) break;
    start = p + a[1].size();
  }
  const auto idx = static_cast<long>(n);
  push_string(ctxt, idx >= 1 && static_cast<std::size_t>(idx) <= parts.size()
                        ? parts[static_cast<std::size_t>(idx - 1)]
                        : "");
}

// replace(s, from, to): every occurrence of the literal text `from`.
void fn_replace(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 3, 3)) return;
  auto a = pop_args(ctxt, 3);
  if (a[1].empty()) {
    push_string(ctxt, a[0]);
    return;
  }
  std::string out;
  std::size_t start = 0;
  for (;;) {
    const auto p = a[0].find(a[1], start);
    if (p == std::string::npos) break;
    out.append(a[0], start, p - start).append(a[2]);
    start = p + a[1].size();
    if (!result_fits(state(ctxt), out.size(), a[0].size(), "replace")) {
      push_string(ctxt, "");
      return;
    }
  }
  push_string(ctxt, out.append(a[0], start));
}

/// The length of the UTF-8 character at text[i] (1 for a byte that starts none).
std::size_t sequence_length(const std::string& text, std::size_t i) {
  const auto c = static_cast<unsigned char>(text[i]);
  const std::size_t n = c < 0xC2 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : c < 0xF5 ? 4 : 1;
  if (i + n > text.size()) return 1;
  for (std::size_t k = 1; k < n; ++k)
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
  return n;
}

/// The compiled `pattern`, or nullptr after reporting why it does not compile. RE2 matches in
/// time linear in the text (no backtracking): a pattern such as ^([A-Za-z]+\s?)+$, which took
/// libstdc++'s std::regex minutes on 34 characters, cannot stall a transformation.
std::shared_ptr<const re2::RE2> compile_regex(RunState& st, const std::string& pattern,
                                              std::string_view fn) {
  if (auto it = st.regexes.find(pattern); it != st.regexes.end()) return it->second;
  re2::RE2::Options options;
  options.set_log_errors(false);  // the error is reported below, not printed by RE2
  auto re = std::make_shared<const re2::RE2>(pattern, options);
  if (!re->ok()) {
    st.error("MAP312", N_("{0}(): invalid regular expression '{1}': {2}"),
             {std::string(fn), pattern, re->error()},
             N_("patterns use RE2 syntax (like ECMAScript or Perl, without backreferences and "
                "lookaround), e.g. '^\\s+' or '([0-9]{4})-([0-9]{2})'"));
    return nullptr;
  }
  if (st.regexes.size() >= kMaxCachedRegexes) st.regexes.clear();
  st.regexes.emplace(pattern, re);
  return re;
}

/// The replacement of regex-replace() as written ($1..$9 the groups, $& or $0 the match, $$ a
/// dollar sign, as in ECMAScript) in RE2's form (\1..\9, \0, backslashes doubled), and the
/// highest group it refers to.
std::pair<std::string, int> rewrite_string(const std::string& replacement) {
  std::string out;
  int max_group = 0;
  for (std::size_t i = 0; i < replacement.size(); ++i) {
    const char c = replacement[i];
    const char next = i + 1 < replacement.size() ? replacement[i + 1] : '\0';
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '$' && next >= '0' && next <= '9') {
      out += '\\';
      out += next;
      max_group = std::max(max_group, next - '0');
      ++i;
    } else if (c == '$' && next == '&') {
      out += "\\0";
      ++i;
    } else if (c == '$' && next == '$') {
      out += '$';
      ++i;
    } else {
      out += c;
    }
  }
  return {out, max_group};
}

// regex-replace(s, pattern, replacement): every match of the RE2 pattern; $1.. in the
// replacement.
void fn_regex_replace(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 3, 3)) return;
  auto a = pop_args(ctxt, 3);
  RunState& st = state(ctxt);
  auto re = compile_regex(st, a[1], "regex-replace");
  if (!re) {
    push_string(ctxt, "");
    return;
  }
  const auto [rewrite, group] = rewrite_string(a[2]);
  if (group > re->NumberOfCapturingGroups()) {
    st.error("MAP312",
             N_("regex-replace(): replacement '{0}' refers to group {1}, but '{2}' has {3}"),
             {a[2], std::to_string(group), a[1], std::to_string(re->NumberOfCapturingGroups())},
             N_("$1 to $9 are the pattern's groups ( ... ), $& the whole match, $$ a dollar sign"));
    push_string(ctxt, "");
    return;
  }
  // RE2::GlobalReplace's loop, with the length checked as the result grows.
  const std::string& text = a[0];
  const re2::StringPiece whole(text);
  std::array<re2::StringPiece, 10> vec;
  const int nvec = group + 1;
  std::string out;
  std::size_t p = 0;
  std::optional<std::size_t> last_end;
  while (p <= text.size() &&
         re->Match(whole, p, text.size(), re2::RE2::UNANCHORED, vec.data(), nvec)) {
    const auto begin = static_cast<std::size_t>(vec[0].data() - text.data());
    out.append(text, p, begin - p);
    if (vec[0].empty() && last_end == begin) {
      // An empty match where the previous match ended: step over one character instead.
      const std::size_t n = p < text.size() ? sequence_length(text, p) : 1;
      out.append(text, p, n);
      p += n;
      continue;
    }
    re->Rewrite(&out, rewrite, vec.data(), nvec);
    p = begin + vec[0].size();
    last_end = p;
    if (!result_fits(st, out.size(), text.size(), "regex-replace")) {
      push_string(ctxt, "");
      return;
    }
  }
  if (p < text.size()) out.append(text, p);
  push_string(ctxt, out);
}

// matches(s, pattern): whether the RE2 pattern matches somewhere in s.
void fn_matches(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 2, 2)) return;
  auto a = pop_args(ctxt, 2);
  auto re = compile_regex(state(ctxt), a[1], "matches");
  valuePush(ctxt, xmlXPathNewBoolean(re && re2::RE2::PartialMatch(a[0], *re) ? 1 : 0));
}

// pad(s, width[, char]): s padded on the left to `width` characters (default '0').
void fn_pad(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 2, 3)) return;
  std::string fill = "0";
  if (nargs == 3) fill = pop_string(ctxt);
  const double width = xmlXPathPopNumber(ctxt);
  std::string s = pop_string(ctxt);
  if (fill.empty()) fill = " ";
  const std::size_t chars = utf8_length(s);
  std::string out;
  for (std::size_t i = chars; i < static_cast<std::size_t>(std::max(0.0, std::min(width, 1024.0)));
       ++i) {
    out += fill;
    if (!result_fits(state(ctxt), out.size() + s.size(), s.size(), "pad")) {
      push_string(ctxt, "");
      return;
    }
  }
  push_string(ctxt, out + s);
}

/// strftime with a format that comes from the mapping (so not a literal).
std::string strftime_string(const std::string& format, const std::tm& tm) {
  char buf[256];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
  const std::size_t n = std::strftime(buf, sizeof buf, format.c_str(), &tm);
#pragma GCC diagnostic pop
  return std::string(buf, n);
}

bool parse_with(const std::string& s, const std::string& format, std::tm& tm) {
  tm = {};
  const char* end = strptime(s.c_str(), format.c_str(), &tm);
  return end != nullptr && *end == '\0';
}

// date(s[, in-format[, out-format]]): reformats a date or time; formats are strftime's
// (default in: %Y-%m-%d, out: %Y-%m-%d). An empty s gives "".
void fn_date(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 1, 3)) return;
  auto a = pop_args(ctxt, nargs);
  const std::string in = nargs >= 2 ? a[1] : "%Y-%m-%d";
  const std::string out = nargs >= 3 ? a[2] : "%Y-%m-%d";
  std::string s = a[0];
  const auto b = s.find_first_not_of(" \t\r\n");
  s = b == std::string::npos ? "" : s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
  if (s.empty()) {
    push_string(ctxt, "");
    return;
  }
  std::tm tm{};
  if (!parse_with(s, in, tm)) {
    state(ctxt).error("MAP312", N_("date(): '{0}' does not match the format '{1}'"), {s, in},
                      N_("give the input format as the second argument, e.g. date(x, "
                         "'%d.%m.%Y')"));
    push_string(ctxt, "");
    return;
  }
  // Normalise (a day-of-month 31 in April is refused, not rolled over).
  std::tm check = tm;
  check.tm_isdst = 0;
  const time_t t = timegm(&check);
  std::tm back{};
  gmtime_r(&t, &back);
  if (back.tm_mday != tm.tm_mday || back.tm_mon != tm.tm_mon) {
    state(ctxt).error("MAP312", N_("date(): '{0}' is not a calendar date"), {s});
    push_string(ctxt, "");
    return;
  }
  push_string(ctxt, strftime_string(out, tm));
}

// now([format]): the current time (or the fixed clock), UTC.
void fn_now(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 0, 1)) return;
  std::string format = "%Y-%m-%dT%H:%M:%SZ";
  if (nargs == 1) format = pop_string(ctxt);
  push_string(ctxt, format_time(state(ctxt).now, format));
}

// uuid(): a version-4 UUID (deterministic when the run is seeded, as in examples).
void fn_uuid(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 0, 0)) return;
  RunState& st = state(ctxt);
  std::array<unsigned char, 16> b{};
  if (st.rng) {
    for (std::size_t i = 0; i < b.size(); i += 8) {
      const std::uint64_t r = (*st.rng)();
      std::memcpy(b.data() + i, &r, 8);
    }
  } else if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1) {
    st.error("MAP312", N_("uuid(): no random numbers available"));
    push_string(ctxt, "");
    return;
  }
  b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);
  b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) s += '-';
    s += kHex[b[i] >> 4];
    s += kHex[b[i] & 0x0F];
  }
  push_string(ctxt, s);
}

// map(name, value): the value map's translation of value.
void fn_map(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 2, 2)) return;
  auto a = pop_args(ctxt, 2);
  RunState& st = state(ctxt);
  auto it = st.doc->valuemaps.find(a[0]);
  if (it == st.doc->valuemaps.end()) {
    st.error("MAP308", N_("map(): no value map '{0}'"), {a[0]});
    push_string(ctxt, "");
    return;
  }
  if (a[1].empty()) {
    push_string(ctxt, "");
    return;
  }
  if (auto v = it->second.values.find(a[1]); v != it->second.values.end()) {
    push_string(ctxt, v->second);
  } else if (it->second.default_value) {
    push_string(ctxt, *it->second.default_value);
  } else {
    st.error("MAP311", N_("value '{0}' is not in value map '{1}'"), {a[1], a[0]},
             N_("add it to the value map ({0}:{1}), or give the map a 'default'"),
             {it->second.loc.file, std::to_string(it->second.loc.line)});
    push_string(ctxt, "");
  }
}

// codelist(uri, code[, column]): checks code against the newest installed version of the
// genericode list and returns that row's `column` (default: the code itself).
void fn_codelist(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 2, 3)) return;
  auto a = pop_args(ctxt, nargs);
  RunState& st = state(ctxt);
  if (a[1].empty()) {
    push_string(ctxt, "");
    return;
  }
  std::shared_ptr<const CodeListTable> table;
  if (auto it = st.tables.find(a[0]); it != st.tables.end()) {
    table = it->second;
  } else {
    const CodeListRepository* lists = st.options->codelists;
    auto versions = lists != nullptr ? lists->versions(a[0]) : std::vector<const CodeListEntry*>{};
    if (versions.empty()) {
      st.error("MAP312", N_("codelist(): code list '{0}' is not installed"), {a[0]},
               N_("install it with 'ozg codelists add FOLDER'"));
      push_string(ctxt, "");
      return;
    }
    auto t = lists->table(*versions.front());
    if (!t) {
      st.error("MAP312", N_("codelist(): {0}"), {t.error().message});
      push_string(ctxt, "");
      return;
    }
    table = std::make_shared<const CodeListTable>(std::move(*t));
    st.tables.emplace(a[0], table);
  }
  const auto col_index = [&](const std::string& id) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < table->columns.size(); ++i)
      if (table->columns[i] == id) return i;
    return std::nullopt;
  };
  const auto key = col_index(table->key_column).value_or(0);
  const std::string column = nargs == 3 ? a[2] : table->key_column;
  const auto want = col_index(column);
  if (!want) {
    std::string cols;
    for (const auto& c : table->columns) cols += (cols.empty() ? "" : ", ") + c;
    st.error("MAP312", N_("codelist(): list '{0}' has no column '{1}'"), {a[0], column},
             N_("its columns: {0}"), {cols});
    push_string(ctxt, "");
    return;
  }
  for (const auto& row : table->rows) {
    if (key < row.size() && row[key] == a[1]) {
      push_string(ctxt, *want < row.size() ? row[*want] : "");
      return;
    }
  }
  st.error("MAP312", N_("code '{0}' is not in code list '{1}' version {2}"),
           {a[1], a[0], table->version}, N_("'ozg codelists show {0}' lists its codes"), {a[0]});
  push_string(ctxt, "");
}

// param(name): a parameter's value (like $name, for names computed at run time).
void fn_param(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 1, 1)) return;
  const std::string name = pop_string(ctxt);
  RunState& st = state(ctxt);
  auto it = st.params.find(name);
  if (it == st.params.end()) {
    st.error("MAP307", N_("param(): no parameter '{0}'"), {name}, N_("declare it under 'params:'"));
    push_string(ctxt, "");
    return;
  }
  push_string(ctxt, it->second);
}

// if(condition, then, else): strings.
void fn_if(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 3, 3)) return;
  const std::string no = pop_string(ctxt);
  const std::string yes = pop_string(ctxt);
  const int cond = xmlXPathPopBoolean(ctxt);
  push_string(ctxt, cond != 0 ? yes : no);
}

// coalesce(a, b, ...): the first argument that is not empty.
void fn_coalesce(xmlXPathParserContextPtr ctxt, int nargs) {
  if (!arity(ctxt, nargs, 1, 64)) return;
  auto a = pop_args(ctxt, nargs);
  for (const auto& s : a)
    if (!s.empty()) {
      push_string(ctxt, s);
      return;
    }
  push_string(ctxt, "");
}

}  // namespace

void RunState::error(std::string code, const char* message, std::vector<std::string> args,
                     const char* hint, std::vector<std::string> hint_args) {
  failed = true;
  Error e = make_error(ErrorKind::Input, std::move(code), message, std::move(args), hint,
                       std::move(hint_args));
  if (rule != nullptr)
    e = within(std::move(e), N_("{1} (rule at {0})"),
               {rule->loc.file + ":" + std::to_string(rule->loc.line) + ":" +
                std::to_string(rule->loc.column)});
  const xmlNode* at = value_node != nullptr ? value_node : node;
  sink->add(i18n::diagnostic(Severity::Error, e, source->location(at), source->path(at)));
}

void RunState::note_value(const xmlXPathObject* value) {
  if (value == nullptr || value->type != XPATH_NODESET || value->nodesetval == nullptr ||
      value->nodesetval->nodeNr == 0)
    return;
  const xmlNode* n = value->nodesetval->nodeTab[0];
  // Only nodes of the input (not namespace nodes, not trees that functions built); a text node
  // is located and named by its element.
  if (n->type == XML_NAMESPACE_DECL || source == nullptr || n->doc != source->doc()) return;
  if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->parent != nullptr)
    n = n->parent;
  value_node = n;
}

std::span<const std::string_view> xpath_function_names() { return kXPathFunctions; }
namespace {

/// The functions ozg adds to XPath. Adding one is its fn_NAME above, one line here, and its
/// entry in man/ozg-mapping.5; `mapping check` and the engine both take the names from here.
struct OzgFunction {
  std::string_view name;  ///< points into a literal, so data() is NUL-terminated
  xmlXPathFunction fn;
};
constexpr std::array kOzgFunctionTable{
    OzgFunction{"upper", fn_upper},
    OzgFunction{"lower", fn_lower},
    OzgFunction{"trim", fn_trim},
    OzgFunction{"split", fn_split},
    OzgFunction{"replace", fn_replace},
    OzgFunction{"regex-replace", fn_regex_replace},
    OzgFunction{"matches", fn_matches},
    OzgFunction{"pad", fn_pad},
    OzgFunction{"date", fn_date},
    OzgFunction{"now", fn_now},
    OzgFunction{"uuid", fn_uuid},
    OzgFunction{"map", fn_map},
    OzgFunction{"codelist", fn_codelist},
    OzgFunction{"param", fn_param},
    OzgFunction{"if", fn_if},
    OzgFunction{"coalesce", fn_coalesce},
};
constexpr auto kOzgFunctionNames = [] {
  std::array<std::string_view, kOzgFunctionTable.size()> names{};
  for (std::size_t i = 0; i < names.size(); ++i) names[i] = kOzgFunctionTable[i].name;
  return names;
}();

}  // namespace

std::span<const std::string_view> ozg_function_names() { return kOzgFunctionNames; }

void register_functions(xmlXPathContext* ctx) {
  for (const auto& f : kOzgFunctionTable)
    xmlXPathRegisterFunc(ctx, reinterpret_cast<const xmlChar*>(f.name.data()), f.fn);
}

std::string format_time(std::chrono::system_clock::time_point t, const std::string& format) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return strftime_string(format, tm);
}

std::optional<std::chrono::system_clock::time_point> parse_iso_time(const std::string& s) {
  std::tm tm{};
  for (const char* f : {"%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"}) {
    if (parse_with(s, f, tm)) return std::chrono::system_clock::from_time_t(timegm(&tm));
  }
  return std::nullopt;
}

}  // namespace xoev::mapping
