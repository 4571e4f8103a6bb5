#include "xoev/schematron/schematron.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include "test_support.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev {
namespace {

namespace fs = std::filesystem;
using ozg_test::TempDir;

const fs::path kPersonSch = ozg_test::data_dir() / "schematron/person/person.sch";
constexpr const char* kPersonNs = "urn:ozg:test:person:1";

// A schema-valid delivery that breaks rules of person.sch: p1 was born before 1900 and is
// its own partner, p2's name is too short, and the sender is no test participant.
constexpr const char* kBroken = R"(<?xml version="1.0" encoding="UTF-8"?>
<delivery xmlns="urn:ozg:test:person:1">
  <header>
    <senderId xmlns="urn:ozg:test:common:1">1-123456-1</senderId>
    <messageId xmlns="urn:ozg:test:common:1">m-1</messageId>
  </header>
  <person id="p1">
    <name>Anna Muster</name>
    <birthDate>1850-04-12</birthDate>
    <partner>p1</partner>
  </person>
  <person id="p2">
    <name>Bo</name>
    <birthDate>1983-01-30</birthDate>
  </person>
</delivery>
)";

TEST(SchematronRepo, AddCopiesIncludesAndKeysByTheRulesNamespaces) {
  TempDir dir;
  auto repo = SchematronRepository::open(dir.path() / "repo");
  ASSERT_TRUE(repo.has_value());
  auto added = repo->add(kPersonSch, {});
  ASSERT_TRUE(added.has_value()) << added.error().message;
  const SchematronEntry& e = **added;
  EXPECT_EQ(e.name, "person");
  EXPECT_EQ(e.file, "person/person/person.sch");
  EXPECT_EQ(e.files,
            (std::vector<std::string>{"person/person/person.sch", "person/shared/header.sch"}));
  // p: (the persons and names patterns) and c: (the included header pattern).
  EXPECT_EQ(e.namespaces, (std::vector<std::string>{"urn:ozg:test:common:1", kPersonNs}));
  EXPECT_EQ(e.version, "1.0-test");
  EXPECT_EQ(e.title, "Person rules for ozg's tests");
  EXPECT_TRUE(fs::is_regular_file(dir.path() / "repo/schematron/person/shared/header.sch"));

  auto again = SchematronRepository::open(dir.path() / "repo");
  ASSERT_TRUE(again.has_value());
  ASSERT_EQ(again->entries().size(), 1u);
  EXPECT_EQ(again->for_namespace(kPersonNs).size(), 1u);
  EXPECT_TRUE(again->for_namespace("urn:other").empty());
  auto removed = again->remove(kPersonNs);
  ASSERT_TRUE(removed.has_value());
  EXPECT_EQ(*removed, 1u);
  EXPECT_TRUE(again->entries().empty());
  EXPECT_FALSE(fs::exists(dir.path() / "repo/schematron/person"));
  auto none = again->remove("person");
  ASSERT_FALSE(none.has_value());
  EXPECT_EQ(none.error().code, "SCH221");
}

TEST(SchematronRepo, RefusesWhatIsNotIsoSchematron) {
  TempDir dir;
  auto repo = SchematronRepository::open(dir.path() / "repo");
  ASSERT_TRUE(repo.has_value());
  const auto old = dir.write("old.sch",
                             "<schema xmlns=\"http://www.ascc.net/xml/schematron\"><pattern/>"
                             "</schema>");
  auto r = repo->add(old, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "SCH220");
  const auto broken = dir.write("broken.sch", "<sch:schema xmlns:sch=\"x\"");
  r = repo->add(broken, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "SCH220");
  const auto remote = dir.write(
      "remote.sch",
      "<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt2\">"
      "<sch:include href=\"http://example.invalid/rules.sch\"/></sch:schema>");
  r = repo->add(remote, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "SCH220");
  const auto unbound = dir.write(
      "unbound.sch",
      "<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt2\">"
      "<sch:pattern><sch:rule context=\"*:a\"><sch:assert test=\"b\">b</sch:assert></sch:rule>"
      "</sch:pattern></sch:schema>");
  r = repo->add(unbound, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "SCH222");
  SchematronAddOptions named;
  named.namespaces = {"urn:a"};
  r = repo->add(unbound, named);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)->namespaces, std::vector<std::string>{"urn:a"});
  EXPECT_TRUE(repo->entries().size() == 1u);
}

/// The engine, or null when this machine (or test run) has none; tests that need it skip.
SchematronEngine* engine() {
  auto e = SchematronEngine::instance(SchematronEngineSettings::defaults());
  return e ? *e : nullptr;
}

