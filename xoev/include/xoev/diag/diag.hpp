#pragma once
/// Where findings go while an input is checked: the DiagnosticSink, with its cap and the
/// user's severities. The finding itself is xoev/model/diagnostic.hpp.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/model/diagnostic.hpp"

namespace xoev {

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
