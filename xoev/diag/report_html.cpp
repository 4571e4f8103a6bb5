// -f html: one self-contained page a service-center employee can open or mail. Per message the
// verdict and each finding with its source line and what to do, in the chosen language; for a
// folder a summary table first (invalid files on top), which a short inline script makes
// sortable by any column. The page needs neither the script nor anything outside it: styles
// are inline, there are no images or fonts. It is XHTML (polyglot HTML5), written with
// libxml2's writer, so every text is escaped and the page is well-formed XML.

#include <libxml/xmlwriter.h>

#include <algorithm>
#include <numeric>
#include <ostream>
#include <sstream>
#include <string>

#include "diag/excerpt.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"
#include "xoev/util/text.hpp"

namespace xoev {

namespace {

const xmlChar* xc(const char* s) { return reinterpret_cast<const xmlChar*>(s); }

constexpr const char* kStyle = R"(
body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;padding:0 1em;color:#1a1a1a}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.1em;margin:1.6em 0 .4em;word-break:break-all}
.meta{color:#555;margin-top:0}table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.3em .6em;border-bottom:1px solid #ddd;vertical-align:top}
th{background:#f3f3f3;cursor:pointer}td.n{text-align:right}
.v{font-weight:600;padding:.05em .5em;border-radius:.3em;white-space:nowrap}
.valid,.accepted{background:#e3f4e3;color:#17561a}.invalid,.rejected,.unchecked{background:#fbe4e4;color:#8a1111}
ol{padding-left:1.4em}li{margin:.8em 0}.sev{font-weight:700}.error .sev{color:#b00}
.warning .sev{color:#8a5a00}.note .sev{color:#225}code,pre{font:13px/1.4 ui-monospace,monospace}
.loc{color:#555}.path{color:#333;margin:.1em 0}pre{background:#f6f6f6;padding:.4em .6em;overflow-x:auto;margin:.3em 0}
mark{background:#ffd54a}.hint{margin:.2em 0;padding:.3em .6em;border-left:3px solid #2a7ab0;background:#eef6fb}
)";

// Sorts the summary table by the clicked column (numbers numerically); optional.
constexpr const char* kScript = R"(
document.querySelectorAll('table.summary th').forEach(function(th,i){th.addEventListener('click',function(){
var b=th.closest('table').tBodies[0],r=Array.from(b.rows),up=th.dataset.up!=='1';th.dataset.up=up?'1':'0';
r.sort(function(x,y){var a=x.cells[i].dataset.k||x.cells[i].textContent,c=y.cells[i].dataset.k||y.cells[i].textContent;
var n=parseFloat(a)-parseFloat(c);var d=isNaN(n)?a.localeCompare(c):n;return up?d:-d;});r.forEach(function(e){b.appendChild(e);});});});
)";

class Page {
 public:
  Page() : buf_(xmlBufferCreate()), w_(xmlNewTextWriterMemory(buf_, 0)) {
    xmlTextWriterSetIndent(w_, 0);
  }
  ~Page() {
    if (w_ != nullptr) xmlFreeTextWriter(w_);
    xmlBufferFree(buf_);
  }
  Page(const Page&) = delete;
  Page& operator=(const Page&) = delete;

  void open(const char* tag, const char* cls = nullptr) {
    xmlTextWriterStartElement(w_, xc(tag));
    if (cls != nullptr) attr("class", cls);
  }
  void attr(const char* name, const std::string& value) {
    xmlTextWriterWriteAttribute(w_, xc(name), xc(value.c_str()));
  }
  void text(const std::string& t) { xmlTextWriterWriteString(w_, xc(t.c_str())); }
  void raw(const char* t) { xmlTextWriterWriteRaw(w_, xc(t)); }
  void close() { xmlTextWriterEndElement(w_); }
  void full_close() { xmlTextWriterFullEndElement(w_); }  // <script></script>, not <script/>
  void leaf(const char* tag, const std::string& t, const char* cls = nullptr) {
    open(tag, cls);
    text(t);
    full_close();
  }
  std::string finish() {
    xmlTextWriterEndDocument(w_);
    xmlFreeTextWriter(w_);
    w_ = nullptr;
    return {reinterpret_cast<const char*>(xmlBufferContent(buf_)),
            static_cast<std::size_t>(xmlBufferLength(buf_))};
  }

 private:
  xmlBufferPtr buf_;
  xmlTextWriterPtr w_;
};

struct Verdict_ {
  std::string word;
  const char* cls;
};

Verdict_ verdict_of(const FileReport& r) {
  if (r.scenario && r.verdict != Verdict::Unchecked)
    return r.scenario->acceptance == ScenarioUse::Acceptance::Accepted
               ? Verdict_{i18n::tr("accepted"), "v accepted"}
               : Verdict_{i18n::tr("rejected"), "v rejected"};
  switch (r.verdict) {
    case Verdict::Valid:
      return {i18n::tr("valid"), "v valid"};
    case Verdict::Invalid:
      return {i18n::tr("invalid"), "v invalid"};
    case Verdict::Unchecked:
      break;
  }
  return {i18n::tr("not checked"), "v unchecked"};
}

/// Invalid and unchecked files first, then by name: what needs work is on top.
std::vector<std::size_t> summary_order(const std::vector<FileReport>& reports) {
  std::vector<std::size_t> order(reports.size());
  std::iota(order.begin(), order.end(), 0);
  std::ranges::stable_sort(order, [&](std::size_t a, std::size_t b) {
    const bool bad_a = reports[a].verdict != Verdict::Valid;
    const bool bad_b = reports[b].verdict != Verdict::Valid;
    if (bad_a != bad_b) return bad_a;
    return reports[a].input.name < reports[b].input.name;
  });
  return order;
}

void write_summary_table(Page& p, const std::vector<FileReport>& reports) {
  p.open("table", "summary");
  p.open("thead");
  p.open("tr");
  for (const char* h : {N_("File"), N_("Result"), N_("Errors"), N_("Warnings"), N_("Schema")})
    p.leaf("th", i18n::tr(h));
  p.close();
  p.close();
  p.open("tbody");
  for (std::size_t i : summary_order(reports)) {
    const FileReport& r = reports[i];
    const Verdict_ v = verdict_of(r);
    p.open("tr");
    p.open("td");
    p.open("a");
    p.attr("href", "#f" + std::to_string(i + 1));
    p.text(r.input.name);
    p.full_close();
    p.full_close();
    p.open("td");
    p.attr("data-k", r.verdict == Verdict::Valid ? "1" : "0");
    p.leaf("span", v.word, v.cls);
    p.full_close();
    p.leaf("td", std::to_string(r.errors), "n");
    p.leaf("td", std::to_string(r.warnings), "n");
    p.leaf("td", r.schema);
    p.close();
  }
  p.close();
  p.close();
}

void write_finding(Page& p, const Diagnostic& d, const diag::SourceLines& lines) {
  p.open("li", d.severity == Severity::Error     ? "error"
               : d.severity == Severity::Warning ? "warning"
                                                 : "note");
  p.open("div");
  p.leaf("span", i18n::tr(to_string(d.severity)), "sev");
  p.text(" ");
  p.leaf("code", d.code);
  if (d.loc.line > 0) {
    p.text(" ");
    p.leaf("span",
           d.loc.file + ":" + std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column),
           "loc");
  }
  p.full_close();
  p.leaf("div", i18n::message(d), "msg");
  if (!d.path.empty()) {
    p.open("div", "path");
    p.text(i18n::tr("at") + " ");
    p.leaf("code", d.path);
    p.full_close();
  }
  const auto file = lines.find(d.loc.file);
  if (file != lines.end()) {
    const auto ex = file->second.find(d.loc.line);
    const std::size_t at = d.loc.column >= 1 ? d.loc.column - 1 : 0;
    if (ex != file->second.end() && at >= ex->second.from &&
        at - ex->second.from <= ex->second.text.size()) {
      const std::string line = diag::printable(ex->second.text);
      std::size_t cut = std::min(at - ex->second.from, line.size());
      while (cut > 0 && cut < line.size() && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80)
        --cut;  // the marked character starts at a character boundary
      std::size_t end = cut < line.size() ? cut + 1 : cut;
      while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) ++end;
      p.open("pre");
      p.text(std::to_string(d.loc.line) + " | " + line.substr(0, cut));
      p.leaf("mark", line.substr(cut, end - cut));
      p.text(line.substr(end));
      p.full_close();
    }
  }
  if (const auto hint = i18n::hint(d)) p.leaf("div", i18n::tr("hint") + ": " + *hint, "hint");
  p.full_close();
}

}  // namespace

void write_html(std::ostream& out, const std::vector<FileReport>& reports, const RunSummary& s,
                const std::string& tool_version) {
  Page p;
  p.raw("<!DOCTYPE html>\n");
  p.open("html");
  p.attr("xmlns", "http://www.w3.org/1999/xhtml");
  p.attr("lang", i18n::language());
  p.open("head");
  p.open("meta");
  p.attr("charset", "utf-8");
  p.close();
  p.leaf("title", i18n::tr("ozg validation report"));
  p.open("style");
  p.raw(kStyle);
  p.full_close();
  p.close();
  p.open("body");
  p.leaf("h1", i18n::tr("ozg validation report"));
  auto n = [](std::size_t v) { return std::to_string(v); };
  std::string counts =
      s.scenarios
          ? i18n::fill(i18n::tr(N_("{0} accepted, {1} rejected")), {n(s.accepted), n(s.rejected)})
          : i18n::fill(i18n::tr(N_("{0} valid, {1} invalid")), {n(s.valid), n(s.invalid)});
  if (s.unchecked > 0)
    counts += ", " + i18n::fill(i18n::tr(N_("{0} not checked")), {n(s.unchecked)});
  p.leaf("p",
         i18n::fill(i18n::tr_n("{0} file", "{0} files", s.files), {n(s.files)}) + ": " + counts +
             "; " + i18n::fill(i18n::tr_n("{0} error", "{0} errors", s.errors), {n(s.errors)}) +
             ", " +
             i18n::fill(i18n::tr_n("{0} warning", "{0} warnings", s.warnings), {n(s.warnings)}) +
             " \u00b7 " +
             i18n::fill(i18n::tr(N_("made by ozg {0} at {1}")), {tool_version, utc_now()}),
         "meta");
  if (reports.size() > 1) write_summary_table(p, reports);
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const FileReport& r = reports[i];
    const Verdict_ v = verdict_of(r);
    p.open("section");
    p.attr("id", "f" + std::to_string(i + 1));
    p.open("h2");
    p.text(r.input.name + " ");
    p.leaf("span", v.word, v.cls);
    p.full_close();
    if (!r.schema.empty() || r.scenario) {
      std::string about;
      if (r.scenario && !r.scenario->name.empty())
        about = i18n::fill(i18n::tr(N_("scenario '{0}'")), {r.scenario->name}) + "; ";
      if (!r.schema.empty()) about += i18n::fill(i18n::tr(N_("schema {0}")), {r.schema});
      p.leaf("p", about, "meta");
    }
    if (r.diagnostics.empty()) {
      p.leaf("p", i18n::tr("No findings."));
    } else {
      const diag::SourceLines lines = diag::source_lines(r);
      p.open("ol");
      for (const auto& d : r.diagnostics) write_finding(p, d, lines);
      p.full_close();
    }
    p.full_close();
  }
  if (reports.size() > 1) {
    p.open("script");
    p.raw("//<![CDATA[");
    p.raw(kScript);
    p.raw("//]]>");
    p.full_close();
  }
  p.full_close();
  p.full_close();
  out << p.finish() << '\n';
}

}  // namespace xoev
