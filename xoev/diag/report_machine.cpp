// Machine-readable reporters: JSON (nlohmann-json), JUnit XML (libxml2's xmlwriter) and SARIF
// 2.1.0 (nlohmann-json).

#include <libxml/uri.h>
#include <libxml/xmlwriter.h>

#include <array>
#include <iomanip>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <sstream>

#include "xoev/diag/codes.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"

namespace xoev {

using nlohmann::json;
using nlohmann::ordered_json;

ordered_json diagnostic_json(const Diagnostic& d) {
  ordered_json j;
  j["severity"] = std::string(to_string(d.severity));
  j["code"] = d.code;
  j["message"] = i18n::message(d);
  j["message_en"] = d.message;  // for tools: the same whatever the user's language
  j["file"] = d.loc.file;
  j["line"] = d.loc.line;
  j["column"] = d.loc.column;
  if (!d.path.empty()) j["path"] = d.path;
  if (!d.rule.empty()) j["rule"] = d.rule;
  if (const auto hint = i18n::hint(d)) j["hint"] = *hint;
  return j;
}

namespace {

ordered_json summary_json(const RunSummary& s) {
  ordered_json j = {{"files", s.files},         {"valid", s.valid},   {"invalid", s.invalid},
                    {"unchecked", s.unchecked}, {"errors", s.errors}, {"warnings", s.warnings},
                    {"seconds", s.seconds}};
  if (s.scenarios) {
    j["accepted"] = s.accepted;
    j["rejected"] = s.rejected;
  }
  return j;
}

const xmlChar* xc(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

std::string seconds_text(double s) {
  std::ostringstream o;
  o << std::fixed << std::setprecision(3) << s;
  return o.str();
}

std::string one_line(const Diagnostic& d) {
  std::string s = d.loc.file;
  if (d.loc.line > 0) s += ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column);
  s += ": " + i18n::tr(to_string(d.severity)) + ": " + i18n::message(d) + " [" + d.code + "]";
  if (!d.path.empty()) s += "\n    " + i18n::tr("at") + " " + d.path;
  if (const auto hint = i18n::hint(d)) s += "\n    " + i18n::tr("hint") + ": " + *hint;
  return s;
}

}  // namespace

void write_json(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary& s) {
  ordered_json files = ordered_json::array();
  for (const auto& r : reports) {
    ordered_json f;
    f["file"] = r.input.name;
    f["verdict"] = std::string(to_string(r.verdict));
    f["namespace"] = r.root_namespace;
    f["root"] = r.root_element;
    f["schema"] = r.schema;
    f["schema_reason"] = i18n::english(r.schema_reason);
    f["bytes"] = r.bytes;
    f["seconds"] = r.seconds;
    f["errors"] = r.errors;
    f["warnings"] = r.warnings;
    f["codes"] = {{"checked", r.codes.checked},
                  {"valid", r.codes.valid},
                  {"invalid", r.codes.invalid},
                  {"no_list", r.codes.no_list}};
    if (!r.schematron.empty()) {
      f["schematron"] = ordered_json::array();
      for (const auto& use : r.schematron)
        f["schematron"].push_back({{"name", use.name},
                                   {"file", use.file},
                                   {"version", use.version},
                                   {"sha256", use.sha256},
                                   {"status", std::string(to_string(use.status))}});
    }
    if (r.scenario)
      f["scenario"] = {
          {"name", r.scenario->name.empty() ? ordered_json() : ordered_json(r.scenario->name)},
          {"acceptance", std::string(to_string(r.scenario->acceptance))},
          {"by_accept_match", r.scenario->by_accept_match}};
    f["diagnostics"] = ordered_json::array();
    for (const auto& d : r.diagnostics) f["diagnostics"].push_back(diagnostic_json(d));
    files.push_back(std::move(f));
  }
  ordered_json doc;
  doc["files"] = std::move(files);
  doc["summary"] = summary_json(s);
  out << doc.dump(2) << '\n';
}

void write_junit(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary& s) {
  xmlBufferPtr buf = xmlBufferCreate();
  xmlTextWriterPtr w = xmlNewTextWriterMemory(buf, 0);
  auto attr = [&](const char* name, const std::string& value) {
    xmlTextWriterWriteAttribute(w, xc(name), xc(value.c_str()));
  };
  xmlTextWriterSetIndent(w, 1);
  xmlTextWriterSetIndentString(w, xc("  "));
  xmlTextWriterStartDocument(w, nullptr, "UTF-8", nullptr);
  xmlTextWriterStartElement(w, xc("testsuites"));
  attr("name", "ozg validate");
  attr("tests", std::to_string(s.files));
  const std::string failures = std::to_string(s.scenarios ? s.rejected : s.invalid);
  attr("failures", failures);
  attr("errors", std::to_string(s.unchecked));
  attr("time", seconds_text(s.seconds));
  xmlTextWriterStartElement(w, xc("testsuite"));
  attr("name", "ozg validate");
  attr("tests", std::to_string(s.files));
  attr("failures", failures);
  attr("errors", std::to_string(s.unchecked));
  attr("skipped", "0");
  attr("time", seconds_text(s.seconds));
  for (const auto& r : reports) {
    xmlTextWriterStartElement(w, xc("testcase"));
    attr("classname", r.schema.empty() ? std::string("ozg.validate") : r.schema);
    attr("name", r.input.name);
    attr("time", seconds_text(r.seconds));
    // With a KoSIT scenario the acceptance decides, not the errors: acceptMatch may accept a
    // file with errors, or reject one without.
    const bool checked = r.verdict != Verdict::Unchecked;
    const bool fails = r.scenario && checked
                           ? r.scenario->acceptance == ScenarioUse::Acceptance::Rejected
                           : r.verdict != Verdict::Valid;
    if (fails) {
      std::string body;
      std::string first_code;
      for (const auto& d : r.diagnostics) {
        if (first_code.empty() && d.severity == Severity::Error) first_code = d.code;
        body += one_line(d) + "\n";
      }
      xmlTextWriterStartElement(w, xc(checked ? "failure" : "error"));
      attr("message", (r.scenario && checked ? std::string("rejected, ") : std::string()) +
                          std::to_string(r.errors) + (r.errors == 1 ? " error" : " errors"));
      attr("type", first_code);
      xmlTextWriterWriteString(w, xc(body.c_str()));
      xmlTextWriterEndElement(w);
    } else if (r.warnings > 0) {
      std::string body;
      for (const auto& d : r.diagnostics) body += one_line(d) + "\n";
      xmlTextWriterWriteElement(w, xc("system-out"), xc(body.c_str()));
    }
    xmlTextWriterEndElement(w);
  }
  xmlTextWriterEndDocument(w);
  xmlFreeTextWriter(w);
  out.write(reinterpret_cast<const char*>(xmlBufferContent(buf)), xmlBufferLength(buf));
  xmlBufferFree(buf);
}

/// A file name as an RFC 3986 URI reference, as SARIF's artifactLocation.uri must be: "Zuzug
/// Müller.xml" -> "Zuzug%20M%C3%BCller.xml" (slashes and the sub-delimiters stay). A relative
/// name whose first segment holds a colon gets "./" in front, as RFC 3986 (4.2) asks, or
/// "termin:10.xml" would read as a URI of the scheme "termin".
static std::string uri_reference(const std::string& file) {
  xmlChar* e = xmlURIEscapeStr(reinterpret_cast<const xmlChar*>(file.c_str()),
                               reinterpret_cast<const xmlChar*>("/:@$&+,;="));
  std::string out = e != nullptr ? reinterpret_cast<const char*>(e) : file;
  xmlFree(e);
  if (out.find(':') < out.find('/')) out.insert(0, "./");
  return out;
}

void write_sarif(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary&,
                 const std::string& tool_version) {
  std::map<std::string, std::size_t> rule_index;
  ordered_json rules = ordered_json::array();
  ordered_json results = ordered_json::array();
  for (const auto& r : reports) {
    for (const auto& d : r.diagnostics) {
      auto [it, inserted] = rule_index.emplace(d.code, rules.size());
      if (inserted) {
        ordered_json rule;
        rule["id"] = d.code;
        if (const CodeInfo* info = find_code(d.code)) {
          rule["name"] = std::string(info->title);
          rule["shortDescription"] = {{"text", i18n::tr(info->title)}};
          rule["fullDescription"] = {{"text", i18n::tr(info->explanation)}};
        }
        rules.push_back(std::move(rule));
      }
      ordered_json res;
      res["ruleId"] = d.code;
      res["ruleIndex"] = it->second;
      res["level"] = d.severity == Severity::Error     ? "error"
                     : d.severity == Severity::Warning ? "warning"
                                                       : "note";
      std::string text = i18n::message(d);
      if (const auto hint = i18n::hint(d)) text += " (" + i18n::tr("hint") + ": " + *hint + ")";
      res["message"] = {{"text", text}};
      ordered_json phys;
      phys["artifactLocation"] = {{"uri", uri_reference(d.loc.file)}};
      if (d.loc.line > 0) {
        ordered_json region;
        region["startLine"] = d.loc.line;
        if (d.loc.column > 0) region["startColumn"] = d.loc.column;
        phys["region"] = std::move(region);
      }
      ordered_json loc;
      loc["physicalLocation"] = std::move(phys);
      if (!d.path.empty())
        loc["logicalLocations"] =
            ordered_json::array({{{"fullyQualifiedName", d.path}, {"kind", "element"}}});
      res["locations"] = ordered_json::array({std::move(loc)});
      if (!d.rule.empty()) res["properties"] = {{"schematronRule", d.rule}};
      results.push_back(std::move(res));
    }
  }
  ordered_json driver;
  driver["name"] = "ozg";
  driver["version"] = tool_version;
  driver["rules"] = std::move(rules);
  ordered_json run;
  run["tool"] = {{"driver", std::move(driver)}};
  run["results"] = std::move(results);
  ordered_json artifacts = ordered_json::array();  // unique items: a file given twice is one
  std::set<std::string> listed;
  for (const auto& r : reports)
    if (std::string uri = uri_reference(r.input.name); listed.insert(uri).second)
      artifacts.push_back({{"location", {{"uri", std::move(uri)}}}});
  run["artifacts"] = std::move(artifacts);
  ordered_json doc;
  doc["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json";
  doc["version"] = "2.1.0";
  doc["runs"] = ordered_json::array({std::move(run)});
  out << doc.dump(2) << '\n';
}

std::span<const ReportFormat> report_formats() {
  static constexpr std::array kFormats{
      ReportFormat{"json", [](std::ostream& o, const std::vector<FileReport>& r,
                              const RunSummary& s, const std::string&) { write_json(o, r, s); }},
      ReportFormat{"junit", [](std::ostream& o, const std::vector<FileReport>& r,
                               const RunSummary& s, const std::string&) { write_junit(o, r, s); }},
      ReportFormat{"sarif", write_sarif},
      ReportFormat{"html", write_html},
  };
  return kFormats;
}

}  // namespace xoev
