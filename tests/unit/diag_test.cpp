#include "xoev/diag/diag.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "test_support.hpp"
#include "xml/facet_words.hpp"
#include "xoev/diag/codes.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/repo/schema_repo.hpp"

namespace xoev {
namespace {

TEST(DiagnosticSink, CapsStoredErrorsButCountsAllAndAddsANote) {
  DiagnosticSink sink(2);
  for (int i = 0; i < 5; ++i) sink.error("XSD100", {"f.xml", 1, 1}, "e" + std::to_string(i));
  sink.warning("XML008", {"f.xml", 1, 1}, "w");
  EXPECT_EQ(sink.error_count(), 5u);
  EXPECT_EQ(sink.warning_count(), 1u);
  auto d = sink.take();
  ASSERT_EQ(d.size(), 4u);  // 2 errors, 1 warning, 1 note
  EXPECT_EQ(d[0].message, "e0");
  EXPECT_EQ(d[1].message, "e1");
  EXPECT_EQ(d[3].severity, Severity::Note);
  EXPECT_EQ(d[3].message, "3 further error(s) not shown (limit 2 per file)");
}

// Under the cap the errors that come first in the file are kept: a missing child of the root,
// found at its end tag but placed at its start tag, must not fall past the cap. A final
// finding (the one that ended the parse) is never given up.
TEST(DiagnosticSink, KeepsTheFirstErrorsInDocumentOrderUnderTheCap) {
  DiagnosticSink sink(2);
  sink.error("XSD103", {"f.xml", 10, 1}, "line 10");
  sink.error("XSD103", {"f.xml", 20, 1}, "line 20");
  sink.error("XSD103", {"f.xml", 30, 1}, "line 30");  // later than both: dropped
  sink.error("XSD102", {"f.xml", 2, 5}, "line 2");    // earlier: replaces line 20
  sink.add_final({Severity::Error, "XML005", {"f.xml", 40, 1}, "final", {}, std::nullopt});
  sink.error("XSD103", {"f.xml", 3, 1}, "line 3");   // replaces line 10, never the final one
  sink.error("XSD113", {"f.xml", 0, 0}, "no line");  // cannot be placed: dropped
  EXPECT_EQ(sink.error_count(), 7u);
  sink.order_by_position(0);
  auto d = sink.take();
  ASSERT_EQ(d.size(), 4u);
  EXPECT_EQ(d[0].message, "line 2");
  EXPECT_EQ(d[1].message, "line 3");
  EXPECT_EQ(d[2].message, "final");
  EXPECT_EQ(d[3].message, "4 further error(s) not shown (limit 2 per file)");
}

// A warning for every record of a huge register must not keep them all (issue 13, bounded
// memory): 1,000 are stored, all are counted, and a note says how many were left out.
TEST(DiagnosticSink, CapsStoredWarningsAndNotesButCountsAll) {
  DiagnosticSink sink(5);
  for (int i = 0; i < 1500; ++i) sink.warning("CL208", Location{"f.xml", 1, 1}, "w");
  sink.error("XSD101", Location{"f.xml", 2, 1}, "e");
  EXPECT_EQ(sink.warning_count(), 1500u);
  EXPECT_EQ(sink.error_count(), 1u);
  const auto all = sink.take();
  ASSERT_EQ(all.size(), 1002u);  // 1,000 warnings, the error, the note
  EXPECT_EQ(all.back().code, "XSD199");
  EXPECT_NE(all.back().message.find("500 further warning(s) and note(s)"), std::string::npos);
}

TEST(DiagnosticSink, PromotesWarningsWhenAsked) {
  DiagnosticSink sink;
  sink.set_warnings_as_errors(true);
  sink.warning("XML008", {}, "w");
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(sink.diagnostics().front().severity, Severity::Error);
}

TEST(Codes, AreUniqueSortedAndExplained) {
  std::string prev;
  for (const auto& c : all_codes()) {
    EXPECT_LT(prev, c.code);
    EXPECT_FALSE(c.title.empty());
    EXPECT_FALSE(c.explanation.empty());
    prev = c.code;
  }
  ASSERT_NE(find_code("XSD105"), nullptr);
  EXPECT_EQ(find_code("XSD105")->title, "ID/IDREF error");
  EXPECT_EQ(find_code("NOPE1"), nullptr);
}

TEST(CompareVersions, IsNatural) {
  EXPECT_LT(compare_versions("2.9", "2.10"), 0);
  EXPECT_GT(compare_versions("4.1", "4"), 0);
  EXPECT_EQ(compare_versions("3.0.0", "3.0.0"), 0);
  EXPECT_LT(compare_versions("2.3", "3.0"), 0);
  EXPECT_EQ(compare_versions("007", "7"), 0);
}

}  // namespace
}  // namespace xoev

