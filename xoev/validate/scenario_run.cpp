// The steps of a KoSIT scenario around ozg's schema step; see scenario_run.hpp.

#include "validate/scenario_run.hpp"

#include <libxml/tree.h>
#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <ctime>

#include "xoev/diag/i18n.hpp"
#include "xoev/util/digest.hpp"
#include "xoev/util/text.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kSvrlNs = "http://purl.oclc.org/dsdl/svrl";
constexpr const char* kReportInputNs =
    "http://www.xoev.de/de/validator/framework/1/createreportinput";
constexpr const char* kScenariosNs = "http://www.xoev.de/de/validator/framework/1/scenarios";
/// Findings whose line ozg looks up in the message (one XPath each).
constexpr std::size_t kMaxLocated = 1000;

bool is_svrl(const xmlNode* n, std::string_view local) {
  return n != nullptr && n->type == XML_ELEMENT_NODE && n->ns != nullptr &&
         kSvrlNs == reinterpret_cast<const char*>(n->ns->href) &&
         local == reinterpret_cast<const char*>(n->name);
}

std::string attr(const xmlNode* n, const char* name) {
  xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
  std::string s = v != nullptr ? reinterpret_cast<const char*>(v) : "";
  xmlFree(v);
  return s;
}

/// The text content with white space runs collapsed to one space.
std::string normalized(const xmlNode* n) {
  xmlChar* t = xmlNodeGetContent(n);
  std::string out;
  bool space = false;
  for (const char* c = t != nullptr ? reinterpret_cast<const char*>(t) : ""; *c != '\0'; ++c) {
    if (*c == ' ' || *c == '\n' || *c == '\t' || *c == '\r') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += *c;
    }
  }
  xmlFree(t);
  return out;
}

std::string base64_of_hex(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<std::size_t>(std::max(n, 0)));
  return out;
}

std::string resource_xml(const ScenarioResource& r) {
  return "<s:resource><s:name>" + xml_escaped(r.name) + "</s:name><s:location>" +
         xml_escaped(r.location) + "</s:location></s:resource>";
}

std::string names_of(const std::vector<ScenarioResource>& rs) {
  std::string out;
  for (const auto& r : rs)
    out += (out.empty() ? "" : ", ") + (r.name.empty() ? r.location : r.name);
  return out;
}

}  // namespace

Result<std::vector<SchematronFinding>> parse_svrl(std::string_view svrl,
                                                  NamespaceBindings* bindings) {
  DiagnosticSink sink(1);
  xml::DocPtr doc = xml::parse_tree(svrl, "SVRL", xml::XmlLimits{}, sink);
  if (!doc)
    return std::unexpected(within(i18n::error_of(ErrorKind::Input, sink.diagnostics().front()),
                                  N_("the stylesheet's output is not XML: {0}")));
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!is_svrl(root, "schematron-output"))
    return fail(ErrorKind::Input, "SCH213",
                N_("the stylesheet's output is not SVRL (svrl:schematron-output)"));
  std::vector<SchematronFinding> out;
  for (const xmlNode* n = root->children; n != nullptr; n = n->next) {
    if (is_svrl(n, "ns-prefix-in-attribute-values") && bindings != nullptr)
      bindings->emplace_back(attr(n, "prefix"), attr(n, "uri"));
    const bool report = is_svrl(n, "successful-report");
    if (!report && !is_svrl(n, "failed-assert")) continue;
    SchematronFinding f;
    f.report = report;
    f.id = attr(n, "id");
    f.flag = attr(n, "flag");
    f.role = attr(n, "role");
    f.path = attr(n, "location");
    for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (is_svrl(c, "text")) f.text = normalized(c);
      if (is_svrl(c, "diagnostic-reference"))
        f.diagnostics += (f.diagnostics.empty() ? "" : "; ") + normalized(c);
    }
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::shared_ptr<const CompiledXPath>> ScenarioRunner::xpath(SchematronEngine& engine,
                                                                   const Scenario& s,
                                                                   const std::string& expr) {
  std::lock_guard lock(mu_);
  const std::string key = s.name + '\0' + std::to_string(s.line) + '\0' + expr;
  auto it = xpaths_.find(key);
  if (it == xpaths_.end())
    it = xpaths_.emplace(key, engine.compile_xpath(expr, s.namespaces)).first;
  return it->second;
}

