// The transport library's pure parts: journal lines and files, the retry policy, message ids,
// the eCH-0090 envelope and receipts.

#include <gtest/gtest.h>

#include <fstream>

#include "test_support.hpp"
#include "xoev/transport/folder/folder.hpp"
#include "xoev/transport/history.hpp"
#include "xoev/transport/https/http_sender.hpp"
#include "xoev/transport/journal.hpp"
#include "xoev/transport/message.hpp"
#include "xoev/transport/retry.hpp"
#include "xoev/transport/sedex/sedex.hpp"

namespace xoev::transport {
namespace {

namespace fs = std::filesystem;
using std::chrono::milliseconds;
using std::chrono::seconds;

using ozg_test::TempDir;

JournalEntry entry(std::string id, std::string verdict, int attempt) {
  JournalEntry e;
  e.time = "2026-01-02T03:04:05.006Z";
  e.message_id = std::move(id);
  e.sha256 = std::string(64, 'a');
  e.destination = "https://peer.example/inbox";
  e.file = "in/m1.xml";
  e.attempt = attempt;
  e.verdict = journal_verdict(verdict);
  return e;
}

TEST(JournalLine, VerdictsAreTheDocumentedWordsAndAnUnknownWordIsKept) {
  for (const auto v : {JournalVerdict::Delivered, JournalVerdict::Retrying, JournalVerdict::Failed,
                       JournalVerdict::Queued, JournalVerdict::Invalid})
    EXPECT_EQ(journal_verdict(to_string(v)), v);
  EXPECT_EQ(to_string(JournalVerdict::Delivered), "delivered");
  // A line a newer ozg wrote is read, not skipped: its verdict is Unknown.
  auto e = from_json_line(R"({"messageId":"m","verdict":"parked","attempt":1})");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->verdict, JournalVerdict::Unknown);
}

TEST(JournalLine, RoundTripsEveryField) {
  JournalEntry e = entry("m-1", "retrying", 2);
  e.http_status = 503;
  e.code = "TRN504";
  e.error = "HTTP 503";
  e.seconds = 0.25;
  const std::string line = to_json_line(e);
  EXPECT_EQ(line, R"({"attempt":2,"code":"TRN504","destination":"https://peer.example/inbox",)"
                  R"("error":"HTTP 503","file":"in/m1.xml","httpStatus":503,"messageId":"m-1",)"
                  R"("seconds":0.25,"sha256":")" +
                      std::string(64, 'a') +
                      R"(","time":"2026-01-02T03:04:05.006Z","verdict":"retrying"})");
  auto back = from_json_line(line);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->message_id, "m-1");
  EXPECT_EQ(back->attempt, 2);
  EXPECT_EQ(back->http_status, 503);
  EXPECT_EQ(back->code, "TRN504");
  EXPECT_EQ(back->verdict, JournalVerdict::Retrying);
  EXPECT_DOUBLE_EQ(back->seconds, 0.25);
}

TEST(JournalLine, InvalidUtf8InAFileNameStillWrites) {
  JournalEntry e = entry("m-1", "failed", 1);
  e.file = "in/\xff\xfe.xml";
  EXPECT_TRUE(from_json_line(to_json_line(e)));
}

TEST(JournalFile, AppendsAndReadsBackSkippingATornLastLine) {
  TempDir dir;
  const fs::path file = dir.path() / "state/ozg/journal.jsonl";
  {
    auto j = Journal::open(file);
    ASSERT_TRUE(j) << j.error().message;
    std::vector<JournalEntry> two{entry("a", "retrying", 1), entry("a", "delivered", 2)};
    ASSERT_TRUE(j->append(two));
    std::vector<JournalEntry> one{entry("b", "failed", 1)};
    ASSERT_TRUE(j->append(one));
  }
  {
    std::ofstream torn(file, std::ios::app);
    torn << R"({"messageId":"c","verd)";
  }
  std::size_t skipped = 0;
  auto all = read_journal(file, &skipped);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].verdict, JournalVerdict::Delivered);
  EXPECT_EQ((*all)[2].message_id, "b");
  EXPECT_EQ(skipped, 1u);
  EXPECT_EQ(fs::status(file).permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST(JournalFile, MissingFileIsEmptyAndUnwritablePlaceIsTRN509) {
  TempDir dir;
  auto none = read_journal(dir.path() / "nope.jsonl");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->empty());
  std::ofstream(dir.path() / "file") << "x";
  auto bad = Journal::open(dir.path() / "file/journal.jsonl");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, "TRN509");
  EXPECT_EQ(bad.error().kind, ErrorKind::Config);
}

