#include "xoev/validate/scenarios.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "test_support.hpp"
#include "validate/scenario_run.hpp"

namespace xoev {
namespace {

namespace fs = std::filesystem;
using ozg_test::TempDir;

const fs::path kKosit = ozg_test::data_dir() / "kosit";

std::string scenarios_doc(const std::string& scenario_body) {
  return R"(<scenarios xmlns="http://www.xoev.de/de/validator/framework/1/scenarios" frameworkVersion="1.0.0">
  <name>t</name><date>2026-01-01</date><description><p>x</p></description>
  <scenario>
)" + scenario_body +
         R"(
  </scenario>
  <noScenarioReport><resource><name>r</name><location>r.xsl</location></resource></noScenarioReport>
</scenarios>
)";
}

constexpr const char* kOneXsd = R"(<name>S</name><match>/*</match>
    <validateWithXmlSchema><resource><name>x</name><location>x.xsd</location></resource></validateWithXmlSchema>)";

TEST(ScenarioSet, ReadsScenariosWithTheirParts) {
  auto set = ScenarioSet::load(kKosit / "scenarios.xml", kKosit, {});
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(set->name(), "ozg test configuration");
  ASSERT_EQ(set->scenarios().size(), 2u);
  const Scenario& order = set->scenarios()[0];
  EXPECT_EQ(order.name, "Demo order 1");
  EXPECT_EQ(order.match, "/d:order");
  EXPECT_EQ(order.namespaces,
            (NamespaceBindings{{"d", "urn:ozg:test:kosit:order:1"},
                               {"rep", "http://www.xoev.de/de/validator/varl/1"}}));
  ASSERT_EQ(order.schemas.size(), 1u);
  EXPECT_EQ(order.schemas[0].location, "resources/order.xsd");
  EXPECT_EQ(order.schemas[0].path, (kKosit / "resources/order.xsd").lexically_normal());
  EXPECT_EQ(order.schemas[0].line, 18u);
  EXPECT_EQ(order.schemas[0].column, 9u);
  ASSERT_EQ(order.schematron.size(), 1u);
  ASSERT_TRUE(order.report.has_value());
  EXPECT_EQ(order.custom_levels.at("ORD-02"), Severity::Warning);
  EXPECT_EQ(order.accept_match, "/rep:report/rep:assessment[1]/rep:accept[1]");
  // The element keeps its namespace when it stands alone in the report input.
  EXPECT_TRUE(order.xml.starts_with(
      R"(<scenario xmlns="http://www.xoev.de/de/validator/framework/1/scenarios">)"))
      << order.xml;
  EXPECT_FALSE(set->scenarios()[1].report.has_value());
  EXPECT_TRUE(set->problems().empty());
  EXPECT_TRUE(set->placeholders().empty());
}

TEST(ScenarioSet, RefusesIncompleteScenarios) {
  TempDir dir;
  struct Case {
    std::string body, message;
  };
  const std::vector<Case> cases = {
      {"<name>S</name>", "scenario 'S' has no <match>"},
      {"<name>S</name><match>/*</match>", "scenario 'S' needs one <validateWithXmlSchema>"},
      {std::string(kOneXsd) +
           "<createReport><resource><name>r</name><location>r.xsl</location>"
           "</resource><customLevel level='fatal'>A</customLevel></createReport>",
       "customLevel level 'fatal' is not one of error, warning, information"},
      {"<name>S</name><match>/*</match><validateWithXmlSchema><resource><name>x</name>"
       "<location>a.xsd</location></resource><resource><name>y</name><location>b.xsd</location>"
       "</resource></validateWithXmlSchema>",
       "names several XML Schema resources"},
      {"<name>S</name><match>/*</match><validateWithXmlSchema><resource><name>x</name>"
       "</resource></validateWithXmlSchema>",
       "a resource of validateWithXmlSchema has no <location>"},
  };
  for (const auto& c : cases) {
    const auto file = dir.write("s.xml", scenarios_doc(c.body));
    auto set = ScenarioSet::load(file, dir.path(), {});
    ASSERT_FALSE(set.has_value()) << c.body;
    EXPECT_EQ(set.error().code, "SCH230");
    EXPECT_EQ(set.error().kind, ErrorKind::Config);
    EXPECT_NE(set.error().message.find(c.message), std::string::npos) << set.error().message;
    EXPECT_TRUE(set.error().message.starts_with(file.string() + ":")) << set.error().message;
  }
}

TEST(ScenarioSet, KeepsResourcesInsideTheRepository) {
  TempDir dir;
  fs::create_directories(dir.path() / "repo/sub");
  dir.write("outside.xsd", "<x/>");
  dir.write("repo/x.xsd", "<x/>");
  dir.write("repo/r.xsl", "<x/>");
  fs::create_symlink(dir.path() / "outside.xsd", dir.path() / "repo/sub/link.xsd");
  struct Case {
    std::string location, reason;
  };
  for (const auto& [location, reason] : std::vector<Case>{
           {"../outside.xsd", "leaves the repository"},
           {"sub/../../outside.xsd", "leaves the repository"},
           {"sub/link.xsd", "leaves the repository"},
           {"/etc/passwd", "is an absolute path"},
           {"file:///etc/passwd", "is a URI"},
           {"https://example.org/x.xsd", "is a URI"},
       }) {
    std::string body = kOneXsd;
    body.replace(body.find("x.xsd"), 5, location);
    const auto file = dir.write("repo/s.xml", scenarios_doc(body));
    auto set = ScenarioSet::load(file, dir.path() / "repo", {});
    ASSERT_TRUE(set.has_value()) << set.error().message;
    const auto problems = set->problems();
    ASSERT_EQ(problems.size(), 1u) << location;
    EXPECT_EQ(problems[0].code, "SCH232");
    EXPECT_NE(problems[0].message.find(reason), std::string::npos) << problems[0].message;
    EXPECT_EQ(problems[0].loc.line, 5u);
  }
  // Inside, through a folder that is left and entered again: fine.
  std::string body = kOneXsd;
  body.replace(body.find("x.xsd"), 5, "sub/../x.xsd");
  auto set =
      ScenarioSet::load(dir.write("repo/s.xml", scenarios_doc(body)), dir.path() / "repo", {});
  ASSERT_TRUE(set.has_value());
  EXPECT_TRUE(set->problems().empty());
}

TEST(ScenarioSet, NamesMissingResourcesOnceAndPlaceholders) {
  TempDir dir;
  std::string body = kOneXsd;
  body.replace(body.find("x.xsd"), 5, "@v@/x.xsd");
  body.replace(body.find("<match>/*"), 9, "<match>/*[@v = '@id@']");
  body +=
      "<validateWithSchematron><resource><name>a</name><location>r.xsl</location>"
      "</resource></validateWithSchematron>";
  const auto file = dir.write("s.xml", scenarios_doc(body));
  auto set = ScenarioSet::load(file, dir.path(), {});
  ASSERT_TRUE(set.has_value()) << set.error().message;
  EXPECT_EQ(set->placeholders(), (std::vector<std::string>{"@id@", "@v@"}));
  const auto problems = set->problems();
  std::vector<std::string> got;
  for (const auto& d : problems) got.push_back(d.code + " " + std::to_string(d.loc.line));
  // r.xsl is used twice (scenario and noScenarioReport) but missing once.
  EXPECT_EQ(got, (std::vector<std::string>{"SCH236 4", "SCH231 5", "SCH231 5"}))
      << problems[2].message;
  EXPECT_NE(problems[1].message.find("(its location holds the unexpanded build placeholder @v@)"),
            std::string::npos);
  ASSERT_TRUE(problems[1].hint.has_value());
  EXPECT_FALSE(problems[2].hint.has_value());  // the hint once
}

TEST(ScenarioSet, RefusesStylesheetsThatIncludeFromOutside) {
  TempDir dir;
  fs::create_directories(dir.path() / "repo");
  dir.write("repo/x.xsd", "<x/>");
  dir.write("repo/r.xsl", "<x/>");
  dir.write("repo/ok.xsl",
            R"(<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"/>)");
  dir.write("repo/a.xsl",
            R"(<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="ok.xsl"/>
  <xsl:include href="http://example.org/evil.xsl"/>
</xsl:stylesheet>)");
  const std::string body = std::string(kOneXsd) +
                           "<validateWithSchematron><resource><name>a</name><location>a.xsl"
                           "</location></resource></validateWithSchematron>";
  auto set =
      ScenarioSet::load(dir.write("repo/s.xml", scenarios_doc(body)), dir.path() / "repo", {});
  ASSERT_TRUE(set.has_value());
  const auto problems = set->problems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].code, "SCH232");
  EXPECT_NE(problems[0].message.find("a.xsl line 3 includes 'http://example.org/evil.xsl', which "
                                     "is a URI"),
            std::string::npos)
      << problems[0].message;
}

