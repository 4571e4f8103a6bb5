// The installed Schematron files: `ozg schematron add|list|remove`.

#include <libxml/tree.h>
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "xoev/diag/diag.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/schematron/schematron.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/util/digest.hpp"
#include "xoev/util/text.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

constexpr int kIndexFormat = 1;
constexpr std::string_view kIsoNs = "http://purl.oclc.org/dsdl/schematron";
constexpr std::uint64_t kMaxSchBytes = std::uint64_t{64} << 20;

std::string attr(xmlNode* n, const char* name) {
  xmlChar* v = xmlGetNoNsProp(n, reinterpret_cast<const xmlChar*>(name));
  if (v == nullptr) return {};
  std::string s(reinterpret_cast<const char*>(v));
  xmlFree(v);
  return s;
}

bool is_sch(xmlNode* n, std::string_view local) {
  return n->type == XML_ELEMENT_NODE && n->ns != nullptr && n->ns->href != nullptr &&
         kIsoNs == reinterpret_cast<const char*>(n->ns->href) &&
         local == reinterpret_cast<const char*>(n->name);
}

/// The prefix of the first qualified name test in an XSLT pattern ("xsc" in
/// "xsc:a//xsc:b[@c]"), skipping axes ("child::") and the wildcard prefix "*:".
std::string first_prefix(std::string_view context) {
  auto name_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' ||
           static_cast<unsigned char>(c) >= 0x80;
  };
  for (std::size_t i = 0; i < context.size(); ++i) {
    if (context[i] == '\'' || context[i] == '"') {  // skip string literals
      const std::size_t end = context.find(context[i], i + 1);
      if (end == std::string_view::npos) return {};
      i = end;
      continue;
    }
    if (context[i] != ':' || i == 0) continue;
    if (i + 1 < context.size() && context[i + 1] == ':') {  // an axis
      ++i;
      continue;
    }
    std::size_t b = i;
    while (b > 0 && name_char(context[b - 1])) --b;
    if (b == i) continue;                          // "*:name" or not a name
    if (b > 0 && context[b - 1] == '$') continue;  // a variable
    const bool next_ok =
        i + 1 < context.size() && (std::isalpha(static_cast<unsigned char>(context[i + 1])) ||
                                   context[i + 1] == '_' || context[i + 1] == '*');
    if (!next_ok) continue;
    std::string prefix(context.substr(b, i - b));
    if (std::isdigit(static_cast<unsigned char>(prefix[0])) || prefix[0] == '-' || prefix[0] == '.')
      continue;
    // A function call (prefix:name followed by '(') is not a name test.
    std::size_t k = i + 1;
    while (k < context.size() && name_char(context[k])) ++k;
    if (k < context.size() && context[k] == '(') continue;
    return prefix;
  }
  return {};
}

struct Scan {
  std::vector<fs::path> files;             // absolute, the .sch first
  std::map<std::string, std::string> ns;   // prefix -> uri (main schema)
  std::set<std::string> context_prefixes;  // first prefixes of non-abstract rules
  std::string title, version, query_binding;
};

