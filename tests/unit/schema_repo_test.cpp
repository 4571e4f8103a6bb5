#include "xoev/repo/schema_repo.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.hpp"
#include "xoev/diag/i18n.hpp"

namespace xoev {
namespace {

namespace fs = std::filesystem;
using ozg_test::TempDir;

class SchemaRepoTest : public ::testing::Test {
 protected:
  void SetUp() override { repo.emplace(ozg_test::testbundle_repo(dir, &report)); }
  TempDir dir;
  std::optional<SchemaRepository> repo;
  AddReport report;
};

TEST_F(SchemaRepoTest, IndexesEveryDocumentAndReportsTheBrokenOne) {
  EXPECT_EQ(report.bundle, "testbundle");
  EXPECT_EQ(report.files, 4u);
  ASSERT_EQ(report.failed.size(), 1u);
  EXPECT_EQ(report.failed[0]->file_name(), "person-1-2.xsd");
  EXPECT_EQ(report.failed[0]->problem,
            "testbundle/person-1-2.xsd: import of "
            "'http://schemas.example.invalid/missing/missing-1.xsd' (namespace "
            "urn:ozg:test:missing:1) cannot be resolved from the local schema repository");
  const SchemaEntry* common = repo->find("common-1.xsd");
  ASSERT_NE(common, nullptr);
  EXPECT_EQ(common->status, "ok");
  EXPECT_EQ(common->target_namespace, "urn:ozg:test:common:1");
  EXPECT_EQ(repo->referrers(*common).size(), 3u);
}

TEST_F(SchemaRepoTest, ResolvesAbsoluteImportUrlsByFileNameAndNamespace) {
  const fs::path base = repo->file_path(*repo->find("person-1.xsd"));
  auto p = repo->resolve("urn:ozg:test:common:1",
                         "http://schemas.example.invalid/common/common-1.xsd", base);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->filename(), "common-1.xsd");
  // The same file name for another namespace is not a match.
  EXPECT_FALSE(repo->resolve("urn:other", "http://x.invalid/common-1.xsd", base));
  EXPECT_FALSE(repo->resolve("urn:ozg:test:missing:1",
                             "http://schemas.example.invalid/missing/missing-1.xsd", base));
}

TEST_F(SchemaRepoTest, ChoosesTheNewestDocumentThatCompiles) {
  const SchemaChoice c = repo->choose("urn:ozg:test:person:1", "delivery");
  ASSERT_NE(c.entry, nullptr);
  EXPECT_EQ(c.entry->path, "testbundle/person-1-1.xsd");
  EXPECT_EQ(c.candidates, 3u);
  EXPECT_EQ(i18n::english(c.reason),
            "newest of 3 schemas declaring delivery; skipped (does not compile): person-1-2.xsd");
  EXPECT_EQ(repo->choose("urn:ozg:test:person:1", "nosuch").entry, nullptr);
  EXPECT_EQ(repo->choose("urn:nobody", "delivery").entry, nullptr);
}

TEST_F(SchemaRepoTest, PersistsTheIndexAndReopensIt) {
  auto again = SchemaRepository::open(dir.path() / "repo");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->entries().size(), 4u);
  EXPECT_EQ(again->bundles().size(), 1u);
  EXPECT_EQ(again->find("person-1-2.xsd")->status, "error");
}

/// Everything open() read, as text, to compare two openings.
std::string dump(const SchemaRepository& r) {
  std::string out;
  for (const auto& b : r.bundles()) out += b.name + "|" + b.source + "|" + b.added + "\n";
  for (const auto& e : r.entries()) {
    out += e.path + "|" + e.bundle + "|" + e.target_namespace + "|" + e.version + "|" + e.sha256 +
           "|" + e.status + "|" + e.problem + "|" + e.included_by + "|";
    for (const auto& el : e.elements) out += el + ",";
    for (const auto& ref : e.refs) out += ref.kind + ":" + ref.ns + ":" + ref.location + ",";
    out += "\n";
  }
  return out;
}