TEST(Standing, AReceipt100WinsThenADeliveryThenTheNewestReceiptThenTheLastAttempt) {
  MessageRecord m;
  EXPECT_EQ(standing(m).state, MessageState::None);
  JournalEntry failed;
  failed.verdict = JournalVerdict::Failed;
  failed.attempt = 3;
  m.entries.push_back(failed);
  auto s = standing(m);
  EXPECT_EQ(s.state, MessageState::Failed);
  EXPECT_EQ(s.entry, &m.entries.back());
  EXPECT_FALSE(s.delivered());

  m.receipts.push_back(Receipt{});
  m.receipts.back().status_code = 400;
  m.receipts.push_back(Receipt{});
  m.receipts.back().status_code = 310;
  s = standing(m);
  EXPECT_EQ(s.state, MessageState::RefusedByReceipt);
  EXPECT_EQ(s.receipt->status_code, 310);

  JournalEntry delivered;
  delivered.verdict = JournalVerdict::Delivered;
  delivered.http_status = 201;
  m.entries.insert(m.entries.begin(), delivered);
  s = standing(m);
  EXPECT_EQ(s.state, MessageState::DeliveredHttp);
  EXPECT_TRUE(s.delivered());
  EXPECT_EQ(s.entry->http_status, 201);

  m.receipts.front().status_code = 100;
  EXPECT_EQ(standing(m).state, MessageState::DeliveredByReceipt);

  MessageRecord folder;
  folder.entries.push_back(delivered);
  folder.entries.back().http_status = 0;
  EXPECT_EQ(standing(folder).state, MessageState::DeliveredToFolder);
  MessageRecord odd;
  odd.entries.push_back(JournalEntry{});
  EXPECT_EQ(standing(odd).state, MessageState::Unknown);
  odd.entries.back().verdict = JournalVerdict::Retrying;
  EXPECT_EQ(standing(odd).state, MessageState::Interrupted);
  odd.entries.back().verdict = JournalVerdict::Queued;
  EXPECT_EQ(standing(odd).state, MessageState::Queued);
  odd.entries.back().verdict = JournalVerdict::Invalid;
  EXPECT_EQ(standing(odd).state, MessageState::Invalid);
}

TEST(SinceTime, CountsBackInSecondsMinutesHoursAndDays) {
  const std::time_t now = 1'700'000'000;  // 2023-11-14T22:13:20Z
  EXPECT_EQ(since_time("20s", now), "2023-11-14T22:13:00");
  EXPECT_EQ(since_time("13m", now), "2023-11-14T22:00:20");
  EXPECT_EQ(since_time("2h", now), "2023-11-14T20:13:20");
  EXPECT_EQ(since_time("14d", now), "2023-10-31T22:13:20");
  for (const char* bad : {"", "h", "2", "2w", "-2h", "2.5h", "h2", "100000001s"})
    EXPECT_EQ(since_time(bad, now), std::nullopt) << bad;
}