bool ScenarioRunner::select(const fs::path& path, FileReport& r, DiagnosticSink& sink, Run& run) {
  const std::string& name = r.input.name;
  r.scenario = ScenarioUse{};
  auto engine = SchematronEngine::instance(engine_settings_);
  if (!engine) {
    sink.add(i18n::make(Severity::Error, "SCH210", Location{name, 0, 0},
                        N_("no scenario can be chosen without the XPath 2.0 engine: install "
                           "default-jre-headless libsaxonhe-java ({0})"),
                        {engine.error().message}));
    return false;
  }
  run.engine = *engine;
  auto doc = run.engine->parse(path, allow_doctype_);
  if (!doc) {
    run.unreadable = doc.error().message;
    return false;
  }
  run.doc = *doc;
  std::vector<const Scenario*> matched;
  for (const auto& s : set_->scenarios()) {
    auto x = xpath(*run.engine, s, s.match);
    if (!x) {
      sink.error("SCH230", Location{set_->file().string(), s.match_at.first, s.match_at.second},
                 "scenario '" + s.name + "': " + x.error().message);
      return false;
    }
    // As KoSIT: a match that raises an error does not match.
    if (auto hit = run.engine->test(**x, *run.doc); hit && *hit) matched.push_back(&s);
  }
  if (matched.size() == 1) {
    run.scenario = matched.front();
    r.scenario->name = run.scenario->name;
    return true;
  }
  const std::string root = "{" + r.root_namespace + "}" + r.root_element;
  if (matched.empty()) {
    sink.add(i18n::make(Severity::Error, "SCH233", Location{name, 0, 0},
                        N_("no scenario of {0} matches this document (root {1})"),
                        {set_->file().string(), root}, "/" + r.root_element));
  } else {
    std::string names;
    for (const auto* s : matched) names += (names.empty() ? "'" : ", '") + s->name + "'";
    sink.add(i18n::make(Severity::Error, "SCH233", Location{name, 0, 0},
                        N_("{0} scenarios match this document (root {1}): {2}; KoSIT takes a "
                           "document that matches exactly one"),
                        {std::to_string(matched.size()), root, names}, "/" + r.root_element));
  }
  return true;
}

bool ScenarioRunner::check_schematron(Run& run, FileReport& r, DiagnosticSink& sink,
                                      bool schema_failed) {
  const Scenario& s = *run.scenario;
  if (s.schematron.empty()) return false;
  const std::string& name = r.input.name;
  for (const auto& res : s.schematron)
    r.schematron.push_back({res.name, res.location, {}, {}, SchematronUse::Status::Checked});
  if (schema_failed) {
    for (auto& u : r.schematron) u.status = SchematronUse::Status::Skipped;
    Diagnostic d;
    d.severity = Severity::Note;
    d.code = "SCH211";
    d.loc = Location{name, 0, 0};
    d.message = "Schematron not checked (" + names_of(s.schematron) + "): the schema step failed";
    sink.add(std::move(d));
    return false;
  }
  bool unknown = false;
  std::size_t located = 0;
  for (std::size_t i = 0; i < s.schematron.size(); ++i) {
    const ScenarioResource& res = s.schematron[i];
    run.svrl.emplace_back();
    auto failed = [&](const Error& e) {
      run.failed = true;
      r.schematron[i].status = SchematronUse::Status::Failed;
      sink.error(e.code, Location{name, 0, 0}, res.location + ": " + e.message);
    };
    auto xslt = run.engine->compile_xslt(res.path);
    if (!xslt) {
      failed(xslt.error());
      unknown = true;
      continue;
    }
    auto out = run.engine->transform(**xslt, *run.doc);
    if (!out) {
      failed(out.error());
      continue;
    }
    auto text = run.engine->serialize(**out);
    NamespaceBindings ns;
    auto findings = text ? parse_svrl(*text, &ns)
                         : Result<std::vector<SchematronFinding>>(std::unexpected(text.error()));
    if (!findings) {
      failed(findings.error());
      continue;
    }
    run.svrl.back() = std::move(*text);
    for (auto& f : *findings) {
      if (located++ < kMaxLocated && !f.path.empty())
        std::tie(f.line, f.column) = run.engine->locate(*run.doc, f.path, ns);
      const bool custom = !f.report && s.custom_levels.contains(f.id);
      const auto level = custom ? s.custom_levels.find(f.id)->second : Severity::Error;
      Diagnostic d = schematron_diagnostic(std::move(f), name);
      if (custom) d.severity = level;
      sink.add(std::move(d));
    }
  }
  return unknown;
}

