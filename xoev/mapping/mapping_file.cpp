// Reading mapping files: YAML with yaml-cpp marks for every diagnostic, `extends` overlays
// (replace, add or remove rules by name or target path; several levels; cycles rejected) and
// `include`d value-map files.
//
// Mapping files are shared between municipalities, so they are untrusted input. yaml-cpp keeps
// an alias (*name) as a second reference to its anchor's node, which is cheap to load but is
// walked as a full copy by the reader below (rules, value maps, lists): 9 levels of 10 aliases,
// under a kilobyte, stand for 10^9 rules. Every file is therefore measured first, from its parse
// events, and refused (MAP321) when all the files of one mapping would exceed kMaxMappingNodes
// nodes with their aliases expanded, or kMaxMappingBytes bytes; an alias to the node that
// contains it, which would make an endless structure, is refused too.

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "mapping/model.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev::mapping {

namespace fs = std::filesystem;

namespace {

/// What one mapping may read, over all the files it extends and includes: 25 times the largest
/// shipped mapping (ech0020-v2-to-v3, 4,100 nodes and 650 rules in 50 KiB); a value map with
/// every Swiss municipality would take about 5,000 nodes.
constexpr std::uint64_t kMaxMappingNodes = 100'000;

Location mark_of(const fs::path& file, const YAML::Mark& m) {
  if (m.line < 0) return Location{file.string(), 0, 0};
  return Location{file.string(), static_cast<uint32_t>(m.line + 1),
                  static_cast<uint32_t>(m.column + 1)};
}

/// Counts the nodes of a YAML document with its aliases expanded, from the parser's events
/// (nothing is built), and stops at the first node beyond the budget or at an alias of a node
/// that is still open (one that contains the alias).
class NodeCounter : public YAML::EventHandler {
 public:
  struct Stop {
    YAML::Mark mark;
    std::string alias;  ///< "*name" when an alias went beyond the budget or loops; else empty.
    bool loop = false;
  };

  explicit NodeCounter(std::uint64_t budget) : budget_(budget) {}
  [[nodiscard]] std::uint64_t count() const { return count_; }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnAnchor(const YAML::Mark&, const std::string& name) override { pending_name_ = name; }
  void OnNull(const YAML::Mark& m, YAML::anchor_t a) override { leaf(m, a); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                const std::string&) override {
    leaf(m, a);
  }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t a) override {
    const std::string alias = "*" + name_of(a);
    if (open_.count(a) != 0) throw Stop{m, alias, true};
    const auto it = sizes_.find(a);
    add(m, it != sizes_.end() ? it->second : 1, alias);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                       YAML::EmitterStyle::value) override {
    open(m, a);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t a,
                  YAML::EmitterStyle::value) override {
    open(m, a);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    YAML::anchor_t anchor;
    std::uint64_t first;  ///< count_ before the node.
  };
  std::uint64_t budget_;
  std::uint64_t count_ = 0;                                  ///< Never above budget_.
  std::unordered_map<YAML::anchor_t, std::uint64_t> sizes_;  ///< Expanded size per anchor.
  std::unordered_map<YAML::anchor_t, std::string> names_;
  std::unordered_set<YAML::anchor_t> open_;
  std::vector<Open> stack_;
  std::string pending_name_;

  std::string name_of(YAML::anchor_t a) const {
    const auto it = names_.find(a);
    return it != names_.end() ? it->second : std::to_string(a);
  }
  void named(YAML::anchor_t a) {
    if (a == YAML::NullAnchor) return;
    names_[a] = pending_name_;
    pending_name_.clear();
  }
  void add(const YAML::Mark& m, std::uint64_t n, const std::string& alias = {}) {
    if (n > budget_ - count_) throw Stop{m, alias, false};
    count_ += n;
  }
  void leaf(const YAML::Mark& m, YAML::anchor_t a) {
    named(a);
    add(m, 1);
    if (a != YAML::NullAnchor) sizes_[a] = 1;
  }
  void open(const YAML::Mark& m, YAML::anchor_t a) {
    named(a);
    stack_.push_back({a, count_});
    if (a != YAML::NullAnchor) open_.insert(a);
    add(m, 1);
  }
  void close() {
    const Open o = stack_.back();
    stack_.pop_back();
    if (o.anchor == YAML::NullAnchor) return;
    open_.erase(o.anchor);
    sizes_[o.anchor] = count_ - o.first;
  }
};

Location mark_of(const fs::path& file, const YAML::Node& n) { return mark_of(file, n.Mark()); }

/// The items of a list, or the value itself: keys that take one value or several.
std::vector<YAML::Node> one_or_many(const YAML::Node& n) {
  if (!n.IsSequence()) return {n};
  std::vector<YAML::Node> out;
  for (const auto& x : n) out.push_back(x);
  return out;
}

class Reader {
 public:
  /// `root`: the folder (canonical) that the mapping's files must lie in.
  Reader(DiagnosticSink& sink, fs::path root) : sink_(sink), root_(std::move(root)) {}