TEST(RetryPolicy, ClassifiesStatuses) {
  EXPECT_EQ(classify_status(200), FailureClass::None);
  EXPECT_EQ(classify_status(201), FailureClass::None);
  EXPECT_EQ(classify_status(204), FailureClass::None);
  EXPECT_EQ(classify_status(429), FailureClass::Transient);
  EXPECT_EQ(classify_status(408), FailureClass::Transient);
  EXPECT_EQ(classify_status(500), FailureClass::Transient);
  EXPECT_EQ(classify_status(503), FailureClass::Transient);
  for (long s : {400L, 401L, 403L, 404L, 409L, 413L, 422L})
    EXPECT_EQ(classify_status(s), FailureClass::Permanent) << s;
  EXPECT_EQ(classify_status(301), FailureClass::Permanent);
}

TEST(RetryPolicy, BackoffDoublesWithinJitterBoundsAndIsCapped) {
  RetryPolicy p;
  p.base = milliseconds(100);
  p.cap = milliseconds(1000);
  EXPECT_EQ(backoff(p, 1, 0), milliseconds(50));
  EXPECT_EQ(backoff(p, 1, 50), milliseconds(100));  // r % 51 == 50: the top of [50, 100]
  EXPECT_EQ(backoff(p, 2, 0), milliseconds(100));
  EXPECT_EQ(backoff(p, 3, 0), milliseconds(200));
  for (std::uint64_t r : {0ull, 1ull, 12345ull, ~0ull}) {
    for (int n = 1; n < 40; ++n) {
      const auto d = backoff(p, n, r);
      const long long full = std::min<long long>(1000, 100LL << std::min(n - 1, 30));
      EXPECT_GE(d.count(), full / 2) << n;
      EXPECT_LE(d.count(), full) << n;
    }
  }
}

TEST(RetryPolicy, RetryAfterExtendsTheWaitUpToALimit) {
  RetryPolicy p;
  p.base = milliseconds(100);
  p.max_retry_after = seconds(30);
  EXPECT_EQ(next_delay(p, 1, 0, std::nullopt), milliseconds(50));
  EXPECT_EQ(next_delay(p, 1, 0, seconds(2)), milliseconds(2000));
  EXPECT_EQ(next_delay(p, 1, 0, seconds(0)), milliseconds(50));  // shorter: backoff wins
  EXPECT_EQ(next_delay(p, 1, 0, seconds(31)), std::nullopt);     // too long: give up
}

