#include "xoev/codelist/codelist.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "xml/xerces.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev {
namespace {

namespace fs = std::filesystem;
using ozg_test::TempDir;

class CodeListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto l = CodeListRepository::open(dir.path() / "repo");
    ASSERT_TRUE(l.has_value());
    lists.emplace(std::move(*l));
    auto r = lists->add(ozg_test::data_dir() / "codelists");
    ASSERT_TRUE(r.has_value()) << r.error().message;
    report = *r;
  }
  TempDir dir;
  std::optional<CodeListRepository> lists;
  CodeListAddReport report;
};

TEST_F(CodeListTest, IndexesGenericodeByUriAndVersionAndSkipsOtherFiles) {
  EXPECT_EQ(report.added, 2u);
  ASSERT_EQ(report.skipped.size(), 1u);
  EXPECT_NE(report.skipped[0].message.find("notes.xml"), std::string::npos);
  const CodeListEntry* v2 = lists->find("urn:ozg:test:codeliste:channel", "2");
  ASSERT_NE(v2, nullptr);
  EXPECT_EQ(v2->key_column, "key");
  EXPECT_EQ(v2->rows, 3u);
  EXPECT_EQ(lists->versions("urn:ozg:test:codeliste:channel").front()->version, "2");
  auto reopened = CodeListRepository::open(dir.path() / "repo");
  EXPECT_EQ(reopened->entries().size(), 2u);
}

// A code list from a download is read like a message: an entity declaration (billion laughs)
// is refused before anything expands, in the genericode and the eCH formats alike.
TEST(CodeListFiles, RefuseADoctype) {
  ozg_test::TempDir dir;
  const std::string doctype =
      "<?xml version='1.0'?>\n<!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;'>]>\n";
  const auto gc = dir.write(
      "gc.xml",
      doctype +
          "<gc:CodeList xmlns:gc='http://docs.oasis-open.org/codelist/ns/genericode/1.0/'>"
          "<Identification><ShortName>&b;</ShortName></Identification></gc:CodeList>");
  const auto ech = dir.write(
      "ech.xml", doctype +
                     "<eCH-0072:countries xmlns:eCH-0072='http://www.ech.ch/xmlns/eCH-0072/1'>"
                     "&b;</eCH-0072:countries>");
  auto g = xml::read_genericode(gc);
  ASSERT_FALSE(g.has_value());
  EXPECT_EQ(g.error().code, "XML003");
  auto e = xml::read_ech_list(ech);
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code, "XML003");
}

TEST_F(CodeListTest, TableHasEveryColumnAndPositionalValues) {
  auto t = lists->table(*lists->find("urn:ozg:test:codeliste:channel", "2"));
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->columns, (std::vector<std::string>{"label", "key"}));
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[2], (std::vector<std::string>{"Fax", "03"}));
}

TEST_F(CodeListTest, KeysAndNearestCodes) {
  auto keys = lists->keys(*lists->find("urn:ozg:test:codeliste:channel", "2"));
  ASSERT_TRUE(keys.has_value());
  EXPECT_TRUE((*keys)->contains("03"));
  EXPECT_FALSE((*keys)->contains("3"));
  EXPECT_EQ((*keys)->nearest("003", 2), (std::vector<std::string>{"03", "01"}));
}

TEST_F(CodeListTest, CheckerReportsUnknownCodesAndMissingLists) {
  CodeChecker checker(*lists, false);
  DiagnosticSink sink;
  CodeStats stats;
  const Location at{"m.xml", 3, 4};
  checker.check({"urn:ozg:test:codeliste:channel", "2", "03", at, "/r/c"}, sink, stats);
  checker.check({"urn:ozg:test:codeliste:channel", "1", "03", at, "/r/c"}, sink, stats);
  checker.check({"urn:ozg:test:codeliste:channel", "9", "01", at, "/r/c"}, sink, stats);
  checker.check({"urn:nobody", "1", "x", at, "/r/c"}, sink, stats);
  EXPECT_EQ(stats.checked, 2u);
  EXPECT_EQ(stats.valid, 1u);
  EXPECT_EQ(stats.invalid, 1u);
  EXPECT_EQ(stats.no_list, 2u);
  const auto& d = sink.diagnostics();
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].code, "CL201");
  EXPECT_EQ(
      d[0].message,
      "code '03' is not in code list urn:ozg:test:codeliste:channel version 1 (channel, 2 codes)");
  EXPECT_FALSE(d[0].hint);  // the front end words the remedy (cli/remedy_words.cpp)
  ASSERT_TRUE(d[0].remedy);
  EXPECT_EQ(d[0].remedy->kind, Remedy::Kind::ListCodes);
  EXPECT_EQ(d[0].remedy->args,
            (std::vector<std::string>{"urn:ozg:test:codeliste:channel", "1", "01", "02"}));
  EXPECT_EQ(d[1].code, "CL202");
  EXPECT_EQ(d[1].severity, Severity::Warning);
  EXPECT_EQ(*d[1].hint, "installed versions: 2 1; is listVersionID right?");
  EXPECT_EQ(d[2].code, "CL202");

  CodeChecker strict(*lists, true);
  DiagnosticSink strict_sink;
  strict.check({"urn:nobody", "1", "x", at, "/r/c"}, strict_sink, stats);
  EXPECT_EQ(strict_sink.error_count(), 1u);
}

TEST_F(CodeListTest, ValidationChecksCodesFixedInTheSchemaAndGivenInTheMessage) {
  auto repo = SchemaRepository::open(dir.path() / "repo");
  ASSERT_TRUE(repo->add(ozg_test::data_dir() / "schemas" / "codes").has_value());
  const auto msg = dir.write("m.xml", R"(<r:register xmlns:r="urn:ozg:test:register:1">
  <r:channel><code>02</code></r:channel>
  <r:channel><code> 07 </code><name>Brieftaube</name></r:channel>
  <r:country listURI="urn:ozg:test:codeliste:channel" listVersionID="1"><code>01</code></r:country>
  <r:country listURI="urn:ozg:test:codeliste:country" listVersionID="3"><code>CH</code></r:country>
</r:register>
)");
  auto v = Validator::create(*repo, {}, &*lists);
  ASSERT_TRUE(v.has_value());
  const FileReport r = (*v)->validate({"m.xml", msg, false});
  EXPECT_EQ(r.verdict, Verdict::Invalid);
  EXPECT_EQ(r.codes.checked, 3u);
  EXPECT_EQ(r.codes.valid, 2u);
  EXPECT_EQ(r.codes.invalid, 1u);
  EXPECT_EQ(r.codes.no_list, 1u);
  ASSERT_EQ(r.diagnostics.size(), 2u);
  EXPECT_EQ(r.diagnostics[0].code, "CL201");
  EXPECT_EQ(r.diagnostics[0].loc.line, 3u);
  EXPECT_EQ(r.diagnostics[0].path, "/register/channel[2]/code");
  EXPECT_EQ(
      r.diagnostics[0].message,
      "code '07' is not in code list urn:ozg:test:codeliste:channel version 2 (channel, 3 codes)");
  EXPECT_EQ(r.diagnostics[1].code, "CL202");

  ValidateOptions off;
  off.check_codelists = false;
  auto v2 = Validator::create(*repo, off, &*lists);
  const FileReport r2 = (*v2)->validate({"m.xml", msg, false});
  EXPECT_EQ(r2.verdict, Verdict::Valid);
  EXPECT_EQ(r2.codes.checked, 0u);
}

}  // namespace
}  // namespace xoev
