#include "xoev/mapping/batch.hpp"

#include <algorithm>
#include <set>
#include <sstream>

#include "xoev/diag/i18n.hpp"

namespace xoev {

namespace fs = std::filesystem;

namespace {

bool has_extension(const fs::path& p, std::string_view ext) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e == ext;
}

}  // namespace

Result<TransformBatch> TransformBatch::plan(const Mapping& mapping,
                                            const std::vector<std::string>& operands,
                                            const std::string& output, const fs::path& stdin_copy) {
  TransformBatch b;
  const DataFormat target = mapping.target_format();
  const std::string_view out_ext = extension(target);
  const std::string_view in_ext = extension(mapping.source_format());
  bool folder_operand = false;
  for (const auto& op : operands) {
    std::error_code ec;
    if (op == "-") {
      b.inputs_.push_back({"<stdin>", stdin_copy, fs::path("stdin").replace_extension(out_ext)});
    } else if (fs::is_directory(op, ec)) {
      folder_operand = true;
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(
               op, fs::directory_options::skip_permission_denied, ec);
           it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && has_extension(it->path(), in_ext))
          found.push_back(it->path());
      }
      std::sort(found.begin(), found.end());
      for (const auto& p : found)
        b.inputs_.push_back({p.string(), p, fs::relative(p, op).replace_extension(out_ext), true});
    } else {
      b.inputs_.push_back({op, op, fs::path(op).filename().replace_extension(out_ext)});
    }
  }
  if (b.inputs_.empty())
    return fail(ErrorKind::Input, "", N_("no *{0} files found in the given folders"),
                {std::string(in_ext)});

  // Standard output, one file, or a folder of files (several inputs). CSV from several inputs
  // can also go to one file with one header.
  const bool combined_csv = target == DataFormat::Csv && !output.empty() &&
                            !fs::is_directory(output) && !output.ends_with("/");
  b.folder_ =
      !output.empty() && !combined_csv &&
      (fs::is_directory(output) || output.ends_with("/") || b.inputs_.size() > 1 || folder_operand);
  b.collect_csv_ = combined_csv || (target == DataFormat::Csv && output.empty());
  b.output_ = output;
  b.splits_ = mapping.splits();
  if (output.empty() && b.inputs_.size() > 1 && target != DataFormat::Csv)
    return fail(ErrorKind::Usage, "", N_("{0} inputs need an output folder: -o DIR"),
                {std::to_string(b.inputs_.size())});
  if (b.folder_) {
    std::set<fs::path> seen;
    for (const auto& in : b.inputs_)
      if (!seen.insert(in.relative).second) {
        std::ostringstream quoted;
        quoted << (fs::path(output) / in.relative);
        return fail(ErrorKind::Usage, "",
                    N_("two inputs would both be written to {0}; transform them in separate "
                       "calls"),
                    {quoted.str()});
      }
  }
  return b;
}

fs::path TransformBatch::destination(const BatchInput& input, std::size_t k) const {
  if (!folder_) return output_;
  fs::path dest = output_ / input.relative;
  if (splits_)
    dest.replace_filename(dest.stem().string() + "-" + std::to_string(k + 1) +
                          dest.extension().string());
  return dest;
}

BatchOutcome TransformBatch::outcome(const TransformResult& result) {
  if (result.skipped) return BatchOutcome::Skipped;
  if (result.errors == 0) return BatchOutcome::Transformed;
  const bool cannot_read = std::any_of(result.diagnostics.begin(), result.diagnostics.end(),
                                       [](const Diagnostic& d) { return d.code == "XML007"; });
  return cannot_read ? BatchOutcome::Unreadable : BatchOutcome::Failed;
}

void TransformBatch::count(BatchOutcome outcome) {
  switch (outcome) {
    case BatchOutcome::Transformed:
      ++transformed_;
      break;
    case BatchOutcome::Failed:
      ++failed_;
      break;
    case BatchOutcome::Unreadable:
      ++unreadable_;
      break;
    case BatchOutcome::Skipped:
      ++skipped_;
      break;
  }
}

void TransformBatch::add_rows(const TransformResult& result) {
  if (csv_header_.empty()) csv_header_ = result.csv_header;
  if (!result.outputs.empty()) csv_rows_ += result.outputs.front();
}

std::string TransformBatch::summary() const {
  const std::size_t n = inputs_.size();
  std::string s =
      i18n::fill(i18n::tr_n("{0} input: {1} transformed, {2} failed",
                            "{0} inputs: {1} transformed, {2} failed", n),
                 {std::to_string(n), std::to_string(transformed_), std::to_string(failed())});
  if (skipped_ > 0)
    s += ", " + i18n::fmt(N_("{0} skipped (not read by the mapping)"), {std::to_string(skipped_)});
  return s;
}

}  // namespace xoev
