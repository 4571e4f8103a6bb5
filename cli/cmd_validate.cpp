// ozg validate: argument parsing and output routing only; the work is xoev::Validator.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "context.hpp"
#include "help_footer.hpp"
#include "profile_options.hpp"
#include "version.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/rules/rules.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/validate/scenarios.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;

namespace {

struct ValidateArgs {
  std::vector<std::string> operands;
  std::string format = "text";
  std::string output;
  unsigned jobs = 0;
  std::optional<std::string> schema;
  std::size_t max_errors = 100;
  ProfileArgs profile;
  std::string envelope;
  bool no_codelists = false;
  bool strict_codelists = false;
  bool no_schematron = false;
  bool strict_schematron = false;
  bool verbose = false;
  bool quiet = false;
  std::string scenarios;   // --scenarios: a KoSIT configuration
  std::string repository;  // its resources (default: the scenarios file's folder)
  bool list_scenarios = false;
};

/// Loads --scenarios and checks its resources; lists it with --list-scenarios. Returns an exit
/// code when the command ends here.
std::optional<int> load_scenarios(Context& ctx, const ValidateArgs& a,
                                  std::shared_ptr<const ScenarioSet>& out) {
  const fs::path file(a.scenarios);
  const fs::path repo = !a.repository.empty()    ? fs::path(a.repository)
                        : file.has_parent_path() ? file.parent_path()
                                                 : fs::path(".");
  auto set = ScenarioSet::load(file, repo, a.profile.limits);
  if (!set) return ctx.report(set.error());
  const auto problems = set->problems();
  if (a.list_scenarios) {
    write_scenario_list(ctx.out, *set, problems, a.format == "json");
    return kOk;
  }
  if (!problems.empty()) {
    FileReport r;
    r.input = Input(a.scenarios, file);
    r.verdict = Verdict::Unchecked;
    r.diagnostics = problems;
    r.errors = problems.size();
    write_text(ctx.err, r, {ctx.color_err(), false, true});
    return kUnreadable;
  }
  out = std::make_shared<const ScenarioSet>(std::move(*set));
  return std::nullopt;
}

int do_validate(Context& ctx, const ValidateArgs& a) {
  std::shared_ptr<const ScenarioSet> scenarios;
  if (!a.scenarios.empty())
    if (auto done = load_scenarios(ctx, a, scenarios)) return *done;
  if (a.operands.empty()) {
    ctx.say("error", N_("missing operand: inputs"));
    ctx.err << i18n::tr("See 'ozg help' or 'ozg COMMAND --help'.") << '\n';
    return kUsage;
  }
  auto profile = load_profile(ctx, a.profile);
  if (!profile) return ctx.report(profile.error());
  ValidateOptions opts = profile->options();
  opts.max_errors = a.max_errors;
  opts.schema = a.schema;
  opts.jobs = a.jobs != 0 ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  if (!a.envelope.empty()) {
    if (a.operands.size() != 1) {
      ctx.say("error", N_("--envelope checks one data file; give exactly one input"));
      return kUsage;
    }
    opts.envelope = a.envelope;
  }
  opts.check_codelists = !a.no_codelists;
  opts.strict_codelists = a.strict_codelists;
  opts.check_schematron = !a.no_schematron;
  opts.strict_schematron = a.strict_schematron;
  opts.scenarios = scenarios;
  auto validator = profile->validator(opts);
  if (!validator) return ctx.report(validator.error());

  const auto inputs = collect_inputs(a.operands);
  if (inputs.empty()) {
    ctx.say("error", N_("no *.xml files found in the given folders"));
    return kUnreadable;
  }

  // The report goes to -o FILE (complete or not at all), else text to stderr and the machine
  // formats to stdout. The file is opened first, so a bad path fails before any work.
  const bool text = a.format == "text";
  std::unique_ptr<AtomicFile> file;
  std::ostream* out = text ? &ctx.err : &ctx.out;
  if (a.output == "-") {  // "-" is standard output, as everywhere
    out = &ctx.out;
  } else if (!a.output.empty()) {
    std::error_code ec;
    if (fs::is_directory(a.output, ec)) {
      ctx.say("error", N_("-o {0} is a folder; the report is one file: give its name, e.g. -o {1}"),
              {a.output, a.output + "/report." + (a.format == "text" ? "txt" : a.format)},
              "REPO006");
      return kUnreadable;
    }
    // Fail before any work if the report cannot be written there.
    const fs::path dir =
        fs::path(a.output).has_parent_path() ? fs::path(a.output).parent_path() : ".";
    if (!fs::is_directory(dir, ec) || ::access(dir.c_str(), W_OK) != 0) {
      ctx.say("error", N_("cannot write {0}: no writable folder {1}"), {a.output, dir.string()},
              "REPO006");
      return kUnreadable;
    }
    file = std::make_unique<AtomicFile>(a.output);
    out = &file->stream();
  }
  const TextStyle style{out == &ctx.err && ctx.color_err(), a.verbose, true};
  RunSummary summary;
  std::vector<FileReport> reports;
  const auto start = std::chrono::steady_clock::now();
  (*validator)->run(inputs, [&](std::size_t, FileReport&& r) {
    summary.add(r);
    if (text) {
      // One write per file: stderr is unbuffered, and a report of thousands of findings would
      // otherwise cost a system call per fragment.
      std::ostringstream one;
      write_text(one, r, style);
      *out << one.str();
      out->flush();
    } else {
      reports.push_back(std::move(r));
    }
  });
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  if (text) {
    if (!a.quiet || file) write_text_summary(*out, summary, style);
  } else {
    for (const auto& f : report_formats())
      if (f.name == a.format) f.write(*out, reports, summary, kVersion);
  }
  if (file) {
    if (auto committed = file->commit(); !committed) return ctx.report(committed.error());
    if (!a.quiet) write_text_summary(ctx.err, summary, {ctx.color_err(), false, false});
  }
  // With scenarios the acceptance decides, as in KoSIT: a rejected file fails the run.
  const int code = Tally{.invalid = scenarios ? summary.rejected : summary.invalid,
                         .unreadable = summary.unchecked}
                       .exit_code();
  if (ctx.finish) ctx.finish(code);  // everything is written
  return code;
}

}  // namespace