TEST(MessageKey, UsesTheHeaderIdOrAUuidFromTheHash) {
  const std::string sha = sha256_hex("abc");
  EXPECT_EQ(sha, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(message_key("3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f", sha),
            "3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f");
  EXPECT_EQ(message_key("", sha), "ba7816bf-8f01-cfea-4141-40de5dae2223");
  EXPECT_EQ(message_key("../../etc/passwd", sha), "ba7816bf-8f01-cfea-4141-40de5dae2223");
  EXPECT_EQ(message_key("a_b", sha), "ba7816bf-8f01-cfea-4141-40de5dae2223");
  EXPECT_EQ(message_key(std::string(37, 'a'), sha), "ba7816bf-8f01-cfea-4141-40de5dae2223");
  EXPECT_TRUE(is_safe_id(std::string(36, 'a')));
}

EnvelopeFields fields() {
  EnvelopeFields f;
  f.message_id = "3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f";
  f.message_type = "10";
  f.sender_id = "T4-900001-1";
  f.recipient_ids = {"T4-900002-1", "1-351-1"};
  f.event_date = "2024-03-01T09:30:00";
  f.message_date = "2024-03-01T09:31:00+01:00";
  return f;
}

TEST(Envelope, IsTheEch0090V2Document) {
  ASSERT_TRUE(check_envelope(fields()));
  EXPECT_EQ(
      make_envelope(fields()),
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<eCH-0090:envelope xmlns:eCH-0090=\"http://www.ech.ch/xmlns/eCH-0090/2\" version=\"2.0\">\n"
      "  <eCH-0090:messageId>3f2c8a10-5b7e-4d21-9c44-0a1b2c3d4e5f</eCH-0090:messageId>\n"
      "  <eCH-0090:messageType>10</eCH-0090:messageType>\n"
      "  <eCH-0090:messageClass>0</eCH-0090:messageClass>\n"
      "  <eCH-0090:senderId>T4-900001-1</eCH-0090:senderId>\n"
      "  <eCH-0090:recipientId>T4-900002-1</eCH-0090:recipientId>\n"
      "  <eCH-0090:recipientId>1-351-1</eCH-0090:recipientId>\n"
      "  <eCH-0090:eventDate>2024-03-01T09:30:00</eCH-0090:eventDate>\n"
      "  <eCH-0090:messageDate>2024-03-01T09:31:00+01:00</eCH-0090:messageDate>\n"
      "</eCH-0090:envelope>\n");
  EXPECT_EQ(as_date_time("2024-03-01"), "2024-03-01T00:00:00");
  EXPECT_EQ(as_date_time("2024-03-01T09:30:00Z"), "2024-03-01T09:30:00Z");
}

TEST(Envelope, NamesTheFieldAndTheOptionThatFixesIt) {
  auto f = fields();
  f.message_type = "http://www.ech.ch/xmlns/eCH-0020/3";
  auto r = check_envelope(f);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "TRN507");
  EXPECT_EQ(r.error().message,
            "messageType 'http://www.ech.ch/xmlns/eCH-0020/3' is not a sedex message type (an "
            "integer 0..2699999)");
  EXPECT_EQ(r.error().hint, "the envelope needs it; give --message-type N");
  f = fields();
  f.message_type = "2700000";
  EXPECT_FALSE(check_envelope(f));
  f = fields();
  f.sender_id = "sedex://T4-900001-1";
  EXPECT_EQ(check_envelope(f).error().hint, "the envelope needs it; give --sender-id ID");
  f = fields();
  f.recipient_ids.clear();
  EXPECT_EQ(check_envelope(f).error().message, "recipientId is missing");
  f = fields();
  f.event_date = "01.03.2024";
  EXPECT_FALSE(check_envelope(f));
}

TEST(Sedex, WritesDataThenEnvelopeOnceAndRefusesAReusedId) {
  TempDir dir;
  EXPECT_EQ(write_sedex(dir.path(), "m1", "<data/>", "<envelope/>"), Stored::New);
  EXPECT_EQ(ozg_test::read_file(dir.path() / "data_m1.xml"), "<data/>");
  EXPECT_EQ(ozg_test::read_file(dir.path() / "envl_m1.xml"), "<envelope/>");
  EXPECT_EQ(write_sedex(dir.path(), "m1", "<data/>", "<envelope/>"), Stored::AlreadyThere);
  auto again = write_sedex(dir.path(), "m1", "<other/>", "<envelope/>");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "TRN506");
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++n;
  EXPECT_EQ(n, 2u);  // no temporary files left behind
}

TEST(Drop, StoresOnceAndRefusesOtherBytesUnderTheSameId) {
  TempDir dir;
  EXPECT_EQ(write_drop(dir.path(), "m1", "<a/>"), Stored::New);
  EXPECT_EQ(write_drop(dir.path(), "m1", "<a/>"), Stored::AlreadyThere);
  auto other = write_drop(dir.path(), "m1", "<b/>");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "TRN506");
  EXPECT_EQ(ozg_test::read_file(dir.path() / "m1.xml"), "<a/>");
}

