#include "xoev/inspect/inspect.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace xoev {
namespace {

TEST(DescribeNamespace, KnowsEchAndXoevPatterns) {
  auto d = describe_namespace("http://www.ech.ch/xmlns/eCH-0020/3");
  EXPECT_EQ(d.name, "eCH-0020");
  EXPECT_EQ(d.version, "3");
  d = describe_namespace("urn:xoev-de:xdomea:schema:3.0.0");
  EXPECT_EQ(d.name, "xdomea");
  EXPECT_EQ(d.version, "3.0.0");
  d = describe_namespace("http://xbildung.de/def/xberufsbildung/0.6/xsd");
  EXPECT_EQ(d.name, "xberufsbildung");
  EXPECT_EQ(d.version, "0.6");
  d = describe_namespace("https://gitlab.opencode.de/akdb/xoev/xwasser/-/raw/main/V1_0_0");
  EXPECT_EQ(d.name, "xwasser");
  EXPECT_EQ(d.version, "1.0.0");
  d = describe_namespace("urn:something:else");
  EXPECT_EQ(d.name, "urn:something:else");
  EXPECT_EQ(d.version, "");
}

TEST(MessageFacts, ReadsEch0058AndXoevHeaders) {
  ozg_test::TempDir dir;
  const auto ech =
      dir.write("data_42.xml", R"(<d:delivery xmlns:d="http://www.ech.ch/xmlns/eCH-0020/3"
    xmlns:h="http://www.ech.ch/xmlns/eCH-0058/5">
  <d:deliveryHeader><h:senderId>T1-123-1</h:senderId><h:recipientId>1-2-3</h:recipientId>
    <h:recipientId>1-2-4</h:recipientId><h:messageId>m-1</h:messageId><h:messageType>20</h:messageType>
    <h:messageDate>2026-11-24T08:00:00Z</h:messageDate><h:action>1</h:action>
    <h:testDeliveryFlag>true</h:testDeliveryFlag></d:deliveryHeader>
  <d:eventMoveIn><d:person>x</d:person></d:eventMoveIn>
</d:delivery>)");
  dir.write("envl_42.xml", "<envelope xmlns='http://www.ech.ch/xmlns/eCH-0090/1'/>");
  auto f = read_message_facts(ech, {});
  ASSERT_TRUE(f.has_value()) << f.error().message;
  EXPECT_EQ(f->root, "delivery");
  EXPECT_EQ(f->content, "eventMoveIn");
  EXPECT_EQ(f->sender, "T1-123-1");
  EXPECT_EQ(f->recipients, (std::vector<std::string>{"1-2-3", "1-2-4"}));
  EXPECT_EQ(f->message_id, "m-1");
  EXPECT_EQ(f->message_type, "20");
  EXPECT_EQ(f->date, "2026-11-24T08:00:00Z");
  EXPECT_EQ(f->test, "true");
  EXPECT_EQ(f->elements, 12u);
  EXPECT_FALSE(f->signed_);
  ASSERT_TRUE(sedex_partner(ech).has_value());
  EXPECT_EQ(sedex_partner(ech)->filename(), "envl_42.xml");

  const auto xoev = dir.write("g2g.xml", R"(<n:msg xmlns:n="urn:xoev-de:test:schema:1.0">
  <nachrichtenkopf.g2g><identifikation.nachricht><nachrichtenUUID>6f1c</nachrichtenUUID>
    <nachrichtentyp listURI="u" listVersionID="1"><code>0101</code></nachrichtentyp>
    <erstellungszeitpunkt>2026-01-01T00:00:00</erstellungszeitpunkt></identifikation.nachricht>
    <leser><verzeichnisdienst><code>DVDV</code></verzeichnisdienst><kennung>ags:01</kennung></leser>
    <autor><verzeichnisdienst><code>DVDV</code></verzeichnisdienst><kennung>ags:02</kennung>
      <kommunikation><kennung>+49 30 1</kennung></kommunikation></autor></nachrichtenkopf.g2g>
</n:msg>)");
  f = read_message_facts(xoev, {});
  ASSERT_TRUE(f.has_value());
  EXPECT_EQ(f->message_id, "6f1c");
  EXPECT_EQ(f->message_type, "0101");
  EXPECT_EQ(f->sender, "ags:02 (DVDV)");
  EXPECT_EQ(f->recipients, (std::vector<std::string>{"ags:01 (DVDV)"}));
  EXPECT_EQ(f->content, "");

  auto bad = read_message_facts(dir.write("bad.xml", "<a><b></a>"), {});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, "XML001");
}

}  // namespace
}  // namespace xoev
