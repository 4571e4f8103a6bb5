#pragma once
/// A run of `ozg transform` over several inputs: which files the operands stand for, where each
/// output goes (standard output, one file, a folder of files, or one CSV for all inputs), and the
/// tally of what became of each input. The plan refuses what would overwrite one output with
/// another before anything is read. The caller reads standard input, validates, prints and writes.

#include <filesystem>
#include <string>
#include <vector>

#include "xoev/mapping/mapping.hpp"
#include "xoev/util/result.hpp"

namespace xoev {

/// One input of a batch.
struct BatchInput {
  std::string name;            ///< As diagnostics show it: the operand, the found path, <stdin>.
  std::filesystem::path path;  ///< Where to read it.
  std::filesystem::path relative;  ///< Its output's name relative to an output folder.
  /// Found in a folder operand (not named): skipped if it is not a document the mapping reads
  /// (TransformOptions::skip_other_documents), instead of refused.
  bool found = false;
};

/// What became of one input.
enum class BatchOutcome { Transformed, Failed, Unreadable, Skipped };

class TransformBatch {
 public:
  /// The inputs `operands` stand for: files as given, folders recursively (sorted) by the
  /// extension of the mapping's source format, "-" as `stdin_copy` (a file holding standard
  /// input). `output` is -o: empty for standard output, a file, or a folder (one if it exists or
  /// ends in '/', or for several inputs or a folder operand); a CSV target with a file collects
  /// the rows of all inputs under one header. Errors: no file found in the folders (Input); several
  /// inputs to standard output for a target other than CSV, or two inputs whose outputs would
  /// have the same name (Usage).
  static Result<TransformBatch> plan(const Mapping& mapping,
                                     const std::vector<std::string>& operands,
                                     const std::string& output,
                                     const std::filesystem::path& stdin_copy);

  [[nodiscard]] const std::vector<BatchInput>& inputs() const { return inputs_; }

  /// Whether the rows of all inputs go together under one header (a CSV target written to
  /// standard output or to one file), collected with add_rows().
  [[nodiscard]] bool collects_csv() const { return collect_csv_; }
  /// Whether an input may yield `documents` documents: more than one needs an output folder.
  [[nodiscard]] bool takes(std::size_t documents) const { return folder_ || documents <= 1; }
  /// Where document `k` (0-based) of `input` goes: empty for standard output; in a folder
  /// NAME.ext, or NAME-1.ext, NAME-2.ext ... for a mapping that splits.
  [[nodiscard]] std::filesystem::path destination(const BatchInput& input, std::size_t k) const;

  /// What `result` means for its input: skipped, unreadable (XML007), failed (errors) or
  /// transformed (so far: its outputs may still be refused when validated or written).
  static BatchOutcome outcome(const TransformResult& result);
  void count(BatchOutcome outcome);
  /// Adds the rows (and, from the first input, the header) of a transformed CSV input.
  void add_rows(const TransformResult& result);
  /// The collected CSV: one header, the rows of every input added.
  [[nodiscard]] std::string csv() const { return csv_header_ + csv_rows_; }

  [[nodiscard]] std::size_t transformed() const { return transformed_; }
  [[nodiscard]] std::size_t failed() const { return failed_ + unreadable_; }  ///< Both kinds.
  [[nodiscard]] std::size_t unreadable() const { return unreadable_; }
  [[nodiscard]] std::size_t skipped() const { return skipped_; }
  /// "N inputs: N transformed, N failed", with ", N skipped (not read by the mapping)" if any.
  [[nodiscard]] std::string summary() const;

 private:
  std::vector<BatchInput> inputs_;
  std::filesystem::path output_;
  bool folder_ = false;
  bool collect_csv_ = false;
  bool splits_ = false;
  std::string csv_header_;
  std::string csv_rows_;
  std::size_t transformed_ = 0, failed_ = 0, unreadable_ = 0, skipped_ = 0;
};

}  // namespace xoev
