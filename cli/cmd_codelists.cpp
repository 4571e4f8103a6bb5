// ozg codelists add|list|show: genericode code lists and the eCH-0071/0072 registers in the local
// repository.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>

#include "context.hpp"
#include "help_footer.hpp"
#include "xoev/codelist/codelist.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev::cli {

namespace {

struct CodeListArgs {
  std::string source;
  std::string uri;
  std::optional<std::string> version;
  std::string format = "text";
  std::string coverage = "auto";
};

void pad(std::ostream& out, const std::string& s, std::size_t w) {
  out << s << std::string(w > utf8_length(s) ? w - utf8_length(s) : 0, ' ');
}

int do_add(Context& ctx, const CodeListArgs& a) {
  auto lists = CodeListRepository::open(ctx.repo_root());
  if (!lists) return ctx.report(lists.error());
  const CodeListCoverage coverage = a.coverage == "partial"    ? CodeListCoverage::Partial
                                    : a.coverage == "complete" ? CodeListCoverage::Complete
                                                               : CodeListCoverage::Auto;
  auto r = lists->add(a.source, coverage);
  if (!r) return ctx.report(r.error());
  ctx.out << i18n::fmt(N_("added {0} code list(s); {1} installed"),
                       {std::to_string(r->added), std::to_string(lists->entries().size())})
          << '\n';
  for (const auto& n : r->notes) {
    const std::vector<std::string> args{n.uri, n.version, n.file, i18n::text(n.why)};
    ctx.out << "  "
            << (n.partial
                    ? i18n::fmt(n.forced ? N_("{0} {1} from {2}: {3}, so partial (--coverage)")
                                         : N_("{0} {1} from {2}: {3}, so partial"),
                                args)
                    : i18n::fmt(n.forced ? N_("{0} {1} from {2}: {3}, so complete (--coverage)")
                                         : N_("{0} {1} from {2}: {3}, so complete"),
                                args))
            << '\n';
  }
  for (const auto& s : r->skipped) ctx.say("note", N_("skipped {0}"), {i18n::message(s)});
  if (r->added == 0) {
    ctx.say("error", N_("no code list (genericode, eCH-0071, eCH-0072) in {0}"), {a.source},
            "REPO011");
    return kUnreadable;
  }
  return kOk;
}

int do_list(Context& ctx, const CodeListArgs& a) {
  auto lists = CodeListRepository::open(ctx.repo_root());
  if (!lists) return ctx.report(lists.error());
  std::vector<const CodeListEntry*> rows;
  for (const auto& e : lists->entries())
    if (a.uri.empty() || e.uri.find(a.uri) != std::string::npos) rows.push_back(&e);
  if (a.format == "json") {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto* e : rows)
      j.push_back({{"uri", e->uri},
                   {"version", e->version},
                   {"name", e->short_name},
                   {"rows", e->rows},
                   {"key", e->key_column},
                   {"format", e->format},
                   {"partial", e->partial}});
    ctx.out << j.dump(2) << '\n';
    return kOk;
  }
  if (rows.empty()) {
    if (a.uri.empty())
      ctx.say("note", N_("no code lists installed"));
    else
      ctx.say("note", N_("no code lists installed matching '{0}'"), {a.uri});
    ctx.hint(N_("ozg codelists add DIR"));
    return kOk;
  }
  std::size_t wu = 3, wv = 7;
  for (const auto* e : rows) {
    wu = std::max(wu, utf8_length(e->uri));
    wv = std::max(wv, utf8_length(e->version));
  }
  pad(ctx.out, "URI", wu);
  ctx.out << "  ";
  pad(ctx.out, "VERSION", wv);
  ctx.out << "  " << std::setw(6) << "CODES"
          << "  NAME\n";
  for (const auto* e : rows) {
    pad(ctx.out, e->uri, wu);
    ctx.out << "  ";
    pad(ctx.out, e->version, wv);
    ctx.out << "  " << std::setw(6) << e->rows << "  " << e->short_name
            << (e->partial ? " " + i18n::tr(N_("(partial)")) : "") << '\n';
  }
  ctx.out << i18n::fmt(N_("{0} code list(s)"), {std::to_string(rows.size())}) << '\n';
  return kOk;
}

