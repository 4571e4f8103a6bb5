// The target schema's part in mappings: loading it for ordering, and `ozg mapping check`'s
// static comparison of the rules' target paths with it.

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include "mapping/mapping_impl.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev {

namespace fs = std::filesystem;
using namespace mapping;

Result<std::string> Mapping::use_target_schema(const SchemaRepository& repo, DiagnosticSink& sink) {
  Impl& m = *impl_;
  if (m.doc.target_format != DataFormat::Xml || m.root_local.empty())
    return fail(ErrorKind::Usage, "MAP313", N_("the mapping has no XML target"));
  fs::path file;
  std::string shown;
  if (!m.doc.target_schema.empty()) {
    const fs::path local = m.doc.target_schema_dir / m.doc.target_schema;
    std::error_code ec;
    if (fs::is_regular_file(local, ec)) {
      file = local;
      shown = local.string();
    } else {
      auto e = repo.lookup(m.doc.target_schema);
      if (!e) return std::unexpected(e.error());
      file = repo.file_path(**e);
      shown = (*e)->path;
    }
  } else {
    const SchemaChoice choice = repo.choose(m.root_ns, m.root_local);
    if (choice.entry == nullptr)
      return fail(ErrorKind::Config, "XSD110",
                  N_("no schema in the repository declares the target root {{0}}{1}"),
                  {m.root_ns, m.root_local},
                  N_("add the official schemas with 'ozg schemas add FOLDER', or name one with "
                     "target.schema"));
    file = repo.file_path(*choice.entry);
    shown = choice.entry->path;
  }
  const std::size_t before = sink.error_count();
  auto compiled = xml::CompiledSchema::compile(file, repo, sink, false);
  if (!compiled || sink.error_count() > before)
    return fail(ErrorKind::Config, "XSD112", N_("target schema {0} does not compile"), {shown});
  auto model = std::make_shared<xml::SchemaModel>(std::move(compiled));
  const void* root = model->global_element(m.root_ns, m.root_local);
  if (root == nullptr)
    return fail(ErrorKind::Config, "XSD114",
                N_("target schema {0} does not declare the root element {{1}}{2}"),
                {shown, m.root_ns, m.root_local});
  m.order = std::make_shared<SchemaOrder>(std::move(model), root, shown);
  return shown;
}

namespace {

/// What the rules produce below one target element, for the required-element check.
struct Shape {
  const void* decl = nullptr;
  std::string path;
  Location loc;         ///< The first rule that produces it.
  bool opaque = false;  ///< A copy or an unknown element fills it: nothing to check below.
  std::set<std::pair<std::string, std::string>> elements;
  std::set<std::pair<std::string, std::string>> attributes;
  std::map<std::pair<std::string, std::string>, Shape> kids;
};

class Checker {
 public:
  Checker(const Mapping::Impl& m, DiagnosticSink& sink) : m_(m), sink_(sink) {
    for (const auto& [prefix, uri] : m.doc.target_ns) prefixes_.emplace(uri, prefix);
  }

  void run() {
    Shape root;
    root.decl = m_.order->root();
    root.path = m_.doc.root_text;
    root.loc = m_.doc.root_loc;
    walk(m_.doc.rules, root, m_.root_ns);
    required(root);
  }

 private:
  const Mapping::Impl& m_;
  DiagnosticSink& sink_;
  std::multimap<std::string, std::string> prefixes_;

  std::string qname(const std::string& ns, const std::string& local) const {
    auto it = prefixes_.find(ns);
    if (it != prefixes_.end() && !it->second.empty()) return it->second + ":" + local;
    if (ns.empty() || it != prefixes_.end()) return local;
    return "{" + ns + "}" + local;
  }

