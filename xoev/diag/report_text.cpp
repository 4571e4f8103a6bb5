#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"

namespace xoev {

namespace {

constexpr std::size_t kMaxExcerpt = 160;

struct Colors {
  const char* bold = "";
  const char* red = "";
  const char* magenta = "";
  const char* cyan = "";
  const char* green = "";
  const char* dim = "";
  const char* reset = "";
};

Colors colors(bool on) {
  if (!on) return {};
  return {"\033[1m", "\033[1;31m", "\033[1;35m", "\033[1;36m", "\033[1;32m", "\033[2m", "\033[0m"};
}

/// An excerpt of one source line around `column`, and the caret offset within it.
struct Excerpt {
  std::string text;
  std::size_t from = 0;  ///< Byte offset of text within the line.
};

/// Reads the wanted lines of a file in one streaming pass, keeping at most kMaxExcerpt
/// characters around the column of interest (messages can be one 200 MB line).
std::map<uint32_t, Excerpt> read_excerpts(const std::string& file,
                                          const std::map<uint32_t, uint32_t>& wanted) {
  std::map<uint32_t, Excerpt> out;
  if (wanted.empty()) return out;
  std::ifstream in(file, std::ios::binary);
  if (!in) return out;
  uint32_t line = 1;
  auto it = wanted.begin();
  std::string buf;
  std::size_t col = 0, from = 0;
  char c;
  auto window_start = [](uint32_t column) -> std::size_t {
    return column > kMaxExcerpt / 2 ? column - kMaxExcerpt / 2 : 0;
  };
  from = window_start(it->second);
  while (it != wanted.end() && in.get(c)) {
    if (line < it->first) {
      if (c == '\n') ++line;
      continue;
    }
    if (c == '\n' || c == '\r') {
      out[line] = {buf, from};
      buf.clear();
      col = 0;
      ++it;
      if (c == '\r' && in.peek() == '\n') in.get(c);
      ++line;
      if (it != wanted.end()) from = window_start(it->second);
      continue;
    }
    if (col >= from && col < from + kMaxExcerpt) buf.push_back(c == '\t' ? ' ' : c);
    ++col;
  }
  if (it != wanted.end() && line == it->first && !buf.empty()) out[line] = {buf, from};
  return out;
}

/// Replaces bytes that are not UTF-8 with '?', so an excerpt of a mis-encoded line cannot make
/// the report itself invalid UTF-8.
std::string printable(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80                   ? 1
                      : (c >= 0xC2 && c <= 0xDF) ? 2
                      : (c >= 0xE0 && c <= 0xEF) ? 3
                      : (c >= 0xF0 && c <= 0xF4) ? 4
                                                 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!ok) {
      out.push_back('?');
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

/// Byte offset -> display column for UTF-8 (continuation bytes take no column).
std::size_t display_width(std::string_view s, std::size_t bytes) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < std::min(bytes, s.size()); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++w;
  return w;
}

}  // namespace

void RunSummary::add(const FileReport& r) {
  ++files;
  switch (r.verdict) {
    case Verdict::Valid:
      ++valid;
      break;
    case Verdict::Invalid:
      ++invalid;
      break;
    case Verdict::Unchecked:
      ++unchecked;
      break;
  }
  errors += r.errors;
  warnings += r.warnings;
  if (r.scenario) {
    scenarios = true;
    if (r.verdict != Verdict::Unchecked)
      ++(r.scenario->acceptance == ScenarioUse::Acceptance::Accepted ? accepted : rejected);
  }
}

namespace {

// The severities and the words of the text report, as the catalogs know them.
[[maybe_unused]] constexpr const char* kWords[] = {N_("error"), N_("warning"), N_("note"), N_("at"),
                                                   N_("hint")};

/// "3 errors" in the current language.
std::string count(const char* one, const char* many, std::size_t n) {
  return i18n::fill(i18n::tr_n(one, many, n), {std::to_string(n)});
}

void write_counts(std::ostream& out, const FileReport& r) {
  if (r.errors + r.warnings == 0) return;
  out << " (" << count("{0} error", "{0} errors", r.errors);
  if (r.warnings > 0) out << ", " << count("{0} warning", "{0} warnings", r.warnings);
  out << ')';
}

void write_schema(std::ostream& out, const FileReport& r) {
  if (!r.schema.empty()) out << "; " << i18n::fill(i18n::tr(N_("schema {0}")), {r.schema});
}

/// The verdict line of a file checked with a KoSIT scenario: its acceptance, always shown.
void write_scenario_line(std::ostream& out, const FileReport& r, const TextStyle& style) {
  const Colors c = colors(style.color);
  out << c.bold << r.input.name << ":" << c.reset << ' ';
  if (r.verdict == Verdict::Unchecked) {
    out << c.red << i18n::tr("not checked") << c.reset;
  } else if (r.scenario->acceptance == ScenarioUse::Acceptance::Accepted) {
    out << c.green << i18n::tr("accepted") << c.reset;
  } else {
    out << c.red << i18n::tr("rejected") << c.reset;
  }
  write_counts(out, r);
  if (!r.scenario->name.empty())
    out << "; " << i18n::fill(i18n::tr(N_("scenario '{0}'")), {r.scenario->name});
  else if (r.verdict != Verdict::Unchecked)
    out << "; " << i18n::tr("no scenario");
  if (r.scenario->by_accept_match) out << " (acceptMatch)";
  write_schema(out, r);
  out << '\n';
}

}  // namespace

void write_text(std::ostream& out, const FileReport& r, const TextStyle& style) {
  const Colors c = colors(style.color);
  // Source lines for every file a diagnostic names: the input (read from its path, which may
  // differ from its name), and others such as a mapping file.
  std::map<std::string, std::map<uint32_t, uint32_t>> wanted;  // file -> line -> column
  if (style.excerpts) {
    for (const auto& d : r.diagnostics) {
      if (d.loc.line == 0 || (d.loc.file == r.input.name && r.input.is_stdin)) continue;
      wanted[d.loc.file].emplace(d.loc.line, d.loc.column);
    }
  }
  std::map<std::string, std::map<uint32_t, Excerpt>> excerpts;
  for (const auto& [file, lines] : wanted)
    excerpts[file] = read_excerpts(file == r.input.name ? r.input.path.string() : file, lines);

  for (const auto& d : r.diagnostics) {
    out << c.bold << d.loc.file;
    if (d.loc.line > 0) out << ':' << d.loc.line << ':' << d.loc.column;
    out << ":" << c.reset << ' ';
    const char* sev_color = d.severity == Severity::Error     ? c.red
                            : d.severity == Severity::Warning ? c.magenta
                                                              : c.cyan;
    out << sev_color << i18n::tr(to_string(d.severity)) << ':' << c.reset << ' ' << c.bold
        << i18n::message(d) << c.reset << " [" << d.code << "]\n";
    if (!d.path.empty()) out << "    " << i18n::tr("at") << ' ' << d.path << '\n';
    const std::size_t at = d.loc.column >= 1 ? d.loc.column - 1 : 0;  // the column's character
    const auto& lines = excerpts[d.loc.file];
    if (auto ex = lines.find(d.loc.line); ex != lines.end() && at >= ex->second.from &&
                                          at - ex->second.from <= ex->second.text.size()) {
      const std::string num = std::to_string(d.loc.line);
      out << c.dim << "    " << num << " | " << c.reset << printable(ex->second.text) << '\n';
      out << c.dim << std::string(num.size() + 4, ' ') << " | " << c.reset
          << std::string(display_width(ex->second.text, at - ex->second.from), ' ') << sev_color
          << '^' << c.reset << '\n';
    }
    if (const auto hint = i18n::hint(d))
      out << "    " << c.cyan << i18n::tr("hint") << ':' << c.reset << ' ' << *hint << '\n';
  }
  if (r.scenario) {
    write_scenario_line(out, r, style);
    return;
  }
  if (r.verdict == Verdict::Valid && !style.verbose) return;
  out << c.bold << r.input.name << ":" << c.reset << ' ';
  switch (r.verdict) {
    case Verdict::Valid:
      out << c.green << i18n::tr("valid") << c.reset;
      break;
    case Verdict::Invalid:
      out << c.red << i18n::tr("invalid") << c.reset;
      break;
    case Verdict::Unchecked:
      out << c.red << i18n::tr("not checked") << c.reset;
      break;
  }
  write_counts(out, r);
  write_schema(out, r);
  if (style.verbose && !r.schema_reason.empty()) out << " (" << r.schema_reason << ')';
  out << '\n';
}

void write_text_summary(std::ostream& out, const RunSummary& s, const TextStyle& style) {
  const Colors c = colors(style.color);
  std::ostringstream secs;
  secs << std::fixed << std::setprecision(2) << s.seconds;
  auto n = [](std::size_t v) { return std::to_string(v); };
  out << c.bold << count("{0} file", "{0} files", s.files) << ':' << c.reset << ' ';
  if (s.scenarios)
    out << i18n::fill(i18n::tr(N_("{0} accepted, {1} rejected")), {n(s.accepted), n(s.rejected)});
  else
    out << i18n::fill(i18n::tr(N_("{0} valid, {1} invalid")), {n(s.valid), n(s.invalid)});
  if (s.unchecked > 0) out << ", " << i18n::fill(i18n::tr(N_("{0} not checked")), {n(s.unchecked)});
  out << "; " << count("{0} error", "{0} errors", s.errors) << ", "
      << count("{0} warning", "{0} warnings", s.warnings) << "; " << secs.str() << " s\n";
}

}  // namespace xoev
