// KoSIT scenarios files: reading them (with the hardened tree loader), checking that their
// resources are where they must be, and listing them. Running them is the validator's
// (scenario_run.cpp).

#include "xoev/validate/scenarios.hpp"

#include <libxml/tree.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>

#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"

namespace xoev {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kScenariosNs = "http://www.xoev.de/de/validator/framework/1/scenarios";
constexpr std::string_view kXsltNs = "http://www.w3.org/1999/XSL/Transform";

bool is(const xmlNode* n, std::string_view ns, std::string_view local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && n->ns != nullptr &&
         ns == reinterpret_cast<const char*>(n->ns->href) &&
         local == reinterpret_cast<const char*>(n->name);
}

std::vector<xmlNode*> children(const xmlNode* n, std::string_view local) {
  std::vector<xmlNode*> out;
  for (xmlNode* c = n->children; c != nullptr; c = c->next)
    if (is(c, kScenariosNs, local)) out.push_back(c);
  return out;
}

xmlNode* child(const xmlNode* n, std::string_view local) {
  auto all = children(n, local);
  return all.empty() ? nullptr : all.front();
}

std::string text(const xmlNode* n) {
  if (n == nullptr) return {};
  xmlChar* t = xmlNodeGetContent(n);
  std::string s = t != nullptr ? reinterpret_cast<const char*>(t) : "";
  xmlFree(t);
  return s;
}

std::string trimmed(std::string s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s.substr(b);
}

/// White space runs as one space, none at the ends (xs:token).
std::string collapsed(const std::string& s) {
  std::string out;
  std::istringstream words(s);
  for (std::string w; words >> w;) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::string attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string s = v != nullptr ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

uint32_t line_of(const xmlNode* n) { return static_cast<uint32_t>(std::max(0L, xmlGetLineNo(n))); }

/// The element as a document of its own, namespace declarations included.
std::string element_xml(xmlNode* n) {
  xmlDocPtr d = xmlNewDoc(reinterpret_cast<const xmlChar*>("1.0"));
  xmlNodePtr copy = xmlDocCopyNode(n, d, 1);
  xmlDocSetRootElement(d, copy);
  xmlReconciliateNs(d, copy);
  xmlBufferPtr buf = xmlBufferCreate();
  xmlNodeDump(buf, d, copy, 0, 0);
  std::string s(reinterpret_cast<const char*>(xmlBufferContent(buf)),
                static_cast<std::size_t>(xmlBufferLength(buf)));
  xmlBufferFree(buf);
  xmlFreeDoc(d);
  return s;
}

const std::regex& placeholder_re() {
  static const std::regex re("@[A-Za-z][A-Za-z0-9_.-]*@");
  return re;
}

std::vector<std::string> placeholders_in(const std::string& s) {
  std::vector<std::string> out;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), placeholder_re());
       it != std::sregex_iterator(); ++it)
    out.push_back(it->str());
  return out;
}

bool has_scheme(std::string_view s) {
  const auto colon = s.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;  // "C:" is no scheme either
  return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  });
}

/// Why `location` (relative to `base`, a folder inside `repository`) leaves the repository, or
/// empty if it stays inside (symbolic links followed).
std::string escape_reason(std::string_view location, const fs::path& base,
                          const fs::path& repository) {
  if (has_scheme(location)) return "is a URI, not a path inside the repository";
  const fs::path p(location);
  if (p.is_absolute()) return "is an absolute path";
  const fs::path joined = (base / p).lexically_normal();
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(repository, ec);
  const fs::path real = fs::weakly_canonical(joined, ec);
  const fs::path rel = real.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return "leaves the repository " + repository.string();
  return {};
}

Diagnostic problem_at(std::string code, Location at, std::string message) {
  Diagnostic d;
  d.code = std::move(code);
  d.loc = std::move(at);
  d.message = std::move(message);
  return d;
}

struct Parser {
  const fs::path& file;
  const fs::path& repository;
  std::vector<std::string> lines;  // of the file, for columns
  std::optional<Error> first_error;

  /// The column of the first character of the element that starts line `line` (1-based).
  uint32_t column_of(uint32_t line) const {
    if (line == 0 || line > lines.size()) return 0;
    const auto at = lines[line - 1].find('<');
    return at == std::string::npos ? 0 : static_cast<uint32_t>(at + 1);
  }