  std::optional<MappingDoc> read(const fs::path& file, std::vector<fs::path>& stack,
                                 const Location& from) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(file, ec);
    if (ec) canonical = file;
    if (std::find(stack.begin(), stack.end(), canonical) != stack.end()) {
      std::string chain;
      for (const auto& p : stack) chain += p.filename().string() + " -> ";
      chain += canonical.filename().string();
      sink_.add(
          i18n::make(Severity::Error, "MAP304", from, N_("'extends' cycle: {0}"), {chain}, {},
                     N_("a mapping cannot extend itself, directly or through another mapping")));
      return std::nullopt;
    }
    auto root = load_yaml(file, from);
    if (!root) return std::nullopt;
    stack.push_back(canonical);
    auto doc = read_doc(file, *root, stack);
    stack.pop_back();
    return doc;
  }

 private:
  DiagnosticSink& sink_;
  fs::path root_;
  fs::path file_;  // the file being read
  std::uintmax_t bytes_left_ = kMaxMappingBytes;
  std::uint64_t nodes_left_ = kMaxMappingNodes;

  /// The file that `name` (the value of `key` in the current file, at `at`) names, relative to
  /// the current file; nullopt with MAP322 if it is absolute or leads outside root_ (through
  /// '..' or a symbolic link). Nothing outside root_ is opened, nor is its existence revealed.
  std::optional<fs::path> resolve(const std::string& name, std::string_view key,
                                  const Location& at) {
    const fs::path given(name);
    const char* hint =
        N_("a mapping reads only files in its own folder and below, or in its package (the "
           "nearest folder above it with an ozg-package.yaml); copy the file there");
    if (given.has_root_path()) {
      sink_.add(i18n::make(Severity::Error, "MAP322", at,
                           N_("{0} '{1}' is an absolute path; name it relative to this file"),
                           {std::string(key), name}, {}, hint));
      return std::nullopt;
    }
    const fs::path path = (file_.parent_path() / given).lexically_normal();
    std::error_code ec;
    const fs::path real = fs::weakly_canonical(fs::absolute(path, ec), ec);
    const auto [r, p] = std::mismatch(root_.begin(), root_.end(), real.begin(), real.end());
    if (ec || r != root_.end()) {
      sink_.add(i18n::make(Severity::Error, "MAP322", at,
                           N_("{0} '{1}' leads outside {2}, the folder the mapping may read"),
                           {std::string(key), name, root_.string()}, {}, hint));
      return std::nullopt;
    }
    return path;
  }

  /// MAP321: the template `what` (N_) with `args`.
  void too_large(const Location& at, const char* what, std::vector<std::string> args) {
    sink_.add_final(i18n::make(
        Severity::Error, "MAP321", at, what, std::move(args), {},
        N_("a mapping needs far less; write a shared part once and use 'extends' or 'include' "
           "instead of nesting aliases")));
  }

  /// Charges the nodes of `text` (aliases expanded) to the mapping's budget; false, with MAP321
  /// at the node or alias that goes beyond it, if they do not fit.
  bool count_nodes(const fs::path& file, const std::string& text) {
    std::istringstream in(text);
    YAML::Parser parser(in);
    NodeCounter counter(nodes_left_);
    try {
      parser.HandleNextDocument(counter);
    } catch (const NodeCounter::Stop& stop) {
      const Location at = mark_of(file, stop.mark);
      if (stop.loop) {
        sink_.add_final(i18n::make(
            Severity::Error, "MAP321", at,
            N_("alias {0} stands for a node that contains it: the structure would never end"),
            {stop.alias}, {}, N_("an alias can only repeat a node that is complete before it")));
      } else {
        const std::string limit = std::to_string(kMaxMappingNodes);
        if (stop.alias.empty())
          too_large(at,
                    N_("the mapping has more than {0} YAML nodes (with the files it extends and "
                       "includes)"),
                    {limit});
        else
          too_large(at,
                    N_("alias {0} makes the mapping larger than {1} YAML nodes: an alias counts "
                       "as a copy of all the nodes of its anchor"),
                    {stop.alias, limit});
      }
      return false;
    }
    nodes_left_ -= counter.count();
    return true;
  }

  std::optional<YAML::Node> load_yaml(const fs::path& file, const Location& from) {
    std::error_code ec;
    const Location at = from.file.empty() ? Location{file.string(), 0, 0} : from;
    if (!fs::is_regular_file(file, ec)) {
      sink_.add(i18n::make(Severity::Error, "MAP301", at, N_("mapping file {0} not found"),
                           {file.string()}, {},
                           N_("check the path; 'extends' and 'include' paths are relative to "
                              "the file that names them")));
      return std::nullopt;
    }
    const std::uintmax_t size = fs::file_size(file, ec);
    const char* too_big =
        N_("mapping file {0} makes the mapping larger than {1} MiB (with everything it extends and "
           "includes)");
    const std::vector<std::string> too_big_args{file.string(),
                                                std::to_string(kMaxMappingBytes >> 20)};
    if (!ec && size > bytes_left_) {
      too_large(at, too_big, too_big_args);
      return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    std::string text;
    // Up to a little beyond what is left, in case the file grew since file_size().
    std::array<char, 64 * 1024> buf{};
    while (in && text.size() <= bytes_left_) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      text.append(buf.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad() || (!in && !in.eof())) {
      sink_.add(i18n::make(Severity::Error, "MAP301", at, N_("cannot read mapping file {0}"),
                           {file.string()}));
      return std::nullopt;
    }
    if (text.size() > bytes_left_) {
      too_large(at, too_big, too_big_args);
      return std::nullopt;
    }
    bytes_left_ -= text.size();
    try {
      if (!count_nodes(file, text)) return std::nullopt;
      YAML::Node n = YAML::Load(text);
      if (!n.IsMap()) {
        sink_.error("MAP301", Location{file.string(), 1, 1},
                    N_("a mapping file must be a YAML mapping (key: value) at the top level"));
        return std::nullopt;
      }
      return n;
    } catch (const YAML::DeepRecursion& e) {
      too_large(mark_of(file, e.mark), N_("the YAML is nested too deeply ({0} levels here)"),
                {std::to_string(e.depth())});
      return std::nullopt;
    } catch (const YAML::ParserException& e) {
      sink_.add(i18n::make(Severity::Error, "MAP301",
                           Location{file.string(), static_cast<uint32_t>(e.mark.line + 1),
                                    static_cast<uint32_t>(e.mark.column + 1)},
                           N_("YAML syntax error: {0}"), {e.msg}, {},
                           N_("check the indentation and quote values that contain ': ' or start "
                              "with '{', '[', '*', '&' or '@'")));
    } catch (const YAML::Exception& e) {
      sink_.add(i18n::make(Severity::Error, "MAP301", Location{file.string(), 0, 0},
                           N_("cannot read mapping file: {0}"), {std::string(e.what())}));
    }
    return std::nullopt;
  }

  Location loc(const YAML::Node& n) const { return mark_of(file_, n); }

  void check_keys(const YAML::Node& map, std::span<const std::string_view> allowed,
                  std::string_view where) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      const std::string key = it->first.Scalar();
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string msg = "unknown key '" + key + "' in " + std::string(where);
      std::optional<std::string> hint;
      if (auto n = closest_match(key, allowed))
        hint = "did you mean '" + std::string(*n) + "'?";
      else {
        std::string list;
        for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        hint = "allowed here: " + list;
      }
      sink_.error("MAP302", loc(it->first), msg, {}, hint);
    }
  }

  std::optional<std::string> scalar(const YAML::Node& n, std::string_view key) {
    if (!n.IsScalar()) {
      sink_.add(i18n::make(Severity::Error, "MAP303", loc(n), N_("'{0}' must be a single value"),
                           {std::string(key)}));
      return std::nullopt;
    }
    return n.Scalar();
  }

  bool boolean(const YAML::Node& n, std::string_view key) {
    auto s = scalar(n, key);
    if (!s) return false;
    if (*s == "true" || *s == "yes") return true;
    if (*s == "false" || *s == "no") return false;
    sink_.add(i18n::make(Severity::Error, "MAP303", loc(n),
                         N_("'{0}' must be true or false, not '{1}'"), {std::string(key), *s}));
    return false;
  }

  std::optional<DataFormat> format(const YAML::Node& n) {
    auto s = scalar(n, "format");
    if (!s) return std::nullopt;
    if (*s == "xml") return DataFormat::Xml;
    if (*s == "json") return DataFormat::Json;
    if (*s == "csv") return DataFormat::Csv;
    sink_.add(i18n::make(Severity::Error, "MAP303", loc(n), N_("unknown format '{0}'"), {*s}, {},
                         N_("use xml, json or csv")));
    return std::nullopt;
  }

  std::map<std::string, std::string, std::less<>> string_map(const YAML::Node& n,
                                                             std::string_view key) {
    std::map<std::string, std::string, std::less<>> out;
    if (!n.IsMap()) {
      sink_.add(i18n::make(Severity::Error, "MAP303", loc(n),
                           N_("'{0}' must be a mapping (key: value)"), {std::string(key)}));
      return out;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      if (auto v = scalar(it->second, it->first.Scalar())) out[it->first.Scalar()] = *v;
    }
    return out;
  }

  Expr expr(const YAML::Node& n, std::string_view key) {
    Expr e;
    e.loc = loc(n);
    if (auto s = scalar(n, key)) e.text = *s;
    if (e.text.empty())
      sink_.add(
          i18n::make(Severity::Error, "MAP303", e.loc, N_("'{0}' is empty"), {std::string(key)}));
    return e;
  }

  std::optional<MappingDoc> read_doc(const fs::path& file, const YAML::Node& root,
                                     std::vector<fs::path>& stack) {
    const fs::path saved = file_;
    file_ = file;
    static constexpr std::array<std::string_view, 14> kTop{
        "ozg-mapping",       "name",   "description", "extends",
        "include",           "source", "target",      "params",
        "valuemaps",         "split",  "rules",       "examples",
        "rename-namespaces", "note"};
    check_keys(root, kTop, "a mapping file");

    MappingDoc doc;
    // The bases first: this file's settings then apply on top of them.
    if (auto ext = root["extends"]) {
      bool first = true;
      for (const auto& b : one_or_many(ext)) {
        auto name = scalar(b, "extends");
        if (!name) continue;
        const Location at = loc(b);
        const auto path = resolve(*name, "extends", at);
        if (!path) continue;
        auto base = read(*path, stack, at);
        file_ = file;
        if (!base) continue;
        if (first)
          doc = std::move(*base);
        else
          merge(doc, std::move(*base));
        first = false;
      }
    }
    MappingDoc own;
    own.file = file;
    read_own(root, own);
    if (root["extends"])
      for (const auto& [name, m] : own.valuemaps)
        if (m.loc.file == file.string() && doc.valuemaps.find(name) == doc.valuemaps.end())
          own.overlay_new_valuemaps.emplace_back(name, m.loc);
    merge(doc, std::move(own));
    doc.file = file;
    file_ = saved;
    return doc;
  }

  void read_own(const YAML::Node& root, MappingDoc& doc) {
    if (auto v = root["ozg-mapping"]) {
      if (auto s = scalar(v, "ozg-mapping"); s && *s != "1")
        sink_.add(i18n::make(Severity::Error, "MAP303", loc(v),
                             N_("unsupported mapping language version '{0}'"), {*s}, {},
                             N_("this ozg understands 'ozg-mapping: 1'")));
    }
    if (auto v = root["name"]) doc.name = scalar(v, "name").value_or("");
    if (auto v = root["description"]) doc.description = scalar(v, "description").value_or("");
    if (auto src = root["source"]) {
      static constexpr std::array<std::string_view, 4> kKeys{"format", "namespaces", "root",
                                                             "reads"};
      if (!src.IsMap())
        sink_.error("MAP303", loc(src), N_("'source' must be a mapping"));
      else {
        check_keys(src, kKeys, "'source'");
        if (auto f = src["format"]) doc.source_format = format(f).value_or(DataFormat::Xml);
        if (auto ns = src["namespaces"]) doc.source_ns = string_map(ns, "namespaces");
        if (auto r = src["root"])
          for (const auto& x : one_or_many(r))
            if (auto name = scalar(x, "root")) doc.source_roots.push_back(*name);
        if (auto r = src["reads"]) doc.source_reads = scalar(r, "reads").value_or("");
      }
      doc.source_format_set = true;
    }
    if (auto tgt = root["target"]) {
      static constexpr std::array<std::string_view, 5> kKeys{"format", "root", "namespaces",
                                                             "schema", "columns"};
      if (!tgt.IsMap())
        sink_.error("MAP303", loc(tgt), N_("'target' must be a mapping"));
      else {
        check_keys(tgt, kKeys, "'target'");
        if (auto f = tgt["format"]) {
          doc.target_format = format(f).value_or(DataFormat::Xml);
          doc.target_format_set = true;
        }
        if (auto r = tgt["root"]) {
          doc.root_text = scalar(r, "root").value_or("");
          doc.root_loc = loc(r);
        }
        if (auto ns = tgt["namespaces"]) doc.target_ns = string_map(ns, "namespaces");
        if (auto s = tgt["schema"]) {
          doc.target_schema = scalar(s, "schema").value_or("");
          // A file relative to the mapping, else a name in the schema repository (check.cpp);
          // neither is outside the mapping's folder.
          if (!doc.target_schema.empty() && !resolve(doc.target_schema, "target.schema", loc(s)))
            doc.target_schema.clear();
        }
        if (auto c = tgt["columns"]) {
          if (!c.IsSequence())
            sink_.error("MAP303", loc(c), N_("'columns' must be a list"));
          else
            for (const auto& col : c)
              if (auto s = scalar(col, "columns")) doc.columns.push_back(*s);
        }
      }
    }
    if (auto rn = root["rename-namespaces"]) doc.rename_ns = string_map(rn, "rename-namespaces");
    if (auto p = root["params"]) read_params(p, doc);
    if (auto inc = root["include"]) {
      for (const auto& f : one_or_many(inc)) {
        auto name = scalar(f, "include");
        if (!name) continue;
        const Location at = loc(f);
        const auto resolved = resolve(*name, "include", at);
        if (!resolved) continue;
        const fs::path path = *resolved;
        auto y = load_yaml(path, at);
        if (!y) continue;
        const fs::path saved = file_;
        file_ = path;
        static constexpr std::array<std::string_view, 2> kInc{"valuemaps", "note"};
        check_keys(*y, kInc, "an included value-map file");
        if (auto vm = (*y)["valuemaps"]) read_valuemaps(vm, doc);
        file_ = saved;
      }
    }
    if (auto vm = root["valuemaps"]) read_valuemaps(vm, doc);
    if (auto sp = root["split"]) doc.split = expr(sp, "split");
    if (auto rules = root["rules"]) doc.rules = read_rules(rules, "");
    if (auto ex = root["examples"]) read_examples(ex, doc);
  }

  void read_params(const YAML::Node& n, MappingDoc& doc) {
    if (!n.IsMap()) {
      sink_.error("MAP303", loc(n), N_("'params' must be a mapping of parameter names"));
      return;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      Param p;
      p.name = it->first.Scalar();
      p.loc = loc(it->first);
      const YAML::Node v = it->second;
      if (v.IsScalar()) {
        p.default_value = v.Scalar();
      } else if (v.IsMap()) {
        static constexpr std::array<std::string_view, 5> kKeys{"default", "env", "required",
                                                               "description", "note"};
        check_keys(v, kKeys, "parameter '" + p.name + "'");
        if (auto d = v["default"]) p.default_value = scalar(d, "default");
        if (auto e = v["env"]) p.env = scalar(e, "env").value_or("");
        if (auto r = v["required"]) p.required = boolean(r, "required");
        if (auto d = v["description"]) p.description = scalar(d, "description").value_or("");
      } else if (!v.IsNull()) {
        sink_.add(i18n::make(Severity::Error, "MAP303", loc(v),
                             N_("parameter '{0}' must be a default value or a mapping with "
                                "default/env/required/description"),
                             {p.name}));
      }
      doc.params.insert_or_assign(p.name, std::move(p));
    }
  }

  void read_valuemaps(const YAML::Node& n, MappingDoc& doc) {
    if (!n.IsMap()) {
      sink_.error("MAP303", loc(n), N_("'valuemaps' must be a mapping of value-map names"));
      return;
    }
    for (auto it = n.begin(); it != n.end(); ++it) {
      ValueMap m;
      m.name = it->first.Scalar();
      m.loc = loc(it->first);
      const YAML::Node v = it->second;
      if (!v.IsMap()) {
        sink_.add(i18n::make(Severity::Error, "MAP303", loc(v),
                             N_("value map '{0}' must be a mapping with 'values'"), {m.name}));
        continue;
      }
      static constexpr std::array<std::string_view, 3> kKeys{"values", "default", "note"};
      check_keys(v, kKeys, "value map '" + m.name + "'");
      if (auto vals = v["values"])
        m.values = string_map(vals, "values");
      else
        sink_.add(i18n::make(Severity::Error, "MAP303", m.loc,
                             N_("value map '{0}' has no 'values'"), {m.name}));
      if (auto d = v["default"]) m.default_value = scalar(d, "default");
      doc.valuemaps.insert_or_assign(m.name, std::move(m));
    }
  }

  void read_examples(const YAML::Node& n, MappingDoc& doc) {
    if (!n.IsSequence()) {
      sink_.error("MAP303", loc(n), N_("'examples' must be a list"));
      return;
    }
    for (const auto& e : n) {
      if (!e.IsMap()) {
        sink_.error("MAP303", loc(e), N_("an example must be a mapping with 'input' and 'output'"));
        continue;
      }
      static constexpr std::array<std::string_view, 5> kKeys{"input", "output", "params", "now",
                                                             "note"};
      check_keys(e, kKeys, "an example");
      MappingExample ex;
      ex.loc = loc(e);
      // Examples lie in the mapping's folder (or package) like everything it reads, so that a
      // copied mappings/ folder still passes 'ozg mapping test'.
      if (auto i = e["input"]) {
        if (auto s = scalar(i, "input"))
          if (auto path = resolve(*s, "example input", loc(i))) ex.input = *path;
      } else {
        sink_.error("MAP303", ex.loc, N_("example without 'input'"));
      }
      if (auto o = e["output"]) {
        for (const auto& x : one_or_many(o))
          if (auto s = scalar(x, "output"))
            if (auto path = resolve(*s, "example output", loc(x))) ex.outputs.push_back(*path);
      } else {
        sink_.error("MAP303", ex.loc, N_("example without 'output'"));
      }
      if (auto p = e["params"]) ex.params = string_map(p, "params");
      if (auto t = e["now"]) ex.now = scalar(t, "now");
      doc.examples.push_back(std::move(ex));
    }
  }

  std::vector<Rule> read_rules(const YAML::Node& n, const std::string& parent_path) {
    std::vector<Rule> out;
    if (!n.IsSequence()) {
      sink_.error("MAP303", loc(n), N_("'rules' must be a list of rules ('- target: ...')"));
      return out;
    }
    for (const auto& r : n) {
      if (!r.IsMap()) {
        sink_.error("MAP303", loc(r), N_("a rule must be a mapping ('target: ...', 'from: ...')"));
        continue;
      }
      out.push_back(read_rule(r, parent_path));
    }
    return out;
  }

  Rule read_rule(const YAML::Node& r, const std::string& parent_path) {
    static constexpr std::array<std::string_view, 18> kKeys{
        "name",     "target", "from",       "value", "each",  "as",
        "context",  "when",   "copy",       "fail",  "map",   "default",
        "required", "remove", "keep-empty", "type",  "rules", "note"};
    check_keys(r, kKeys, "a rule");
    Rule rule;
    rule.loc = loc(r);
    if (auto v = r["name"]) rule.name = scalar(v, "name").value_or("");
    if (auto v = r["target"]) {
      rule.target_text = scalar(v, "target").value_or("");
      rule.target = parse_target(rule.target_text, loc(v), sink_);
    }
    if (auto v = r["from"]) rule.from = expr(v, "from");
    if (auto v = r["value"]) {
      Template t;
      t.loc = loc(v);
      t.text = scalar(v, "value").value_or("");
      t.parts = parse_template(t.text, t.loc, sink_);
      rule.value = std::move(t);
    }
    if (auto v = r["fail"]) {
      Template t;
      t.loc = loc(v);
      t.text = scalar(v, "fail").value_or("");
      t.parts = parse_template(t.text, t.loc, sink_);
      rule.fail = std::move(t);
    }
    if (auto v = r["each"]) rule.each = expr(v, "each");
    if (auto v = r["as"]) {
      rule.as = scalar(v, "as").value_or("");
      if (!rule.each)
        sink_.error("MAP303", loc(v), N_("'as' names the item of an 'each'; this rule has none"));
    }
    if (auto v = r["context"]) rule.context = expr(v, "context");
    if (auto v = r["when"]) rule.when = expr(v, "when");
    if (auto v = r["copy"]) rule.copy = expr(v, "copy");
    if (auto v = r["map"]) {
      rule.map = scalar(v, "map").value_or("");
      rule.map_loc = loc(v);
    }
    if (auto v = r["default"]) rule.default_value = scalar(v, "default");
    if (auto v = r["required"]) rule.required = boolean(v, "required");
    if (auto v = r["remove"]) rule.remove = boolean(v, "remove");
    if (auto v = r["keep-empty"]) rule.keep_empty = boolean(v, "keep-empty");
    if (auto v = r["type"]) {
      const std::string t = scalar(v, "type").value_or("");
      if (t == "number")
        rule.type = ValueType::Number;
      else if (t == "boolean")
        rule.type = ValueType::Boolean;
      else if (t != "string")
        sink_.add(i18n::make(Severity::Error, "MAP303", loc(v), N_("unknown type '{0}'"), {t}, {},
                             N_("use string, number or boolean (JSON targets)")));
    }
    std::string path = parent_path;
    if (!rule.target_text.empty()) path += (path.empty() ? "" : "/") + rule.target_text;
    rule.full_path = path;
    if (auto v = r["rules"]) rule.rules = read_rules(v, path);

    // Combinations that cannot mean anything.
    if (rule.remove) return rule;
    if (rule.from && rule.value)
      sink_.error("MAP303", rule.loc, N_("a rule takes 'from' or 'value', not both"));
    if (rule.copy && (rule.from || rule.value || rule.each || !rule.rules.empty()))
      sink_.error("MAP303", rule.loc,
                  N_("a 'copy' rule takes no 'from', 'value', 'each' or 'rules'"));
    if (!rule.copy && rule.target.empty() && (rule.from || rule.value))
      sink_.error("MAP303", rule.loc, N_("a rule with a value needs a 'target'"));
    if (rule.fail && (rule.from || rule.value || rule.copy || !rule.rules.empty()))
      sink_.error("MAP303", rule.loc,
                  N_("a 'fail' rule takes no 'from', 'value', 'copy' or 'rules'"));
    if (!rule.copy && !rule.fail && !rule.from && !rule.value && rule.rules.empty() &&
        !rule.default_value && !rule.keep_empty)
      sink_.error("MAP303", rule.loc, N_("the rule produces nothing"), {},
                  N_("give it 'from', 'value', 'copy', 'default' or nested 'rules'"));
    if (!rule.target.empty() && rule.target.back().attribute && !rule.rules.empty())
      sink_.error("MAP303", rule.loc, N_("an attribute target cannot have nested rules"));
    return rule;
  }

  // --- extends ---------------------------------------------------------------------------

  static bool plain_group(const Rule& r) {
    return !r.each && !r.context && !r.copy && !r.full_path.empty();
  }

  /// Finds rules matching `r` (by name, else by full target path) in `rules`, recursively.
  static void find_matches(std::vector<Rule>& rules, const Rule& r,
                           std::vector<std::pair<std::vector<Rule>*, std::size_t>>& found) {
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const bool match = r.name.empty()
                             ? (rules[i].full_path == r.full_path && !r.full_path.empty())
                             : rules[i].name == r.name;
      if (match) found.emplace_back(&rules, i);
      find_matches(rules[i].rules, r, found);
    }
  }

  /// The plain group rule (no each/context/copy) whose full path is the longest proper prefix
  /// of `path`, for inserting an overlay rule where its target lies.
  static Rule* group_for(std::vector<Rule>& rules, const std::string& path) {
    Rule* best = nullptr;
    for (auto& r : rules) {
      if (plain_group(r) && path.starts_with(r.full_path + "/")) {
        best = &r;
        if (Rule* deeper = group_for(r.rules, path)) best = deeper;
      }
    }
    return best;
  }

  static void rebase(Rule& r, const std::string& old_parent, const std::string& new_parent) {
    if (r.full_path.starts_with(old_parent))
      r.full_path = new_parent + r.full_path.substr(old_parent.size());
    for (auto& c : r.rules) rebase(c, old_parent, new_parent);
  }

  /// What decides whether find_matches and group_for find anything in a list of rules: the
  /// names and full paths of all its rules, and the full paths of its top-level plain groups.
  struct Identities {
    std::unordered_set<std::string> names;
    std::unordered_set<std::string> paths;
    std::unordered_set<std::string> groups;

    explicit Identities(const std::vector<Rule>& rules) {
      for (const auto& r : rules) add(r, true);
    }
    void add(const Rule& r, bool top) {
      if (!r.name.empty()) names.insert(r.name);
      if (!r.full_path.empty()) paths.insert(r.full_path);
      if (top && plain_group(r)) groups.insert(r.full_path);
      for (const auto& c : r.rules) add(c, false);
    }
    [[nodiscard]] bool matched(const Rule& r) const {
      return r.name.empty() ? paths.count(r.full_path) != 0 : names.count(r.name) != 0;
    }
    [[nodiscard]] bool grouped(const std::string& path) const {
      for (auto p = path.find('/'); p != std::string::npos; p = path.find('/', p + 1))
        if (groups.count(path.substr(0, p)) != 0) return true;
      return false;
    }
  };

  void merge_rules(std::vector<Rule>& base, std::vector<Rule>&& overlay) {
    // Every rule of a file is merged into what came before it, the rules of its bases and its
    // own earlier rules. Most match nothing and are appended: that is decided from `ids`,
    // without searching the whole tree for every rule, which made loading quadratic.
    std::optional<Identities> ids;
    for (auto& r : overlay) {
      if (!ids) ids.emplace(base);
      if (!ids->matched(r) && !r.remove &&
          ((!r.name.empty() && r.target.empty()) || !ids->grouped(r.full_path))) {
        base.push_back(std::move(r));
        ids->add(base.back(), true);
        continue;
      }
      ids.reset();  // the general case below may change any part of `base`
      std::vector<std::pair<std::vector<Rule>*, std::size_t>> found;
      find_matches(base, r, found);
      // A name identifies one rule, which YAML aliases (&x / *x) may place several times:
      // every copy is replaced. A target path may match unrelated rules: only the first.
      if (found.size() > 1 && r.name.empty()) {
        sink_.add(i18n::make(
            Severity::Warning, "MAP318", r.loc,
            N_("overlay rule '{0}' matches {1} rules of the base; only the first is replaced"),
            {r.identity(), std::to_string(found.size())}, {},
            N_("give the base rules a 'name' and refer to that")));
        found.resize(1);
      }
      if (!found.empty()) {
        for (auto it = found.rbegin(); it != found.rend(); ++it) {
          auto [vec, idx] = *it;
          if (r.remove) {
            vec->erase(vec->begin() + static_cast<std::ptrdiff_t>(idx));
            continue;
          }
          // The overlay's content in the base rule's place. Matched by path, the target is the
          // base rule's (relative to where it stands); matched by name, the overlay's target, if
          // it gives one, is relative to that place too.
          const Rule& old = (*vec)[idx];
          const std::string parent =
              old.full_path.size() > old.target_text.size()
                  ? old.full_path.substr(0, old.full_path.size() - old.target_text.size())
                  : std::string();
          Rule copy = r;
          if (copy.name.empty() || copy.target.empty()) {
            copy.target = old.target;
            copy.target_text = old.target_text;
          }
          const std::string now_path = parent + copy.target_text;
          rebase(copy, copy.full_path, now_path);
          copy.full_path = now_path;
          (*vec)[idx] = std::move(copy);
        }
        continue;
      }
      if (r.remove) {
        sink_.add(i18n::make(Severity::Warning, "MAP318", r.loc,
                             N_("'remove' matches no rule of the base: '{0}'"), {r.identity()}));
        continue;
      }
      if (!r.name.empty() && r.target.empty()) {
        base.push_back(std::move(r));
        continue;
      }
      if (Rule* group = group_for(base, r.full_path)) {
        // a/b/c added under the base's group a/b becomes c there.
        const std::string rest = r.full_path.substr(group->full_path.size() + 1);
        r.target_text = rest;
        DiagnosticSink quiet;
        r.target = parse_target(rest, r.loc, quiet);
        group->rules.push_back(std::move(r));
      } else {
        base.push_back(std::move(r));
      }
    }
  }

  /// Applies `overlay` on top of `base` (which may be empty, for the first file).
  void merge(MappingDoc& base, MappingDoc&& o) {
    if (!o.name.empty()) base.name = o.name;
    if (!o.description.empty()) base.description = o.description;
    if (o.source_format_set) {
      base.source_format = o.source_format;
      base.source_format_set = true;
    }
    if (o.target_format_set) {
      base.target_format = o.target_format;
      base.target_format_set = true;
    }
    for (auto& [k, v] : o.source_ns) base.source_ns[k] = v;
    if (!o.source_roots.empty()) base.source_roots = o.source_roots;
    if (!o.source_reads.empty()) base.source_reads = o.source_reads;
    for (auto& [k, v] : o.target_ns) base.target_ns[k] = v;
    for (auto& [k, v] : o.rename_ns) base.rename_ns[k] = v;
    if (!o.root_text.empty()) {
      base.root_text = o.root_text;
      base.root_loc = o.root_loc;
    }
    if (!o.target_schema.empty()) {
      // Relative schema paths belong to the file that names them.
      base.target_schema = o.target_schema;
      base.target_schema_dir = o.file.parent_path();
    }
    if (!o.columns.empty()) base.columns = o.columns;
    for (auto& [k, p] : o.params) {
      auto it = base.params.find(k);
      if (it == base.params.end())
        base.params.emplace(k, std::move(p));
      else {
        // An overlay usually changes only the default (its municipality's value).
        if (p.default_value) it->second.default_value = p.default_value;
        if (!p.env.empty()) it->second.env = p.env;
        if (p.required) it->second.required = true;
        if (!p.description.empty()) it->second.description = p.description;
      }
    }
    base.overlay_new_valuemaps.insert(base.overlay_new_valuemaps.end(),
                                      o.overlay_new_valuemaps.begin(),
                                      o.overlay_new_valuemaps.end());
    for (auto& [k, m] : o.valuemaps) {
      auto it = base.valuemaps.find(k);
      if (it == base.valuemaps.end())
        base.valuemaps.emplace(k, std::move(m));
      else {
        // Local code translations extend (or correct) the shared ones.
        for (auto& [from, to] : m.values) it->second.values.insert_or_assign(from, to);
        if (m.default_value) it->second.default_value = m.default_value;
      }
    }
    if (o.split) base.split = std::move(o.split);
    merge_rules(base.rules, std::move(o.rules));
    // Examples belong to the file that ships them: an overlay's replace the base's.
    if (!o.examples.empty())
      base.examples = std::move(o.examples);
    else if (!base.file.empty() && base.file != o.file)
      base.examples.clear();
  }
};