std::string ScenarioRunner::report_input(const Scenario& s, const std::string& document_name,
                                         const std::string& sha256_hex,
                                         const std::string& timestamp,
                                         const std::vector<std::string>& svrl) {
  std::string x = std::string("<in:createReportInput xmlns:in=\"") + kReportInputNs +
                  "\" xmlns:s=\"" + kScenariosNs + "\" frameworkVersion=\"1.0.0\">";
  x += "<in:engine><in:name>ozg</in:name></in:engine>";
  x += "<in:timestamp>" + timestamp + "</in:timestamp>";
  x += "<in:documentIdentification><in:documentHash><in:hashAlgorithm>SHA-256</in:hashAlgorithm>"
       "<in:hashValue>" +
       base64_of_hex(sha256_hex) + "</in:hashValue></in:documentHash><in:documentReference>" +
       xml_escaped(document_name) + "</in:documentReference></in:documentIdentification>";
  x += s.xml;
  x += "<in:validationResultsWellformedness/><in:validationResultsXmlSchema>";
  for (const auto& r : s.schemas) x += resource_xml(r);
  x += "</in:validationResultsXmlSchema>";
  for (std::size_t i = 0; i < s.schematron.size(); ++i) {
    x += "<in:validationResultsSchematron>" + resource_xml(s.schematron[i]) + "<in:results>";
    // A stylesheet that failed leaves an empty report, as in KoSIT.
    x += i < svrl.size() && !svrl[i].empty()
             ? svrl[i]
             : std::string("<svrl:schematron-output xmlns:svrl=\"") + std::string(kSvrlNs) + "\"/>";
    x += "</in:results></in:validationResultsSchematron>";
  }
  x += "</in:createReportInput>";
  return x;
}

void ScenarioRunner::accept(const Run& run, const fs::path& path, FileReport& r,
                            DiagnosticSink& sink, bool schema_failed) {
  if (!r.scenario) return;
  ScenarioUse& use = *r.scenario;
  if (run.scenario == nullptr) {
    use.acceptance = ScenarioUse::Acceptance::Rejected;
    return;
  }
  const Scenario& s = *run.scenario;
  if (run.failed) {  // the error is reported; no verdict can accept the document
    use.acceptance = ScenarioUse::Acceptance::Rejected;
    return;
  }
  if (schema_failed || !s.accept_match || !s.report) {
    use.acceptance = sink.error_count() == 0 ? ScenarioUse::Acceptance::Accepted
                                             : ScenarioUse::Acceptance::Rejected;
    return;
  }
  use.by_accept_match = true;
  use.acceptance = ScenarioUse::Acceptance::Rejected;
  const std::string& name = r.input.name;
  auto failed = [&](const std::string& why) {
    sink.add(i18n::make(Severity::Error, "SCH235", Location{name, 0, 0},
                        N_("the report of scenario '{0}' ({1}) cannot be made, so the document "
                           "is rejected: {2}"),
                        {s.name, s.report->location, why}));
  };
  auto sum = sha256_file(path);
  const std::string input =
      report_input(s, name, sum.value_or(std::string(64, '0')), utc_now(), run.svrl);
  auto input_doc = run.engine->parse_text(input);
  if (!input_doc) return failed(input_doc.error().message);
  auto xslt = run.engine->compile_xslt(s.report->path);
  if (!xslt) return failed(xslt.error().message);
  auto report = run.engine->transform(**xslt, **input_doc, {{"input-document", run.doc.get()}});
  if (!report) return failed(report.error().message);
  auto x = xpath(*run.engine, s, *s.accept_match);
  if (!x) return failed("acceptMatch: " + x.error().message);
  auto ok = run.engine->test(**x, **report);
  if (!ok) return failed("acceptMatch '" + *s.accept_match + "': " + ok.error().message);
  if (*ok) {
    use.acceptance = ScenarioUse::Acceptance::Accepted;
    return;
  }
  sink.add(i18n::make(Severity::Error, "SCH234", Location{name, 0, 0},
                      N_("rejected by scenario '{0}': acceptMatch {1} does not hold on its report "
                         "({2})"),
                      {s.name, *s.accept_match, s.report->location}));
}

}  // namespace xoev
