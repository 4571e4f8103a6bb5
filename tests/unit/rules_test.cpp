#include "xoev/rules/rules.hpp"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <ctime>

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

// The header rules match by hand what these regular expressions matched (RE2 cost more than
// the rest of the header rules together); the hand-written matchers must agree with them.
std::optional<std::int64_t> datetime_by_regex(const std::string& s) {
  static const RE2 r(
      R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))?)");
  std::array<re2::StringPiece, 12> m;
  if (!r.Match(s, 0, s.size(), RE2::ANCHOR_BOTH, m.data(), static_cast<int>(m.size())))
    return std::nullopt;
  const auto g = [&](std::size_t i) { return std::string(m[i].data(), m[i].size()); };
  std::tm tm{};
  tm.tm_year = std::stoi(g(1)) - 1900;
  tm.tm_mon = std::stoi(g(2)) - 1;
  tm.tm_mday = std::stoi(g(3));
  tm.tm_hour = std::stoi(g(4));
  tm.tm_min = std::stoi(g(5));
  tm.tm_sec = std::stoi(g(6));
  std::time_t t = timegm(&tm);
  if (m[9].data() != nullptr) {
    const long offset = std::stol(g(10)) * 3600 + std::stol(g(11)) * 60;
    t += g(9) == "+" ? -offset : offset;
  }
  return t;
}

TEST(ParseDatetime, AgreesWithTheRegularExpression) {
  for (const std::string s : {"2009-04-23T11:11:21.0Z",
                              "2009-04-23T13:11:21.5+02:00",
                              "2009-04-23T11:11:21",
                              "2009-04-23T11:11:21-05:30",
                              "2009-13-40T25:61:61Z",
                              "2009-00-00T00:00:00",
                              "0000-01-01T00:00:00Z",
                              "2009-04-23T11:11:21.",
                              "2009-04-23T11:11:21.Z",
                              "2009-04-23T11:11:21+02",
                              "2009-04-23T11:11:21+0200",
                              "2009-04-23T11:11:21Z ",
                              " 2009-04-23T11:11:21Z",
                              "2009-04-23t11:11:21Z",
                              "2009-04-23T11:11:2",
                              "20090-04-23T11:11:21Z",
                              "2009-04-23T11:11:21ZZ",
                              "2009-04-23T11:11:21.123456789+14:00",
                              "2009-04-23T11:11:21+02:00:00",
                              "2009-4-23T11:11:21",
                              "",
                              "2009",
                              "2009-04-23T11:11:21\n"}) {
    const auto hand = parse_datetime(s);
    const auto regex = datetime_by_regex(s);
    ASSERT_EQ(hand.has_value(), regex.has_value()) << s;
    if (hand) {
      EXPECT_EQ(hand->time_since_epoch().count(), *regex) << s;
    }
  }
}

TEST(HeaderRules, SedexIdsAndUuidsAgreeWithTheRegularExpressions) {
  static const RE2 sedex(R"((sedex://)?(T?[1-9]-[0-9A-Z]+-[0-9]+|T?0-sedex-0))");
  static const RE2 uuid(
      R"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");
  static const RE2 numbered(R"(.*\.(\d{4}))");
  for (const std::string id : {"1-1102-1",
                               "3-CH-6",
                               "T1-123456-1",
                               "sedex://T1-123456-1",
                               "0-sedex-0",
                               "T0-sedex-0",
                               "sedex://0-sedex-0",
                               "sedex://",
                               "0-1102-1",
                               "1--1",
                               "1-ab-1",
                               "1-AB-",
                               "1-AB-1x",
                               "TT1-A-1",
                               "sedex://sedex://1-A-1",
                               "1-A-1-2",
                               "10-A-1",
                               "1-A1B2-34",
                               "T",
                               "",
                               "ABX-VOTING",
                               "6f1c0b6e-2a4b-4f1e-9c3d-1a2b3c4d5e6f",
                               "6F1C0B6E-2A4B-4F1E-9C3D-1A2B3C4D5E6F",
                               "6f1c0b6e-2a4b-4f1e-9c3d-1a2b3c4d5e6",
                               "6f1c0b6e-2a4b-4f1e-9c3d-1a2b3c4d5e6fa",
                               "6f1c0b6e+2a4b-4f1e-9c3d-1a2b3c4d5e6f",
                               "6g1c0b6e-2a4b-4f1e-9c3d-1a2b3c4d5e6f",
                               "a.0020",
                               ".0020",
                               "0020",
                               "a.b.002",
                               "a.b.00201",
                               "a.b.00x0",
                               "a.0020.",
                               "x.1234"}) {
    MessageFacts m;
    m.root_namespace = "http://www.ech.ch/xmlns/eCH-0020/3";
    m.sender = id;
    DiagnosticSink ech;
    check_header(m, "m.xml", {}, ech);
    EXPECT_EQ(ech.diagnostics().empty(), id.empty() || RE2::FullMatch(id, sedex)) << id;

    MessageFacts x;
    x.root_namespace = "urn:xoev-de:x";
    x.root = id;
    x.message_id = id;
    x.message_type = "0020";
    x.positions = {{"nachrichten_uuid", {1, 1}}};
    DiagnosticSink xoev;
    check_header(x, "x.xml", {}, xoev);
    std::string type;
    const bool hdr605 = RE2::FullMatch(id, numbered, &type) && type != "0020";
    std::size_t expected = (RE2::FullMatch(id, uuid) ? 0 : 1) + (hdr605 ? 1 : 0);
    EXPECT_EQ(xoev.diagnostics().size(), expected) << id;
  }
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
