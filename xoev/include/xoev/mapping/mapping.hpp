#pragma once
/// The mapping engine behind `ozg transform` and `ozg mapping`: YAML mapping files that turn one
/// message format into another (JSON form data -> XML, XML -> XML across standards or versions,
/// XML -> JSON/CSV). The language is documented in man/ozg-mapping.5.
///
/// Every source (XML, JSON, CSV) is read into one XML tree, so that rules address all of them
/// with XPath 1.0 (libxml2's engine) plus ozg's functions (date, upper, map, uuid, ...). Rules
/// build a target tree, which is ordered as the target schema requires and serialized as XML,
/// JSON or CSV. Mapping problems are Diagnostics located in the mapping file (yaml-cpp marks);
/// problems met while transforming are located in the input, naming the rule that failed.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xoev/codelist/codelist.hpp"
#include "xoev/diag/diag.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/util/result.hpp"

namespace xoev {

enum class DataFormat { Xml, Json, Csv };

std::string_view to_string(DataFormat f);
/// ".xml", ".json" or ".csv".
std::string_view extension(DataFormat f);

using Params = std::map<std::string, std::string, std::less<>>;

/// A shipped example of a mapping: an input, the params to run it with and the expected output
/// (one per document the input produces, see `split`).
struct MappingExample {
  std::filesystem::path input;
  std::vector<std::filesystem::path> outputs;
  Params params;
  std::optional<std::string> now;  ///< Fixed clock (ISO 8601) for now() in this example.
  Location loc;                    ///< Where the example is declared.
};

/// What one input turned into.
struct TransformResult {
  /// The serialized target documents: one, or one per node the mapping's `split` selects (CSV:
  /// always one, the rows of all). Empty when errors > 0.
  std::vector<std::string> outputs;
  std::string csv_header;               ///< CSV only: the header line, kept apart so that
                                        ///< several inputs can share one header.
  std::vector<Diagnostic> diagnostics;  ///< Mapping and data problems (MAP3xx).
  std::size_t errors = 0;
  /// The input is not a document the mapping reads (source.root) and was skipped as
  /// TransformOptions::skip_other_documents asks; a MAP324 note says what it is.
  bool skipped = false;
};

struct TransformOptions {
  Params params;  ///< --param k=v; beats the environment and defaults.
  /// A fixed clock for now(); unset: the system clock.
  std::optional<std::chrono::system_clock::time_point> now;
  /// Deterministic uuid() values (for examples and tests); unset: random version-4 UUIDs.
  std::optional<std::uint64_t> uuid_seed;
  const CodeListRepository* codelists = nullptr;  ///< For codelist(); may be null.
  std::size_t max_errors = 100;
  /// CSV targets: write cells that start with =, +, -, @, a tab or a carriage return as they
  /// are. By default such a cell (unless it is a plain number) gets a leading ' so that a
  /// spreadsheet shows it as text instead of running it as a formula.
  bool csv_keep_formulas = false;
  /// An input whose document element is not one the mapping reads (source.root): false, it is
  /// refused (MAP320, an error); true, it is skipped with a note (MAP324, see
  /// TransformResult::skipped), as for the sedex envelopes beside the deliveries in a folder.
  bool skip_other_documents = false;
};

/// The most a mapping may be, with everything it extends and includes (MAP321).
inline constexpr std::uintmax_t kMaxMappingBytes = 4u << 20;

class Mapping {
 public:
  /// Reads a mapping file with everything it extends and includes, and compiles its
  /// expressions. Every problem goes to `sink` (MAP3xx, located in the mapping files); the
  /// result is an Error (kind Config) when there was at least one.
  static Result<Mapping> load(const std::filesystem::path& file, DiagnosticSink& sink);

  Mapping(Mapping&&) noexcept;
  Mapping& operator=(Mapping&&) noexcept;
  ~Mapping();

  [[nodiscard]] const std::filesystem::path& file() const;
  [[nodiscard]] DataFormat source_format() const;
  [[nodiscard]] DataFormat target_format() const;
  [[nodiscard]] const std::vector<MappingExample>& examples() const;
  /// Whether the mapping has a `split`: an input then yields one document per selected node,
  /// written as NAME-1.xml, NAME-2.xml, ...
  [[nodiscard]] bool splits() const;

  /// Loads the target schema (target.schema, else the schema the repository chooses for the
  /// root element), so that produced elements are put in the order the schema requires and
  /// `check` can verify target paths. Returns the schema's repository path (or file).
  Result<std::string> use_target_schema(const SchemaRepository& repo, DiagnosticSink& sink);

  /// Static checks beyond loading (which already checks functions, params, value maps and
  /// prefixes): with a target schema loaded, every target path exists in it and every required
  /// target element and attribute is produced; for CSV, every column is declared.
  void check(DiagnosticSink& sink) const;

  /// The value of every declared parameter: from `given` (--param), else its environment
  /// variable, else its default. Unknown names in `given` and required parameters without a
  /// value are errors in `sink` (MAP307).
  Params resolve_params(const Params& given, DiagnosticSink& sink) const;

  /// Transforms one input file (`display` is its name in diagnostics). Not thread-safe: use one
  /// Mapping per thread.
  TransformResult transform(const std::filesystem::path& input, const std::string& display,
                            const TransformOptions& options) const;

  struct Impl;  ///< Opaque outside xoev/mapping.

 private:
  explicit Mapping(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Parses an ISO 8601 time ("2026-01-31T10:00:00Z", "2026-01-31T10:00:00" as UTC, "2026-01-31")
/// for fixed clocks (--now, examples).
std::optional<std::chrono::system_clock::time_point> parse_clock(const std::string& iso);

/// Compares an expected and an actual output canonically: for XML, insensitive to whitespace
/// between elements, namespace prefixes and attribute order; for JSON, to formatting and key
/// order; for CSV, to line endings. Returns nullopt when equal, else a readable unified diff
/// of the canonical forms ("- expected", "+ actual").
Result<std::optional<std::string>> compare_outputs(DataFormat format, const std::string& expected,
                                                   const std::string& actual);

}  // namespace xoev
