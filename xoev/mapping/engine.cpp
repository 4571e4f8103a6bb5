// The mapping engine: loading (with static checks of every expression) and applying the rules
// to one input; the target tree is written by writer.cpp.

#include <libxml/xpathInternals.h>
#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "mapping/mapping_impl.hpp"
#include "mapping/runtime.hpp"
#include "mapping/writer.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/inspect/inspect.hpp"
#include "xoev/util/text.hpp"

namespace xoev {

namespace fs = std::filesystem;
using namespace mapping;

std::string_view to_string(DataFormat f) {
  switch (f) {
    case DataFormat::Xml:
      return "xml";
    case DataFormat::Json:
      return "json";
    case DataFormat::Csv:
      return "csv";
  }
  return "xml";
}

std::string_view extension(DataFormat f) {
  switch (f) {
    case DataFormat::Xml:
      return ".xml";
    case DataFormat::Json:
      return ".json";
    case DataFormat::Csv:
      return ".csv";
  }
  return ".xml";
}

namespace {

const xmlChar* X(const std::string& s) { return reinterpret_cast<const xmlChar*>(s.c_str()); }
std::string S(const xmlChar* s) { return s != nullptr ? reinterpret_cast<const char*>(s) : ""; }

/// Variables every mapping can use besides its params.
constexpr std::array<std::string_view, 1> kBuiltinVariables{"input-file"};

/// How many steps (libxml2's opCount: operations and nodes visited) one evaluation of an
/// expression may take: kXPathOpsBase, or kXPathOpsPerNode per node of the input if that is
/// more. A linear expression stays far below (the persons of ech0020-persons-to-csv, which test
/// every element, take 7 per node); one that is quadratic in the input, such as a '//' inside a
/// predicate, is stopped (MAP323) after about a second, or a time proportional to the input,
/// instead of running for hours. libxml2 does about 70 million steps a second.
constexpr unsigned long kXPathOpsBase = 100'000'000;
constexpr unsigned long kXPathOpsPerNode = 200;

/// Elements, attributes and text nodes of `doc`, counted without recursion.
unsigned long count_nodes(xmlDoc* doc) {
  unsigned long n = 0;
  xmlNode* cur = xmlDocGetRootElement(doc);
  while (cur != nullptr) {
    ++n;
    if (cur->type == XML_ELEMENT_NODE)
      for (const xmlAttr* a = cur->properties; a != nullptr; a = a->next) ++n;
    if (cur->type == XML_ELEMENT_NODE && cur->children != nullptr) {
      cur = cur->children;
      continue;
    }
    while (cur != nullptr && cur->next == nullptr) {
      cur = cur->parent;
      if (cur != nullptr && cur->type == XML_DOCUMENT_NODE) cur = nullptr;
    }
    if (cur != nullptr) cur = cur->next;
  }
  return n;
}

void on_xpath_error(void* user, xmlErrorPtr e) {
  auto* st = static_cast<RunState*>(user);
  if (st == nullptr || e == nullptr) return;
  std::string msg = e->message != nullptr ? e->message : "XPath error";
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  st->xpath_error = msg;
}

struct XPathContextDeleter {
  void operator()(xmlXPathContext* c) const { xmlXPathFreeContext(c); }
};
struct XPathObjectDeleter {
  void operator()(xmlXPathObject* o) const { xmlXPathFreeObject(o); }
};
using XPathObject = std::unique_ptr<xmlXPathObject, XPathObjectDeleter>;

template <typename F>
void for_each_expr(std::vector<Rule>& rules, F&& f) {
  for (auto& r : rules) {
    for (auto* e : {&r.from, &r.each, &r.context, &r.when, &r.copy})
      if (*e) f(**e, r);
    for (auto* t : {&r.value, &r.fail})
      if (*t)
        for (auto& p : (*t)->parts)
          if (p.expr) f(*p.expr, r);
    for_each_expr(r.rules, f);
  }
}

template <typename F>
void for_each_rule(const std::vector<Rule>& rules, F&& f) {
  for (const auto& r : rules) {
    f(r);
    for_each_rule(r.rules, f);
  }
}

/// A hint as a template (N_) with its arguments.
struct Hint {
  const char* tmpl;
  std::vector<std::string> args;
};

/// "did you mean 'x'?" for the nearest of `known`, else `otherwise` (N_, no arguments).
Hint nearest_hint(std::string_view name, const std::vector<std::string_view>& known,
                  const char* otherwise) {
  if (auto best = closest_match(name, known))
    return {N_("did you mean '{0}'?"), {std::string(*best)}};
  return {otherwise, {}};
}

/// An error whose hint is `h`.
Diagnostic with_hint(Severity severity, std::string code, Location loc, const char* tmpl,
                     std::vector<std::string> args, const Hint& h) {
  return i18n::make(severity, std::move(code), std::move(loc), tmpl, std::move(args), {}, h.tmpl,
                    h.args);
}

}  // namespace

void Mapping::Impl::compile(DiagnosticSink& sink) {
  RunState st;
  std::unique_ptr<xmlXPathContext, XPathContextDeleter> ctx(xmlXPathNewContext(nullptr));
  ctx->userData = &st;
  ctx->error = on_xpath_error;
  register_functions(ctx.get());

  std::vector<std::string_view> functions(xpath_function_names().begin(),
                                          xpath_function_names().end());
  functions.insert(functions.end(), ozg_function_names().begin(), ozg_function_names().end());
  std::vector<std::string_view> variables(kBuiltinVariables.begin(), kBuiltinVariables.end());
  for (const auto& [name, p] : doc.params) variables.push_back(name);
  for_each_rule(doc.rules, [&](const Rule& r) {
    if (!r.as.empty()) variables.push_back(r.as);
  });
  std::vector<std::string_view> maps;
  for (const auto& [name, m] : doc.valuemaps) maps.push_back(name);
  static const re2::RE2 kMapCall(R"(\bmap\s*\(\s*['"]([^'"]*)['"])");
  std::set<std::string, std::less<>> used_maps;

  auto check_expr = [&](Expr& e) {
    if (e.text.empty()) return;
    for (const auto& f : called_functions(e.text))
      if (std::find(functions.begin(), functions.end(), f) == functions.end())
        sink.add(with_hint(
            Severity::Error, "MAP306", e.loc, N_("unknown function '{0}()' in '{1}'"), {f, e.text},
            nearest_hint(f, functions, N_("see man ozg-mapping(5) for the functions"))));
    for (const auto& v : referenced_variables(e.text))
      if (std::find(variables.begin(), variables.end(), v) == variables.end())
        sink.add(with_hint(
            Severity::Error, "MAP307", e.loc, N_("unknown parameter '${0}' in '{1}'"), {v, e.text},
            closest_match(v, variables)
                ? Hint{N_("did you mean '${0}'?"), {std::string(*closest_match(v, variables))}}
                : Hint{N_("declare it under 'params:'"), {}}));
    for (const auto& p : used_prefixes(e.text))
      if (doc.source_ns.find(p) == doc.source_ns.end())
        sink.add(i18n::make(Severity::Error, "MAP309", e.loc,
                            N_("namespace prefix '{0}' in '{1}' is not declared under "
                               "source.namespaces"),
                            {p, e.text}));
    re2::StringPiece rest(e.text);
    std::string map;
    while (re2::RE2::FindAndConsume(&rest, kMapCall, &map))
      if (used_maps.insert(map); doc.valuemaps.find(map) == doc.valuemaps.end())
        sink.add(
            with_hint(Severity::Error, "MAP308", e.loc, N_("unknown value map '{0}'"), {map},
                      nearest_hint(map, maps, N_("see man ozg-mapping(5) for the value maps"))));
    st.xpath_error.clear();
    xmlXPathCompExpr* c = xmlXPathCtxtCompile(ctx.get(), X(e.text));
    if (c == nullptr) {
      sink.add(i18n::make(Severity::Error, "MAP305", e.loc,
                          st.xpath_error.empty()
                              ? N_("XPath expression '{0}' does not compile: syntax error")
                              : N_("XPath expression '{0}' does not compile: {1}"),
                          {e.text, st.xpath_error}, {},
                          N_("expressions are XPath 1.0; quote string literals with '...'")));
      return;
    }
    e.compiled.reset(c, xmlXPathFreeCompExpr);
  };
  for_each_expr(doc.rules, [&](Expr& e, const Rule&) { check_expr(e); });
  if (doc.split) check_expr(*doc.split);

  for_each_rule(doc.rules, [&](const Rule& r) {
    if (!r.map.empty()) used_maps.insert(r.map);
    if (!r.map.empty() && doc.valuemaps.find(r.map) == doc.valuemaps.end())
      sink.add(
          with_hint(Severity::Error, "MAP308", r.map_loc, N_("unknown value map '{0}'"), {r.map},
                    nearest_hint(r.map, maps, N_("see man ozg-mapping(5) for the value maps"))));
    for (const auto& s : r.target) check_step_prefix(s, r.loc, sink);
  });
  for (const auto& [name, loc] : doc.overlay_new_valuemaps) {
    if (used_maps.count(name) != 0) continue;
    std::vector<std::string_view> others;
    for (const auto& m : maps)
      if (m != name) others.push_back(m);
    const auto best = closest_match(name, others);
    sink.add(with_hint(
        Severity::Error, "MAP308", loc,
        N_("value map '{0}' is not in the mapping this file extends, and no rule uses it"), {name},
        best ? Hint{N_("did you mean '{0}'? an overlay's value map adds to the base's map of the "
                       "same name"),
                    {std::string(*best)}}
             : Hint{N_("an overlay's value map adds to the base's map of the same name"), {}}));
  }

  if (doc.target_format == DataFormat::Xml) {
    if (doc.root_text.empty()) {
      sink.error("MAP303", Location{doc.file.string(), 0, 0},
                 N_("an XML target needs 'target: {root: prefix:element}'"));
    } else {
      auto steps = parse_target(doc.root_text, doc.root_loc, sink);
      if (steps.size() != 1 || steps[0].attribute) {
        sink.error("MAP303", doc.root_loc, N_("target.root must be one element name"));
      } else {
        root_prefix = steps[0].prefix;
        root_local = steps[0].local;
        check_step_prefix(steps[0], doc.root_loc, sink);
        if (auto it = doc.target_ns.find(root_prefix); it != doc.target_ns.end())
          root_ns = it->second;
      }
    }
  }
  if (doc.source_format != DataFormat::Xml && !doc.source_ns.empty())
    sink.add(i18n::make(Severity::Warning, "MAP303", Location{doc.file.string(), 0, 0},
                        N_("source.namespaces is ignored for a {0} source"),
                        {std::string(to_string(doc.source_format))}));
}

void Mapping::Impl::check_step_prefix(const Step& s, const Location& loc,
                                      DiagnosticSink& sink) const {
  if (s.prefix.empty()) return;
  if (doc.target_format != DataFormat::Xml) {
    sink.add(i18n::make(Severity::Error, "MAP309", loc, N_("prefix '{0}' in a {1} target path"),
                        {s.prefix, std::string(to_string(doc.target_format))}, {},
                        N_("JSON and CSV targets have no namespaces; write the plain name")));
  } else if (doc.target_ns.find(s.prefix) == doc.target_ns.end()) {
    sink.add(i18n::make(Severity::Error, "MAP309", loc,
                        N_("namespace prefix '{0}' is not declared under target.namespaces"),
                        {s.prefix}));
  }
}

namespace {

/// Applies the rules of a mapping to one source document, building the target tree.
class Executor {
 public:
  Executor(const Mapping::Impl& m, RunState& st, xmlXPathContext* xp)
      : m_(m), doc_(m.doc), st_(st), xp_(xp) {}

  xmlDoc* build(xmlNode* context) {
    out_ = xmlNewDoc(X("1.0"));
    xmlNode* root = nullptr;
    if (doc_.target_format == DataFormat::Xml) {
      root = xmlNewDocNode(out_, nullptr, X(m_.root_local), nullptr);
      xmlDocSetRootElement(out_, root);
      for (const auto& [prefix, uri] : doc_.target_ns) {
        xmlNs* ns = xmlNewNs(root, X(uri), prefix.empty() ? nullptr : X(prefix));
        by_prefix_[prefix] = ns;
        by_uri_.emplace(uri, ns);
      }
      if (auto it = by_prefix_.find(m_.root_prefix); it != by_prefix_.end())
        xmlSetNs(root, it->second);
    } else {
      root = xmlNewDocNode(out_, nullptr, X("root"), nullptr);
      xmlDocSetRootElement(out_, root);
    }
    run(doc_.rules, context, root);
    return out_;
  }

  /// The nodes that `split` selects (the source root without one).
  std::optional<std::vector<xmlNode*>> split_nodes() {
    if (!doc_.split) return std::vector<xmlNode*>{st_.source->root()};
    st_.rule = nullptr;
    auto nodes = eval_nodes(*doc_.split, st_.source->root(), "split");
    if (nodes && nodes->empty())
      st_.error("MAP310", N_("'split: {0}' selects nothing: no document to produce"),
                {doc_.split->text});
    return nodes;
  }

  /// The JSON types and array items the rules gave the target elements.
  const TargetShape& shape() const { return shape_; }

 private:
  const Mapping::Impl& m_;
  const MappingDoc& doc_;
  RunState& st_;
  xmlXPathContext* xp_;
  xmlDoc* out_ = nullptr;
  std::map<std::string, xmlNs*, std::less<>> by_prefix_;
  std::map<std::string, xmlNs*, std::less<>> by_uri_;
  TargetShape shape_;
  int generated_ns_ = 0;

  XPathObject eval(const Expr& e, xmlNode* ctx) {
    if (!e.compiled) return nullptr;
    st_.node = ctx;
    st_.value_node = nullptr;
    st_.xpath_error.clear();
    xp_->node = ctx;
    xp_->opCount = 0;  // the limit is per evaluation; libxml2 only ever adds
    XPathObject r(xmlXPathCompiledEval(e.compiled.get(), xp_));
    if (!r) st_.value_node = nullptr;  // a failed expression is located at its context
    if (!r && xp_->opLimit != 0 && xp_->opCount >= xp_->opLimit) {
      st_.error(
          "MAP323",
          st_.rule == nullptr ? N_("'{0}' takes more than {1} XPath steps on this input (at "
                                   "{2})")
                              : N_("'{0}' takes more than {1} XPath steps on this input"),
          {e.text, std::to_string(xp_->opLimit),
           e.loc.file + ":" + std::to_string(e.loc.line) + ":" + std::to_string(e.loc.column)},
          N_("the expression grows faster than its input, as a '//' or count() inside a "
             "predicate does (every node visits every other); select relative to the "
             "context node instead"));
      return nullptr;
    }
    if (!r && !st_.failed)
      st_.error("MAP319",
                st_.xpath_error.empty() ? N_("cannot evaluate '{0}': XPath error")
                                        : N_("cannot evaluate '{0}': {1}"),
                {e.text, st_.xpath_error},
                N_("check the expression against the input's structure and namespaces"));
    return r;
  }

  /// The value of `e` as a string; nullopt for an empty node-set or an empty string.
  std::optional<std::string> eval_string(const Expr& e, xmlNode* ctx) {
    XPathObject r = eval(e, ctx);
    if (!r) return std::nullopt;
    st_.note_value(r.get());
    if (r->type == XPATH_NODESET && (r->nodesetval == nullptr || r->nodesetval->nodeNr == 0))
      return std::nullopt;
    xmlChar* s = xmlXPathCastToString(r.get());
    std::string out = S(s);
    xmlFree(s);
    if (out.empty()) return std::nullopt;
    return out;
  }

  bool eval_bool(const Expr& e, xmlNode* ctx) {
    XPathObject r = eval(e, ctx);
    return r && xmlXPathCastToBoolean(r.get()) != 0;
  }

  std::optional<std::vector<xmlNode*>> eval_nodes(const Expr& e, xmlNode* ctx,
                                                  std::string_view key) {
    XPathObject r = eval(e, ctx);
    if (!r) return std::nullopt;
    if (r->type != XPATH_NODESET) {
      st_.error("MAP319",
                r->type == XPATH_STRING   ? N_("'{0}: {1}' must select nodes, not a string")
                : r->type == XPATH_NUMBER ? N_("'{0}: {1}' must select nodes, not a number")
                                          : N_("'{0}: {1}' must select nodes, not a boolean"),
                {std::string(key), e.text}, N_("write a path such as 'members/member'"));
      return std::nullopt;
    }
    std::vector<xmlNode*> nodes;
    if (r->nodesetval != nullptr)
      for (int i = 0; i < r->nodesetval->nodeNr; ++i) {
        xmlNode* n = r->nodesetval->nodeTab[i];
        // Namespace nodes are copies that die with the result: they cannot be kept.
        if (n->type == XML_NAMESPACE_DECL) {
          st_.error("MAP319", N_("'{0}: {1}' selects namespace nodes"), {std::string(key), e.text},
                    N_("select elements, attributes or text"));
          return std::nullopt;
        }
        nodes.push_back(n);
      }
    return nodes;
  }

  std::optional<std::string> eval_template(const Template& t, xmlNode* ctx) {
    std::string out;
    for (const auto& p : t.parts) {
      if (p.expr) {
        if (auto v = eval_string(*p.expr, ctx)) out += *v;
      } else {
        out += p.literal;
      }
    }
    if (out.empty()) return std::nullopt;
    return out;
  }

  xmlNs* ns_for_step(const Step& s, xmlNode* parent) const {
    if (doc_.target_format != DataFormat::Xml) return nullptr;
    if (!s.prefix.empty()) {
      auto it = by_prefix_.find(s.prefix);
      return it != by_prefix_.end() ? it->second : nullptr;
    }
    if (s.attribute) return nullptr;  // unprefixed attributes are in no namespace
    return parent != nullptr && parent->type == XML_ELEMENT_NODE ? parent->ns : nullptr;
  }

  static bool same_name(const xmlNode* n, const xmlNs* ns, const std::string& local) {
    if (n->type != XML_ELEMENT_NODE || S(n->name) != local) return false;
    const std::string a = n->ns != nullptr ? S(n->ns->href) : "";
    const std::string b = ns != nullptr ? S(ns->href) : "";
    return a == b;
  }

  /// Finds (the last) or creates each of steps[0, n) below `parent`; new nodes go to `created`.
  xmlNode* ensure(xmlNode* parent, const std::vector<Step>& steps, std::size_t n,
                  std::vector<xmlNode*>& created) {
    for (std::size_t i = 0; i < n; ++i) {
      xmlNs* ns = ns_for_step(steps[i], parent);
      xmlNode* found = nullptr;
      for (xmlNode* c = parent->last; c != nullptr; c = c->prev)
        if (same_name(c, ns, steps[i].local)) {
          found = c;
          break;
        }
      if (found == nullptr) {
        found = xmlNewDocNode(out_, ns, X(steps[i].local), nullptr);
        xmlAddChild(parent, found);
        created.push_back(found);
      }
      parent = found;
    }
    return parent;
  }

  static bool is_empty(const xmlNode* n) {
    return n->children == nullptr && n->properties == nullptr;
  }

  /// Removes the nodes of `created` (innermost last) that ended up empty.
  void prune(std::vector<xmlNode*>& created) {
    for (auto it = created.rbegin(); it != created.rend(); ++it) {
      if (!is_empty(*it)) break;
      xmlUnlinkNode(*it);
      xmlFreeNode(*it);
    }
  }

  xmlNs* target_ns_for(const xmlNs* src) {
    if (src == nullptr) return nullptr;
    std::string uri = S(src->href);
    if (auto it = doc_.rename_ns.find(uri); it != doc_.rename_ns.end()) uri = it->second;
    if (auto it = by_uri_.find(uri); it != by_uri_.end()) return it->second;
    // Not declared by the mapping: declare it on the root with the source's prefix if free.
    std::string prefix = S(src->prefix);
    if (prefix.empty() || by_prefix_.count(prefix) != 0)
      prefix = "ns" + std::to_string(++generated_ns_);
    xmlNs* ns = xmlNewNs(xmlDocGetRootElement(out_), X(uri), X(prefix));
    by_prefix_[prefix] = ns;
    by_uri_[uri] = ns;
    return ns;
  }

  void set_attribute(xmlNode* el, xmlNs* ns, const std::string& local, const std::string& value) {
    xmlSetNsProp(el, ns, X(local), X(value));
  }

  /// Deep copy of a source node under `parent`, renaming namespaces as the mapping says.
  void copy_node(const xmlNode* n, xmlNode* parent) {
    switch (n->type) {
      case XML_ELEMENT_NODE: {
        xmlNode* el = xmlNewDocNode(out_, target_ns_for(n->ns), n->name, nullptr);
        xmlAddChild(parent, el);
        for (const xmlAttr* a = n->properties; a != nullptr; a = a->next) {
          xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
          set_attribute(el, target_ns_for(a->ns), S(a->name), S(v));
          xmlFree(v);
        }
        bool has_elements = false;
        for (const xmlNode* c = n->children; c != nullptr; c = c->next)
          if (c->type == XML_ELEMENT_NODE) has_elements = true;
        for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
          if (has_elements && c->type == XML_TEXT_NODE && xmlIsBlankNode(c)) continue;
          copy_node(c, el);
        }
        break;
      }
      case XML_TEXT_NODE:
      case XML_CDATA_SECTION_NODE:
        xmlAddChild(parent, xmlNewDocText(out_, n->content));
        break;
      case XML_ATTRIBUTE_NODE: {
        xmlChar* v = xmlNodeGetContent(n);
        set_attribute(parent, target_ns_for(n->ns), S(n->name), S(v));
        xmlFree(v);
        break;
      }
      default:
        break;  // comments and processing instructions are not copied
    }
  }

  void run(const std::vector<Rule>& rules, xmlNode* src, xmlNode* tgt) {
    for (const auto& r : rules) {
      if (st_.sink->capped()) return;
      run_rule(r, src, tgt);
    }
  }

  void run_rule(const Rule& r, xmlNode* src, xmlNode* tgt) {
    st_.rule = &r;
    st_.node = src;
    st_.failed = false;
    xmlNode* ctx = src;
    if (r.context) {
      auto nodes = eval_nodes(*r.context, src, "context");
      if (!nodes) return;
      if (nodes->empty()) {
        if (r.required)
          st_.error("MAP310", N_("required source missing: 'context: {0}' selects nothing"),
                    {r.context->text});
        return;
      }
      ctx = nodes->front();
    }
    if (r.each) {
      auto items = eval_nodes(*r.each, ctx, "each");
      if (!items) return;
      if (items->empty() && r.required) {
        st_.node = ctx;
        st_.error("MAP310", N_("required source missing: 'each: {0}' selects nothing"),
                  {r.each->text});
      }
      // $as is the item inside the rule; the outer binding (if any) comes back afterwards.
      xmlXPathObject* outer = r.as.empty() ? nullptr : xmlXPathVariableLookup(xp_, X(r.as));
      for (xmlNode* item : *items) {
        if (!r.as.empty()) xmlXPathRegisterVariable(xp_, X(r.as), xmlXPathNewNodeSet(item));
        apply(r, item, tgt, true);
        st_.rule = &r;
      }
      if (!r.as.empty()) xmlXPathRegisterVariable(xp_, X(r.as), outer);
      return;
    }
    apply(r, ctx, tgt, false);
  }

  void apply(const Rule& r, xmlNode* ctx, xmlNode* tgt, bool array_item) {
    st_.rule = &r;
    st_.node = ctx;
    st_.failed = false;
    if (r.when && !eval_bool(*r.when, ctx)) return;
    if (st_.failed) return;
    if (r.fail) {
      // The mapping refuses this input (an event it cannot convert without losing data).
      const std::string why = eval_template(*r.fail, ctx).value_or("refused by the mapping");
      st_.value_node = nullptr;  // the refusal is about the context, not a value
      if (!st_.failed)
        // The mapping's own words (its 'fail:'), and the rule's name.
        st_.error("MAP320", r.name.empty() ? "{0}" : N_("{0} [rule '{1}']"), {why, r.name},
                  N_("this mapping does not handle such input; convert it another way or extend "
                     "the mapping"));
      return;
    }
    std::vector<xmlNode*> created;

    if (r.copy) {
      auto nodes = eval_nodes(*r.copy, ctx, "copy");
      if (!nodes) return;
      if (nodes->empty()) {
        if (r.required)
          st_.error("MAP310", N_("required source missing: 'copy: {0}' selects nothing"),
                    {r.copy->text});
        return;
      }
      xmlNode* parent = ensure(tgt, r.target, r.target.size(), created);
      for (xmlNode* n : *nodes) copy_node(n, parent);
      return;
    }

    std::optional<std::string> value;
    const bool valued = r.from || r.value || r.default_value;
    if (r.from)
      value = eval_string(*r.from, ctx);
    else if (r.value)
      value = eval_template(*r.value, ctx);
    if (st_.failed) return;
    // A value from the source is translated by the value map; a default is a target value.
    if (value && !r.map.empty()) {
      value = translate(r, *value);
      if (!value) return;
    }
    if (!value && r.default_value) value = *r.default_value;
    if (valued && !value && r.rules.empty()) {
      if (r.required) {
        st_.node = ctx;
        st_.error("MAP310", N_("required value missing: '{0}' is empty or selects nothing"),
                  {r.from ? r.from->text : r.value->text},
                  N_("fix the input, or give the rule a 'default'"));
      }
      return;
    }
    if (r.target.empty()) {  // a group that only changes the source context
      run(r.rules, ctx, tgt);
      st_.rule = &r;
      return;
    }
    if (r.target.back().attribute) {
      xmlNode* parent = ensure(tgt, r.target, r.target.size() - 1, created);
      if (value)
        set_attribute(parent, ns_for_step(r.target.back(), parent), r.target.back().local, *value);
      prune(created);
      return;
    }
    xmlNode* parent = ensure(tgt, r.target, r.target.size() - 1, created);
    xmlNode* el = xmlNewDocNode(out_, ns_for_step(r.target.back(), parent),
                                X(r.target.back().local), nullptr);
    xmlAddChild(parent, el);
    created.push_back(el);
    if (value) {
      xmlAddChild(el, xmlNewDocText(out_, X(*value)));
      if (r.type != ValueType::String) shape_.types[el] = r.type;
    }
    if (array_item) shape_.arrays.insert(el);
    run(r.rules, ctx, el);
    st_.rule = &r;
    st_.node = ctx;
    st_.value_node = nullptr;
    if (is_empty(el) && !r.keep_empty) {
      if (r.required && !st_.failed)
        st_.error("MAP310", N_("required element '{0}' got no content from the source"),
                  {r.target_text});
      prune(created);
    }
  }

  std::optional<std::string> translate(const Rule& r, const std::string& v) {
    auto it = doc_.valuemaps.find(r.map);
    if (it == doc_.valuemaps.end()) return std::nullopt;  // reported when loading
    if (auto f = it->second.values.find(v); f != it->second.values.end()) return f->second;
    if (it->second.default_value) return *it->second.default_value;
    std::string known;
    std::size_t n = 0;
    for (const auto& [k, _] : it->second.values) {
      if (++n > 8) {
        known += ", ...";
        break;
      }
      known += (known.empty() ? "" : ", ") + ("'" + k + "'");
    }
    st_.error("MAP311", N_("value '{0}' is not in value map '{1}' (known: {2})"), {v, r.map, known},
              N_("add it to the value map at {0}:{1}, or give the map a 'default'"),
              {it->second.loc.file, std::to_string(it->second.loc.line)});
    return std::nullopt;
  }
};

/// A mapping that names its source root(s) reads nothing else: an eCH-0020 v1 delivery given to
/// the v2 -> v3 mapping, or a sedex envelope given to persons-to-csv, is refused up front with
/// what the mapping reads and what the input is (MAP320), instead of failing somewhere inside;
/// with `skip`, it is a note (MAP324) and the input is skipped. Returns whether to go on.
bool refuse_other_documents(const MappingDoc& doc, const SourceDoc& source, bool skip,
                            DiagnosticSink& sink, TransformResult& result) {
  if (doc.source_roots.empty() || doc.source_format != DataFormat::Xml) return true;
  const xmlNode* root = source.root();
  const std::string have_ns = root->ns != nullptr ? S(root->ns->href) : "";
  const std::string have = S(root->name);
  std::string wanted;
  for (const auto& name : doc.source_roots) {
    const auto colon = name.find(':');
    const std::string prefix = colon == std::string::npos ? "" : name.substr(0, colon);
    const std::string local = colon == std::string::npos ? name : name.substr(colon + 1);
    const auto ns = doc.source_ns.find(prefix);
    const std::string want_ns = ns == doc.source_ns.end() ? "" : ns->second;
    if (have == local && have_ns == want_ns) return true;
    wanted += (wanted.empty() ? "" : " or ") + ("<" + local + "> in " + want_ns);
  }
  const StandardInfo is = describe_namespace(have_ns);
  const std::string reads = doc.source_reads.empty() ? wanted : doc.source_reads;
  const Error what =
      have_ns.empty()
          ? make_error(ErrorKind::Input, "MAP320",
                       N_("this mapping reads {0}; this input is <{1}> without a namespace"),
                       {reads, have},
                       N_("give the mapping an input of the kind it reads, or use "
                          "another mapping"))
          : make_error(
                ErrorKind::Input, "MAP320",
                N_("this mapping reads {0}; this input is {1} <{2}> (namespace {3})"),
                {reads, is.name + (is.version.empty() ? "" : " v" + is.version), have, have_ns},
                N_("give the mapping an input of the kind it reads, or use another "
                   "mapping"));
  if (skip) {
    Error note = within(what, N_("skipped: {0}"));
    note.code = "MAP324";
    note.hint.clear();
    sink.add(i18n::diagnostic(Severity::Note, note, source.location(root), "/" + have));
    result.skipped = true;
  } else {
    sink.add(i18n::diagnostic(Severity::Error, what, source.location(root), "/" + have));
  }
  return false;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> parse_clock(const std::string& iso) {
  return parse_iso_time(iso);
}

Mapping::Mapping(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Mapping::Mapping(Mapping&&) noexcept = default;
Mapping& Mapping::operator=(Mapping&&) noexcept = default;
Mapping::~Mapping() = default;

Result<Mapping> Mapping::load(const fs::path& file, DiagnosticSink& sink) {
  xmlInitParser();
  const std::size_t before = sink.error_count();
  auto doc = read_mapping(file, sink);
  if (!doc)
    return fail(ErrorKind::Config, "MAP301", N_("cannot load mapping {0}"), {file.string()});
  auto impl = std::make_unique<Impl>();
  impl->doc = std::move(*doc);
  impl->compile(sink);
  if (sink.error_count() > before)
    return fail(ErrorKind::Config, "MAP301", N_("mapping {0} has {1} error(s)"),
                {file.string(), std::to_string(sink.error_count() - before)});
  return Mapping(std::move(impl));
}

const fs::path& Mapping::file() const { return impl_->doc.file; }
DataFormat Mapping::source_format() const { return impl_->doc.source_format; }
DataFormat Mapping::target_format() const { return impl_->doc.target_format; }
const std::vector<MappingExample>& Mapping::examples() const { return impl_->doc.examples; }
bool Mapping::splits() const { return impl_->doc.split.has_value(); }

Params Mapping::resolve_params(const Params& given, DiagnosticSink& sink) const {
  const MappingDoc& doc = impl_->doc;
  Params values;
  // --param, then the declared environment variable, then the default.
  for (const auto& [name, _] : given) {
    if (doc.params.find(name) == doc.params.end()) {
      std::vector<std::string_view> known;
      for (const auto& [k, p] : doc.params) known.push_back(k);
      sink.add(
          with_hint(Severity::Error, "MAP307", Location{doc.file.string(), 0, 0},
                    N_("--param {0}: the mapping has no parameter '{0}'"), {name},
                    nearest_hint(name, known, N_("see man ozg-mapping(5) for the parameters"))));
    }
  }
  for (const auto& [name, p] : doc.params) {
    std::optional<std::string> v;
    if (auto it = given.find(name); it != given.end())
      v = it->second;
    else if (const char* e = p.env.empty() ? nullptr : std::getenv(p.env.c_str());
             e != nullptr && *e != 0)
      v = e;
    else
      v = p.default_value;
    if (!v && p.required) {
      const char* hint =
          p.env.empty() ? (p.description.empty() ? N_("pass --param {0}=VALUE")
                                                 : N_("pass --param {0}=VALUE ({2})"))
                        : (p.description.empty() ? N_("pass --param {0}=VALUE or set {1}")
                                                 : N_("pass --param {0}=VALUE or set {1} ({2})"));
      sink.add(i18n::make(Severity::Error, "MAP307", p.loc,
                          N_("parameter '{0}' is required and not given"), {name}, {}, hint,
                          {name, p.env, p.description}));
    }
    values[name] = v.value_or("");
  }
  return values;
}

TransformResult Mapping::transform(const fs::path& input, const std::string& display,
                                   const TransformOptions& options) const {
  TransformResult result;
  DiagnosticSink sink(options.max_errors);
  const MappingDoc& doc = impl_->doc;

  RunState st;
  st.doc = &doc;
  st.options = &options;
  st.sink = &sink;
  st.now = options.now.value_or(std::chrono::system_clock::now());
  if (options.uuid_seed) st.rng.emplace(*options.uuid_seed);

  st.params = resolve_params(options.params, sink);
  if (sink.error_count() > 0) {
    result.errors = sink.error_count();
    result.diagnostics = sink.take();
    return result;
  }

  auto source = SourceDoc::load(input, display, doc.source_format, sink);
  if (!source) {
    result.errors = sink.error_count();
    result.diagnostics = sink.take();
    return result;
  }
  st.source = source.get();
  if (!refuse_other_documents(doc, *source, options.skip_other_documents, sink, result)) {
    result.errors = sink.error_count();
    result.diagnostics = sink.take();
    return result;
  }

  std::unique_ptr<xmlXPathContext, XPathContextDeleter> xp(xmlXPathNewContext(source->doc()));
  xp->opLimit = std::max(kXPathOpsBase, kXPathOpsPerNode * count_nodes(source->doc()));
  xp->userData = &st;
  xp->error = on_xpath_error;
  register_functions(xp.get());
  for (const auto& [prefix, uri] : doc.source_ns) xmlXPathRegisterNs(xp.get(), X(prefix), X(uri));
  for (const auto& [name, v] : st.params)
    xmlXPathRegisterVariable(xp.get(), X(name), xmlXPathNewString(X(v)));
  const std::string input_file = fs::path(display).filename().string();
  xmlXPathRegisterVariable(xp.get(), X("input-file"), xmlXPathNewString(X(input_file)));

  std::vector<XmlDocPtr> outs;
  Executor ex(*impl_, st, xp.get());
  if (auto nodes = ex.split_nodes())
    for (xmlNode* n : *nodes) {
      outs.emplace_back(ex.build(n));
      if (sink.capped()) break;
    }
  xmlXPathRegisteredVariablesCleanup(xp.get());
  result.errors = sink.error_count();
  result.diagnostics = sink.take();
  if (result.errors > 0) return result;

  std::string csv_rows;
  for (const auto& out : outs) {
    xmlNode* root = xmlDocGetRootElement(out.get());
    switch (doc.target_format) {
      case DataFormat::Xml:
        if (impl_->order) impl_->order->apply(root);
        result.outputs.push_back(write_xml(out.get()));
        break;
      case DataFormat::Json:
        result.outputs.push_back(write_json(root, ex.shape()));
        break;
      case DataFormat::Csv:
        if (result.csv_header.empty())
          result.csv_header = write_csv_header(doc, root, options.csv_keep_formulas);
        csv_rows += write_csv_rows(doc, root, options.csv_keep_formulas);
        break;
    }
  }
  if (doc.target_format == DataFormat::Csv) result.outputs.push_back(std::move(csv_rows));
  return result;
}

}  // namespace xoev
