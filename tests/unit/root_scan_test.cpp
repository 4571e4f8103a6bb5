// The byte-level root scan, and its agreement with the parser's root peek.

#include "xml/root_scan.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "test_support.hpp"
#include "xml/xerces.hpp"

namespace fs = std::filesystem;
using xoev::xml::RootInfo;
using xoev::xml::scan_plain_root;

TEST(RootScan, AcceptsPlainDocuments) {
  EXPECT_EQ(scan_plain_root("<a/>"), (RootInfo{"", "a"}));
  EXPECT_EQ(scan_plain_root("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                            "<!-- note -->\n<e:d xmlns:e='urn:x' e:v='1' xmlns='urn:y'>"),
            (RootInfo{"urn:x", "d"}));
  EXPECT_EQ(scan_plain_root("<?xml version='1.0' encoding='iso-8859-1' standalone='yes'?>"
                            "<d xmlns=\"urn:y\" a = \"1\">"),
            (RootInfo{"urn:y", "d"}));
  EXPECT_EQ(scan_plain_root("<d xmlns=''>"), (RootInfo{"", "d"}));
  EXPECT_EQ(scan_plain_root("<?xml-model href='x'?><!-- \xC3\xA4 --><?pi?>\n"
                            "<d a='H &amp; D\n\xC3\xA4' xmlns='urn:y'>"),
            (RootInfo{"urn:y", "d"}));
  EXPECT_EQ(scan_plain_root("<d/>\xC3\xA4\xF0\x9F\x98\x80"), (RootInfo{"", "d"}));
  EXPECT_EQ(scan_plain_root("<?xml version='1.0' encoding='ISO-8859-1'?><d/>\xFC"),
            (RootInfo{"", "d"}));
  // A sequence that the window cuts goes on after it.
  EXPECT_EQ(scan_plain_root("<d/>" + std::string((64 << 10) - 5, ' ') + "\xC3\xA4"),
            (RootInfo{"", "d"}));
}

TEST(RootScan, LeavesEverythingElseToTheParser) {
  for (const char* doc : {
           "",                                             // empty
           "   ",                                          // blank
           "<!DOCTYPE d><d/>",                             // DOCTYPE
           "<?xml?><d/>",                                  // declaration without version
           "<?XmL a?><d/>",                                // reserved target
           "<?pi x<d/>",                                   // unterminated instruction
           "<d a='&#0;'/>",                                // character reference
           "<d xmlns='urn:&amp;'/>",                       // reference in a namespace
           "<?xml version='1.1'?><d/>",                    // XML 1.1
           "<?xml version='1.0' encoding='UTF-16'?><d/>",  // other encoding
           "\xEF\xBB\xBF<?xml version='1.0' encoding='ISO-8859-1'?><d/>",  // BOM and Latin-1
           "<?xml encoding='UTF-8'?><d/>",                                 // no version
           "<!-- a -- b --><d/>",                                          // "--" in a comment
           "<p:d/>",                                                       // unbound prefix
           "<p:d xmlns:q='urn:q'/>",                                       // unbound prefix
           "<d a='1' a='2'/>",                                             // duplicate attribute
           "<d a='&nbsp;'/>",                                              // undeclared entity
           "<d xmlns='urn:\tx'/>",                                         // normalised namespace
           "<d q:a='1' xmlns:q='urn:q'/>",                                 // declared after its use
           "<d xmlns:xml='urn:x'/>",                                       // reserved prefix
           "<d a='1'b='2'/>",                                        // no space between attributes
           "<d",                                                     // truncated
           "<1d/>",                                                  // bad name
           "x<d/>",                                                  // text before the root
           "<d/>\xFC",                                               // not UTF-8, after the root
           "<d/>\xED\xA0\x80",                                       // a surrogate
           "<d/>\xC0\x80",                                           // an overlong form
           "<?xml version='1.0' encoding='US-ASCII'?><d/>\xC3\xA4",  // not ASCII
           "<d/>\x01",                                               // a control character
           "<d/>\xC3",                                               // a cut sequence at the end
       }) {
    EXPECT_EQ(scan_plain_root(doc), std::nullopt) << doc;
  }
}

namespace {

/// Every XML file under `dir`.
std::vector<fs::path> xml_files(const fs::path& dir) {
  std::vector<fs::path> out;
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".xml") out.push_back(e.path());
  return out;
}

}  // namespace

// Whatever the scan accepts, the parser reads as the same root with no complaint.
TEST(RootScan, AgreesWithTheParserOnEverySampleAndCorpusMessage) {
  std::vector<fs::path> files = xml_files(fs::path(OZG_TEST_DATA) / ".." / ".." / "samples");
  for (auto& f : xml_files(ozg_test::data_dir())) files.push_back(std::move(f));
  if (auto corpus = ozg_test::corpus_dir()) {
    for (auto& f : xml_files(*corpus / "ech" / "messages")) files.push_back(std::move(f));
    for (auto& f : xml_files(*corpus / "xoev" / "messages")) files.push_back(std::move(f));
  }
  ASSERT_GT(files.size(), 50u);
  xoev::xml::InstanceValidator parser(xoev::xml::XmlLimits{});
  std::size_t scanned = 0;
  for (const auto& f : files) {
    const std::string bytes = ozg_test::read_file(f);
    const auto fast = scan_plain_root(bytes);
    if (!fast) continue;
    ++scanned;
    // A size above the in-memory limit makes the parser stream the file itself.
    const auto doc = xoev::xml::Document::load(f, xoev::xml::Document::kInMemoryLimit + 1);
    xoev::DiagnosticSink sink(10);
    const auto parsed = parser.peek_root(doc, f.string(), sink);
    EXPECT_EQ(parsed, fast) << f;
    EXPECT_EQ(sink.diagnostics().size(), 0u) << f;
  }
  EXPECT_GT(scanned, files.size() * 9 / 10);  // the scan is the common case
}
