#include "xoev/validate/validator.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "test_support.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/repo/schema_repo.hpp"

namespace xoev {
namespace {

namespace fs = std::filesystem;
using ozg_test::TempDir;

constexpr const char* kValid = R"(<?xml version="1.0" encoding="UTF-8"?>
<delivery xmlns="urn:ozg:test:person:1">
  <header>
    <senderId xmlns="urn:ozg:test:common:1">T1-123456-1</senderId>
    <messageId xmlns="urn:ozg:test:common:1">m-1</messageId>
  </header>
  <person id="p1">
    <name>Anna Muster</name>
    <birthDate>1985-04-12</birthDate>
    <partner>p2</partner>
  </person>
  <person id="p2">
    <name>Beat Muster</name>
    <birthDate>1983-01-30</birthDate>
  </person>
</delivery>
)";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

class ValidatorTest : public ::testing::Test {
 protected:
  void SetUp() override { repo.emplace(ozg_test::testbundle_repo(dir)); }

  FileReport check(const std::string& content, ValidateOptions opts = {}) {
    const auto file = dir.write("msg.xml", content);
    auto v = Validator::create(*repo, opts);
    EXPECT_TRUE(v.has_value());
    return (*v)->validate(Input{"msg.xml", file, false});
  }

  static std::vector<std::string> lines(const FileReport& r) {
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) {
      out.push_back(std::string(to_string(d.severity)) + " " + d.code + " " +
                    std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + " " + d.path +
                    " | " + d.message);
    }
    return out;
  }

  TempDir dir;
  std::optional<SchemaRepository> repo;
};

TEST_F(ValidatorTest, ValidMessageUsesTheNewestCompilingSchema) {
  const FileReport r = check(kValid);
  EXPECT_EQ(r.verdict, Verdict::Valid) << ::testing::PrintToString(lines(r));
  EXPECT_TRUE(r.diagnostics.empty());
  EXPECT_EQ(r.schema, "testbundle/person-1-1.xsd");
  EXPECT_EQ(r.root_namespace, "urn:ozg:test:person:1");
  EXPECT_EQ(r.root_element, "delivery");
}

TEST_F(ValidatorTest, SessionKeepsItsSchemasAndGivesTheSameReports) {
  auto v = Validator::create(*repo, {});
  ASSERT_TRUE(v);
  auto session = (*v)->session();
  const auto good = dir.write("good.xml", kValid);
  const auto bad = dir.write("bad.xml", replace(kValid, "1983-01-30", "1983-13-40"));
  for (int round = 0; round < 2; ++round) {
    const FileReport g = session->validate(Input{"good.xml", good, false});
    EXPECT_EQ(g.verdict, Verdict::Valid) << ::testing::PrintToString(lines(g));
    EXPECT_EQ(g.schema, "testbundle/person-1-1.xsd");
    ASSERT_TRUE(g.facts);
    EXPECT_EQ(g.facts->message_id, "m-1");
    const FileReport b = session->validate(Input{"bad.xml", bad, false});
    EXPECT_EQ(lines(b), lines((*v)->validate(Input{"bad.xml", bad, false})));
    EXPECT_EQ(b.verdict, Verdict::Invalid);
  }
}

TEST_F(ValidatorTest, InvalidValueIsLocatedWithItsElementPath) {
  const FileReport r = check(replace(kValid, "1983-01-30", "1983-13-40"));
  EXPECT_EQ(r.verdict, Verdict::Invalid);
  EXPECT_EQ(lines(r), std::vector<std::string>{"error XSD103 14:37 /delivery/person[2]/birthDate | "
                                               "1983-13-40: month 13 does not exist"});
}

TEST_F(ValidatorTest, UnexpectedElementPathNamesTheElementItself) {
  const FileReport r = check(replace(kValid, "<name>Anna Muster</name>", "<nom>Anna</nom>"));
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].code, "XSD107");
  EXPECT_EQ(r.diagnostics[0].path, "/delivery/person/nom");
  EXPECT_EQ(r.diagnostics[0].loc.line, 8u);
}

TEST_F(ValidatorTest, MissingChildIsXsd102) {
  const FileReport r = check(replace(kValid, "<birthDate>1983-01-30</birthDate>", ""));
  ASSERT_EQ(r.diagnostics.size(), 1u) << ::testing::PrintToString(lines(r));
  EXPECT_EQ(r.diagnostics[0].code, "XSD102");
  EXPECT_EQ(r.diagnostics[0].path, "/delivery/person[2]");
}

TEST_F(ValidatorTest, DanglingIdrefIsCaught) {
  const FileReport r = check(replace(kValid, "<partner>p2</partner>", "<partner>p9</partner>"));
  ASSERT_EQ(r.diagnostics.size(), 1u) << ::testing::PrintToString(lines(r));
  EXPECT_EQ(r.diagnostics[0].code, "XSD105");
  EXPECT_EQ(r.diagnostics[0].message, "ID attribute 'p9' is referenced but was never declared");
}