void setup_validate(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<ValidateArgs>();
  sub.footer(help_footer("ozg-validate"));
  sub.add_option("inputs", a->operands, "files, folders or - (stdin)");
  std::vector<std::string> formats{"text"};
  std::string machine;
  for (const auto& f : report_formats()) {
    formats.emplace_back(f.name);
    machine += ", " + std::string(f.name);
  }
  sub.add_option("-f,--format", a->format, "report format: text (stderr)" + machine + " (stdout)")
      ->check(CLI::IsMember(formats));
  sub.add_option("-o,--output", a->output, "write the report to FILE (atomically)");
  sub.add_option("-j,--jobs", a->jobs, "parallel workers (default: number of CPUs)");
  auto* schema_opt = sub.add_option(
      "-s,--schema", a->schema,
      "validate against this XSD (a path, or a name from 'ozg schemas list') instead "
      "of the one chosen by namespace");
  sub.add_option("--max-errors", a->max_errors, "errors listed per file (all are counted)")
      ->check(CLI::PositiveNumber);
  sub.add_option("--max-depth", a->profile.limits.max_depth, "maximum element nesting")
      ->check(CLI::PositiveNumber);
  sub.add_flag("--allow-doctype", a->profile.limits.allow_doctype,
               "accept an internal DTD subset (external entities are never loaded)");
  add_profile_options(sub, a->profile);
  sub.add_option("--envelope", a->envelope,
                 "sedex envelope (eCH-0090) to check the data file against (default: the "
                 "envl_<id>.xml beside a data_<id>.xml)");
  sub.add_flag("--no-codelists", a->no_codelists, "do not check coded values against code lists");
  sub.add_flag("--strict-codelists", a->strict_codelists,
               "a code list or version that is not installed is an error (CL202)");
  auto* no_sch = sub.add_flag("--no-schematron", a->no_schematron,
                              "do not run the installed Schematron rules (SCH2xx)");
  sub.add_flag("--strict-schematron", a->strict_schematron,
               "installed Schematron rules that cannot run (no Java VM or Saxon) are an error "
               "(SCH210)");
  auto* scen = sub.add_option("--scenarios", a->scenarios,
                              "check each file with its scenario of this KoSIT configuration "
                              "(scenarios.xml): its XSD, Schematron XSLT and acceptMatch");
  sub.add_option("--repository", a->repository,
                 "folder of the scenarios' resources (default: the scenarios file's folder)")
      ->needs(scen);
  sub.add_flag("--list-scenarios", a->list_scenarios,
               "list the scenarios and their resources (-f json: as JSON) and check nothing")
      ->needs(scen);
  scen->excludes(schema_opt)->excludes(no_sch);
  sub.add_flag("-v,--verbose", a->verbose, "also list valid files and why each schema was chosen");
  sub.add_flag("-q,--quiet", a->quiet, "no summary line");
  sub.callback([&ctx, a] { ctx.status = do_validate(ctx, *a); });
}

}  // namespace xoev::cli