TEST(SchematronEngine, RunsTheRulesWithIsoSemantics) {
  SchematronEngine* eng = engine();
  if (eng == nullptr) GTEST_SKIP() << "no Java VM with Saxon-HE";
  TempDir dir;
  auto compiled =
      eng->compile(kPersonSch, {kPersonSch, kPersonSch.parent_path() / "../shared/header.sch"},
                   dir.path() / "cache");
  ASSERT_TRUE(compiled.has_value()) << compiled.error().message;
  const auto msg = dir.write("msg.xml", kBroken);
  auto found = eng->check(**compiled, msg);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  std::vector<std::string> got;
  for (const auto& f : *found)
    got.push_back(std::string(f.report ? "report " : "assert ") + f.id + " " + f.flag + "/" +
                  f.role + " " + std::to_string(f.line) + ":" + std::to_string(f.column) + " " +
                  f.path + " | " + f.text + " | " + f.diagnostics);
  // Pattern by pattern, in document order; p1 matches the first rule of "persons" only (no
  // PER-4); PER-1 comes from the abstract rule; the "never" pattern is not in the default
  // phase; LEN-1 is the abstract pattern with $element, $what and $min replaced.
  EXPECT_EQ(got, (std::vector<std::string>{
                     "assert PER-1 fatal/ 7:19 /delivery/person[1] | Das Geburtsjahr 1850 liegt "
                     "vor 1900. | ",
                     "assert PER-2 / 7:19 /delivery/person[1] | Eine Person darf nicht ihr "
                     "eigener Partner sein. | Partner ist p1",
                     "report PER-4 /information 12:19 /delivery/person[2] | Person p2 ohne "
                     "Partner (person). | ",
                     "assert HDR-1 / 3:11 /delivery/header | Nur Testteilnehmer (T1-…) dürfen "
                     "senden. | ",
                     "assert LEN-1 / 13:11 /delivery/person[2]/name | Zu kurz: 2 Zeichen, "
                     "mindestens $min. | ",
                 }));
  // The generated XSLT is cached on disk and the second compile comes from memory.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path() / "cache"), fs::directory_iterator()),
            1);
  auto again =
      eng->compile(kPersonSch, {kPersonSch, kPersonSch.parent_path() / "../shared/header.sch"},
                   dir.path() / "cache");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->get(), compiled->get());
}

TEST(SchematronEngine, ReportsRulesThatDoNotCompileAndHostileMessages) {
  SchematronEngine* eng = engine();
  if (eng == nullptr) GTEST_SKIP() << "no Java VM with Saxon-HE";
  TempDir dir;
  const auto bad = dir.write(
      "bad.sch",
      "<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt2\">"
      "<sch:pattern><sch:rule context=\"a\"><sch:assert test=\"(((\">x</sch:assert></sch:rule>"
      "</sch:pattern></sch:schema>");
  auto r = eng->compile(bad, {bad}, dir.path() / "cache");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "SCH212");
  EXPECT_NE(r.error().message.find("bad.sch: the rules do not compile"), std::string::npos)
      << r.error().message;

  auto ok = eng->compile(kPersonSch, {kPersonSch}, dir.path() / "cache");
  ASSERT_TRUE(ok.has_value());
  // An external entity is never resolved: the DOCTYPE is refused outright.
  const auto secret = dir.write("secret.txt", "secret");
  const auto xxe = dir.write("xxe.xml", "<!DOCTYPE d [<!ENTITY e SYSTEM \"" + secret.string() +
                                            "\">]><delivery xmlns=\"urn:ozg:test:person:1\">&e;"
                                            "</delivery>");
  auto found = eng->check(**ok, xxe);
  ASSERT_FALSE(found.has_value());
  EXPECT_EQ(found.error().code, "SCH213");
  EXPECT_NE(found.error().message.find("DOCTYPE"), std::string::npos) << found.error().message;
  // With a DOCTYPE allowed, the external entity is still not read: rules that report the
  // root's text see nothing of the file.
  const auto echo = dir.write(
      "echo.sch",
      "<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt2\">"
      "<sch:pattern><sch:rule context=\"/*\"><sch:report id=\"E\" test=\"true()\">[<sch:value-of "
      "select=\".\"/>]</sch:report></sch:rule></sch:pattern></sch:schema>");
  auto echoing = eng->compile(echo, {echo}, dir.path() / "cache");
  ASSERT_TRUE(echoing.has_value()) << echoing.error().message;
  found = eng->check(**echoing, xxe, true);
  ASSERT_TRUE(found.has_value()) << found.error().message;
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].text, "[]");
}