// Issue 13: the index is read from a flat binary copy; index.json stays the record, and a copy
// that does not match it, or is damaged, is never used.
TEST_F(SchemaRepoTest, ReadsTheIndexFromItsBinaryCopyOnlyWhileItMatches) {
  const fs::path root = dir.path() / "repo";
  const fs::path copy = root / "cache" / "index.bin";
  ASSERT_TRUE(fs::exists(copy)) << "save() writes the copy";
  auto from_copy = SchemaRepository::open(root);
  ASSERT_TRUE(from_copy.has_value());
  fs::remove(copy);
  auto from_json = SchemaRepository::open(root);
  ASSERT_TRUE(from_json.has_value());
  EXPECT_EQ(dump(*from_copy), dump(*from_json));
  EXPECT_EQ(from_json->entries().size(), 4u);
  ASSERT_TRUE(fs::exists(copy)) << "a miss writes the copy again";

  // A damaged copy: cut short, or with garbage after the header.
  const std::string good = ozg_test::read_file(copy);
  for (const std::string& bad :
       {good.substr(0, good.size() - 3), good.substr(0, 60) + "\xff\xff\xff\xff"}) {
    std::ofstream(copy, std::ios::binary | std::ios::trunc) << bad;
    auto reopened = SchemaRepository::open(root);
    ASSERT_TRUE(reopened.has_value());
    EXPECT_EQ(dump(*reopened), dump(*from_json));
  }
  // index.json changed behind ozg's back (same content, a new file): the old copy is stale.
  std::ofstream(copy, std::ios::binary | std::ios::trunc) << good;
  const std::string json = ozg_test::read_file(root / "index.json");
  std::string edited = json;
  const auto at = edited.find("person-1-2.xsd");
  ASSERT_NE(at, std::string::npos);
  edited.replace(at, 14, "person-1-9.xsd");
  fs::remove(root / "index.json");
  std::ofstream(root / "index.json", std::ios::binary) << edited;
  auto edited_repo = SchemaRepository::open(root);
  ASSERT_TRUE(edited_repo.has_value());
  EXPECT_EQ(edited_repo->find("person-1-2.xsd"), nullptr);
  EXPECT_NE(edited_repo->find("person-1-9.xsd"), nullptr);
}

TEST_F(SchemaRepoTest, ReaddingTheSameSourceReplacesItsBundle) {
  auto again = repo->add(ozg_test::data_dir() / "schemas" / "testbundle");
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->bundle, "testbundle");
  EXPECT_EQ(repo->entries().size(), 4u);
}

TEST_F(SchemaRepoTest, RemovesByFileNamespaceOrBundle) {
  auto n = repo->remove("person-1-2.xsd");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, 1u);
  EXPECT_FALSE(fs::exists(dir.path() / "repo/schemas/testbundle/person-1-2.xsd"));
  EXPECT_EQ(repo->remove("nothing-like-this").error().code, "REPO004");
  n = repo->remove("testbundle");
  ASSERT_TRUE(n.has_value());
  EXPECT_EQ(*n, 3u);
  EXPECT_TRUE(repo->entries().empty());
  EXPECT_FALSE(fs::exists(dir.path() / "repo/schemas/testbundle"));
}

TEST_F(SchemaRepoTest, AmbiguousFileNamesAreNamedNotHidden) {
  ASSERT_TRUE(repo->add(ozg_test::data_dir() / "schemas" / "testbundle", "copy").has_value());
  EXPECT_EQ(repo->find("person-1.xsd"), nullptr);
  auto e = repo->lookup("person-1.xsd");
  ASSERT_FALSE(e.has_value());
  EXPECT_EQ(e.error().code, "REPO009");
  EXPECT_EQ(e.error().message,
            "'person-1.xsd' is ambiguous: copy/person-1.xsd, testbundle/person-1.xsd");
  EXPECT_EQ((*repo->lookup("copy/person-1.xsd"))->bundle, "copy");
  EXPECT_EQ(repo->lookup("nope.xsd").error().code, "REPO004");
}

TEST(SchemaRepo, EqualDeclaredVersionsFallBackToTheFileNameVersion) {
  TempDir dir;
  const std::string xsd =
      "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:t' "
      "version='2.0'><xs:element name='r' type='xs:string'/></xs:schema>";
  dir.write("src/t-2-0.xsd", xsd);
  dir.write("src/t-2-1.xsd", xsd);
  auto repo = SchemaRepository::open(dir.path() / "repo");
  ASSERT_TRUE(repo->add(dir.path() / "src").has_value());
  const SchemaChoice c = repo->choose("urn:t", "r");
  ASSERT_NE(c.entry, nullptr);
  EXPECT_EQ(c.entry->file_name(), "t-2-1.xsd");
}