Result<void> scan_file(const fs::path& file, bool top, Scan& s) {
  const fs::path abs = fs::absolute(file).lexically_normal();
  if (std::find(s.files.begin(), s.files.end(), abs) != s.files.end()) return {};
  s.files.push_back(abs);
  DiagnosticSink sink(10);
  xml::XmlLimits limits;
  limits.max_tree_bytes = kMaxSchBytes;
  xml::DocPtr doc = xml::load_tree(abs, abs.string(), limits, sink);
  if (!doc) {
    const auto& d = sink.diagnostics();
    if (d.empty())
      return fail(ErrorKind::Input, "SCH220", N_("{0}: not well-formed XML"), {abs.string()});
    Error e = within(i18n::error_of(ErrorKind::Input, d.front()),
                     N_("{0}: not well-formed XML: {1}"), {abs.string()});
    e.code = "SCH220";
    return std::unexpected(std::move(e));
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  if (root == nullptr || root->ns == nullptr || root->ns->href == nullptr ||
      kIsoNs != reinterpret_cast<const char*>(root->ns->href)) {
    return fail(
        ErrorKind::Input, "SCH220",
        top ? N_("{0}: not an ISO Schematron schema (elements in namespace {1})")
            : N_("{0}: not an ISO Schematron file (elements in namespace {1})"),
        {abs.string(), std::string(kIsoNs)},
        N_("ozg runs ISO Schematron (ISO/IEC 19757-3); convert Schematron 1.5 files first"));
  }
  if (top) {
    if (!is_sch(root, "schema"))
      return fail(ErrorKind::Input, "SCH220", N_("{0}: the root element is not sch:schema"),
                  {abs.string()});
    s.query_binding = attr(root, "queryBinding");
    std::string qb = s.query_binding;
    std::transform(qb.begin(), qb.end(), qb.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (!qb.empty() && qb != "xslt" && qb != "xslt2" && qb != "xslt3" && qb != "xpath" &&
        qb != "xpath2" && qb != "xpath3" && qb != "xpath31")
      return fail(ErrorKind::Input, "SCH220", N_("{0}: queryBinding '{1}' is not supported"),
                  {abs.string(), s.query_binding},
                  N_("ozg runs Schematron with XSLT/XPath 2.0 (queryBinding xslt2)"));
    s.version = attr(root, "schemaVersion");
  }
  // Walk the tree: ns, title, rules, includes.
  std::vector<xmlNode*> stack{root};
  while (!stack.empty()) {
    xmlNode* n = stack.back();
    stack.pop_back();
    for (xmlNode* c = n->children; c != nullptr; c = c->next)
      if (c->type == XML_ELEMENT_NODE) stack.push_back(c);
    if (is_sch(n, "ns") && top && n->parent == root) {
      s.ns.emplace(attr(n, "prefix"), attr(n, "uri"));
    } else if (is_sch(n, "title") && top && n->parent == root && s.title.empty()) {
      xmlChar* t = xmlNodeGetContent(n);
      if (t != nullptr) {
        s.title = reinterpret_cast<const char*>(t);
        xmlFree(t);
      }
    } else if (is_sch(n, "rule") && attr(n, "abstract") != "true") {
      if (std::string p = first_prefix(attr(n, "context")); !p.empty())
        s.context_prefixes.insert(p);
    } else if ((is_sch(n, "include") || is_sch(n, "extends")) && !attr(n, "href").empty()) {
      std::string href = attr(n, "href");
      href = href.substr(0, href.find('#'));
      if (href.find("://") != std::string::npos)
        return fail(ErrorKind::Input, "SCH220", N_("{0}: includes {1}, which is not a local file"),
                    {abs.string(), href});
      const fs::path target = abs.parent_path() / href;
      std::error_code ec;
      if (!fs::is_regular_file(target, ec))
        return fail(ErrorKind::Input, "REPO002", N_("{0}: includes {1}, which does not exist"),
                    {abs.string(), href});
      if (auto r = scan_file(target, false, s); !r) return r;
    }
  }
  return {};
}

bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 100 || n == "." || n == ".." || n.front() == '.') return false;
  return std::all_of(n.begin(), n.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_' || c == '.';
  });
}

bool looks_like_version(const std::string& s) {
  return !s.empty() && std::isdigit(static_cast<unsigned char>(s[0])) &&
         std::all_of(s.begin(), s.end(),
                     [](unsigned char c) { return std::isdigit(c) || c == '.' || c == '-'; });
}

}  // namespace

Result<SchematronRepository> SchematronRepository::open(const fs::path& root) {
  const fs::path r = fs::absolute(root).lexically_normal();
  SchematronRepository repo(r, r / "schematron");
  const fs::path index = repo.dir_ / "index.json";
  std::error_code ec;
  if (!fs::exists(index, ec)) return repo;
  std::ifstream in(index, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  try {
    const json j = json::parse(ss.str());
    if (j.value("format", 0) != kIndexFormat)
      return fail(ErrorKind::Config, "REPO001", N_("{0} was written by another version of ozg"),
                  {index.string()}, N_("remove the schematron folder and add the files again"));
    for (const auto& e : j.at("schematron")) {
      SchematronEntry x;
      x.name = e.at("name");
      x.file = e.at("file");
      x.files = e.at("files").get<std::vector<std::string>>();
      x.namespaces = e.at("namespaces").get<std::vector<std::string>>();
      x.version = e.value("version", "");
      x.title = e.value("title", "");
      x.sha256 = e.value("sha256", "");
      x.source = e.value("source", "");
      x.added = e.value("added", "");
      repo.entries_.push_back(std::move(x));
    }
  } catch (const json::exception& e) {
    return fail(ErrorKind::Config, "REPO001", N_("{0} is corrupt: {1}"), {index.string(), e.what()},
                N_("remove the schematron folder and add the files again"));
  }
  return repo;
}

nlohmann::ordered_json to_json(const SchematronEntry& e) {
  return {{"name", e.name},       {"file", e.file},
          {"files", e.files},     {"namespaces", e.namespaces},
          {"version", e.version}, {"title", e.title},
          {"sha256", e.sha256},   {"source", e.source},
          {"added", e.added}};
}

Result<void> SchematronRepository::save() const {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const auto& e : entries_) list.push_back(to_json(e));
  const nlohmann::ordered_json j{{"format", kIndexFormat}, {"schematron", list}};
  return write_file_atomically(dir_ / "index.json", j.dump(1) + "\n");
}