TEST_F(ValidatorTest, ReportsEveryErrorUpToTheCap) {
  std::string many = kValid;
  for (int i = 0; i < 5; ++i) many = replace(many, "T1-123456-1", "bad id");
  many = replace(many, "1985-04-12", "x");
  many = replace(many, "1983-01-30", "y");
  ValidateOptions o;
  o.max_errors = 1;
  const FileReport r = check(many, o);
  EXPECT_EQ(r.errors, 3u);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[1].code, "XSD199");
}

TEST_F(ValidatorTest, SchemaOverrideByRepositoryName) {
  ValidateOptions o;
  o.schema = "person-1.xsd";
  const FileReport r = check(kValid, o);
  EXPECT_EQ(r.schema, "testbundle/person-1.xsd");
  EXPECT_EQ(i18n::english(r.schema_reason), "named with --schema");
  EXPECT_EQ(r.verdict, Verdict::Valid);
  o.schema = "no-such.xsd";
  auto v = Validator::create(*repo, o);
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, "XSD115");
  // Issue 11.12: a name that matches several schemas is REPO009 (usage), as documented.
  ASSERT_TRUE(repo->add(ozg_test::data_dir() / "schemas/testbundle", "again"));
  o.schema = "person-1.xsd";
  v = Validator::create(*repo, o);
  ASSERT_FALSE(v.has_value());
  EXPECT_EQ(v.error().code, "REPO009") << v.error().message;
  EXPECT_EQ(v.error().kind, ErrorKind::Usage);
}

TEST_F(ValidatorTest, BrokenOverrideSchemaLeavesTheFileUnchecked) {
  ValidateOptions o;
  o.schema = "person-1-2.xsd";
  const FileReport r = check(kValid, o);
  EXPECT_EQ(r.verdict, Verdict::Unchecked);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics[0].code, "XSD112");
}

TEST_F(ValidatorTest, UnknownNamespaceAndMissingNamespace) {
  FileReport r = check("<a xmlns='urn:nobody'><b/></a>");
  EXPECT_EQ(r.verdict, Verdict::Invalid);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "XSD110");
  EXPECT_EQ(r.diagnostics[0].message, "no schema installed for namespace urn:nobody");

  r = check("<delivery><x/></delivery>");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "XSD111");
  EXPECT_EQ(*r.diagnostics[0].hint,
            "schemas in the repository declare 'delivery' in namespace urn:ozg:test:person:1; "
            "is the xmlns declaration missing or misspelt?");

  r = check("<nosuchroot xmlns='urn:ozg:test:person:1'/>");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "XSD114");
}

TEST_F(ValidatorTest, MalformedXmlEmptyAndUnreadableInputs) {
  FileReport r = check(replace(kValid, "</delivery>", "</deliver>"));
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "XML001");
  EXPECT_EQ(r.diagnostics[0].loc.line, 16u);

  r = check("");
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "XML002");
  r = check("  \n\t\n");
  EXPECT_EQ(r.diagnostics.at(0).code, "XML002");

  auto v = Validator::create(*repo, {});
  r = (*v)->validate(Input{"gone.xml", dir.path() / "gone.xml", false});
  EXPECT_EQ(r.verdict, Verdict::Unchecked);
  EXPECT_EQ(r.diagnostics.at(0).code, "XML007");
  r = (*v)->validate(Input{"dir", dir.path(), false});
  EXPECT_EQ(r.diagnostics.at(0).message, "not a regular file");
}

TEST_F(ValidatorTest, WrongEncodingIsXml004) {
  std::string latin1 = replace(kValid, "Anna Muster", "Z\xFCrich");
  const FileReport r = check(latin1);
  ASSERT_EQ(r.diagnostics.size(), 1u) << ::testing::PrintToString(lines(r));
  EXPECT_EQ(lines(r), std::vector<std::string>{
                          "error XML004 8:12  | byte 0xFC is not valid UTF-8 (the file looks like "
                          "Latin-1 or Windows-1252 text declared as UTF-8)"});
}

TEST_F(ValidatorTest, DoctypeIsRefusedAndExternalEntitiesNeverLoaded) {
  const std::string xxe =
      "<?xml version='1.0'?>\n<!DOCTYPE delivery [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>\n" +
      replace(std::string(kValid).substr(std::string(kValid).find('\n') + 1), "Anna Muster", "&x;");
  FileReport r = check(xxe);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "XML003");

  ValidateOptions o;
  o.limits.allow_doctype = true;
  r = check(xxe, o);
  // The entity expands to nothing: the file is valid and nothing was read from /etc/passwd.
  EXPECT_EQ(r.verdict, Verdict::Valid) << ::testing::PrintToString(lines(r));
}

