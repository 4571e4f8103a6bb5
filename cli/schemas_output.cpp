#include "schemas_output.hpp"

#include <algorithm>
#include <array>
#include <iomanip>
#include <nlohmann/json.hpp>

#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev::cli {

namespace {

std::string joined_names(const std::vector<const SchemaEntry*>& v, std::size_t max) {
  std::string s;
  for (std::size_t i = 0; i < v.size() && i < max; ++i) s += (i ? ", " : "") + v[i]->file_name();
  if (v.size() > max) s += ", +" + std::to_string(v.size() - max);
  return s.empty() ? "-" : s;
}

}  // namespace

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

void show_entry(Context& ctx, const SchemaRepository& repo, const SchemaEntry& e) {
  // Labels in the user's language, in a column as wide as the widest of them needs.
  static constexpr std::array kLabels{N_("file"),     N_("namespace"), N_("version"),
                                      N_("status"),   N_("problem"),   N_("sha256"),
                                      N_("elements"), N_("used by")};
  std::size_t width = 0;
  for (const char* l : kLabels) width = std::max(width, utf8_length(i18n::tr(l)));
  const auto label = [&](std::size_t i) {
    const std::string l = i18n::tr(kLabels[i]) + ":";
    return "\n  " + l + std::string(width + 3 - utf8_length(l), ' ');
  };
  const auto dash = [](const std::string& v) { return v.empty() ? std::string("-") : v; };
  ctx.out << e.path << label(0) << repo.file_path(e).string() << label(1) << e.target_namespace
          << label(2) << dash(e.version) << label(3) << e.status;
  if (e.status == "part") ctx.out << ' ' << i18n::fmt(N_("(included by {0})"), {e.included_by});
  if (!e.problem.empty()) ctx.out << label(4) << e.problem;
  std::string elements;
  for (const auto& el : e.elements) elements += (elements.empty() ? "" : ", ") + el;
  ctx.out << label(5) << e.sha256 << label(6) << dash(elements) << '\n';
  for (const auto& r : e.refs) {
    auto target = repo.resolve(r.ns, r.location, repo.file_path(e));
    const SchemaEntry* t = target ? repo.find(target->string()) : nullptr;
    ctx.out << "  " << std::left << std::setw(10) << (r.kind + ":") << r.location;
    if (!r.ns.empty() && r.location.empty()) ctx.out << i18n::fmt(N_("(namespace {0})"), {r.ns});
    ctx.out << "\n              -> "
            << (t != nullptr ? t->path
                : target     ? target->string()
                             : i18n::tr(N_("NOT AVAILABLE LOCALLY")))
            << '\n';
  }
  ctx.out << label(7).substr(1) << joined_names(repo.referrers(e), 10) << '\n';
}

void print_schema_list(Context& ctx, const SchemaRepository& repo,
                       const std::vector<const SchemaEntry*>& rows, bool json) {
  if (json) {
    nlohmann::ordered_json j = nlohmann::ordered_json::array();
    for (const auto* e : rows) {
      std::vector<std::string> by;
      for (const auto* user : repo.referrers(*e)) by.push_back(user->path);
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
    return;
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
            << "  " << joined_names(repo.referrers(*e), 3) << '\n';
  }
  std::size_t failed = std::count_if(rows.begin(), rows.end(),
                                     [](const SchemaEntry* e) { return e->status == "error"; });
  ctx.out << i18n::fmt(N_("{0} schema(s) in {1} bundle(s)"),
                       {std::to_string(rows.size()), std::to_string(repo.bundles().size())});
  if (failed > 0)
    ctx.out << "; "
            << i18n::fmt(N_("{0} do not compile (ozg schemas show FILE tells why)"),
                         {std::to_string(failed)});
  ctx.out << '\n';
}

}  // namespace xoev::cli