TEST(Svrl, FindingsInDocumentOrderWithTheirBindings) {
  auto found = parse_svrl(R"(<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
  <svrl:ns-prefix-in-attribute-values prefix="d" uri="urn:d"/>
  <svrl:active-pattern/><svrl:fired-rule context="/"/>
  <svrl:failed-assert id="A-1" flag="fatal" location="/d:a[1]" test="x">
    <svrl:diagnostic-reference diagnostic="x">first   diagnostic</svrl:diagnostic-reference>
    <svrl:text>  Amount
       too small </svrl:text>
  </svrl:failed-assert>
  <svrl:successful-report id="R-1" role="information" location="/d:a[1]/d:b[2]"><svrl:text>seen</svrl:text></svrl:successful-report>
</svrl:schematron-output>)",
                          nullptr);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  ASSERT_EQ(found->size(), 2u);
  const auto& a = (*found)[0];
  EXPECT_FALSE(a.report);
  EXPECT_EQ(a.id, "A-1");
  EXPECT_EQ(a.flag, "fatal");
  EXPECT_EQ(a.path, "/d:a[1]");
  EXPECT_EQ(a.text, "Amount too small");
  EXPECT_EQ(a.diagnostics, "first diagnostic");
  EXPECT_TRUE((*found)[1].report);
  EXPECT_EQ(schematron_diagnostic((*found)[1], "f.xml").severity, Severity::Note);
  EXPECT_EQ(schematron_diagnostic(a, "f.xml").message, "Amount too small (first diagnostic) [A-1]");

  NamespaceBindings ns;
  ASSERT_TRUE(parse_svrl(R"(<s:schematron-output xmlns:s="http://purl.oclc.org/dsdl/svrl">
  <s:ns-prefix-in-attribute-values prefix="d" uri="urn:d"/></s:schematron-output>)",
                         &ns)
                  .has_value());
  EXPECT_EQ(ns, (NamespaceBindings{{"d", "urn:d"}}));
  auto bad = parse_svrl("<report/>");
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, "SCH213");
  EXPECT_FALSE(parse_svrl("<!DOCTYPE x><x/>").has_value());
}