TEST(SchemaRepo, TheOnlyCandidateThatFailsIsChosenAndSaysSo) {
  TempDir dir;
  dir.write("src/t-1-0.xsd",
            "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:t'>"
            "<xs:element name='r' type='nosuch'/></xs:schema>");
  auto repo = SchemaRepository::open(dir.path() / "repo");
  ASSERT_TRUE(repo->add(dir.path() / "src").has_value());
  const SchemaChoice c = repo->choose("urn:t", "r");
  ASSERT_NE(c.entry, nullptr);
  EXPECT_EQ(i18n::english(c.reason), "the only schema declaring r; it does not compile");
}

TEST(SchemaRepo, MutuallyIncludingDocumentsKeepARoot) {
  TempDir dir;
  dir.write("src/a.xsd",
            "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:c'>"
            "<xs:include schemaLocation='b.xsd'/><xs:element name='r' type='xs:string'/>"
            "</xs:schema>");
  dir.write("src/b.xsd",
            "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:c'>"
            "<xs:include schemaLocation='a.xsd'/></xs:schema>");
  auto repo = SchemaRepository::open(dir.path() / "repo");
  ASSERT_TRUE(repo->add(dir.path() / "src").has_value());
  EXPECT_EQ(repo->find("a.xsd")->status, "ok");
  EXPECT_EQ(repo->find("b.xsd")->status, "part");
  ASSERT_NE(repo->choose("urn:c", "r").entry, nullptr);
}

TEST(SchemaRepo, MissingSourceAndEmptyFolderAreClearErrors) {
  TempDir dir;
  auto repo = SchemaRepository::open(dir.path() / "repo");
  ASSERT_TRUE(repo.has_value());
  auto r = repo->add(dir.path() / "nope");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "REPO002");
  EXPECT_EQ(r.error().kind, ErrorKind::Input);
  dir.write("empty/readme.txt", "no schemas here");
  r = repo->add(dir.path() / "empty");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "REPO003");
}

TEST(SchemaRepo, CorruptIndexIsAConfigError) {
  TempDir dir;
  dir.write("repo/index.json", "{ not json");
  auto repo = SchemaRepository::open(dir.path() / "repo");
  ASSERT_FALSE(repo.has_value());
  EXPECT_EQ(repo.error().kind, ErrorKind::Config);
  EXPECT_EQ(repo.error().code, "REPO001");
}

TEST(SchemaRepo, NotWellFormedSchemaIsRecordedNotFatal) {
  TempDir dir;
  dir.write("src/bad.xsd", "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema'>");
  auto repo = SchemaRepository::open(dir.path() / "repo");
  auto r = repo->add(dir.path() / "src");
  ASSERT_TRUE(r.has_value());
  ASSERT_EQ(r->failed.size(), 1u);
  EXPECT_TRUE(r->failed[0]->problem.starts_with("not well-formed: ")) << r->failed[0]->problem;
}

TEST(SchemaRepo, ArchiveEntriesOutsideTheDestinationAreRefused) {
  TempDir dir;
  // A tar archive with an entry named ../evil.xsd (ustar header written by hand).
  std::string tar(1024 + 512, '\0');
  const std::string name = "../evil.xsd";
  tar.replace(0, name.size(), name);
  tar.replace(100, 7, "0000644");
  tar.replace(108, 7, "0000000");
  tar.replace(116, 7, "0000000");
  tar.replace(124, 11, "00000000000");
  tar.replace(136, 11, "00000000000");
  tar[156] = '0';
  tar.replace(257, 5, "ustar");
  tar.replace(148, 8, "        ");
  unsigned sum = 0;
  for (int i = 0; i < 512; ++i) sum += static_cast<unsigned char>(tar[i]);
  char chk[8];
  std::snprintf(chk, sizeof chk, "%06o", sum);
  tar.replace(148, 6, chk);
  tar[154] = '\0';
  const auto file = dir.write("evil.tar", tar);
  fs::create_directories(dir.path() / "out");
  auto r = extract_archive(file, dir.path() / "out");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().code, "REPO010");
  EXPECT_FALSE(fs::exists(dir.path() / "evil.xsd"));
}

}  // namespace
}  // namespace xoev