Result<const SchematronEntry*> SchematronRepository::add(const fs::path& sch,
                                                         const SchematronAddOptions& options,
                                                         const std::string& origin) {
  std::error_code ec;
  if (!fs::exists(sch, ec))
    return fail(ErrorKind::Input, "REPO002", N_("{0}: no such file"), {sch.string()});
  if (!fs::is_regular_file(sch, ec))
    return fail(ErrorKind::Input, "SCH220", N_("{0}: not a file"), {sch.string()},
                N_("give the .sch file itself; its includes are copied with it"));
  Scan scan;
  if (auto r = scan_file(sch, true, scan); !r) return std::unexpected(r.error());

  SchematronEntry e;
  e.name = options.name.value_or(sch.stem().string());
  if (!valid_name(e.name))
    return fail(ErrorKind::Usage, "REPO007",
                N_("'{0}' is not a usable name (letters, digits, '-', '_', '.')"), {e.name});
  if (!options.namespaces.empty()) {
    e.namespaces = options.namespaces;
  } else {
    for (const auto& p : scan.context_prefixes)
      if (auto it = scan.ns.find(p);
          it != scan.ns.end() && !it->second.empty() &&
          std::find(e.namespaces.begin(), e.namespaces.end(), it->second) == e.namespaces.end())
        e.namespaces.push_back(it->second);
    if (e.namespaces.empty())
      return fail(ErrorKind::Usage, "SCH222",
                  N_("{0}: its rules name no element of a declared namespace, so it is not clear "
                     "which messages it checks"),
                  {sch.string()}, N_("name the messages' namespace with --namespace URI"));
  }
  if (options.version)
    e.version = *options.version;
  else if (!scan.version.empty())
    e.version = scan.version;
  else if (std::string dir = fs::absolute(sch).lexically_normal().parent_path().filename();
           looks_like_version(dir))
    e.version = dir;
  e.title = scan.title;
  e.sha256 = sha256_file(scan.files.front()).value_or(std::string());
  e.source = origin.empty() ? fs::absolute(sch).lexically_normal().string() : origin;
  e.added = utc_now();

  // The files keep their layout relative to the folder that holds all of them.
  fs::path base = scan.files.front().parent_path();
  auto inside = [&](const fs::path& f) {
    const fs::path rel = f.lexically_relative(base);
    return !rel.empty() && *rel.begin() != "..";
  };
  while (!std::all_of(scan.files.begin(), scan.files.end(), inside) && base.has_relative_path())
    base = base.parent_path();
  const fs::path target = dir_ / e.name;
  const fs::path staging = dir_ / ("." + e.name + ".new");
  fs::remove_all(staging, ec);
  for (const auto& f : scan.files) {
    const fs::path rel = f.lexically_relative(base);
    fs::create_directories((staging / rel).parent_path(), ec);
    if (!ec) fs::copy_file(f, staging / rel, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      fs::remove_all(staging, ec);
      return fail(ErrorKind::Config, "REPO006", N_("cannot write {0}"), {(staging / rel).string()});
    }
    e.files.push_back((fs::path(e.name) / rel).generic_string());
  }
  e.file = e.files.front();
  fs::remove_all(target, ec);
  fs::rename(staging, target, ec);
  if (ec) {
    fs::remove_all(staging, ec);
    return fail(ErrorKind::Config, "REPO006", N_("cannot write {0}"), {target.string()});
  }
  std::erase_if(entries_, [&](const SchematronEntry& x) { return x.name == e.name; });
  entries_.push_back(std::move(e));
  std::sort(entries_.begin(), entries_.end(),
            [](const SchematronEntry& a, const SchematronEntry& b) { return a.name < b.name; });
  if (auto saved = save(); !saved) return std::unexpected(saved.error());
  for (const auto& x : entries_)
    if (x.name == (options.name.value_or(sch.stem().string()))) return &x;
  return fail(ErrorKind::Internal, "SCH221", N_("the added entry vanished"));
}

Result<std::size_t> SchematronRepository::remove(const std::string& what) {
  std::vector<std::string> names;
  for (const auto& e : entries_)
    if (e.name == what ||
        std::find(e.namespaces.begin(), e.namespaces.end(), what) != e.namespaces.end())
      names.push_back(e.name);
  if (names.empty())
    return fail(ErrorKind::Usage, "SCH221", N_("no Schematron file named or for '{0}'"), {what},
                N_("'ozg schematron list' shows what is installed"));
  std::error_code ec;
  for (const auto& n : names) fs::remove_all(dir_ / n, ec);
  std::erase_if(entries_, [&](const SchematronEntry& e) {
    return std::find(names.begin(), names.end(), e.name) != names.end();
  });
  if (auto saved = save(); !saved) return std::unexpected(saved.error());
  return names.size();
}

std::vector<const SchematronEntry*> SchematronRepository::for_namespace(
    const std::string& ns) const {
  std::vector<const SchematronEntry*> out;
  for (const auto& e : entries_)
    if (std::find(e.namespaces.begin(), e.namespaces.end(), ns) != e.namespaces.end())
      out.push_back(&e);
  return out;
}

}  // namespace xoev