  /// The hint: the allowed children, nearest to `wanted` first (a template and its argument).
  std::pair<const char*, std::string> allowed_list(const xml::ElementModel& model,
                                                   const std::string& wanted) const {
    std::vector<std::pair<std::size_t, std::string>> names;
    for (const auto& c : model.children)
      names.emplace_back(edit_distance(wanted, c.local), qname(c.ns, c.local));
    if (names.empty()) return {N_("it has no child elements"), {}};
    std::string out;
    std::sort(names.begin(), names.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    for (std::size_t i = 0; i < names.size() && i < 6; ++i)
      out += (i > 0 ? ", " : "") + names[i].second;
    if (names.size() > 6) out += ", ...";
    return {N_("allowed here: {0}"), out};
  }

  void walk(const std::vector<Rule>& rules, Shape& shape, const std::string& ns) {
    for (const auto& r : rules) {
      if (r.remove) continue;
      Shape* at = &shape;
      std::string at_ns = ns;
      bool ok = true;
      for (std::size_t i = 0; i < r.target.size() && ok; ++i) {
        const Step& s = r.target[i];
        std::string step_ns;
        if (!s.prefix.empty()) {
          auto it = m_.doc.target_ns.find(s.prefix);
          step_ns = it != m_.doc.target_ns.end() ? it->second : "";
        } else if (!s.attribute) {
          step_ns = at_ns;
        }
        if (at->opaque || at->decl == nullptr) {
          ok = false;
          break;
        }
        const xml::ElementModel& model = m_.order->model().model(at->decl);
        if (s.attribute) {
          const bool known =
              model.any_attribute || std::any_of(model.attributes.begin(), model.attributes.end(),
                                                 [&](const xml::AttrDecl& a) {
                                                   return a.local == s.local && a.ns == step_ns;
                                                 });
          if (!known)
            sink_.add(i18n::make(Severity::Error, "MAP313", r.loc,
                                 N_("target '{0}': the schema has no attribute {1} on {2}"),
                                 {r.target_text, s.text(), at->path}));
          at->attributes.emplace(step_ns, s.local);
          ok = false;
          break;
        }
        const xml::ChildDecl* c = model.child(step_ns, s.local);
        if (c == nullptr) {
          if (model.any_element) {
            at->elements.emplace(step_ns, s.local);
            Shape& kid = at->kids[{step_ns, s.local}];
            kid.opaque = true;
            ok = false;
            break;
          }
          const auto [hint, allowed] = allowed_list(model, s.local);
          sink_.add(
              i18n::make(Severity::Error, "MAP313", r.loc,
                         N_("target '{0}': {1} is not allowed in {2} by {3}"),
                         {r.target_text, qname(step_ns, s.local), at->path, m_.order->schema()}, {},
                         hint, {allowed}));
          ok = false;
          break;
        }
        at->elements.emplace(step_ns, s.local);
        Shape& kid = at->kids[{step_ns, s.local}];
        if (kid.path.empty()) {
          kid.decl = c->decl;
          kid.path = at->path + "/" + qname(step_ns, s.local);
          kid.loc = r.loc;
        }
        at = &kid;
        at_ns = step_ns;
      }
      if (!ok) continue;
      if (r.copy) {
        at->opaque = true;
        continue;
      }
      walk(r.rules, *at, at_ns);
    }
  }

  void required(const Shape& s) {
    if (s.opaque || s.decl == nullptr) return;
    const xml::ElementModel& model = m_.order->model().model(s.decl);
    for (const auto& c : model.children)
      if (c.required && s.elements.count({c.ns, c.local}) == 0)
        sink_.add(i18n::make(Severity::Error, "MAP314", s.loc,
                             N_("required element {0} in {1} is produced by no rule"),
                             {qname(c.ns, c.local), s.path}, {},
                             N_("add a rule with target '{0}' (a 'default' if the source may "
                                "lack it)"),
                             {qname(c.ns, c.local)}));
    for (const auto& a : model.attributes)
      if (a.required && s.attributes.count({a.ns, a.local}) == 0)
        sink_.add(i18n::make(Severity::Error, "MAP314", s.loc,
                             N_("required attribute @{0} of {1} is produced by no rule"),
                             {qname(a.ns, a.local), s.path}));
    for (const auto& [_, kid] : s.kids) required(kid);
  }
};

void check_columns(const MappingDoc& doc, DiagnosticSink& sink) {
  if (doc.columns.empty()) return;
  // Rows are the top-level targets; their children are the columns.
  std::function<void(const std::vector<Rule>&, int)> walk = [&](const std::vector<Rule>& rules,
                                                                int depth) {
    for (const auto& r : rules) {
      if (r.remove) continue;
      const int here = depth + static_cast<int>(r.target.size());
      if (here >= 2 && depth < 2) {
        const std::string& col = r.target[static_cast<std::size_t>(1 - depth)].local;
        if (std::find(doc.columns.begin(), doc.columns.end(), col) == doc.columns.end())
          sink.add(i18n::make(Severity::Error, "MAP313", r.loc,
                              N_("column '{0}' is not in target.columns"), {col}, {},
                              N_("add it to target.columns, or it is left out of the CSV")));
      }
      if (here < 2) walk(r.rules, here);
    }
  };
  walk(doc.rules, 0);
}

}  // namespace

void Mapping::check(DiagnosticSink& sink) const {
  if (impl_->doc.target_format == DataFormat::Csv) check_columns(impl_->doc, sink);
  if (impl_->order) Checker(*impl_, sink).run();
}

}  // namespace xoev