  /// The first problem, as FILE:LINE: and the template `message` (N_) filled with `args`.
  void problem(const xmlNode* n, const char* message, std::vector<std::string> args = {}) {
    if (!first_error)
      first_error =
          within(make_error(ErrorKind::Config, "SCH230", message, std::move(args)), "{0}:{1}: {2}",
                 {file.string(), std::to_string(n != nullptr ? line_of(n) : 0)});
  }

  std::optional<ScenarioResource> resource(const xmlNode* holder, std::string_view what) {
    const xmlNode* r = child(holder, "resource");
    if (r == nullptr) {
      problem(holder, N_("{0} has no <resource>"), {std::string(what)});
      return std::nullopt;
    }
    ScenarioResource out;
    out.name = collapsed(text(child(r, "name")));
    const xmlNode* loc = child(r, "location");
    out.location = trimmed(text(loc));
    if (loc == nullptr || out.location.empty()) {
      problem(r, N_("a resource of {0} has no <location>"), {std::string(what)});
      return std::nullopt;
    }
    out.line = line_of(loc);
    out.column = column_of(out.line);
    out.path = (repository / fs::path(out.location)).lexically_normal();
    return out;
  }
};

}  // namespace

Result<ScenarioSet> ScenarioSet::load(const fs::path& file, const fs::path& repository,
                                      const xml::XmlLimits& limits) {
  DiagnosticSink sink(10);
  xml::DocPtr doc = xml::load_tree(file, file.string(), limits, sink);
  if (!doc) {
    const Diagnostic& d = sink.diagnostics().front();
    // The parser's finding ({4}, the last argument) with its code.
    Error e =
        within(i18n::error_of(ErrorKind::Config, d), "{0}:{1}:{2}: {4} [{3}]",
               {file.string(), std::to_string(d.loc.line), std::to_string(d.loc.column), d.code});
    e.code = "SCH230";
    return std::unexpected(std::move(e));
  }
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!is(root, kScenariosNs, "scenarios"))
    return fail(ErrorKind::Config, "SCH230",
                N_("{0} is not a KoSIT scenarios file (root element <scenarios> in {1})"),
                {file.string(), std::string(kScenariosNs)});

  ScenarioSet set;
  set.file_ = file;
  set.repository_ = fs::absolute(repository).lexically_normal();
  set.limits_ = limits;
  set.name_ = collapsed(text(child(root, "name")));
  set.author_ = trimmed(text(child(root, "author")));
  set.date_ = trimmed(text(child(root, "date")));
  Parser p{file, set.repository_, {}, {}};
  if (auto bytes = xml::read_regular_file(file, file.string(), limits.max_tree_bytes, sink)) {
    std::istringstream in(*bytes);
    for (std::string l; std::getline(in, l);) p.lines.push_back(l);
  }

  for (xmlNode* s : children(root, "scenario")) {
    Scenario sc;
    sc.line = line_of(s);
    sc.column = p.column_of(sc.line);
    sc.name = collapsed(text(child(s, "name")));
    if (sc.name.empty()) p.problem(s, N_("a <scenario> has no <name>"));
    for (const xmlNode* ns : children(s, "namespace"))
      sc.namespaces.emplace_back(attr(ns, "prefix"), trimmed(text(ns)));
    const xmlNode* match = child(s, "match");
    sc.match = trimmed(text(match));
    sc.match_at = {match != nullptr ? line_of(match) : sc.line, 0};
    sc.match_at.second = p.column_of(sc.match_at.first);
    if (sc.match.empty()) p.problem(s, N_("scenario '{0}' has no <match>"), {sc.name});
    const auto xsd = children(s, "validateWithXmlSchema");
    if (xsd.size() != 1) {
      p.problem(s, N_("scenario '{0}' needs one <validateWithXmlSchema>"), {sc.name});
    } else {
      const auto res = children(xsd.front(), "resource");
      if (res.size() > 1)
        p.problem(xsd.front(),
                  N_("scenario '{0}' names several XML Schema resources; ozg validates against "
                     "one (make one schema that imports the others)"),
                  {sc.name});
      if (auto r = p.resource(xsd.front(), "validateWithXmlSchema")) sc.schemas.push_back(*r);
    }
    for (const xmlNode* v : children(s, "validateWithSchematron"))
      if (auto r = p.resource(v, "validateWithSchematron")) sc.schematron.push_back(*r);
    if (const xmlNode* cr = child(s, "createReport")) {
      sc.report = p.resource(cr, "createReport");
      for (const xmlNode* cl : children(cr, "customLevel")) {
        const std::string level = attr(cl, "level");
        Severity sev = Severity::Error;
        if (level == "warning") {
          sev = Severity::Warning;
        } else if (level == "information") {
          sev = Severity::Note;
        } else if (level != "error") {
          p.problem(cl, N_("customLevel level '{0}' is not one of error, warning, information"),
                    {level});
        }
        std::istringstream ids(text(cl));
        for (std::string id; ids >> id;) sc.custom_levels.insert_or_assign(id, sev);
      }
    }
    if (const xmlNode* am = child(s, "acceptMatch")) {
      sc.accept_match = trimmed(text(am));
      sc.accept_at = {line_of(am), p.column_of(line_of(am))};
    }
    sc.xml = element_xml(s);
    set.scenarios_.push_back(std::move(sc));
  }
  if (set.scenarios_.empty()) p.problem(root, N_("no <scenario>"));
  if (const xmlNode* nr = child(root, "noScenarioReport"))
    set.no_scenario_report_ = p.resource(nr, "noScenarioReport");
  if (p.first_error) return std::unexpected(*p.first_error);

  std::set<std::string> seen;
  for (const auto& ph : placeholders_in(text(root)))
    if (seen.insert(ph).second) set.placeholders_.push_back(ph);
  return set;
}

