#pragma once
// Private to xoev/mapping: the state of one transformation, shared with ozg's XPath extension
// functions (through the XPath context's userData).

#include <libxml/xpath.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <span>
#include <string>

#include "mapping/model.hpp"
#include "mapping/source.hpp"

namespace re2 {
class RE2;
}

namespace xoev::mapping {

struct RunState {
  const MappingDoc* doc = nullptr;
  const TransformOptions* options = nullptr;
  DiagnosticSink* sink = nullptr;
  const SourceDoc* source = nullptr;
  const Rule* rule = nullptr;  ///< The rule being applied.
  xmlNode* node = nullptr;     ///< Its context node.
  /// The source node the value being computed came from (the first node of a path that
  /// `from` or a function argument selected), or null: errors about the value are located
  /// there (the member "lastName", not its object), else at the context node.
  const xmlNode* value_node = nullptr;
  std::chrono::system_clock::time_point now;
  std::optional<std::mt19937_64> rng;  ///< Deterministic uuid() when seeded.
  Params params;
  std::map<std::string, std::shared_ptr<const CodeListTable>, std::less<>> tables;
  /// Compiled patterns of regex-replace() and matches(), by pattern (cleared when it is full:
  /// patterns can be computed from the input).
  std::map<std::string, std::shared_ptr<const re2::RE2>, std::less<>> regexes;
  bool failed = false;      ///< A function reported an error for the current rule.
  std::string xpath_error;  ///< libxml2's last XPath error message.

  /// Records an error about the data at value_node (else the context node), naming the rule.
  /// The message and hint are English templates (N_) with their arguments (xoev/diag/i18n.hpp).
  void error(std::string code, const char* message, std::vector<std::string> args = {},
             const char* hint = nullptr, std::vector<std::string> hint_args = {});
  /// Makes the first node of `value` (a node-set of the source) the value_node.
  void note_value(const xmlXPathObject* value);
};

/// The names of the functions XPath 1.0 itself provides (as libxml2 registers them).
std::span<const std::string_view> xpath_function_names();
/// The names of ozg's extension functions.
std::span<const std::string_view> ozg_function_names();

/// Registers ozg's functions in `ctx`; they find the RunState in ctx->userData.
void register_functions(xmlXPathContext* ctx);

/// "%Y-%m-%dT%H:%M:%SZ" of `t` in UTC, or formatted with `format` (strftime).
std::string format_time(std::chrono::system_clock::time_point t, const std::string& format);

/// Parses an ISO 8601 time ("2026-01-31T10:00:00Z", "2026-01-31") for fixed clocks.
std::optional<std::chrono::system_clock::time_point> parse_iso_time(const std::string& s);

}  // namespace xoev::mapping