bool is_name_start(unsigned char c) { return std::isalpha(c) || c == '_' || c >= 0x80; }
bool is_name_char(unsigned char c) {
  return is_name_start(c) || std::isdigit(c) || c == '-' || c == '.';
}

/// Calls `on_token(start, end)` for every name token of `xpath` outside string literals.
template <typename F>
void for_each_name(std::string_view x, F&& on_token) {
  std::size_t i = 0;
  while (i < x.size()) {
    const char c = x[i];
    if (c == '\'' || c == '"') {
      const std::size_t close = x.find(c, i + 1);
      i = close == std::string_view::npos ? x.size() : close + 1;
      continue;
    }
    if (is_name_start(static_cast<unsigned char>(c)) || c == '$') {
      const std::size_t start = i;
      ++i;
      while (i < x.size() && (is_name_char(static_cast<unsigned char>(x[i])) ||
                              (x[i] == ':' && i + 1 < x.size() && x[i + 1] != ':' &&
                               is_name_start(static_cast<unsigned char>(x[i + 1])))))
        ++i;
      on_token(start, i);
      continue;
    }
    ++i;
  }
}

}  // namespace

std::vector<Step> parse_target(const std::string& text, const Location& loc, DiagnosticSink& sink) {
  std::vector<Step> steps;
  if (text.empty()) {
    sink.error("MAP303", loc, N_("'target' is empty"));
    return steps;
  }
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t slash = text.find('/', start);
    if (slash == std::string::npos) slash = text.size();
    std::string part = text.substr(start, slash - start);
    Step s;
    if (part.starts_with("@")) {
      s.attribute = true;
      part.erase(0, 1);
    }
    const auto colon = part.find(':');
    if (colon != std::string::npos) {
      s.prefix = part.substr(0, colon);
      s.local = part.substr(colon + 1);
    } else {
      s.local = part;
    }
    auto valid = [](const std::string& n) {
      if (n.empty() || !is_name_start(static_cast<unsigned char>(n[0]))) return false;
      return std::all_of(n.begin(), n.end(),
                         [](char c) { return is_name_char(static_cast<unsigned char>(c)); });
    };
    if (!valid(s.local) || (colon != std::string::npos && !valid(s.prefix))) {
      sink.add(i18n::make(Severity::Error, "MAP303", loc,
                          N_("invalid target path '{0}': step '{1}' is not an element name"),
                          {text, part}, {},
                          N_("a target path is element names separated by '/', optionally with a "
                             "prefix (eCH-0058:senderId) and a last step '@attribute'")));
      return {};
    }
    if (s.attribute && slash != text.size()) {
      sink.add(i18n::make(Severity::Error, "MAP303", loc,
                          N_("invalid target path '{0}': an attribute can only be the last step"),
                          {text}));
      return {};
    }
    steps.push_back(std::move(s));
    start = slash + 1;
  }
  return steps;
}

