#pragma once
/// The diagnostic model shared by every part of ozg: a finding about a message (or a schema, a
/// mapping, ...) with a stable code, a 1-based location and an optional hint telling the user
/// what to do. Core code appends findings to a DiagnosticSink; reporters render them.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace xoev {

enum class Severity { Error, Warning, Note };

/// "error", "warning" or "note".
std::string_view to_string(Severity s);

/// A position in a file. Line and column are 1-based; 0 means unknown. The column is that of
/// the character the finding is about (for parser findings: the last character of the
/// construct, as XML parsers report the position just past it).
struct Location {
  std::string file;
  uint32_t line = 0;
  uint32_t column = 0;
};

/// What can be done about a finding whose remedy lies with whoever runs ozg (the schemas and
/// code lists it has, its limits and options) rather than in the message alone, as data with
/// its arguments. The diagnostic's `hint` words it for the local user; `ozg receive` words it
/// for the remote sender instead, who cannot act on the receiver's machine.
struct Remedy {
  enum class Kind {
    InstallSchema,     ///< args: {namespace or schema location}; none: no schemas at all.
    FixSchema,         ///< args: {repository path of the schema that cannot be used}.
    ListRootElements,  ///< args: {namespace}: its schemas declare other root elements.
    InstallCodeList,   ///< args: {list URI}.
    ListCodes,         ///< args: {list URI, version, nearest valid codes...}.
    RaiseLimit,        ///< args: {the option that sets the limit, e.g. "--max-depth"}.
    RemoveDoctype,     ///< The message has a DOCTYPE (which the local user may allow).
  };
  Kind kind;
  std::vector<std::string> args;
};

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string code;  ///< Stable code, area prefix + number, e.g. "XSD101".
  Location loc;
  std::string message;  ///< One sentence, no trailing period.
  std::string
      path;  ///< Element path in the message, e.g. "/delivery/eventMoveIn/person"; may be empty.
  std::optional<std::string> hint;              ///< What the user can do about it.
  std::optional<Remedy> remedy = std::nullopt;  ///< The hint as data, for the local setup.
  /// For a Schematron finding (SCH201/SCH202): the id of the assertion (or of its rule).
  std::string rule = {};
  /// The message and the hint as English templates with their arguments (i18n.hpp), so that
  /// they can be said in another language; empty: `message` (`hint`) is a fixed text and its
  /// own catalog key. i18n::say and i18n::advise set both.
  std::string message_id = {};
  std::vector<std::string> args = {};
  std::string hint_id = {};
  std::vector<std::string> hint_args = {};
  /// Stored with DiagnosticSink::add_final: never given up for another under the cap.
  bool final = false;
};

/// Collects diagnostics for one input. Errors beyond the cap are counted but not stored, and a
/// single note records how many were dropped. Under the cap the first errors in document order
/// are kept, not the first found: Xerces finds a missing child at its parent's end tag (the
/// root's at the very end of the file), and ozg places it at the start tag.
class DiagnosticSink {
 public:
  explicit DiagnosticSink(std::size_t max_errors = 100) : max_errors_(max_errors) {}

  void add(Diagnostic d);
  /// Like add, but stored even beyond the cap: for the finding that ended processing (a fatal
  /// parse error, a hostile-input limit), which must never hide behind earlier errors.
  void add_final(Diagnostic d);
  void error(std::string code, Location loc, std::string message, std::string path = {},
             std::optional<std::string> hint = {}, std::optional<Remedy> remedy = {});
  void warning(std::string code, Location loc, std::string message, std::string path = {},
               std::optional<std::string> hint = {});

  /// Promote every subsequently added warning to an error (e.g. --strict).
  void set_warnings_as_errors(bool on) { warnings_as_errors_ = on; }

  /// Per-code severities chosen by the user (--rule CODE=LEVEL); nullopt drops the finding.
  using Overrides = std::map<std::string, std::optional<Severity>, std::less<>>;
  void set_overrides(std::shared_ptr<const Overrides> o) { overrides_ = std::move(o); }
  /// True if the overrides drop findings of `code`: add() would discard them, so a caller may
  /// skip making them.
  [[nodiscard]] bool switched_off(std::string_view code) const {
    if (!overrides_) return false;
    const auto it = overrides_->find(code);
    return it != overrides_->end() && !it->second;
  }

  [[nodiscard]] std::size_t error_count() const { return errors_; }
  [[nodiscard]] std::size_t warning_count() const { return warnings_; }
  [[nodiscard]] bool capped() const { return dropped_ > 0; }
  [[nodiscard]] std::size_t dropped() const { return dropped_; }
  [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return items_; }
  /// Puts the diagnostics stored from index `first` on in the order a reader looks for them:
  /// errors first, each group in document order (line, then column; those without a line
  /// last, in the order they came). Xerces finds a missing child at the end tag, but ozg places
  /// it at the start tag, before errors found inside the element.
  void order_by_position(std::size_t first);
  /// Adds the "N further errors not shown" note if the cap was hit and returns the diagnostics.
  std::vector<Diagnostic> take();

 private:
  std::size_t max_errors_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  std::size_t dropped_ = 0;
  std::size_t stored_errors_ = 0;
  /// Warnings and notes are stored up to this many per file, so that a flood of them (a
  /// warning for every record of a 1 GB register) does not grow memory with the input.
  static constexpr std::size_t kMaxOthers = 1000;
  std::size_t stored_others_ = 0;
  std::size_t dropped_others_ = 0;
  bool warnings_as_errors_ = false;
  std::shared_ptr<const Overrides> overrides_;
  /// Applies the overrides; false if the finding is switched off.
  bool adjust(Diagnostic& d) const;
  std::vector<Diagnostic> items_;
};

}  // namespace xoev
