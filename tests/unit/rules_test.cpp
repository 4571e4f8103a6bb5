#include "xoev/rules/rules.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"

namespace xoev {
namespace {

using namespace std::chrono;

TEST(ParseDatetime, ReadsZonesAndFractions) {
  const auto utc = parse_datetime("2009-04-23T11:11:21.0Z");
  ASSERT_TRUE(utc.has_value());
  EXPECT_EQ(utc->time_since_epoch().count(), 1240485081);
  EXPECT_EQ(parse_datetime("2999-01-01T00:00:00Z")->time_since_epoch().count(), 32472144000);
  EXPECT_EQ(parse_datetime("2009-04-23T13:11:21.5+02:00"), utc);
  EXPECT_EQ(parse_datetime("2009-04-23T11:11:21"), utc);
  EXPECT_FALSE(parse_datetime("23.04.2009").has_value());
}

MessageFacts ech_header() {
  MessageFacts m;
  m.root_namespace = "http://www.ech.ch/xmlns/eCH-0020/3";
  m.root = "delivery";
  m.sender = "1-1102-1";
  m.recipients = {"3-CH-6"};
  m.message_id = "m-1";
  m.message_type = "20";
  m.date = "2026-11-24T08:00:00Z";
  m.positions = {{"sender", {4, 20}}, {"recipient", {5, 20}}, {"date", {9, 22}}};
  return m;
}

TEST(HeaderRules, AcceptsAGoodHeader) {
  RuleContext ctx;
  ctx.now = *parse_datetime("2026-11-24T09:00:00Z");
  DiagnosticSink sink;
  check_header(ech_header(), "m.xml", ctx, sink);
  MessageFacts uri_form = ech_header();  // eCH-0058 v5 recommends sedex://T1-123456-1
  uri_form.sender = "sedex://T1-123456-1";
  uri_form.recipients = {"sedex://3-CH-6"};
  check_header(uri_form, "m.xml", ctx, sink);
  EXPECT_TRUE(sink.diagnostics().empty());
}

TEST(HeaderRules, FlagsFutureDatesAndNonSedexIds) {
  RuleContext ctx;
  ctx.now = *parse_datetime("2026-11-24T07:50:00Z");  // the message is 10 minutes ahead
  MessageFacts m = ech_header();
  m.sender = "ABX-VOTING";
  DiagnosticSink sink;
  check_header(m, "m.xml", ctx, sink);
  ASSERT_EQ(sink.diagnostics().size(), 2u);
  EXPECT_EQ(sink.diagnostics()[0].code, "HDR601");
  EXPECT_EQ(sink.diagnostics()[0].severity, Severity::Warning);
  EXPECT_EQ(sink.diagnostics()[0].loc.line, 4u);
  EXPECT_EQ(sink.diagnostics()[1].code, "HDR603");
  EXPECT_EQ(sink.diagnostics()[1].message, "message date 2026-11-24T08:00:00Z lies in the future");
  EXPECT_EQ(sink.diagnostics()[1].loc.line, 9u);
  ctx.now = *parse_datetime("2026-11-24T07:56:00Z");  // within the 5-minute tolerance
  DiagnosticSink ok;
  check_header(ech_header(), "m.xml", ctx, ok);
  EXPECT_TRUE(ok.diagnostics().empty());
}

TEST(HeaderRules, XoevUuidAndMessageType) {
  MessageFacts m;
  m.root_namespace = "urn:xoev-de:xwasser:schema:1.0.0";
  m.root = "administration.quittung.0020";
  m.message_id = "not-a-uuid";
  m.message_type = "0010";
  m.positions = {{"message_id", {3, 4}}, {"nachrichten_uuid", {3, 4}}, {"message_type", {4, 4}}};
  DiagnosticSink sink;
  check_header(m, "x.xml", {}, sink);
  ASSERT_EQ(sink.diagnostics().size(), 2u);
  EXPECT_EQ(sink.diagnostics()[0].code, "HDR604");
  EXPECT_EQ(sink.diagnostics()[1].code, "HDR605");
  EXPECT_EQ(sink.diagnostics()[1].message,
            "message type 0010 does not match the root element administration.quittung.0020");
}

TEST(EnvelopeRules, DataAndEnvelopeMustAgree) {
  MessageFacts data = ech_header();
  MessageFacts env = data;
  DiagnosticSink same;
  check_envelope(data, "data_1.xml", env, "envl_1.xml", same);
  EXPECT_TRUE(same.diagnostics().empty());
  env.message_id = "m-2";
  env.sender = "9-9-9";
  env.message_type = "21";
  env.recipients = {"3-CH-6", "1-2-3"};
  DiagnosticSink sink;
  check_envelope(data, "data_1.xml", env, "envl_1.xml", sink);
  std::vector<std::string> codes;
  for (const auto& d : sink.diagnostics()) codes.push_back(d.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"HDR610", "HDR611", "HDR613", "HDR612"}));
  EXPECT_EQ(sink.diagnostics()[1].message,
            "senderId '1-1102-1' differs from the envelope's '9-9-9' (envl_1.xml)");
}