TEST_F(ValidatorTest, EntityExpansionIsBounded) {
  std::string bomb = "<?xml version='1.0'?>\n<!DOCTYPE a [\n<!ENTITY l0 'lol'>\n";
  for (int i = 1; i < 10; ++i)
    bomb += "<!ENTITY l" + std::to_string(i) + " '" + [&] {
      std::string s;
      for (int k = 0; k < 10; ++k) s += "&l" + std::to_string(i - 1) + ";";
      return s;
    }() + "'>\n";
  bomb += "]>\n<a xmlns='urn:nobody'>&l9;</a>\n";
  ValidateOptions o;
  o.limits.allow_doctype = true;
  const FileReport r = check(bomb, o);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics.back().code, "XML006") << ::testing::PrintToString(lines(r));
}

TEST_F(ValidatorTest, DeepNestingIsRefused) {
  std::string deep = "<delivery xmlns='urn:ozg:test:person:1'>";
  for (int i = 0; i < 300; ++i) deep += "<x>";
  for (int i = 0; i < 300; ++i) deep += "</x>";
  deep += "</delivery>";
  const FileReport r = check(deep);
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics.back().code, "XML005");
}

TEST_F(ValidatorTest, MalformedSchemaLocationIsOnlyAWarning) {
  const FileReport r = check(replace(kValid, "<delivery xmlns=\"urn:ozg:test:person:1\">",
                                     "<delivery xmlns=\"urn:ozg:test:person:1\" "
                                     "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                                     "xsi:schemaLocation=\"http://198.51.100.1/evil.xsd\">"));
  EXPECT_EQ(r.verdict, Verdict::Valid) << ::testing::PrintToString(lines(r));
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "XML008");
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Warning);
}

TEST_F(ValidatorTest, ParallelRunKeepsInputOrder) {
  // 300 files: enough for 4 workers (one per 64 files), each with its own grammars.
  std::vector<Input> inputs;
  for (int i = 0; i < 300; ++i) {
    const std::string body = i % 3 == 0 ? replace(kValid, "1985-04-12", "bad") : kValid;
    const auto f = dir.write("m" + std::to_string(i) + ".xml", body);
    inputs.push_back({f.string(), f, false});
  }
  ValidateOptions o;
  o.jobs = 4;
  auto v = Validator::create(*repo, o);
  std::vector<std::size_t> order;
  std::size_t invalid = 0;
  (*v)->run(inputs, [&](std::size_t i, FileReport&& r) {
    order.push_back(i);
    EXPECT_EQ(r.input.name, inputs[i].name);
    if (r.verdict == Verdict::Invalid) {
      ++invalid;
      EXPECT_EQ(r.diagnostics.at(0).code, "XSD103");
    }
  });
  ASSERT_EQ(order.size(), 300u);
  for (std::size_t i = 0; i < order.size(); ++i) EXPECT_EQ(order[i], i);
  EXPECT_EQ(invalid, 100u);
}

TEST(CollectInputs, ExpandsFoldersRecursivelyInSortedOrder) {
  TempDir dir;
  dir.write("d/b.xml", "<x/>");
  dir.write("d/sub/a.XML", "<x/>");
  dir.write("d/notes.txt", "x");
  auto in = collect_inputs({(dir.path() / "d").string(), "-", "missing.xml"});
  ASSERT_EQ(in.size(), 4u);
  EXPECT_EQ(in[0].path.filename(), "b.xml");
  EXPECT_EQ(in[1].path.filename(), "a.XML");
  EXPECT_TRUE(in[2].is_stdin);
  EXPECT_EQ(in[2].name, "<stdin>");
  EXPECT_EQ(in[3].name, "missing.xml");
}

// The order is fs::path's (component by component), not the strings': "a/z.xml" (component
// "a") comes before "a-b.xml" and "a.xml", though '/' sorts after '-' and '.' as a character.
TEST(CollectInputs, SortsFoldersComponentByComponent) {
  TempDir dir;
  for (const char* f : {"d/a-b.xml", "d/a.xml", "d/a/z.xml", "d/a/y/x.xml", "d/ab.xml", "d/A.xml",
                        "d/\xc3\xa4.xml", "d/a0.xml"})
    dir.write(f, "<x/>");
  auto in = collect_inputs({(dir.path() / "d").string()});
  std::vector<fs::path> expected;
  for (const auto& i : in) expected.push_back(i.path);
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(in.size(), 8u);
  for (std::size_t i = 0; i < in.size(); ++i) EXPECT_EQ(in[i].path, expected[i]) << i;
  const fs::path d = dir.path() / "d";
  EXPECT_EQ(in[0].path, d / "A.xml");
  EXPECT_EQ(in[1].path, d / "a" / "y" / "x.xml");
  EXPECT_EQ(in[2].path, d / "a" / "z.xml");
  EXPECT_EQ(in[3].path, d / "a-b.xml");
  EXPECT_EQ(in[4].path, d / "a.xml");
  EXPECT_EQ(in[7].path, d / "\xc3\xa4.xml");
}

}  // namespace
}  // namespace xoev
