#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

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

void write_counts(std::ostream& out, const FileReport& r) {
  if (r.errors + r.warnings == 0) return;
  out << " (" << r.errors << (r.errors == 1 ? " error" : " errors");
  if (r.warnings > 0) out << ", " << r.warnings << (r.warnings == 1 ? " warning" : " warnings");
  out << ')';
}

/// The verdict line of a file checked with a KoSIT scenario: its acceptance, always shown.
void write_scenario_line(std::ostream& out, const FileReport& r, const TextStyle& style) {
  const Colors c = colors(style.color);
  out << c.bold << r.input.name << ":" << c.reset << ' ';
  if (r.verdict == Verdict::Unchecked) {
    out << c.red << "not checked" << c.reset;
  } else if (r.scenario->acceptance == ScenarioUse::Acceptance::Accepted) {
    out << c.green << "accepted" << c.reset;
  } else {
    out << c.red << "rejected" << c.reset;
  }
  write_counts(out, r);
  if (!r.scenario->name.empty())
    out << "; scenario '" << r.scenario->name << "'";
  else if (r.verdict != Verdict::Unchecked)
    out << "; no scenario";
  if (r.scenario->by_accept_match) out << " (acceptMatch)";
  if (!r.schema.empty()) out << "; schema " << r.schema;
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
    out << sev_color << to_string(d.severity) << ':' << c.reset << ' ' << c.bold << d.message
        << c.reset << " [" << d.code << "]\n";
    if (!d.path.empty()) out << "    at " << d.path << '\n';
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
    if (d.hint) out << "    " << c.cyan << "hint:" << c.reset << ' ' << *d.hint << '\n';
  }
  if (r.scenario) {
    write_scenario_line(out, r, style);
    return;
  }
  if (r.verdict == Verdict::Valid && !style.verbose) return;
  out << c.bold << r.input.name << ":" << c.reset << ' ';
  switch (r.verdict) {
    case Verdict::Valid:
      out << c.green << "valid" << c.reset;
      break;
    case Verdict::Invalid:
      out << c.red << "invalid" << c.reset;
      break;
    case Verdict::Unchecked:
      out << c.red << "not checked" << c.reset;
      break;
  }
  write_counts(out, r);
  if (!r.schema.empty()) out << "; schema " << r.schema;
  if (style.verbose && !r.schema_reason.empty()) out << " (" << r.schema_reason << ')';
  out << '\n';
}

void write_text_summary(std::ostream& out, const RunSummary& s, const TextStyle& style) {
  const Colors c = colors(style.color);
  std::ostringstream secs;
  secs << std::fixed << std::setprecision(2) << s.seconds;
  out << c.bold << s.files << (s.files == 1 ? " file" : " files") << ':' << c.reset << ' ';
  if (s.scenarios)
    out << s.accepted << " accepted, " << s.rejected << " rejected";
  else
    out << s.valid << " valid, " << s.invalid << " invalid";
  if (s.unchecked > 0) out << ", " << s.unchecked << " not checked";
  out << "; " << s.errors << (s.errors == 1 ? " error, " : " errors, ") << s.warnings
      << (s.warnings == 1 ? " warning" : " warnings") << "; " << secs.str() << " s\n";
}

}  // namespace xoev