TEST(EnvelopeRules, SedexUriParticipantsAndUriMessageTypesMatchTheEnvelope) {
  MessageFacts data = ech_header();
  MessageFacts env = data;
  data.sender = "sedex://" + env.sender;
  for (auto& r : data.recipients) r = "sedex://" + r;
  data.message_type = "http://www.ech.ch/xmlns/eCH-0020/3";  // eCH-0058 v5
  env.message_type = "10";
  DiagnosticSink sink;
  check_envelope(data, "data_1.xml", env, "envl_1.xml", sink);
  EXPECT_TRUE(sink.diagnostics().empty());
}

TEST(RuleSettings, ParseOverridesAndApplyThemInTheSink) {
  SeverityOverrides o;
  ASSERT_TRUE(parse_rule_setting("hdr605=error", o).has_value());
  ASSERT_TRUE(parse_rule_setting("XML008=off", o).has_value());
  EXPECT_EQ(parse_rule_setting("HDR605", o).error().code, "CFG001");
  EXPECT_EQ(parse_rule_setting("NOPE1=off", o).error().code, "CFG001");
  EXPECT_EQ(parse_rule_setting("HDR605=loud", o).error().code, "CFG001");
  DiagnosticSink sink;
  sink.set_overrides(std::make_shared<const SeverityOverrides>(o));
  sink.warning("HDR605", {}, "promoted");
  sink.warning("XML008", {}, "dropped");
  EXPECT_EQ(sink.error_count(), 1u);
  EXPECT_EQ(sink.warning_count(), 0u);
  EXPECT_EQ(sink.diagnostics().size(), 1u);
}

TEST(RuleSettings, ConfigFileWithLocatedErrors) {
  ozg_test::TempDir dir;
  auto ok =
      read_rule_config(dir.write("ok.yaml", "rules:\n  HDR607: error\n  CL202: off\n"), false);
  ASSERT_TRUE(ok.has_value()) << ok.error().message;
  EXPECT_EQ(ok->at("HDR607"), Severity::Error);
  EXPECT_FALSE(ok->at("CL202").has_value());
  auto bad = read_rule_config(dir.write("bad.yaml", "rules:\n  HDR607: maybe\n"), false);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().code, "CFG002");
  EXPECT_EQ(bad.error().message,
            (dir.path() / "bad.yaml").string() +
                ":2:3: HDR607=maybe: level must be off, note, warning or error");
  auto broken = read_rule_config(dir.write("broken.yaml", "rules: [\n"), false);
  ASSERT_FALSE(broken.has_value());
  EXPECT_TRUE(broken.error().message.starts_with((dir.path() / "broken.yaml").string() + ":"));
  EXPECT_TRUE(read_rule_config(dir.path() / "none.yaml", true)->empty());
  EXPECT_EQ(read_rule_config(dir.path() / "none.yaml", false).error().code, "CFG002");
}

}  // namespace
}  // namespace xoev