namespace {

/// Checks one stylesheet and, recursively, what it includes or imports.
void check_stylesheet(const ScenarioSet& set, const std::string& scenario, const fs::path& file,
                      const Location& at, std::set<fs::path>& seen, std::vector<Diagnostic>& out) {
  if (!seen.insert(file).second) return;
  DiagnosticSink sink(1);
  xml::DocPtr doc = xml::load_tree(file, file.string(), set.limits(), sink);
  if (!doc) {
    const Diagnostic& d = sink.diagnostics().front();
    out.push_back(problem_at(
        "SCH231", at,
        scenario + ": " + file.string() + " cannot be used: " + d.message + " [" + d.code + "]"));
    return;
  }
  std::vector<xmlNode*> stack{xmlDocGetRootElement(doc.get())};
  while (!stack.empty()) {
    xmlNode* n = stack.back();
    stack.pop_back();
    for (xmlNode* c = n->children; c != nullptr; c = c->next)
      if (c->type == XML_ELEMENT_NODE) stack.push_back(c);
    if (!is(n, kXsltNs, "include") && !is(n, kXsltNs, "import")) continue;
    const std::string href = attr(n, "href");
    if (auto why = escape_reason(href, file.parent_path(), set.repository()); !why.empty()) {
      out.push_back(problem_at("SCH232", at,
                               scenario + ": " + file.string() + " line " +
                                   std::to_string(line_of(n)) + " includes '" + href + "', which " +
                                   why));
      continue;
    }
    check_stylesheet(set, scenario, (file.parent_path() / href).lexically_normal(), at, seen, out);
  }
}

}  // namespace