std::vector<Template::Part> parse_template(const std::string& text, const Location& loc,
                                           DiagnosticSink& sink) {
  std::vector<Template::Part> parts;
  std::string literal;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '{' && i + 1 < text.size() && text[i + 1] == '{') {
      literal += '{';
      i += 2;
    } else if (c == '}' && i + 1 < text.size() && text[i + 1] == '}') {
      literal += '}';
      i += 2;
    } else if (c == '{') {
      // Up to the matching '}', skipping string literals inside the expression.
      std::size_t j = i + 1;
      char quote = 0;
      for (; j < text.size(); ++j) {
        if (quote != 0) {
          if (text[j] == quote) quote = 0;
        } else if (text[j] == '\'' || text[j] == '"') {
          quote = text[j];
        } else if (text[j] == '}') {
          break;
        }
      }
      if (j >= text.size()) {
        sink.add(i18n::make(Severity::Error, "MAP303", loc,
                            N_("unclosed '{' in value template '{0}'"), {text}, {},
                            N_("write '{{' for a literal brace")));
        return parts;
      }
      if (!literal.empty()) parts.push_back({std::move(literal), std::nullopt});
      literal.clear();
      Expr e;
      e.text = text.substr(i + 1, j - i - 1);
      e.loc = loc;
      if (e.text.find_first_not_of(" \t") == std::string::npos)
        sink.add(i18n::make(Severity::Error, "MAP303", loc,
                            N_("empty '{}' in value template '{0}'"), {text}));
      parts.push_back({{}, std::move(e)});
      i = j + 1;
    } else {
      literal += c;
      ++i;
    }
  }
  if (!literal.empty()) parts.push_back({std::move(literal), std::nullopt});
  return parts;
}