TEST(SchematronValidation, FindingsAreDiagnosticsAfterTheSchemaStep) {
  if (engine() == nullptr) GTEST_SKIP() << "no Java VM with Saxon-HE";
  TempDir dir;
  SchemaRepository schemas = ozg_test::testbundle_repo(dir);
  auto rules = SchematronRepository::open(dir.path() / "repo");
  ASSERT_TRUE(rules.has_value());
  ASSERT_TRUE(rules->add(kPersonSch, {}).has_value());
  auto v = Validator::create(schemas, {}, nullptr, &*rules);
  ASSERT_TRUE(v.has_value());
  const auto msg = dir.write("msg.xml", kBroken);
  FileReport r = (*v)->validate(Input{"msg.xml", msg, false});
  std::vector<std::string> got;
  for (const auto& d : r.diagnostics)
    got.push_back(std::string(to_string(d.severity)) + " " + d.code + " " + d.loc.file + ":" +
                  std::to_string(d.loc.line) + ":" + std::to_string(d.loc.column) + " " + d.path +
                  " " + d.rule + " | " + d.message);
  EXPECT_EQ(got, (std::vector<std::string>{
                     "error SCH201 msg.xml:7:19 /delivery/person[1] PER-1 | Das Geburtsjahr "
                     "1850 liegt vor 1900. [PER-1]",
                     "error SCH201 msg.xml:7:19 /delivery/person[1] PER-2 | Eine Person darf "
                     "nicht ihr eigener Partner sein. (Partner ist p1) [PER-2]",
                     "note SCH202 msg.xml:12:19 /delivery/person[2] PER-4 | Person p2 ohne "
                     "Partner (person). [PER-4]",
                     "error SCH201 msg.xml:3:11 /delivery/header HDR-1 | Nur Testteilnehmer "
                     "(T1-…) dürfen senden. [HDR-1]",
                     "error SCH201 msg.xml:13:11 /delivery/person[2]/name LEN-1 | Zu kurz: 2 "
                     "Zeichen, mindestens $min. [LEN-1]",
                 }));
  EXPECT_EQ(r.verdict, Verdict::Invalid);
  ASSERT_EQ(r.schematron.size(), 1u);
  EXPECT_EQ(r.schematron[0].name, "person");
  EXPECT_EQ(r.schematron[0].version, "1.0-test");
  EXPECT_EQ(r.schematron[0].status, SchematronUse::Status::Checked);

  // A schema error: the rules are skipped, with a note.
  const auto invalid = dir.write(
      "invalid.xml",
      std::string(kBroken).replace(std::string(kBroken).find("1983-01-30"), 10, "gestern"));
  r = (*v)->validate(Input{"invalid.xml", invalid, false});
  ASSERT_FALSE(r.diagnostics.empty());
  EXPECT_EQ(r.diagnostics.back().code, "SCH211");
  EXPECT_EQ(r.diagnostics.back().message,
            "Schematron not checked (person): the schema step failed");
  EXPECT_EQ(r.schematron[0].status, SchematronUse::Status::Skipped);

  // The valid sample: only the information note of PER-4 (p2 has no partner).
  const auto valid = dir.write("valid.xml", std::string(ozg_test::kOnePersonDelivery));
  r = (*v)->validate(Input{"valid.xml", valid, false});
  EXPECT_EQ(r.verdict, Verdict::Valid);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_EQ(r.diagnostics[0].code, "SCH202");
  EXPECT_EQ(r.diagnostics[0].severity, Severity::Note);
}

TEST(SchematronValidation, RulesThatDoNotCompileLeaveTheMessageUnchecked) {
  if (engine() == nullptr) GTEST_SKIP() << "no Java VM with Saxon-HE";
  TempDir dir;
  SchemaRepository schemas = ozg_test::testbundle_repo(dir);
  auto rules = SchematronRepository::open(dir.path() / "repo");
  ASSERT_TRUE(rules.has_value());
  const auto bad = dir.write(
      "bad.sch",
      "<sch:schema xmlns:sch=\"http://purl.oclc.org/dsdl/schematron\" queryBinding=\"xslt2\">"
      "<sch:ns prefix=\"p\" uri=\"urn:ozg:test:person:1\"/><sch:pattern><sch:rule "
      "context=\"p:delivery\"><sch:assert test=\"p:header[\">x</sch:assert></sch:rule>"
      "</sch:pattern></sch:schema>");
  ASSERT_TRUE(rules->add(bad, {}).has_value());
  auto v = Validator::create(schemas, {}, nullptr, &*rules);
  ASSERT_TRUE(v.has_value());
  const auto valid = dir.write("valid.xml", std::string(ozg_test::kOnePersonDelivery));
  for (int i = 0; i < 2; ++i) {  // the failure is remembered for the run, not retried
    FileReport r = (*v)->validate(Input{"valid.xml", valid, false});
    EXPECT_EQ(r.verdict, Verdict::Unchecked);
    ASSERT_EQ(r.diagnostics.size(), 1u);
    EXPECT_EQ(r.diagnostics[0].code, "SCH212");
    EXPECT_NE(r.diagnostics[0].message.find("bad.sch: the rules do not compile"), std::string::npos)
        << r.diagnostics[0].message;
    ASSERT_EQ(r.schematron.size(), 1u);
    EXPECT_EQ(r.schematron[0].status, SchematronUse::Status::Failed);
  }
}

}  // namespace
}  // namespace xoev
