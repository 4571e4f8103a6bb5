#include "mapping_cli.hpp"

#include <ostream>
#include <sstream>

#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"
#include "xoev/rules/rules.hpp"
#include "xoev/util/atomic_file.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;

void print_findings(Context& ctx, const std::string& name, const fs::path& path,
                    const std::vector<Diagnostic>& diagnostics) {
  if (diagnostics.empty()) return;
  FileReport r;
  r.input = Input{name, path, false};
  r.diagnostics = diagnostics;
  for (const auto& d : diagnostics) {
    if (d.severity == Severity::Error)
      ++r.errors;
    else if (d.severity == Severity::Warning)
      ++r.warnings;
  }
  // The findings only, without write_text's verdict line: the caller says what they mean.
  r.verdict = Verdict::Valid;
  std::ostringstream text;
  write_text(text, r, TextStyle{ctx.color_err(), false, true});
  ctx.err << text.str();
}

std::optional<Mapping> load_mapping(Context& ctx, const fs::path& file) {
  DiagnosticSink sink;
  auto m = Mapping::load(file, sink);
  const auto diags = sink.take();
  print_findings(ctx, file.string(), file, diags);
  if (!m) {
    ctx.say("error", N_("{0}; nothing was transformed"), {i18n::message(m.error())});
    return std::nullopt;
  }
  return std::move(*m);
}

bool parse_params(Context& ctx, const std::vector<std::string>& settings, Params& params) {
  for (const auto& s : settings) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      ctx.say("error", N_("--param {0}: expected NAME=VALUE"), {s});
      return false;
    }
    params.insert_or_assign(s.substr(0, eq), s.substr(eq + 1));
  }
  return true;
}

bool TargetSchema::load(Context& ctx, Mapping& mapping, bool validate, bool quiet,
                        std::string_view hint) {
  auto r = SchemaRepository::open(ctx.repo_root());
  if (!r) {
    ctx.report(r.error());
    return false;
  }
  repo.emplace(std::move(*r));
  DiagnosticSink sink;
  auto used = mapping.use_target_schema(*repo, sink);
  print_findings(ctx, mapping.file().string(), mapping.file(), sink.take());
  if (!used) {
    if (validate) {
      Error e = used.error();
      if (!hint.empty()) e.hint = (e.hint.empty() ? "" : e.hint + "; ") + std::string(hint);
      ctx.report(e);
      return false;
    }
    if (!quiet)
      ctx.say("note", N_("{0}; elements are written in rule order, not checked"),
              {i18n::message(used.error())});
    return true;
  }
  schema = *used;
  if (!validate) return true;
  auto p = load_profile(ctx, profile_args);
  if (!p) {
    ctx.report(p.error());
    return false;
  }
  profile = std::make_unique<Profile>(std::move(*p));
  ValidateOptions opts = profile->options();
  opts.schema = schema;
  opts.jobs = 1;
  auto v = profile->validator(opts);
  if (!v) {
    ctx.report(v.error());
    return false;
  }
  validator = std::move(*v);
  return true;
}

std::optional<StagedFile> TargetSchema::check(Context& ctx, const fs::path& target,
                                              const std::string& content,
                                              const std::string& input_name, std::size_t part) {
  const fs::path stage_at =
      target.empty() ? fs::temp_directory_path() / "ozg-transform.xml" : target;
  auto staged = StagedFile::create(stage_at, content);
  if (!staged) {
    ctx.report(staged.error());
    return std::nullopt;
  }
  if (!validator) return std::move(*staged);
  const std::string shown = "<output " + (part > 0 ? std::to_string(part) + " " : std::string()) +
                            "of " + input_name + ">";
  FileReport r = validator->validate(Input{shown, staged->path(), false});
  print_findings(ctx, shown, staged->path(), r.diagnostics);  // warnings when valid
  if (r.verdict == Verdict::Valid) return std::move(*staged);
  ctx.say("error", N_("the output for {0} is not valid against {1} and was not written"),
          {input_name, schema}, "MAP315");
  ctx.hint(
      N_("the lines above are lines of that output; fix the mapping (or the input), or "
         "write the output with --no-validate to inspect it"));
  return std::nullopt;
}

}  // namespace xoev::cli
