// ozg transform: argument parsing and output routing; the work is xoev::Mapping.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <iostream>
#include <iterator>
#include <map>
#include <set>

#include "help_footer.hpp"
#include "mapping_cli.hpp"
#include "xoev/util/atomic_file.hpp"

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

/// One input and where its output goes (relative to the output folder in folder mode).
struct Job {
  std::string name;
  fs::path path;
  fs::path relative;  ///< Output name relative to -o DIR.
};

bool has_extension(const fs::path& p, std::string_view ext) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e == ext;
}

int do_transform(Context& ctx, const TransformArgs& a) {
  auto mapping = load_mapping(ctx, a.mapping);
  if (!mapping) return kUnreadable;

  TransformOptions opts;
  if (!parse_params(ctx, a.params, opts.params)) return kUsage;
  if (!a.now.empty()) {
    opts.now = parse_clock(a.now);
    if (!opts.now) {
      ctx.err << "ozg: error: --now " << a.now << ": expected 2026-01-31T10:00:00Z or 2026-01-31\n";
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
      ctx.err << "ozg: error: parameters missing or unknown; nothing was transformed\n";
      return kUsage;
    }
  }
  const DataFormat target = mapping->target_format();
  const std::string_view out_ext = extension(target);
  const std::string_view in_ext = extension(mapping->source_format());

  // Inputs: files as given, folders recursively by the source format's extension, - is stdin.
  std::vector<Job> jobs;
  std::optional<StagedFile> stdin_copy;
  bool folder_operand = false;
  for (const auto& op : a.operands) {
    std::error_code ec;
    if (op == "-") {
      std::string data(std::istreambuf_iterator<char>(std::cin), {});
      auto s = StagedFile::create(fs::temp_directory_path() / "ozg-stdin", data);
      if (!s) return ctx.report(s.error());
      stdin_copy.emplace(std::move(*s));
      jobs.push_back({"<stdin>", stdin_copy->path(), fs::path("stdin").replace_extension(out_ext)});
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
        jobs.push_back({p.string(), p, fs::relative(p, op).replace_extension(out_ext)});
    } else {
      jobs.push_back({op, op, fs::path(op).filename().replace_extension(out_ext)});
    }
  }
  if (jobs.empty()) {
    ctx.err << "ozg: error: no *" << in_ext << " files found in the given folders\n";
    return kUnreadable;
  }

  // Output: stdout, one file, or a folder of files (several inputs). CSV from several inputs
  // can also go to one file with one header.
  const bool combined_csv = target == DataFormat::Csv && !a.output.empty() &&
                            !fs::is_directory(a.output) && !a.output.ends_with("/");
  const bool folder_mode =
      !a.output.empty() && !combined_csv &&
      (fs::is_directory(a.output) || a.output.ends_with("/") || jobs.size() > 1 || folder_operand);
  if (a.output.empty() && jobs.size() > 1 && target != DataFormat::Csv) {
    ctx.err << "ozg: error: " << jobs.size() << " inputs need an output folder: -o DIR\n";
    return kUsage;
  }
  if (folder_mode) {
    std::set<fs::path> seen;
    for (const auto& j : jobs)
      if (!seen.insert(j.relative).second) {
        ctx.err << "ozg: error: two inputs would both be written to "
                << (fs::path(a.output) / j.relative) << "; transform them in separate calls\n";
        return kUsage;
      }
  }

  TargetSchema schema;
  schema.profile_args = a.profile;
  const bool validate = !a.no_validate && target == DataFormat::Xml;
  if (target == DataFormat::Xml &&
      !schema.load(ctx, *mapping, validate, a.quiet,
                   "or pass --no-validate to write unvalidated output in rule order"))
    return kUnreadable;

  std::size_t done = 0, failed = 0, unreadable = 0;
  std::string csv_header;
  std::string csv_rows;
  for (const auto& j : jobs) {
    TransformResult r = mapping->transform(j.path, j.name, opts);
    print_findings(ctx, j.name, j.path, r.diagnostics);
    if (r.errors > 0) {
      const bool cannot_read = std::any_of(r.diagnostics.begin(), r.diagnostics.end(),
                                           [](const Diagnostic& d) { return d.code == "XML007"; });
      ++(cannot_read ? unreadable : failed);
      ctx.err << "ozg: " << j.name << ": not transformed (" << r.errors
              << (r.errors == 1 ? " error" : " errors") << ")\n";
      continue;
    }
    if (combined_csv || (target == DataFormat::Csv && a.output.empty())) {
      if (csv_header.empty()) csv_header = r.csv_header;
      csv_rows += r.outputs.front();
      ++done;
      continue;
    }
    // One output per document: NAME.xml, or NAME-1.xml, NAME-2.xml ... for a split mapping.
    fs::path base;
    if (folder_mode)
      base = fs::path(a.output) / j.relative;
    else if (!a.output.empty())
      base = a.output;
    if (r.outputs.size() > 1 && !folder_mode) {
      ctx.err << "ozg: error: " << j.name << " yields " << r.outputs.size()
              << " documents (the mapping splits it); give an output folder: -o DIR\n";
      ++failed;
      continue;
    }
    bool all_written = true;
    for (std::size_t k = 0; k < r.outputs.size(); ++k) {
      const std::string content = r.csv_header + r.outputs[k];
      fs::path dest = base;
      if (folder_mode && mapping->splits()) {
        dest.replace_filename(base.stem().string() + "-" + std::to_string(k + 1) +
                              base.extension().string());
      }
      if (!dest.empty() && dest.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(dest.parent_path(), ec);
      }
      const std::string shown = dest.empty() ? "<stdout>" : dest.string();
      if (target == DataFormat::Xml) {
        auto staged = schema.check(ctx, shown, dest, content, j.name);
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
    if (!all_written) {
      ++failed;
      continue;
    }
    ++done;
  }

  if (combined_csv || (target == DataFormat::Csv && a.output.empty())) {
    // One CSV for all inputs, written only if every input was transformed.
    if (failed + unreadable == 0) {
      if (a.output.empty())
        ctx.out << csv_header << csv_rows;
      else if (auto w = write_file_atomically(a.output, csv_header + csv_rows); !w)
        return ctx.report(w.error());
    } else if (!a.output.empty()) {
      ctx.err << "ozg: " << a.output << " not written: " << (failed + unreadable) << " of "
              << jobs.size() << " inputs failed\n";
    }
  }
  ctx.out.flush();
  if (!a.quiet && (jobs.size() > 1 || failed + unreadable > 0))
    ctx.err << jobs.size() << (jobs.size() == 1 ? " input: " : " inputs: ") << done
            << " transformed, " << failed + unreadable << " failed\n";
  if (unreadable > 0) return kUnreadable;
  if (failed > 0) return kFindings;
  return kOk;
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
  sub.add_flag("-q,--quiet", a->quiet, "no summary line");
  add_profile_options(sub, a->profile);
  sub.callback([&ctx, a] {
    if (a->output == "-") a->output.clear();  // "-" is standard output, as everywhere
    ctx.status = do_transform(ctx, *a);
  });
}

}  // namespace xoev::cli
