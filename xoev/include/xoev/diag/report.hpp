#pragma once
/// Reporters: pure functions from validation results to a stream. Text is for people (and goes
/// to stderr); JSON, JUnit XML and SARIF 2.1.0 are for machines (and go to stdout).

#include <iosfwd>
#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/model/report.hpp"

namespace xoev {

/// Totals of a run.
struct RunSummary {
  std::size_t files = 0;
  std::size_t valid = 0;
  std::size_t invalid = 0;
  std::size_t unchecked = 0;
  std::size_t errors = 0;
  std::size_t warnings = 0;
  double seconds = 0;
  bool scenarios = false;  ///< Some file was checked with a KoSIT scenario (--scenarios).
  std::size_t accepted = 0, rejected = 0;  ///< Of the checked files, with --scenarios.

  void add(const FileReport& r);
};

struct TextStyle {
  bool color = false;    ///< ANSI colours (only on a terminal, never with NO_COLOR).
  bool verbose = false;  ///< Also list valid files and the schema used for each file.
  bool excerpts = true;  ///< Show the source line with a caret under the column.
};

/// One file: each diagnostic as "file:line:col: severity: message [CODE]", its element path, the
/// source line with a caret, and its hint; then a verdict line for files that are not valid (or
/// for all files when verbose). With a KoSIT scenario, every file gets a line naming its
/// acceptance and its scenario: "f.xml: accepted; scenario 'S'; schema X".
void write_text(std::ostream& out, const FileReport& report, const TextStyle& style);

/// "N files: V valid, I invalid, U unchecked; E errors, W warnings; S s"; with --scenarios
/// "N files: A accepted, R rejected, U not checked; ...".
void write_text_summary(std::ostream& out, const RunSummary& summary, const TextStyle& style);

/// The one JSON form of a diagnostic, in every -f json output and the receiver's problem
/// documents: {"severity", "code", "message", "file", "line", "column", "path"?, "hint"?}.
nlohmann::ordered_json diagnostic_json(const Diagnostic& d);

/// {"files": [...], "summary": {...}}: one object per file, each with its diagnostics.
void write_json(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary& s);

/// JUnit XML: one <testcase> per file, <failure> for invalid files, <error> for unchecked ones.
void write_junit(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary& s);

/// SARIF 2.1.0: one run, rules for the codes used, one result per diagnostic.
void write_sarif(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary& s,
                 const std::string& tool_version);

/// One self-contained HTML page (no external assets, no script needed) for people: per file the
/// verdict and each finding with its source line and hint, in the current language; with
/// several files a summary table first.
void write_html(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary& s,
                const std::string& tool_version);

/// A report format for machines, `ozg validate -f NAME`: the whole report at the end of the run,
/// to stdout or -o FILE.
struct ReportFormat {
  std::string_view name;
  void (*write)(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary& s,
                const std::string& tool_version);
};

/// json, junit, sarif, html. Adding a format is its writer in xoev/diag/ and one line in this table
/// (report_machine.cpp); `ozg validate` offers every entry.
std::span<const ReportFormat> report_formats();

}  // namespace xoev