int do_show(Context& ctx, const CodeListArgs& a) {
  auto lists = CodeListRepository::open(ctx.repo_root());
  if (!lists) return ctx.report(lists.error());
  const auto versions = lists->versions(a.uri);
  if (versions.empty())
    return ctx.report(make_error(ErrorKind::Usage, "CL202", N_("code list {0} is not installed"),
                                 {a.uri}, N_("ozg codelists list shows what is installed")));
  const CodeListEntry* e = versions.front();
  if (a.version) {
    e = lists->find(a.uri, *a.version);
    if (e == nullptr) {
      std::string have;
      for (const auto* v : versions) have += " " + v->version;
      return ctx.report(make_error(ErrorKind::Usage, "CL202",
                                   N_("code list {0} version {1} is not installed"),
                                   {a.uri, *a.version}, N_("installed versions:{0}"), {have}));
    }
  }
  auto t = lists->table(*e);
  if (!t) return ctx.report(t.error());
  if (a.format == "json") {
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& row : t->rows) {
      nlohmann::ordered_json r;
      for (std::size_t i = 0; i < t->columns.size(); ++i) r[t->columns[i]] = row[i];
      rows.push_back(std::move(r));
    }
    nlohmann::ordered_json j{{"uri", t->uri},         {"version", t->version},
                             {"name", t->short_name}, {"key", t->key_column},
                             {"columns", t->columns}, {"rows", rows}};
    ctx.out << j.dump(2) << '\n';
    return kOk;
  }
  ctx.out << i18n::fmt(
                 e->partial ? N_("{0} version {1}: {2} ({3} codes, key column {4}, partial)")
                            : N_("{0} version {1}: {2} ({3} codes, key column {4})"),
                 {t->uri, t->version, t->long_name, std::to_string(t->rows.size()), t->key_column})
          << "\n\n";
  constexpr std::size_t kMaxCell = 60;
  std::vector<std::size_t> w(t->columns.size());
  for (std::size_t i = 0; i < w.size(); ++i) w[i] = utf8_length(t->columns[i]);
  for (const auto& row : t->rows)
    for (std::size_t i = 0; i < w.size(); ++i)
      w[i] = std::min(kMaxCell, std::max(w[i], utf8_length(row[i])));
  auto cell = [&](const std::string& s, std::size_t i, bool last) {
    std::string v = s;
    if (utf8_length(v) > kMaxCell) {
      std::size_t cut = 0, seen = 0;
      while (cut < v.size() && seen < kMaxCell - 1) {
        if ((static_cast<unsigned char>(v[cut]) & 0xC0) != 0x80) ++seen;
        ++cut;
      }
      while (cut < v.size() && (static_cast<unsigned char>(v[cut]) & 0xC0) == 0x80) ++cut;
      v = v.substr(0, cut) + "…";
    }
    if (last)
      ctx.out << v;
    else
      pad(ctx.out, v, w[i]);
  };
  for (std::size_t i = 0; i < w.size(); ++i) {
    cell(t->columns[i], i, i + 1 == w.size());
    if (i + 1 < w.size()) ctx.out << "  ";
  }
  ctx.out << '\n';
  for (const auto& row : t->rows) {
    for (std::size_t i = 0; i < w.size(); ++i) {
      cell(row[i], i, i + 1 == w.size());
      if (i + 1 < w.size()) ctx.out << "  ";
    }
    ctx.out << '\n';
  }
  return kOk;
}

}  // namespace

void setup_codelists(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<CodeListArgs>();
  sub.require_subcommand(1);
  auto* add = sub.add_subcommand(
      "add",
      "index the code lists (genericode, eCH-0071, eCH-0072) of a folder (recursively) or a file");
  add->add_option("source", a->source, "folder or code-list file")->required();
  add->add_option("--coverage", a->coverage,
                  "eCH lists: auto (judge by content), partial or complete")
      ->check(CLI::IsMember({"auto", "partial", "complete"}));
  add->callback([&ctx, a] { ctx.status = do_add(ctx, *a); });
  auto* list =
      sub.add_subcommand("list", "installed code lists: URI, version, number of codes, name");
  list->add_option("--uri", a->uri, "only lists whose URI contains this text");
  list->add_option("-f,--format", a->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  list->callback([&ctx, a] { ctx.status = do_list(ctx, *a); });
  auto* show =
      sub.add_subcommand("show", "the rows of a code list (newest version unless --version)");
  show->add_option("uri", a->uri, "canonical URI, e.g. urn:de:xoev:codeliste:erreichbarkeit")
      ->required();
  show->add_option("--version", a->version, "list version");
  show->add_option("-f,--format", a->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}));
  show->callback([&ctx, a] { ctx.status = do_show(ctx, *a); });
  sub.footer(help_footer("ozg-codelists"));
  for (CLI::App* c : sub.get_subcommands({})) c->footer(help_footer("ozg-codelists"));
}

}  // namespace xoev::cli
