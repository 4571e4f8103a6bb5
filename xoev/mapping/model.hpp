#pragma once
// Private to xoev/mapping: a mapping file as loaded and merged (extends, include), before and
// after its XPath expressions are compiled.

#include <libxml/xpath.h>

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "xoev/diag/diag.hpp"
#include "xoev/mapping/mapping.hpp"

namespace xoev::mapping {

/// An XPath expression as written, where, and compiled (shared by the copies of a rule that
/// `extends` makes).
struct Expr {
  std::string text;
  Location loc;
  std::shared_ptr<xmlXPathCompExpr> compiled;
};

/// A value template: literal text with {expression} parts ("{{" and "}}" are braces).
struct Template {
  struct Part {
    std::string literal;
    std::optional<Expr> expr;
  };
  std::string text;
  Location loc;
  std::vector<Part> parts;
};

/// One step of a target path: an element (prefix:local) or, last only, an attribute (@name).
struct Step {
  std::string prefix;
  std::string local;
  bool attribute = false;
  [[nodiscard]] std::string text() const {
    return (attribute ? "@" : "") + (prefix.empty() ? local : prefix + ":" + local);
  }
};

enum class ValueType { String, Number, Boolean };

struct Rule {
  std::string name;         ///< Optional; what overlays refer to.
  Location loc;             ///< The rule's first key.
  std::string target_text;  ///< As written.
  std::vector<Step> target;
  std::optional<Expr> from;       ///< Value from the source.
  std::optional<Template> value;  ///< Value from a template.
  std::optional<Expr> each;       ///< One target element per selected source node.
  std::string as;                 ///< With each: the item is also $as (for joins).
  std::optional<Expr> context;    ///< Source context for the nested rules.
  std::optional<Expr> when;       ///< Condition.
  std::optional<Expr> copy;       ///< Deep copy of the selected source nodes.
  std::optional<Template> fail;   ///< Refuse the input with this message (MAP320).
  std::string map;                ///< Value map applied to the value.
  Location map_loc;
  std::optional<std::string> default_value;
  bool required = false;
  bool remove = false;      ///< Overlay: delete the base rule with this identity.
  bool keep_empty = false;  ///< Keep the element even without value or children.
  ValueType type = ValueType::String;
  std::vector<Rule> rules;

  /// The targets of the enclosing rules and this one, joined with '/'.
  std::string full_path;
  /// `name`, else full_path: what an overlay's rule is matched with.
  [[nodiscard]] const std::string& identity() const { return name.empty() ? full_path : name; }
};

struct ValueMap {
  std::string name;
  Location loc;
  std::map<std::string, std::string, std::less<>> values;
  std::optional<std::string> default_value;
};

struct Param {
  std::string name;
  Location loc;
  std::optional<std::string> default_value;
  std::string env;
  bool required = false;
  std::string description;
};

struct MappingDoc {
  std::filesystem::path file;
  std::string name;
  std::string description;
  DataFormat source_format = DataFormat::Xml;
  DataFormat target_format = DataFormat::Xml;
  bool source_format_set = false;  ///< Given in this file (for merging overlays).
  bool target_format_set = false;
  std::map<std::string, std::string, std::less<>> source_ns;  ///< prefix -> URI, for XPath.
  /// source.root: the document element(s) the mapping reads ("e20:delivery", or a list), checked
  /// before any rule runs; source.reads: how to name that input to a user ("eCH-0020 v2
  /// deliveries").
  std::vector<std::string> source_roots;
  std::string source_reads;
  std::map<std::string, std::string, std::less<>> target_ns;  ///< prefix -> URI, for output.
  std::map<std::string, std::string, std::less<>> rename_ns;  ///< source URI -> target URI (copy).
  std::string root_text;
  Location root_loc;
  std::string target_schema;
  std::filesystem::path target_schema_dir;  ///< Folder of the file that named target_schema.
  std::vector<std::string> columns;         ///< CSV target: column order and header.
  std::map<std::string, Param, std::less<>> params;
  std::map<std::string, ValueMap, std::less<>> valuemaps;
  /// Value maps that an overlay (a file with `extends`) declares and its bases do not have: an
  /// overlay's map extends the base's map of that name, so one that no rule uses is a typo
  /// ('religon:' for 'religion:'), refused when compiling (MAP308).
  std::vector<std::pair<std::string, Location>> overlay_new_valuemaps;
  std::optional<Expr> split;  ///< One target document per selected source node.
  std::vector<Rule> rules;
  std::vector<MappingExample> examples;
};

/// The folder a mapping's files must lie in: the nearest folder from `file`'s upwards that holds
/// an ozg-package.yaml, else `file`'s own folder (canonical, symbolic links resolved).
std::filesystem::path mapping_root(const std::filesystem::path& file);

/// Reads `file` with its `extends` chain and `include`s into one merged document. Files named
/// by absolute paths or outside mapping_root(file) are refused (MAP322) without being opened.
/// Problems go to `sink`; returns nullopt when the file could not be read at all.
std::optional<MappingDoc> read_mapping(const std::filesystem::path& file, DiagnosticSink& sink);

/// Parses a target path ("a:b/c/@d"); problems go to `sink` at `loc`.
std::vector<Step> parse_target(const std::string& text, const Location& loc, DiagnosticSink& sink);

/// Parses a value template into parts; problems go to `sink`.
std::vector<Template::Part> parse_template(const std::string& text, const Location& loc,
                                           DiagnosticSink& sink);

/// The function names of an XPath expression (lexically: an NCName or QName followed by '(',
/// outside string literals, that is not a node type test).
std::vector<std::string> called_functions(std::string_view xpath);

/// The $variable names of an XPath expression.
std::vector<std::string> referenced_variables(std::string_view xpath);

/// The namespace prefixes of the qualified names (not functions) of an XPath expression.
std::vector<std::string> used_prefixes(std::string_view xpath);

}  // namespace xoev::mapping
