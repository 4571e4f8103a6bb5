// ozg mapping check | test: static checks of mapping files and their shipped examples.

#include <yaml-cpp/yaml.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <iterator>

#include "help_footer.hpp"
#include "mapping_cli.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/atomic_file.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;

namespace {

/// A YAML file is a mapping if it has rules or extends another one (value-map files that
/// mappings include have neither).
bool is_mapping_file(const fs::path& p) {
  // Larger than a mapping may be: loading refuses it (MAP321) without reading it.
  std::error_code ec;
  if (!fs::is_regular_file(p, ec) || fs::file_size(p, ec) > kMaxMappingBytes || ec) return true;
  try {
    YAML::Node n = YAML::LoadFile(p.string());
    return n.IsMap() && (n["rules"] || n["extends"]);
  } catch (const YAML::Exception&) {
    return true;  // let loading report the syntax error
  }
}

/// Mapping files named by the operands: files as given, folders searched for *.yaml/*.yml (the
/// input walker of every command). A folder that cannot be read is reported and counts.
std::vector<fs::path> mapping_files(Context& ctx, const std::vector<std::string>& operands,
                                    bool& unreadable) {
  std::vector<fs::path> out;
  const auto yaml = [](const fs::path& p) {
    const auto ext = p.extension();
    return (ext == ".yaml" || ext == ".yml") && is_mapping_file(p);
  };
  for (const auto& in : collect_files(operands, yaml)) {
    if (!in.unreadable.empty()) {
      ctx.report(make_error(ErrorKind::Input, "XML007", "{0}: {1}", {in.name, in.unreadable}));
      unreadable = true;
      continue;
    }
    out.push_back(in.path);
  }
  return out;
}

std::optional<std::string> read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

int do_check(Context& ctx, const std::vector<std::string>& operands, bool quiet) {
  bool unreadable = false;
  const auto files = mapping_files(ctx, operands, unreadable);
  if (files.empty()) {
    ctx.say("error", N_("no mapping files found"));
    return kUnreadable;
  }
  std::size_t bad = 0;
  for (const auto& f : files) {
    auto m = load_mapping(ctx, f);
    if (!m) {
      ++bad;
      continue;
    }
    std::string schema_note;
    DiagnosticSink sink;
    if (m->target_format() == DataFormat::Xml) {
      auto repo = SchemaRepository::open(ctx.repo_root());
      if (!repo) return ctx.report(repo.error());
      auto used = m->use_target_schema(*repo, sink);
      schema_note =
          used ? i18n::fmt(N_("; target paths checked against {0}"), {*used})
               : i18n::fmt(N_("; target paths NOT checked: {0}"), {i18n::message(used.error())});
    }
    m->check(sink);
    const std::size_t errors = sink.error_count();
    print_findings(ctx, f.string(), f, sink.take());
    if (errors > 0) {
      ++bad;
      ctx.err << "ozg: " << f.string() << ": " << i18n::count("{0} error", "{0} errors", errors)
              << schema_note << "\n";
    } else if (!quiet) {
      ctx.err << i18n::fmt(N_("{0}: ok"), {f.string()}) << schema_note << "\n";
    }
  }
  return Tally{.invalid = bad, .unreadable = unreadable ? 1U : 0U}.exit_code();
}

int do_test(Context& ctx, const std::vector<std::string>& operands, bool update, bool quiet) {
  bool unreadable = false;
  const auto files = mapping_files(ctx, operands, unreadable);
  if (files.empty()) {
    ctx.say("error", N_("no mapping files found"));
    return kUnreadable;
  }
  std::size_t passed = 0, failed = 0;
  auto lists = CodeListRepository::open(ctx.repo_root());  // for codelist()
  if (!lists) return ctx.report(lists.error());
  // PASS, FAIL, UPDATED and none stay English words at the start of the line, for scripts; what
  // follows is in the user's language.
  const auto line = [&ctx](const char* word, const std::string& label, const char* tmpl,
                           const std::vector<std::string>& args = {}) {
    ctx.out << word << ' ' << label;
    if (tmpl != nullptr) ctx.out << ": " << i18n::fmt(tmpl, args);
    ctx.out << '\n';
  };
  for (const auto& f : files) {
    auto m = load_mapping(ctx, f);
    if (!m) {
      ++failed;
      line("FAIL", f.string(), N_("the mapping does not load"));
      continue;
    }
    if (m->examples().empty()) {
      if (!quiet) line("none", f.string(), N_("no examples"));
      continue;
    }
    TargetSchema schema;
    const bool xml = m->target_format() == DataFormat::Xml;
    if (xml && !schema.load(ctx, *m, true, quiet)) {
      failed += m->examples().size();
      line("FAIL", f.string(), N_("the target schema is not available"));
      continue;
    }
    for (const auto& ex : m->examples()) {
      const std::string label = f.string() + ": " + ex.input.filename().string();
      TransformOptions opts;
      opts.params = ex.params;
      // Examples are reproducible: a fixed clock and uuid() sequence unless they set one.
      opts.now = parse_clock(ex.now.value_or("2026-01-01T00:00:00Z"));
      opts.uuid_seed = 1;
      opts.codelists = lists ? &*lists : nullptr;
      TransformResult r = m->transform(ex.input, ex.input.string(), opts);
      print_findings(ctx, ex.input.string(), ex.input, r.diagnostics);
      if (r.errors > 0) {
        ++failed;
        line("FAIL", label, N_("not transformed ({0} errors)"), {std::to_string(r.errors)});
        continue;
      }
      if (r.outputs.size() != ex.outputs.size()) {
        ++failed;
        line("FAIL", label, N_("{0} output document(s), the example lists {1}"),
             {std::to_string(r.outputs.size()), std::to_string(ex.outputs.size())});
        continue;
      }
      bool ok = true;
      for (std::size_t k = 0; k < ex.outputs.size() && ok; ++k) {
        const fs::path& want = ex.outputs[k];
        const std::string actual = r.csv_header + r.outputs[k];
        if (xml && !schema.check(ctx, want, actual, ex.input.string(), m->splits() ? k + 1 : 0)) {
          ok = false;
          line("FAIL", label, N_("the output is not valid"));
          break;
        }
        if (update) {
          if (auto w = write_file_atomically(want, actual); !w) return ctx.report(w.error());
          line("UPDATED", label + " -> " + want.string(), nullptr);
          continue;
        }
        auto expected = read_text(want);
        if (!expected) {
          ok = false;
          line("FAIL", label,
               N_("expected output {0} is missing (write it with 'ozg mapping test --update')"),
               {want.string()});
          break;
        }
        auto diff = compare_outputs(m->target_format(), *expected, actual);
        if (!diff) {
          ok = false;
          ctx.out << "FAIL " << label << ": " << i18n::message(diff.error()) << '\n';
        } else if (*diff) {
          ok = false;
          ctx.out << "FAIL " << label << ": "
                  << i18n::fmt(N_("output differs from {0}"), {want.string()}) << " [MAP316]\n"
                  << **diff;
        }
      }
      if (ok) {
        ++passed;
        if (!quiet && !update) line("PASS", label, nullptr);
      } else {
        ++failed;
      }
    }
  }
  ctx.out << i18n::fmt(N_("{0} passed, {1} failed"),
                       {std::to_string(passed), std::to_string(failed)})
          << '\n';
  return Tally{.invalid = failed, .unreadable = unreadable ? 1U : 0U}.exit_code();
}

}  // namespace

