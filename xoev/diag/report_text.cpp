#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>
#include <sstream>

#include "diag/excerpt.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"

namespace xoev {

namespace {

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
  auto excerpts = style.excerpts ? diag::source_lines(r) : diag::SourceLines{};

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
      out << c.dim << "    " << num << " | " << c.reset << diag::printable(ex->second.text) << '\n';
      out << c.dim << std::string(num.size() + 4, ' ') << " | " << c.reset
          << std::string(diag::display_width(ex->second.text, at - ex->second.from), ' ')
          << sev_color << '^' << c.reset << '\n';
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
  if (style.verbose && !r.schema_reason.id.empty())
    out << " (" << i18n::text(r.schema_reason) << ')';
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