TEST(ScenarioReportInput, IsTheDocumentKositGivesTheReport) {
  Scenario s;
  s.name = "S";
  s.xml =
      R"(<scenario xmlns="http://www.xoev.de/de/validator/framework/1/scenarios"><name>S</name></scenario>)";
  s.schemas.push_back({"XSD", "a&b.xsd", {}, 0, 0});
  s.schematron.push_back({"Rules 1", "r1.xsl", {}, 0, 0});
  s.schematron.push_back({"Rules 2", "r2.xsl", {}, 0, 0});
  const std::string x = ScenarioRunner::report_input(
      s, "in<1>.xml", std::string(64, 'f'), "2026-12-04T10:00:00Z",
      {R"(<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"><svrl:failed-assert id="A"/></svrl:schematron-output>)",
       ""});
  EXPECT_EQ(
      x,
      R"(<in:createReportInput xmlns:in="http://www.xoev.de/de/validator/framework/1/createreportinput" xmlns:s="http://www.xoev.de/de/validator/framework/1/scenarios" frameworkVersion="1.0.0">)"
      R"(<in:engine><in:name>ozg</in:name></in:engine><in:timestamp>2026-12-04T10:00:00Z</in:timestamp>)"
      R"(<in:documentIdentification><in:documentHash><in:hashAlgorithm>SHA-256</in:hashAlgorithm>)"
      R"(<in:hashValue>//////////////////////////////////////////8=</in:hashValue></in:documentHash>)"
      R"(<in:documentReference>in&lt;1&gt;.xml</in:documentReference></in:documentIdentification>)"
      R"(<scenario xmlns="http://www.xoev.de/de/validator/framework/1/scenarios"><name>S</name></scenario>)"
      R"(<in:validationResultsWellformedness/><in:validationResultsXmlSchema>)"
      R"(<s:resource><s:name>XSD</s:name><s:location>a&amp;b.xsd</s:location></s:resource></in:validationResultsXmlSchema>)"
      R"(<in:validationResultsSchematron><s:resource><s:name>Rules 1</s:name><s:location>r1.xsl</s:location></s:resource>)"
      R"(<in:results><svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"><svrl:failed-assert id="A"/></svrl:schematron-output></in:results></in:validationResultsSchematron>)"
      R"(<in:validationResultsSchematron><s:resource><s:name>Rules 2</s:name><s:location>r2.xsl</s:location></s:resource>)"
      R"(<in:results><svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl"/></in:results></in:validationResultsSchematron>)"
      R"(</in:createReportInput>)");
}

TEST(ScenarioList, TextNamesMissingResources) {
  TempDir dir;
  auto set = ScenarioSet::load(dir.write("s.xml", scenarios_doc(kOneXsd)), dir.path(), {});
  ASSERT_TRUE(set.has_value());
  std::ostringstream out;
  write_scenario_list(out, *set, set->problems(), false);
  EXPECT_EQ(out.str(), (dir.path() / "s.xml").string() + ": t (1 scenario, repository " +
                           dir.path().lexically_normal().string() +
                           ")\n  S\n    match: /*\n    xsd: x.xsd  (missing or refused)\n"
                           "problem: " +
                           (dir.path() / "s.xml").string() +
                           ":5: scenario 'S': resource 'x' is "
                           "missing: no file " +
                           (dir.path() / "x.xsd").string() +
                           " [SCH231]\nproblem: " + (dir.path() / "s.xml").string() +
                           ":7: noScenarioReport: resource 'r' is missing: no file " +
                           (dir.path() / "r.xsl").string() + " [SCH231]\n");
}

}  // namespace
}  // namespace xoev
