// ozg schemas add|list|show|remove|fetch: the local schema repository.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "context.hpp"
#include "help_footer.hpp"
#include "schemas_output.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/transport/download.hpp"
#include "xoev/util/text.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;

namespace {

struct SchemasArgs {
  std::string source;
  std::optional<std::string> name;
  std::string what;
  std::string format = "text";
  std::string filter;
  std::string ca_file;
};

int do_add(Context& ctx, const SchemasArgs& a) {
  auto repo = SchemaRepository::open(ctx.repo_root());
  if (!repo) return ctx.report(repo.error());
  auto r = repo->add(a.source, a.name);
  if (!r) return ctx.report(r.error());
  print_add(ctx, *repo, *r);
  return kOk;
}

int do_fetch(Context& ctx, const SchemasArgs& a) {
  auto repo = SchemaRepository::open(ctx.repo_root());
  if (!repo) return ctx.report(repo.error());
  transport::DownloadOptions opts;
  opts.ca_file = a.ca_file;
  auto r = transport::fetch_schemas(*repo, a.source, a.name, opts);
  if (!r) return ctx.report(r.error());
  print_add(ctx, *repo, *r);
  return kOk;
}

int do_list(Context& ctx, const SchemasArgs& a) {
  auto repo = SchemaRepository::open(ctx.repo_root());
  if (!repo) return ctx.report(repo.error());
  std::vector<const SchemaEntry*> rows;
  for (const auto& e : repo->entries())
    if (a.filter.empty() || e.target_namespace.find(a.filter) != std::string::npos ||
        e.path.find(a.filter) != std::string::npos)
      rows.push_back(&e);
  std::stable_sort(rows.begin(), rows.end(), [](const SchemaEntry* x, const SchemaEntry* y) {
    if (x->target_namespace != y->target_namespace)
      return x->target_namespace < y->target_namespace;
    return compare_versions(x->version, y->version) < 0;
  });
  if (rows.empty() && a.format != "json") {
    if (a.filter.empty())
      ctx.say("note", N_("the repository at {0} holds no schemas"), {repo->root().string()});
    else
      ctx.say("note", N_("the repository at {0} holds no schemas matching '{1}'"),
              {repo->root().string(), a.filter});
    ctx.hint(N_("ozg schemas add DIR"));
    return kOk;
  }
  print_schema_list(ctx, *repo, rows, a.format == "json");
  return kOk;
}

int do_show(Context& ctx, const SchemasArgs& a) {
  auto repo = SchemaRepository::open(ctx.repo_root());
  if (!repo) return ctx.report(repo.error());
  auto docs = repo->by_namespace(a.what);
  if (docs.empty()) {
    auto e = repo->lookup(a.what);
    if (!e) return ctx.report(e.error());
    show_entry(ctx, *repo, **e);
    return kOk;
  }
  // Which document validates which root element.
  std::set<std::string> roots;
  for (const auto* d : docs)
    for (const auto& el : d->elements) roots.insert(el);
  ctx.out << i18n::fmt(N_("namespace {0}: {1} document(s)"), {a.what, std::to_string(docs.size())})
          << '\n';
  for (const auto& root : roots) {
    const SchemaChoice c = repo->choose(a.what, root);
    if (c.entry != nullptr)
      ctx.out << "  "
              << i18n::fmt(N_("<{0}> validates with {1} ({2})"),
                           {root, c.entry->path, i18n::text(c.reason)})
              << '\n';
  }
  ctx.out << '\n';
  for (const auto* d : docs) {
    show_entry(ctx, *repo, *d);
    ctx.out << '\n';
  }
  return kOk;
}

int do_remove(Context& ctx, const SchemasArgs& a) {
  auto repo = SchemaRepository::open(ctx.repo_root());
  if (!repo) return ctx.report(repo.error());
  auto n = repo->remove(a.what);
  if (!n) return ctx.report(n.error());
  ctx.out << i18n::fmt(N_("removed {0} schema(s)"), {std::to_string(*n)}) << '\n';
  return kOk;
}

}  // namespace

void setup_schemas(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<SchemasArgs>();
  sub.require_subcommand(1);
  auto* add = sub.add_subcommand(
      "add", "copy the XSDs of a folder (recursively) or a file into the repository");
  add->add_option("source", a->source, "folder or .xsd file")->required();
  add->add_option("--name", a->name, "bundle name (default: derived from the folder name)");
  add->callback([&ctx, a] { ctx.status = do_add(ctx, *a); });

  auto* fetch = sub.add_subcommand(
      "fetch", "download an .xsd or a zip of schemas (http/https) into the repository");
  fetch->add_option("url", a->source, "URL of an .xsd, .zip or .tar.gz")->required();
  fetch->add_option("--name", a->name, "bundle name (default: derived from the URL)");
  fetch->add_option("--cacert", a->ca_file,
                    "trust the CA certificates in this PEM file instead of the system's");
  fetch->callback([&ctx, a] { ctx.status = do_fetch(ctx, *a); });

  auto* list = sub.add_subcommand(
      "list", "namespace, version, file, compile status and importers of every schema");
  list->add_option("filter", a->filter, "only rows whose namespace or file contains this text");
  list->add_option("-f,--format", a->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  list->callback([&ctx, a] { ctx.status = do_list(ctx, *a); });

  auto* show = sub.add_subcommand(
      "show",
      "details of a namespace or a schema file, and which file validates which root element");
  show->add_option("what", a->what, "namespace URI, repository path or file name")->required();
  show->callback([&ctx, a] { ctx.status = do_show(ctx, *a); });

  auto* rm =
      sub.add_subcommand("remove", "remove a bundle, a namespace or a file from the repository");
  rm->add_option("what", a->what, "bundle name, namespace URI, repository path or file name")
      ->required();
  rm->callback([&ctx, a] { ctx.status = do_remove(ctx, *a); });
  sub.footer(help_footer("ozg-schemas"));
  for (CLI::App* c : sub.get_subcommands({})) c->footer(help_footer("ozg-schemas"));
}

}  // namespace xoev::cli