TEST(Receipt, ReadsV1AndV2AndRefusesOtherDocuments) {
  TempDir dir;
  std::ofstream(dir.path() / "r2.xml")
      << "<receipt xmlns=\"http://www.ech.ch/xmlns/eCH-0090/2\" version=\"2.0\"><eventDate>"
         "2026-01-05T10:00:00Z</eventDate><statusCode>301</statusCode><statusInfo>Unknown "
         "recipient</statusInfo><messageId>m-7</messageId><messageType>10</messageType>"
         "<messageClass>0</messageClass><senderId>T1-1-1</senderId><recipientId>T1-9-9"
         "</recipientId></receipt>";
  auto r = read_receipt(dir.path() / "r2.xml");
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status_code, 301);
  EXPECT_EQ(r->message_id, "m-7");
  EXPECT_EQ(r->status_info, "Unknown recipient");
  EXPECT_EQ(r->recipient_id, "T1-9-9");
  std::ofstream(dir.path() / "env.xml")
      << "<envelope xmlns=\"http://www.ech.ch/xmlns/eCH-0090/2\"/>";
  EXPECT_EQ(read_receipt(dir.path() / "env.xml").error().code, "TRN521");
  std::ofstream(dir.path() / "dtd.xml") << "<!DOCTYPE receipt [<!ENTITY x 'y'>]><receipt "
                                           "xmlns=\"http://www.ech.ch/xmlns/eCH-0090/2\"/>";
  EXPECT_EQ(read_receipt(dir.path() / "dtd.xml").error().message,
            (dir.path() / "dtd.xml").string() + ": DOCTYPE not allowed (XML003, line 1)");
  std::ofstream(dir.path() / "broken.xml") << "<receipt";
  EXPECT_EQ(read_receipt(dir.path() / "broken.xml").error().code, "TRN521");
}

TEST(Receipt, ExplainsTheSedexCodes) {
  EXPECT_TRUE(explain_receipt(100).delivered);
  EXPECT_EQ(explain_receipt(201).meaning, "duplicate message id");
  EXPECT_FALSE(explain_receipt(201).retry);
  EXPECT_EQ(explain_receipt(301).meaning, "unknown recipient id");
  EXPECT_TRUE(explain_receipt(401).retry);
  EXPECT_TRUE(explain_receipt(402).retry);
  EXPECT_TRUE(explain_receipt(320).retry);
  EXPECT_EQ(explain_receipt(399).meaning, "authorisation error (code not in ozg's table)");
  for (int c = 100; c < 1000; ++c) EXPECT_EQ(explain_receipt(c).delivered, c == 100) << c;
}

TEST(HttpSender, EmptyClosedQueueReturnsAtOnce) {
  OutgoingQueue q(std::vector<Outgoing>{});
  int batches = 0;
  ASSERT_TRUE(send_http(q, {}, [&](std::span<const Attempt>) { return ++batches, true; }));
  EXPECT_EQ(batches, 0);
}

TEST(HttpSender, RetriesARefusedConnectionThenGivesUp) {
  // Nothing listens on 127.0.0.1:1, so every attempt fails at once with "connection refused".
  OutgoingQueue q;
  Outgoing m;
  m.id = "m-1";
  m.content = "<m/>";
  q.push(m);
  q.close();
  HttpOptions o;
  o.base_url = "https://127.0.0.1:1/inbox";
  o.retry.max_attempts = 3;
  o.retry.base = milliseconds(1);
  std::vector<Attempt> seen;
  ASSERT_TRUE(send_http(q, o, [&](std::span<const Attempt> b) {
    seen.insert(seen.end(), b.begin(), b.end());
    return true;
  }));
  ASSERT_EQ(seen.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(seen[i].attempt, i + 1);
    EXPECT_EQ(seen[i].code, "TRN501");
    EXPECT_FALSE(seen[i].delivered);
    EXPECT_EQ(seen[i].final, i == 2);
  }
}

TEST(HttpSender, ChecksUrlsWithLibcurl) {
  EXPECT_TRUE(check_url("https://register.example:8443/inbox"));
  EXPECT_EQ(check_url("https://").error().message, "--to https://: No host part in the URL");
  EXPECT_EQ(check_url("ftp://x/").error().message, "--to ftp://x/: not an https URL");
  EXPECT_EQ(upload_url("https://h/inbox/", "m-1"), "https://h/inbox/m-1.xml");
}

}  // namespace
}  // namespace xoev::transport