namespace xoev {
namespace {

TEST(Codes, EveryCodeIsDocumentedInTheManPage) {
  const auto man = ozg_test::data_dir() / ".." / ".." / "man";
  const std::string page =
      ozg_test::read_file(man / "ozg-codes.7") + ozg_test::read_file(man / "ozg-rules.7");
  ASSERT_FALSE(page.empty());
  for (const auto& c : all_codes())
    EXPECT_NE(page.find(".BR " + std::string(c.code)), std::string::npos) << c.code;
}

// Hints send users to 'ozg explain CODE': every code in the sources must be explained.
TEST(Codes, EveryCodeInTheSourcesIsExplained) {
  const auto root = ozg_test::data_dir() / ".." / "..";
  const std::regex code(R"("((CFG|CHK|CL|HDR|MAP|NET|REPO|SCH|SIG|TRN|XML|XSD)[0-9]{3})\b)");
  int files = 0;
  for (const char* dir : {"xoev", "cli", "transport"})
    for (const auto& e : std::filesystem::recursive_directory_iterator(root / dir)) {
      if (e.path().extension() != ".cpp") continue;
      ++files;
      const std::string text = ozg_test::read_file(e.path());
      for (std::sregex_iterator m(text.begin(), text.end(), code), end; m != end; ++m)
        EXPECT_NE(find_code((*m)[1].str()), nullptr) << (*m)[1] << " in " << e.path();
    }
  EXPECT_GT(files, 20);
}

// The cap notes are templates with their numbers as arguments, so that they can be translated.
TEST(DiagnosticSink, CapNoteIsATemplate) {
  DiagnosticSink sink(1);
  for (int i = 0; i < 3; ++i) sink.error("XSD100", {"f.xml", 1, 1}, "e");
  auto d = sink.take();
  ASSERT_EQ(d.size(), 2u);
  EXPECT_EQ(d[1].code, "XSD199");
  EXPECT_EQ(d[1].message_id, "{0} further error(s) not shown (limit {1} per file)");
  EXPECT_EQ(d[1].args, (std::vector<std::string>{"2", "1"}));
  ASSERT_TRUE(d[1].remedy);
  EXPECT_EQ(d[1].remedy->kind, Remedy::Kind::RaiseLimit);
  EXPECT_EQ(d[1].remedy->args, (std::vector<std::string>{"--max-errors"}));
  EXPECT_EQ(d[1].message, "2 further error(s) not shown (limit 1 per file)");
}

TEST(I18n, MakeFillsMessageAndHint) {
  const Diagnostic d = i18n::make(Severity::Warning, "HDR601", {"f.xml", 3, 4},
                                  "senderId '{0}' is not a sedex participant id", {"x"}, "/a",
                                  "ids look like {0}", {"1-1102-1"});
  EXPECT_EQ(d.severity, Severity::Warning);
  EXPECT_EQ(d.message, "senderId 'x' is not a sedex participant id");
  EXPECT_EQ(d.message_id, "senderId '{0}' is not a sedex participant id");
  EXPECT_EQ(d.path, "/a");
  EXPECT_EQ(d.hint, "ids look like 1-1102-1");
  EXPECT_EQ(d.hint_args, (std::vector<std::string>{"1-1102-1"}));
}

TEST(I18n, FillKeepsBracesBeyondTheArguments) {
  EXPECT_EQ(i18n::fill("'{0}' or '([0-9]{4})'", {"x"}), "'x' or '([0-9]{4})'");
  EXPECT_EQ(i18n::fill("{1}{0}", {"a", "b"}), "ba");
}

// An operational error keeps its English template and arguments, and one put in context keeps
// the inner error, whose message is the last argument of the outer one.
TEST(I18n, ErrorsCarryTemplatesAndContext) {
  const Error e = make_error(ErrorKind::Config, "CFG001", "{0}: unknown code {1}",
                             {"FOO=bar", "FOO"}, "'ozg explain' lists the codes");
  EXPECT_EQ(e.message, "FOO=bar: unknown code FOO");
  EXPECT_EQ(e.message_id, "{0}: unknown code {1}");
  EXPECT_EQ(e.args, (std::vector<std::string>{"FOO=bar", "FOO"}));
  EXPECT_EQ(e.hint, "'ozg explain' lists the codes");
  EXPECT_EQ(i18n::message(e), "FOO=bar: unknown code FOO");  // English: as stored
  const Error w = within(e, "{0}:{1}: {2}", {"c.yaml", "2"});
  EXPECT_EQ(w.message, "c.yaml:2: FOO=bar: unknown code FOO");
  EXPECT_EQ(w.code, "CFG001");
  EXPECT_EQ(w.hint, e.hint);
  ASSERT_TRUE(w.inner);
  EXPECT_EQ(w.inner->message, e.message);
  const Diagnostic d = i18n::diagnostic(Severity::Error, w, {"c.yaml", 2, 3});
  EXPECT_EQ(d.message, w.message);
  EXPECT_EQ(d.message_id, "{0}:{1}: {2}");
  EXPECT_EQ(d.args, (std::vector<std::string>{"c.yaml", "2", "FOO=bar: unknown code FOO"}));
  EXPECT_EQ(d.hint, e.hint);
  const Error back = i18n::error_of(ErrorKind::Input, d);
  EXPECT_EQ(back.message, w.message);
  EXPECT_EQ(back.message_id, d.message_id);
}

// Xerces' well-formedness messages become templates that say the same in English.
TEST(FatalWords, MapsXercesTextsToTemplates) {
  auto w = xml::fatal_in_words("expected end of tag 'b'");
  ASSERT_TRUE(w);
  EXPECT_STREQ(w->message, "expected end of tag '{0}'");
  EXPECT_EQ(w->args, (std::vector<std::string>{"b"}));
  EXPECT_EQ(w->text(), "expected end of tag 'b'");
  w = xml::fatal_in_words("invalid character 0x1F in attribute value 'x'");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->text(), "invalid character 0x1F in attribute value 'x'");
  EXPECT_EQ(w->args, (std::vector<std::string>{"1F", "x"}));
  w = xml::fatal_in_words("attribute 'x' is already specified for element 'a'");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->args, (std::vector<std::string>{"x", "a"}));
  w = xml::fatal_in_words("comment or processing instruction expected");
  ASSERT_TRUE(w);
  EXPECT_TRUE(w->args.empty());
  EXPECT_FALSE(xml::fatal_in_words("something Xerces rarely says"));
}

TEST(ValidityWords, MapsXercesTextsToTemplates) {
  auto w = xml::validity_in_words("attribute 'foo' is not declared for element 'bar'");
  ASSERT_TRUE(w);
  EXPECT_STREQ(w->message, "attribute '{0}' is not declared for element '{1}'");
  EXPECT_EQ(w->args, (std::vector<std::string>{"foo", "bar"}));
  w = xml::validity_in_words("ID attribute 'p1' is referenced but was never declared");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->text(), "ID attribute 'p1' is referenced but was never declared");
  EXPECT_FALSE(xml::validity_in_words("expected end of tag 'b'"));
  EXPECT_FALSE(xml::fatal_in_words("ID value 'x' is not unique"));
}

}  // namespace
}  // namespace xoev
