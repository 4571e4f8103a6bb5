// ozg transform: options and output. The batch (inputs, output names, tally) is
// xoev::TransformBatch, the work xoev::Mapping.

#include <CLI/CLI.hpp>
#include <algorithm>

#include "help_footer.hpp"
#include "mapping_cli.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/mapping/batch.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/util/stdin_spool.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;

namespace {

struct TransformArgs {
  std::string mapping;
  std::vector<std::string> operands;
  std::string output;
  std::vector<std::string> params;
  bool no_validate = false;
  ProfileArgs profile;
  std::string now;
  std::optional<std::uint64_t> uuid_seed;
  bool csv_keep_formulas = false;
  bool quiet = false;
};

int do_transform(Context& ctx, const TransformArgs& a) {
  auto mapping = load_mapping(ctx, a.mapping);
  if (!mapping) return kUnreadable;

  TransformOptions opts;
  if (!parse_params(ctx, a.params, opts.params)) return kUsage;
  if (!a.now.empty()) {
    opts.now = parse_clock(a.now);
    if (!opts.now) {
      ctx.say("error", N_("--now {0}: expected 2026-01-31T10:00:00Z or 2026-01-31"), {a.now});
      return kUsage;
    }
  }
  opts.uuid_seed = a.uuid_seed;
  opts.csv_keep_formulas = a.csv_keep_formulas;
  // For codelist(): the installed genericode lists.
  auto lists = CodeListRepository::open(ctx.repo_root());
  if (!lists) return ctx.report(lists.error());
  opts.codelists = &*lists;
  {
    // Parameters are checked once, before any input: a missing one is a usage error.
    DiagnosticSink sink;
    mapping->resolve_params(opts.params, sink);
    const std::size_t errors = sink.error_count();
    print_findings(ctx, mapping->file().string(), mapping->file(), sink.take());
    if (errors > 0) {
      ctx.say("error", N_("parameters missing or unknown; nothing was transformed"));
      return kUsage;
    }
  }
  // Standard input is read once, up front; the batch plans inputs and output names.
  StdinSpool spool;
  fs::path stdin_copy;
  if (std::find(a.operands.begin(), a.operands.end(), "-") != a.operands.end()) {
    auto s = spool.fill_from_stdin();
    if (!s) return ctx.report(s.error());
    stdin_copy = *s;
  }
  auto batch = TransformBatch::plan(*mapping, a.operands, a.output, stdin_copy);
  if (!batch) return ctx.report(batch.error());
  const DataFormat target = mapping->target_format();

  TargetSchema schema;
  schema.profile_args = a.profile;
  const bool validate = !a.no_validate && target == DataFormat::Xml;
  if (target == DataFormat::Xml &&
      !schema.load(ctx, *mapping, validate, a.quiet,
                   "or pass --no-validate to write unvalidated output in rule order"))
    return kUnreadable;

  for (const auto& in : batch->inputs()) {
    opts.skip_other_documents = in.found;
    TransformResult r = mapping->transform(in.path, in.name, opts);
    const BatchOutcome outcome = TransformBatch::outcome(r);
    // A sedex folder holds an envelope beside every data file: with -q their notes go unsaid.
    if (!(a.quiet && outcome == BatchOutcome::Skipped))
      print_findings(ctx, in.name, in.path, r.diagnostics);
    if (outcome != BatchOutcome::Transformed) {
      if (outcome != BatchOutcome::Skipped)
        ctx.err << "ozg: " << in.name << ": "
                << i18n::fill(i18n::tr_n("not transformed ({0} error)",
                                         "not transformed ({0} errors)", r.errors),
                              {std::to_string(r.errors)})
                << '\n';
      batch->count(outcome);
      continue;
    }
    if (batch->collects_csv()) {
      batch->add_rows(r);
      batch->count(outcome);
      continue;
    }
    if (!batch->takes(r.outputs.size())) {
      ctx.say("error",
              N_("{0} yields {1} documents (the mapping splits it); give an output folder: -o DIR"),
              {in.name, std::to_string(r.outputs.size())});
      batch->count(BatchOutcome::Failed);
      continue;
    }
    // One output per document, validated (XML) and written atomically, or to standard output.
    bool all_written = true;
    for (std::size_t k = 0; k < r.outputs.size(); ++k) {
      const std::string content = r.csv_header + r.outputs[k];
      const fs::path dest = batch->destination(in, k);
      if (!dest.empty() && dest.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(dest.parent_path(), ec);
      }
      if (target == DataFormat::Xml) {
        auto staged = schema.check(ctx, dest, content, in.name, mapping->splits() ? k + 1 : 0);
        if (!staged) {
          all_written = false;
          continue;
        }
        if (!dest.empty()) {
          if (auto c = staged->commit(); !c) return ctx.report(c.error());
        } else {
          ctx.out << content;
        }
      } else if (!dest.empty()) {
        if (auto w = write_file_atomically(dest, content); !w) return ctx.report(w.error());
      } else {
        ctx.out << content;
      }
    }
    batch->count(all_written ? BatchOutcome::Transformed : BatchOutcome::Failed);
  }

  const std::size_t n = batch->inputs().size();
  if (batch->skipped() == n) {
    ctx.say("error",
            N_("none of the files found ({0}) is a document this mapping reads; nothing was "
               "transformed"),
            {std::to_string(n)});
    return kUnreadable;
  }
  if (batch->collects_csv()) {
    // One CSV for all inputs, written only if every input was transformed (or skipped).
    if (batch->failed() == 0) {
      if (a.output.empty())
        ctx.out << batch->csv();
      else if (auto w = write_file_atomically(a.output, batch->csv()); !w)
        return ctx.report(w.error());
    } else if (!a.output.empty()) {
      ctx.err << "ozg: "
              << i18n::fmt(N_("{0} not written: {1} of {2} inputs failed"),
                           {a.output, std::to_string(batch->failed()),
                            std::to_string(n - batch->skipped())})
              << '\n';
    }
  }
  ctx.out.flush();
  if (!a.quiet) ctx.err << batch->summary() << "\n";
  return Tally{.invalid = batch->failed(), .unreadable = batch->unreadable()}.exit_code();
}

}  // namespace

void setup_transform(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<TransformArgs>();
  sub.footer(help_footer("ozg-transform"));
  sub.add_option("-m,--mapping", a->mapping, "the YAML mapping file")->required();
  sub.add_option("inputs", a->operands, "files, folders or - (stdin)")->required();
  sub.add_option("-o,--output", a->output,
                 "output file, or folder for several inputs (default: stdout); written atomically");
  sub.add_option("-p,--param", a->params, "NAME=VALUE: a mapping parameter (repeatable)")
      ->allow_extra_args(false);
  sub.add_flag("--no-validate", a->no_validate,
               "do not validate XML output against the target schema");
  sub.add_option("--now", a->now, "fixed time for now() (ISO 8601), for reproducible output");
  sub.add_option("--uuid-seed", a->uuid_seed, "deterministic uuid() values from this seed (tests)");
  sub.add_flag("--csv-keep-formulas", a->csv_keep_formulas,
               "CSV: write cells that start with = + - @ as they are (default: with a leading ' so "
               "that spreadsheets show them as text; plain numbers are never changed)");
  sub.add_flag("-q,--quiet", a->quiet,
               "no summary line ('N inputs: N transformed, N failed' on standard error)");
  add_profile_options(sub, a->profile);
  sub.callback([&ctx, a] {
    if (a->output == "-") a->output.clear();  // "-" is standard output, as everywhere
    ctx.status = do_transform(ctx, *a);
  });
}

}  // namespace xoev::cli
