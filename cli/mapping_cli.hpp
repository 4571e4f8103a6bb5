#pragma once
// What `ozg transform` and `ozg mapping` share: loading a mapping with its diagnostics printed,
// parsing --param, printing findings about one file, and validating a produced document before
// it is written.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"
#include "profile_options.hpp"
#include "xoev/codelist/codelist.hpp"
#include "xoev/mapping/mapping.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::cli {

/// Prints `diagnostics` about `name` (read from `path` for source lines) as text to ctx.err.
void print_findings(Context& ctx, const std::string& name, const std::filesystem::path& path,
                    const std::vector<Diagnostic>& diagnostics);

/// Loads a mapping; on failure prints its diagnostics and returns nullopt.
std::optional<Mapping> load_mapping(Context& ctx, const std::filesystem::path& file);

/// "k=v" settings into params; false (after printing the problem) on a malformed one.
bool parse_params(Context& ctx, const std::vector<std::string>& settings, Params& params);

/// The schema repository, code lists and a validator for a mapping's XML target. Also puts
/// produced elements in schema order.
struct TargetSchema {
  ProfileArgs profile_args;  ///< --rule / --config of the command, set before load()
  std::optional<SchemaRepository> repo;
  std::unique_ptr<Profile> profile;  // declared before the validator: outlives it
  std::unique_ptr<Validator> validator;
  std::string schema;  ///< Repository path of the target schema.

  /// Loads them for `mapping` (an XML target). With `validate`, failing to find or compile
  /// the schema is an error (printed with `hint`, false); without, a note and no ordering.
  bool load(Context& ctx, Mapping& mapping, bool validate, bool quiet, std::string_view hint = {});

  /// Validates `content`, the output for `input_name` (document `part` of a split, 1-based; 0
  /// when the mapping does not split), as it would be written to `target` (staged beside it, or
  /// in the temporary folder when writing to stdout) and prints the findings. They are located
  /// in that output, which is named as such ("<output of NAME>"), never as the file it would
  /// have become: an invalid output is not written. Returns the staged file when valid
  /// (commit() it), or nullopt.
  std::optional<StagedFile> check(Context& ctx, const std::filesystem::path& target,
                                  const std::string& content, const std::string& input_name,
                                  std::size_t part);
};

}  // namespace xoev::cli
