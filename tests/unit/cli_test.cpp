#include <gtest/gtest.h>

#include <sstream>

#include "context.hpp"
#include "remedy_words.hpp"
#include "test_support.hpp"
#include "xoev/diag/i18n.hpp"

namespace xoev::cli {
namespace {

struct Run {
  int code;
  std::string out;
  std::string err;
};

Run run_ozg(std::vector<const char*> args) {
  std::ostringstream out, err;
  Context ctx(out, err);
  args.insert(args.begin(), "ozg");
  const int code = run(static_cast<int>(args.size()), args.data(), ctx);
  return {code, out.str(), err.str()};
}

TEST(Cli, UnknownCommandSuggestsTheNearest) {
  auto r = run_ozg({"valdate", "x.xml"});
  EXPECT_EQ(r.code, kUsage);
  EXPECT_EQ(r.err,
            "ozg: 'valdate' is not an ozg command. Did you mean 'validate'?\n"
            "See 'ozg help' for the list of commands.\n");
  r = run_ozg({"frobnicate"});
  EXPECT_EQ(r.err,
            "ozg: 'frobnicate' is not an ozg command.\nSee 'ozg help' for the list of commands.\n");
}

TEST(Cli, HelpVersionAndUsageErrors) {
  auto r = run_ozg({"--version"});
  EXPECT_EQ(r.code, kOk);
  EXPECT_TRUE(r.out.starts_with("ozg ")) << r.out;
  r = run_ozg({"help"});
  EXPECT_EQ(r.code, kOk);
  EXPECT_NE(r.out.find("  validate    validate messages"), std::string::npos) << r.out;
  r = run_ozg({"validate", "--help"});
  EXPECT_EQ(r.code, kOk);
  EXPECT_NE(r.out.find("--max-errors"), std::string::npos);
  EXPECT_NE(r.out.find("report format: text (stderr), json, junit, sarif, html (stdout)"),
            std::string::npos)
      << r.out;
  r = run_ozg({"validate"});
  EXPECT_EQ(r.code, kUsage);
  r = run_ozg({"validate", "--format", "yaml", "x.xml"});
  EXPECT_EQ(r.code, kUsage);
  EXPECT_NE(r.err.find("yaml"), std::string::npos);
}

TEST(Cli, ValidateExitCodes) {
  ozg_test::TempDir dir;
  const std::string repo = (dir.path() / "repo").string();
  auto r = run_ozg({"--repo", repo.c_str(), "schemas", "add",
                    (ozg_test::data_dir() / "schemas/testbundle").c_str()});
  EXPECT_EQ(r.code, kOk) << r.err;
  EXPECT_NE(r.err.find("person-1-2.xsd does not compile"), std::string::npos);
  const auto bad = dir.write("bad.xml", "<a xmlns='urn:nobody'/>");
  r = run_ozg({"--repo", repo.c_str(), "validate", bad.c_str()});
  EXPECT_EQ(r.code, kFindings);
  r = run_ozg({"--repo", repo.c_str(), "validate", (dir.path() / "missing.xml").c_str()});
  EXPECT_EQ(r.code, kUnreadable);
  r = run_ozg({"--repo", repo.c_str(), "validate", "--schema", "nope.xsd", bad.c_str()});
  EXPECT_EQ(r.code, kUnreadable);
  EXPECT_NE(r.err.find("[XSD115]"), std::string::npos);
  r = run_ozg({"explain", "xsd105"});
  EXPECT_EQ(r.code, kOk);
  EXPECT_TRUE(r.out.starts_with("XSD105: ID/IDREF error\n\n"));
}

// The core states a remedy as data; the command line words it for the person running ozg, and
// a finding's own hint (one that does not depend on who reads it) is never replaced.
TEST(RemedyWords, TheCommandLineWordsTheCoresRemedies) {
  Diagnostic codes;
  codes.code = "CL201";
  codes.remedy = Remedy{Remedy::Kind::ListCodes, {"urn:x:list", "1", "01", "02"}};
  Diagnostic doctype;
  doctype.code = "XML003";
  doctype.remedy = Remedy{Remedy::Kind::RemoveDoctype, {}};
  Diagnostic own = doctype;
  own.hint = "its own words";

  i18n::set_remedy_wording(nullptr);
  EXPECT_FALSE(i18n::hint(codes)) << "the core has no words of its own for a remedy";
  i18n::set_remedy_wording(local_words);
  EXPECT_EQ(
      i18n::hint(codes),
      "nearest valid codes: '01' '02'; 'ozg codelists show urn:x:list --version 1' lists all");
  EXPECT_EQ(i18n::hint(doctype),
            "XÖV/eCH messages need no DTD; remove the DOCTYPE, or pass --allow-doctype to accept "
            "an internal subset (external entities are never loaded)");
  EXPECT_EQ(i18n::hint(own), "its own words");
  Diagnostic empty_repo;
  empty_repo.code = "XSD110";
  empty_repo.remedy = Remedy{Remedy::Kind::InstallSchema, {}};
  EXPECT_EQ(i18n::hint(empty_repo),
            "install schemas with 'ozg schemas add DIR', or point --repo / OZG_HOME at the "
            "repository you meant");
  Diagnostic other_limit;
  other_limit.remedy = Remedy{Remedy::Kind::RaiseLimit, {"--max-something"}};
  EXPECT_FALSE(i18n::hint(other_limit));
}

}  // namespace
// Issue 11.14: CLI11's own texts are worded like the rest of ozg.
TEST(Cli, ParseErrorsAreWordedLikeTheRest) {
  auto r = run_ozg({"validate", "--max-errors", "0", "x.xml"});
  EXPECT_EQ(r.code, kUsage);
  EXPECT_EQ(r.err,
            "ozg: error: --max-errors: expected a positive number, got 0\n"
            "See 'ozg help' or 'ozg COMMAND --help'.\n");
  r = run_ozg({"--color", "always", "--color", "never", "validate", "x.xml"});
  EXPECT_EQ(r.code, kUsage);
  EXPECT_NE(r.err.find("ozg: error: --color: given 2 times; give it once\n"), std::string::npos)
      << r.err;
  r = run_ozg({"validate"});
  EXPECT_NE(r.err.find("ozg: error: missing operand: inputs\n"), std::string::npos) << r.err;
}

// One tally -> exit code rule for every command over several inputs: the most serious outcome
// (highest code) wins, never a count.
TEST(Cli, TallyExitCodeIsTheMostSeriousOutcome) {
  EXPECT_EQ(Tally{}.exit_code(), kOk);
  EXPECT_EQ(Tally{.invalid = 256}.exit_code(), kFindings);
  EXPECT_EQ((Tally{.invalid = 3, .unreadable = 1}.exit_code()), kUnreadable);
  EXPECT_EQ((Tally{.usage = 1, .unreadable = 1, .signature = 1}.exit_code()), kSignature);
  EXPECT_EQ((Tally{.invalid = 1, .signature = 2, .transport = 1}.exit_code()), kTransport);
  Tally t;
  for (int code : {kOk, kFindings, kUsage, kOk}) t.count(code);
  EXPECT_EQ(t.invalid, 1U);
  EXPECT_EQ(t.usage, 1U);
  EXPECT_EQ(t.exit_code(), kUsage);
  t.count(kInternal);
  EXPECT_EQ(t.exit_code(), kInternal);
}

}  // namespace xoev::cli