std::vector<std::string> called_functions(std::string_view x) {
  static constexpr std::array<std::string_view, 8> kNotFunctions{
      "node", "text", "comment", "processing-instruction", "and", "or", "div", "mod"};
  std::vector<std::string> out;
  for_each_name(x, [&](std::size_t b, std::size_t e) {
    if (x[b] == '$') return;
    std::size_t k = e;
    while (k < x.size() && (x[k] == ' ' || x[k] == '\t' || x[k] == '\n')) ++k;
    if (k >= x.size() || x[k] != '(') return;
    const std::string_view name = x.substr(b, e - b);
    if (std::find(kNotFunctions.begin(), kNotFunctions.end(), name) != kNotFunctions.end()) return;
    out.emplace_back(name);
  });
  return out;
}

std::vector<std::string> referenced_variables(std::string_view x) {
  std::vector<std::string> out;
  for_each_name(x, [&](std::size_t b, std::size_t e) {
    if (x[b] == '$' && e > b + 1) out.emplace_back(x.substr(b + 1, e - b - 1));
  });
  return out;
}

std::vector<std::string> used_prefixes(std::string_view x) {
  std::vector<std::string> out;
  for_each_name(x, [&](std::size_t b, std::size_t e) {
    if (x[b] == '$') return;
    const std::string_view name = x.substr(b, e - b);
    const auto colon = name.find(':');
    if (colon == std::string_view::npos) return;
    std::size_t k = e;
    while (k < x.size() && (x[k] == ' ' || x[k] == '\t' || x[k] == '\n')) ++k;
    if (k < x.size() && x[k] == '(') return;  // a function: reported as unknown instead
    out.emplace_back(name.substr(0, colon));
  });
  return out;
}

fs::path mapping_root(const fs::path& file) {
  std::error_code ec;
  const fs::path folder = fs::weakly_canonical(fs::absolute(file, ec).parent_path(), ec);
  for (fs::path p = folder; !p.empty(); p = p.parent_path()) {
    if (fs::is_regular_file(p / "ozg-package.yaml", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return folder;
}

std::optional<MappingDoc> read_mapping(const fs::path& file, DiagnosticSink& sink) {
  Reader reader(sink, mapping_root(file));
  std::vector<fs::path> stack;
  return reader.read(file, stack, Location{});
}

}  // namespace xoev::mapping
