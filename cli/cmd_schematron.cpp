// ozg schematron add|list|remove: the installed Schematron rules.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>

#include "context.hpp"
#include "help_footer.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/schematron/schematron.hpp"

namespace xoev::cli {

namespace {

struct SchematronArgs {
  std::string source;
  std::optional<std::string> name;
  std::vector<std::string> namespaces;
  std::optional<std::string> version;
  std::string what;
  std::string format = "text";
  bool no_compile = false;
};

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : " ") + x;
  return s.empty() ? "-" : s;
}

int do_add(Context& ctx, const SchematronArgs& a) {
  auto repo = SchematronRepository::open(ctx.repo_root());
  if (!repo) return ctx.report(repo.error());
  SchematronAddOptions opts{a.name, a.namespaces, a.version};
  auto added = repo->add(a.source, opts);
  if (!added) return ctx.report(added.error());
  const SchematronEntry e = **added;
  const std::string count = std::to_string(e.files.size());
  ctx.out << (e.version.empty()
                  ? i18n::fmt(N_("added Schematron '{0}' ({1} file(s)) for {2}"),
                              {e.name, count, joined(e.namespaces)})
                  : i18n::fmt(N_("added Schematron '{0}' ({1} file(s), version {2}) for {3}"),
                              {e.name, count, e.version, joined(e.namespaces)}))
          << '\n';
  if (a.no_compile) return kOk;
  // Compile now, so that broken rules are refused here and not met by every validation.
  auto engine = SchematronEngine::instance(SchematronEngineSettings::defaults());
  if (!engine) {
    ctx.say("note", N_("the rules were not compiled: {0}"), {i18n::message(engine.error())});
    ctx.hint(N_("install default-jre-headless libsaxonhe-java to run them"));
    return kOk;
  }
  std::vector<std::filesystem::path> files;
  for (const auto& f : e.files) files.push_back(repo->path(f));
  auto rules = (*engine)->compile(repo->path(e.file), files, repo->root() / "cache" / "schematron");
  if (!rules) {
    (void)repo->remove(e.name);
    return ctx.report(rules.error());
  }
  return kOk;
}

int do_list(Context& ctx, const SchematronArgs& a) {
  auto repo = SchematronRepository::open(ctx.repo_root());
  if (!repo) return ctx.report(repo.error());
  if (a.format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto& e : repo->entries()) j.push_back(to_json(e));
    ctx.out << j.dump(2) << '\n';
    return kOk;
  }
  if (repo->entries().empty()) {
    ctx.say("note", N_("the repository at {0} holds no Schematron rules"),
            {ctx.repo_root().string()});
    ctx.hint(N_("ozg schematron add FILE.sch"));
    return kOk;
  }
  std::size_t wn = 4, wv = 7;
  for (const auto& e : repo->entries()) {
    wn = std::max(wn, e.name.size());
    wv = std::max(wv, e.version.size());
  }
  ctx.out << std::left << std::setw(static_cast<int>(wn)) << "NAME"
          << "  " << std::setw(static_cast<int>(wv)) << "VERSION"
          << "  NAMESPACES\n";
  for (const auto& e : repo->entries())
    ctx.out << std::setw(static_cast<int>(wn)) << e.name << "  " << std::setw(static_cast<int>(wv))
            << (e.version.empty() ? "-" : e.version) << "  " << joined(e.namespaces) << '\n';
  return kOk;
}

int do_remove(Context& ctx, const SchematronArgs& a) {
  auto repo = SchematronRepository::open(ctx.repo_root());
  if (!repo) return ctx.report(repo.error());
  auto n = repo->remove(a.what);
  if (!n) return ctx.report(n.error());
  ctx.out << i18n::fmt(N_("removed {0} Schematron file(s)"), {std::to_string(*n)}) << '\n';
  return kOk;
}

}  // namespace

void setup_schematron(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<SchematronArgs>();
  sub.require_subcommand(1);
  auto* add = sub.add_subcommand(
      "add", "install a .sch file (and the files it includes) for the namespaces it checks");
  add->add_option("file", a->source, "ISO Schematron file (.sch)")->required();
  add->add_option("--name", a->name, "name in the repository (default: the file name)");
  add->add_option("--namespace", a->namespaces,
                  "check messages in this namespace (repeatable; default: the namespaces the "
                  "rules' contexts name)");
  add->add_option("--version", a->version,
                  "version shown in reports (default: schemaVersion, else the folder's name)");
  add->add_flag("--no-compile", a->no_compile, "do not compile the rules now");
  add->callback([&ctx, a] { ctx.status = do_add(ctx, *a); });

  auto* list = sub.add_subcommand("list", "name, version and namespaces of every Schematron file");
  list->add_option("-f,--format", a->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  list->callback([&ctx, a] { ctx.status = do_list(ctx, *a); });

  auto* rm = sub.add_subcommand("remove", "remove a Schematron file, or those of a namespace");
  rm->add_option("what", a->what, "name or namespace URI")->required();
  rm->callback([&ctx, a] { ctx.status = do_remove(ctx, *a); });
  sub.footer(help_footer("ozg-schematron"));
  for (CLI::App* c : sub.get_subcommands({})) c->footer(help_footer("ozg-schematron"));
}

}  // namespace xoev::cli
