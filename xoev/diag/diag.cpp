#include "xoev/diag/diag.hpp"

#include <algorithm>
#include <tuple>
#include <utility>

#include "xoev/diag/i18n.hpp"

namespace xoev {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::Error:
      return "error";
    case Severity::Warning:
      return "warning";
    case Severity::Note:
      return "note";
  }
  return "error";
}

bool DiagnosticSink::adjust(Diagnostic& d) const {
  if (overrides_) {
    if (auto it = overrides_->find(d.code); it != overrides_->end()) {
      if (!it->second) return false;
      d.severity = *it->second;
    }
  }
  if (d.severity == Severity::Warning && warnings_as_errors_) d.severity = Severity::Error;
  return true;
}

namespace {

/// Line, then column; a finding without a line after every located one.
std::pair<uint32_t, uint32_t> position_key(const Diagnostic& d) {
  return {d.loc.line == 0 ? UINT32_MAX : d.loc.line, d.loc.column};
}

}  // namespace

void DiagnosticSink::add(Diagnostic d) {
  if (!adjust(d)) return;
  if (d.severity == Severity::Error) {
    ++errors_;
    if (stored_errors_ >= max_errors_) {
      ++dropped_;
      // The stored error that comes last in the file gives way to an earlier one. Findings
      // without a line (an unresolved import, say) have no place to compare: they stay.
      if (d.loc.line == 0) return;
      auto last = items_.end();
      for (auto it = items_.begin(); it != items_.end(); ++it)
        if (it->severity == Severity::Error && !it->final && it->loc.line > 0 &&
            (last == items_.end() || position_key(*last) < position_key(*it)))
          last = it;
      if (last != items_.end() && position_key(d) < position_key(*last)) *last = std::move(d);
      return;
    }
    ++stored_errors_;
  } else {
    if (d.severity == Severity::Warning) ++warnings_;
    if (stored_others_ >= kMaxOthers) {
      ++dropped_others_;
      return;
    }
    ++stored_others_;
  }
  items_.push_back(std::move(d));
}

void DiagnosticSink::order_by_position(std::size_t first) {
  if (first >= items_.size()) return;
  auto key = [](const Diagnostic& d) {
    return std::tuple(d.severity != Severity::Error, position_key(d));
  };
  std::stable_sort(items_.begin() + static_cast<std::ptrdiff_t>(first), items_.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) { return key(a) < key(b); });
}

void DiagnosticSink::add_final(Diagnostic d) {
  if (!adjust(d)) return;
  d.final = true;
  if (d.severity == Severity::Error) {
    ++errors_;
    ++stored_errors_;
  } else if (d.severity == Severity::Warning) {
    ++warnings_;
  }
  items_.push_back(std::move(d));
}

void DiagnosticSink::error(std::string code, Location loc, std::string message, std::string path,
                           std::optional<std::string> hint, std::optional<Remedy> remedy) {
  add({Severity::Error, std::move(code), std::move(loc), std::move(message), std::move(path),
       std::move(hint), std::move(remedy)});
}

void DiagnosticSink::warning(std::string code, Location loc, std::string message, std::string path,
                             std::optional<std::string> hint) {
  add({Severity::Warning, std::move(code), std::move(loc), std::move(message), std::move(path),
       std::move(hint)});
}

std::vector<Diagnostic> DiagnosticSink::take() {
  if (dropped_ > 0) {
    Location loc;
    if (!items_.empty()) loc.file = items_.front().loc.file;
    Diagnostic d = i18n::make(Severity::Note, "XSD199", loc,
                              N_("{0} further error(s) not shown (limit {1} per file)"),
                              {std::to_string(dropped_), std::to_string(max_errors_)});
    d.remedy = Remedy{Remedy::Kind::RaiseLimit, {"--max-errors"}};
    items_.push_back(std::move(d));
    dropped_ = 0;
  }
  if (dropped_others_ > 0) {
    Location loc;
    if (!items_.empty()) loc.file = items_.front().loc.file;
    items_.push_back(
        i18n::make(Severity::Note, "XSD199", loc,
                   N_("{0} further warning(s) and note(s) not shown (limit {1} per file)"),
                   {std::to_string(dropped_others_), std::to_string(kMaxOthers)}, {},
                   N_("the counts in the summary include them; turn a frequent one off with --rule "
                      "CODE=off to see the rest")));
    dropped_others_ = 0;
  }
  return std::move(items_);
}

}  // namespace xoev