void setup_mapping(CLI::App& sub, Context& ctx) {
  sub.footer(help_footer("ozg-mapping"));
  sub.require_subcommand(1);
  auto operands = std::make_shared<std::vector<std::string>>();
  auto quiet = std::make_shared<bool>(false);
  auto update = std::make_shared<bool>(false);

  CLI::App* check = sub.add_subcommand(
      "check",
      "check mapping files: syntax, expressions, functions, parameters, value maps, and "
      "target paths against the target schema");
  check->add_option("mappings", *operands, "mapping files or folders")->required();
  check->add_flag("-q,--quiet", *quiet, "print only problems");
  check->footer(help_footer("ozg-mapping"));
  check->callback([&ctx, operands, quiet] { ctx.status = do_check(ctx, *operands, *quiet); });

  CLI::App* test = sub.add_subcommand(
      "test",
      "run the examples that mappings ship and compare the output with the expected one "
      "(canonically: whitespace, prefixes and attribute order do not matter)");
  test->add_option("mappings", *operands, "mapping files or folders")->required();
  test->add_flag("--update", *update,
                 "write the actual outputs as the expected ones (review the diff)");
  test->add_flag("-q,--quiet", *quiet, "print only failures and the totals");
  test->footer(help_footer("ozg-mapping"));
  test->callback(
      [&ctx, operands, update, quiet] { ctx.status = do_test(ctx, *operands, *update, *quiet); });
}

}  // namespace xoev::cli