std::vector<Diagnostic> ScenarioSet::problems() const {
  std::vector<Diagnostic> out;
  std::set<fs::path> seen_paths;  // a file that several scenarios use is reported once
  bool hinted = false;
  auto check = [&](const std::string& scenario, const ScenarioResource& r, bool xslt) {
    if (!seen_paths.insert(r.path).second) return;
    const Location at{file_.string(), r.line, r.column};
    if (auto why = escape_reason(r.location, repository_, repository_); !why.empty()) {
      out.push_back(problem_at(
          "SCH232", at, scenario + ": resource '" + r.name + "' at '" + r.location + "' " + why));
      return;
    }
    std::error_code ec;
    if (!fs::is_regular_file(r.path, ec)) {
      std::string msg =
          scenario + ": resource '" + r.name + "' is missing: no file " + r.path.string();
      if (const auto ph = placeholders_in(r.location); !ph.empty())
        msg += " (its location holds the unexpanded build placeholder " + ph.front() + ")";
      Diagnostic d = problem_at("SCH231", at, msg);
      if (!hinted) {  // the hint once, at the first missing resource
        hinted = true;
        if (!placeholders_.empty())
          d.hint = "this file is the source of a configuration (placeholders such as " +
                   placeholders_.front() + "); use the scenarios.xml of a built configuration";
        else
          d.hint = "copy the configuration's resources into " + repository_.string() +
                   ", or name the folder that holds them";
      }
      out.push_back(std::move(d));
      return;
    }
    if (xslt) {
      std::set<fs::path> seen;
      check_stylesheet(*this, scenario, r.path, at, seen, out);
    }
  };
  for (const auto& s : scenarios_) {
    const std::string who = "scenario '" + s.name + "'";
    for (const std::string* x : {&s.match, s.accept_match ? &*s.accept_match : nullptr}) {
      if (x == nullptr) continue;
      const auto [line, column] = x == &s.match ? s.match_at : s.accept_at;
      if (const auto ph = placeholders_in(*x); !ph.empty())
        out.push_back(problem_at(
            "SCH236", Location{file_.string(), line, column},
            who + ": '" + trimmed(*x) + "' holds the unexpanded build placeholder " + ph.front()));
    }
    for (const auto& r : s.schemas) check(who, r, false);
    for (const auto& r : s.schematron) check(who, r, true);
    if (s.report) check(who, *s.report, true);
  }
  if (no_scenario_report_) check("noScenarioReport", *no_scenario_report_, true);
  return out;
}

void write_scenario_list(std::ostream& out, const ScenarioSet& set,
                         const std::vector<Diagnostic>& problems, bool json) {
  auto present = [&](const ScenarioResource& r) {
    std::error_code ec;
    return escape_reason(r.location, set.repository(), set.repository()).empty() &&
           fs::is_regular_file(r.path, ec);
  };
  auto res_json = [&](const ScenarioResource& r) {
    return nlohmann::ordered_json{
        {"name", r.name}, {"location", r.location}, {"present", present(r)}};
  };
  if (json) {
    nlohmann::ordered_json doc;
    doc["file"] = set.file().string();
    doc["name"] = set.name();
    doc["repository"] = set.repository().string();
    doc["placeholders"] = set.placeholders();
    doc["scenarios"] = nlohmann::ordered_json::array();
    for (const auto& s : set.scenarios()) {
      nlohmann::ordered_json j;
      j["name"] = s.name;
      j["match"] = s.match;
      j["namespaces"] = nlohmann::ordered_json::object();
      for (const auto& [prefix, uri] : s.namespaces) j["namespaces"][prefix] = uri;
      j["schemas"] = nlohmann::ordered_json::array();
      for (const auto& r : s.schemas) j["schemas"].push_back(res_json(r));
      j["schematron"] = nlohmann::ordered_json::array();
      for (const auto& r : s.schematron) j["schematron"].push_back(res_json(r));
      j["report"] = s.report ? res_json(*s.report) : nlohmann::ordered_json();
      j["accept_match"] = s.accept_match ? nlohmann::ordered_json(*s.accept_match) : nullptr;
      doc["scenarios"].push_back(std::move(j));
    }
    doc["problems"] = nlohmann::ordered_json::array();
    for (const auto& d : problems) doc["problems"].push_back(diagnostic_json(d));
    out << doc.dump(2) << '\n';
    return;
  }
  out << set.file().string() << ": " << set.name() << " (" << set.scenarios().size()
      << (set.scenarios().size() == 1 ? " scenario" : " scenarios") << ", repository "
      << set.repository().string() << ")\n";
  auto line = [&](std::string_view what, const ScenarioResource& r) {
    out << "    " << what << r.location << (present(r) ? "" : "  (missing or refused)") << '\n';
  };
  for (const auto& s : set.scenarios()) {
    out << "  " << s.name << "\n    match: " << s.match << '\n';
    for (const auto& r : s.schemas) line("xsd: ", r);
    for (const auto& r : s.schematron) line("schematron: ", r);
    if (s.report) line("report: ", *s.report);
    if (s.accept_match) out << "    accept: " << *s.accept_match << '\n';
  }
  if (!set.placeholders().empty()) {
    out << "unexpanded build placeholders:";
    for (const auto& ph : set.placeholders()) out << ' ' << ph;
    out << '\n';
  }
  for (const auto& d : problems)
    out << "problem: " << d.loc.file << ':' << d.loc.line << ": " << d.message << " [" << d.code
        << "]\n";
}

}  // namespace xoev
