#pragma once
/// A finding about a message (or a schema, a mapping, ...) with a stable code, a 1-based
/// location and what to do about it: the value type every part of ozg shares. Core code
/// appends findings to a DiagnosticSink (xoev/diag/diag.hpp); reporters render them.

#include <cstdint>
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
/// its arguments. The core does not word it: the front end does, for its own user
/// (i18n::set_remedy_wording; the command line's words are in cli/remedy_words.cpp), and
/// `ozg receive` for the remote sender, who cannot act on the receiver's machine.
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
  std::optional<std::string> hint;              ///< What to do about it, if it does not
                                                ///< depend on who reads it (else: remedy).
  std::optional<Remedy> remedy = std::nullopt;  ///< What to do, as data, for the local setup.
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

}  // namespace xoev
