// ozg schemas add|list|show|remove|fetch: the local schema repository.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstring>
#include <filesystem>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "context.hpp"
#include "help_footer.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/transport/download.hpp"

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

std::string joined_names(const std::vector<const SchemaEntry*>& v, std::size_t max) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < max; ++i) s += (i ? ", " : "") + v[i]->file_name();
  if (v.size() > max) s += ", +" + std::to_string(v.size() - max);
  return s.empty() ? "-" : s;
}

void print_add(Context& ctx, const SchemaRepository& repo, const AddReport& r) {
  const std::string to = (repo.root() / "schemas" / r.bundle).string();
  ctx.out << (r.catalogs > 0
                  ? i18n::fmt(N_("added {0} schema(s) as bundle '{1}' with {2} catalog(s) to {3}"),
                              {std::to_string(r.files), r.bundle, std::to_string(r.catalogs), to})
                  : i18n::fmt(N_("added {0} schema(s) as bundle '{1}' to {2}"),
                              {std::to_string(r.files), r.bundle, to}))
          << '\n';
  constexpr std::size_t kShown = 5;
  for (std::size_t i = 0; i < r.failed.size() && i < kShown; ++i)
    ctx.say("warning", N_("{0} does not compile: {1}"), {r.failed[i]->path, r.failed[i]->problem});
  if (r.failed.size() > kShown)
    ctx.say("warning", N_("... and {0} more; 'ozg schemas list' shows them all"),
            {std::to_string(r.failed.size() - kShown)});
  if (!r.failed.empty())
    ctx.hint(
        N_("the other schemas are not affected; messages of a namespace are validated with a "
           "schema that compiles. Add what is missing, or remove the broken file with 'ozg "
           "schemas remove FILE'."));
}

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
  std::error_code ec;
  const fs::path work = repo->root() / (".fetch-" + std::to_string(::getpid()));
  fs::remove_all(work, ec);
  fs::create_directories(work / "unpacked", ec);
  if (ec) return ctx.report({ErrorKind::Config, "REPO006", "cannot create " + work.string(), {}});
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(p, e);
    }
  } cleanup{work};
  transport::DownloadOptions opts;
  opts.ca_file = a.ca_file;
  auto got = transport::download(a.source, work, opts);
  if (!got) return ctx.report(got.error());
  fs::path source = got->file;
  if (got->file.extension() != ".xsd") {
    auto n = extract_archive(got->file, work / "unpacked");
    if (!n) return ctx.report(n.error());
    source = work / "unpacked";
  }
  // The bundle is named after the file: "eCH-0020-3-0.zip" and "ech.tar.gz" give
  // "eCH-0020-3-0" and "ech".
  std::string stem = got->file.filename().string();
  for (const char* ext : {".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip", ".xsd"}) {
    if (stem.size() > std::strlen(ext) && stem.ends_with(ext)) {
      stem.resize(stem.size() - std::strlen(ext));
      break;
    }
  }
  auto r = repo->add(source, a.name.value_or(stem), a.source);
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
  if (a.format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto* e : rows) {
      std::vector<std::string> by;
      for (const auto* r : repo->referrers(*e)) by.push_back(r->path);
      j.push_back({{"namespace", e->target_namespace},
                   {"version", e->version},
                   {"file", e->path},
                   {"status", e->status},
                   {"problem", e->problem},
                   {"included_by", e->included_by},
                   {"imported_by", by},
                   {"elements", e->elements}});
    }
    ctx.out << j.dump(2) << '\n';
    return kOk;
  }
  if (rows.empty()) {
    ctx.err << "ozg: the repository at " << repo->root().string() << " holds no schemas"
            << (a.filter.empty() ? "" : " matching '" + a.filter + "'")
            << "\n    hint: ozg schemas add DIR\n";
    return kOk;
  }
  std::size_t wn = 9, wv = 7, wf = 4;
  for (const auto* e : rows) {
    wn = std::max(wn, e->target_namespace.size());
    wv = std::max(wv, e->version.size());
    wf = std::max(wf, e->path.size());
  }
  ctx.out << std::left << std::setw(static_cast<int>(wn)) << "NAMESPACE"
          << "  " << std::setw(static_cast<int>(wv)) << "VERSION"
          << "  " << std::setw(static_cast<int>(wf)) << "FILE"
          << "  " << std::setw(6) << "STATUS"
          << "  IMPORTED BY\n";
  for (const auto* e : rows) {
    ctx.out << std::setw(static_cast<int>(wn))
            << (e->target_namespace.empty() ? "-" : e->target_namespace) << "  "
            << std::setw(static_cast<int>(wv)) << (e->version.empty() ? "-" : e->version) << "  "
            << std::setw(static_cast<int>(wf)) << e->path << "  " << std::setw(6) << e->status
            << "  " << joined_names(repo->referrers(*e), 3) << '\n';
  }
  std::size_t failed = std::count_if(rows.begin(), rows.end(),
                                     [](const SchemaEntry* e) { return e->status == "error"; });
  ctx.out << rows.size() << " schema(s) in " << repo->bundles().size() << " bundle(s)";
  if (failed > 0) ctx.out << "; " << failed << " do not compile (ozg schemas show FILE tells why)";
  ctx.out << '\n';
  return kOk;
}

void show_entry(Context& ctx, const SchemaRepository& repo, const SchemaEntry& e) {
  ctx.out << e.path << "\n  file:       " << repo.file_path(e).string()
          << "\n  namespace:  " << e.target_namespace
          << "\n  version:    " << (e.version.empty() ? "-" : e.version)
          << "\n  status:     " << e.status;
  if (e.status == "part") ctx.out << " (included by " << e.included_by << ")";
  if (!e.problem.empty()) ctx.out << "\n  problem:    " << e.problem;
  ctx.out << "\n  sha256:     " << e.sha256 << "\n  elements:   ";
  for (std::size_t i = 0; i < e.elements.size(); ++i) ctx.out << (i ? ", " : "") << e.elements[i];
  if (e.elements.empty()) ctx.out << "-";
  ctx.out << '\n';
  for (const auto& r : e.refs) {
    auto target = repo.resolve(r.ns, r.location, repo.file_path(e));
    const SchemaEntry* t = target ? repo.find(target->string()) : nullptr;
    ctx.out << "  " << std::left << std::setw(10) << (r.kind + ":") << r.location;
    if (!r.ns.empty() && r.location.empty()) ctx.out << "(namespace " << r.ns << ")";
    ctx.out << "\n              -> "
            << (t != nullptr ? t->path
                : target     ? target->string()
                             : "NOT AVAILABLE LOCALLY")
            << '\n';
  }
  ctx.out << "  used by:    " << joined_names(repo.referrers(e), 10) << '\n';
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
  ctx.out << "namespace " << a.what << ": " << docs.size() << " document(s)\n";
  for (const auto& root : roots) {
    const SchemaChoice c = repo->choose(a.what, root);
    if (c.entry != nullptr)
      ctx.out << "  <" << root << "> validates with " << c.entry->path << " (" << c.reason << ")\n";
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
  ctx.out << "removed " << *n << " schema(s)\n";
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
