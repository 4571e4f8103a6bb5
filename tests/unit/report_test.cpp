#include "xoev/diag/report.hpp"

#include <gtest/gtest.h>
#include <libxml/parser.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.hpp"

namespace xoev {
namespace {

using ozg_test::TempDir;

FileReport sample_report(const std::filesystem::path& file) {
  FileReport r;
  r.input = {"msg.xml", file, false};
  r.verdict = Verdict::Invalid;
  r.schema = "ech/eCH-0020-3-0.xsd";
  r.schema_reason = {"the only schema declaring {0}", {"delivery"}};
  r.errors = 1;
  r.warnings = 1;
  r.diagnostics.push_back({Severity::Error,
                           "XSD103",
                           {"msg.xml", 3, 34},
                           "datatype error: type 'date' is not valid for value '1985-13-40'",
                           "/delivery/person/birthDate",
                           "use YYYY-MM-DD"});
  r.diagnostics.push_back({Severity::Warning, "XML008", {"msg.xml", 1, 9}, "bad hint", "", {}});
  return r;
}

// A column beyond the end of its line (line 1 here) gets no excerpt rather than a wrong caret.
TEST(TextReport, RendersLocationPathExcerptCaretAndHint) {
  TempDir dir;
  const auto file = dir.write("msg.xml", "<a>\n  <b>\n\t<birthDate>1985-13-40</birthDate>\n</a>\n");
  std::ostringstream out;
  write_text(out, sample_report(file), {false, false, true});
  EXPECT_EQ(out.str(),
            "msg.xml:3:34: error: datatype error: type 'date' is not valid for value "
            "'1985-13-40' [XSD103]\n"
            "    at /delivery/person/birthDate\n"
            "    3 |  <birthDate>1985-13-40</birthDate>\n"
            "      |                                  ^\n"
            "    hint: use YYYY-MM-DD\n"
            "msg.xml:1:9: warning: bad hint [XML008]\n"
            "msg.xml: invalid (1 error, 1 warning); schema ech/eCH-0020-3-0.xsd\n");
}

TEST(TextReport, ColourOnlyWhenAskedAndSummaryWording) {
  TempDir dir;
  const auto file = dir.write("msg.xml", "<a/>\n");
  std::ostringstream plain, coloured;
  write_text(plain, sample_report(file), {false, false, false});
  write_text(coloured, sample_report(file), {true, false, false});
  EXPECT_EQ(plain.str().find('\033'), std::string::npos);
  EXPECT_NE(coloured.str().find("\033[1;31merror:"), std::string::npos);
  RunSummary s;
  s.add(sample_report(file));
  FileReport ok;
  s.add(ok);
  s.seconds = 0.5;
  std::ostringstream sum;
  write_text_summary(sum, s, {});
  EXPECT_EQ(sum.str(), "2 files: 1 valid, 1 invalid; 1 error, 1 warning; 0.50 s\n");
}

TEST(JsonReport, OneObjectPerFileAndASummary) {
  TempDir dir;
  std::vector<FileReport> reports{sample_report(dir.write("msg.xml", "<a/>"))};
  RunSummary s;
  s.add(reports[0]);
  std::ostringstream out;
  write_json(out, reports, s);
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["files"][0]["verdict"], "invalid");
  EXPECT_EQ(j["files"][0]["diagnostics"][0]["path"], "/delivery/person/birthDate");
  EXPECT_EQ(j["files"][0]["diagnostics"][0]["line"], 3);
  EXPECT_EQ(j["summary"]["invalid"], 1);
}

// One table of machine formats: `ozg validate -f` offers exactly its entries, each writing what
// its writer writes.
TEST(ReportFormats, TableHoldsJsonJunitSarifWithTheirWriters) {
  TempDir dir;
  std::vector<FileReport> reports{sample_report(dir.write("msg.xml", "<a/>"))};
  RunSummary s;
  s.add(reports[0]);
  std::vector<std::string_view> names;
  for (const auto& f : report_formats()) names.push_back(f.name);
  EXPECT_EQ(names, (std::vector<std::string_view>{"json", "junit", "sarif", "html"}));
  std::ostringstream via_table, direct;
  report_formats()[1].write(via_table, reports, s, "9.9");
  write_junit(direct, reports, s);
  EXPECT_EQ(via_table.str(), direct.str());
  via_table.str("");
  direct.str("");
  report_formats()[2].write(via_table, reports, s, "9.9");
  write_sarif(direct, reports, s, "9.9");
  EXPECT_EQ(via_table.str(), direct.str());
}

TEST(JunitReport, IsWellFormedWithAFailurePerInvalidFile) {
  TempDir dir;
  std::vector<FileReport> reports{sample_report(dir.write("msg.xml", "<a/>")), FileReport{}};
  reports[1].input.name = "ok & fine.xml";
  RunSummary s;
  for (auto& r : reports) s.add(r);
  std::ostringstream out;
  write_junit(out, reports, s);
  const std::string xml = out.str();
  xmlDocPtr doc = xmlReadMemory(xml.data(), static_cast<int>(xml.size()), "junit.xml", nullptr,
                                XML_PARSE_NONET);
  ASSERT_NE(doc, nullptr) << xml;
  xmlFreeDoc(doc);
  EXPECT_NE(xml.find("<testsuite name=\"ozg validate\" tests=\"2\" failures=\"1\" errors=\"0\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<failure message=\"1 error\" type=\"XSD103\">"), std::string::npos);
  EXPECT_NE(xml.find("name=\"ok &amp; fine.xml\""), std::string::npos);
}

TEST(SarifReport, HasRulesResultsAndRegions) {
  TempDir dir;
  std::vector<FileReport> reports{sample_report(dir.write("msg.xml", "<a/>"))};
  RunSummary s;
  std::ostringstream out;
  write_sarif(out, reports, s, "9.9");
  auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["version"], "2.1.0");
  const auto& run = j["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "ozg");
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["id"], "XSD103");
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["shortDescription"]["text"], "invalid value");
  const auto& res = run["results"][0];
  EXPECT_EQ(res["level"], "error");
  EXPECT_EQ(res["locations"][0]["physicalLocation"]["region"]["startLine"], 3);
  EXPECT_EQ(res["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
            "/delivery/person/birthDate");
  EXPECT_EQ(run["results"][1]["level"], "warning");
}

// Issue 11.6: artifactLocation.uri is a uri-reference: spaces and umlauts percent-encoded.
TEST(SarifReport, FileNamesAreUriReferences) {
  TempDir dir;
  FileReport r = sample_report(dir.write("Zuzug Müller 2026.xml", "<a/>"));
  r.input.name = "in/Zuzug Müller 2026.xml";
  for (auto& d : r.diagnostics) d.loc.file = r.input.name;
  std::ostringstream out;
  write_sarif(out, {r}, RunSummary{}, "9.9");
  auto j = nlohmann::json::parse(out.str());
  const auto& run = j["runs"][0];
  EXPECT_EQ(run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "in/Zuzug%20M%C3%BCller%202026.xml");
  EXPECT_EQ(run["artifacts"][0]["location"]["uri"], "in/Zuzug%20M%C3%BCller%202026.xml");
}

}  // namespace
}  // namespace xoev
