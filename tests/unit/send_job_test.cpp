// transport::parse_destination's scheme table and transport::SendJob over an in-memory
// destination: what a new transport plugs into.

#include "xoev/transport/send_job.hpp"

#include <gtest/gtest.h>

#include "test_support.hpp"
#include "xoev/transport/destination.hpp"
#include "xoev/transport/journal.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::transport {
namespace {

namespace fs = std::filesystem;
using ozg_test::TempDir;

constexpr std::string_view kValid = ozg_test::kOnePersonDelivery;

TEST(DestinationTable, OpensEachSchemeAndRefusesTheRest) {
  TempDir dir;
  const std::string folder = dir.path().string();
  auto f = parse_destination("file:" + folder, {});
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ((*f)->url(), "file:" + folder);
  EXPECT_EQ((*f)->where(), folder);
  EXPECT_FALSE((*f)->overlaps_validation());
  EXPECT_EQ(parse_destination("file://" + folder, {}).value()->where(), folder);
  auto s = parse_destination("sedex:" + folder, {});
  ASSERT_TRUE(s);
  EXPECT_EQ((*s)->receipts_from(), "sedex");

  auto empty = parse_destination("sedex:", {});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, "TRN508");
  EXPECT_EQ(empty.error().message, "--to sedex:: no folder given");
  auto plain = parse_destination("http://peer.example/inbox", {});
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().kind, ErrorKind::Usage);
  EXPECT_EQ(plain.error().message,
            "http://peer.example/inbox: plain http is refused; messages carry personal data");
  auto unknown = parse_destination("ftp://peer.example/", {});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().hint, "use https://HOST/PATH, sedex:/OUTBOX or file:/FOLDER");
  EXPECT_EQ(destination_forms(), "https://HOST/PATH, sedex:/OUTBOX or file:/FOLDER");
  auto https = parse_destination("https://peer.example/inbox", {});
  ASSERT_FALSE(https);
  EXPECT_EQ(https.error().message, "HTTPS delivery needs a client certificate");
}

/// A destination as a new transport would write one: it answers each message with `outcome`.
class FakeDestination final : public Destination {
 public:
  explicit FakeDestination(Outcome o) : Destination("fake:x", "x"), outcome_(o) {}
  Result<void> deliver(OutgoingQueue& queue, const DeliveryBatch& on_batch) override {
    for (std::size_t i = 0; queue.wait(i); ++i) {
      Delivery d;
      d.index = i;
      d.outcome = outcome_;
      d.started = "2026-01-02T03:04:05.006Z";
      if (outcome_ != Outcome::Delivered) d.error = {ErrorKind::Usage, "TRN507", "no envelope", {}};
      if (!on_batch(std::span(&d, 1))) break;
    }
    return {};
  }

 private:
  Outcome outcome_;
};

/// Records what the job reports, and what the journal held when a delivery was reported.
struct Recorder final : SendObserver {
  fs::path journal;
  std::vector<Check> checks;
  std::vector<Outcome> outcomes;
  std::vector<std::size_t> journaled_when_reported;
  void not_signed(const Error&) override {}
  void checked(const Checked& c) override { checks.push_back(c.check); }
  void delivered(const OutgoingQueue&, std::span<const Delivery> batch, const SendTally&) override {
    for (const auto& d : batch) outcomes.push_back(d.outcome);
    journaled_when_reported.push_back(read_journal(journal).value().size());
  }
};

class SendJobTest : public ::testing::Test {
 protected:
  TempDir dir;
  std::optional<SchemaRepository> repo;
  std::unique_ptr<Validator> validator;
  void SetUp() override {
    repo.emplace(ozg_test::testbundle_repo(dir));
    validator = std::move(Validator::create(*repo, {}).value());
  }
  std::vector<Input> inputs() const {
    std::string bad(kValid);
    bad.replace(bad.find("1985-04-12"), 10, "1985-13-40");
    return {Input{"good.xml", dir.write("good.xml", std::string(kValid))},
            Input{"bad.xml", dir.write("bad.xml", bad)}};
  }
};

TEST_F(SendJobTest, RefusesTheInvalidAndJournalsEachDeliveryBeforeReportingIt) {
  FakeDestination dest(Outcome::Delivered);
  Recorder rec;
  rec.journal = dir.path() / "journal.jsonl";
  SendJob job(*validator, dest, {false, nullptr, rec.journal});
  auto summary = job.run(inputs(), rec);
  ASSERT_TRUE(summary) << summary.error().message;
  EXPECT_EQ(rec.checks, (std::vector<Check>{Check::Sending, Check::Refused}));
  EXPECT_EQ(rec.outcomes, std::vector<Outcome>{Outcome::Delivered});
  EXPECT_EQ(rec.journaled_when_reported, std::vector<std::size_t>{2});  // refusal + delivery
  EXPECT_EQ(summary->messages, 2u);
  EXPECT_EQ(summary->tally.delivered, 1u);
  EXPECT_EQ(summary->tally.invalid, 1u);
  EXPECT_FALSE(summary->journal_error);
  const auto entries = read_journal(rec.journal).value();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].verdict, transport::JournalVerdict::Invalid);
  EXPECT_EQ(entries[0].code, "TRN500");
  EXPECT_EQ(entries[1].verdict, transport::JournalVerdict::Delivered);
  EXPECT_EQ(entries[1].message_id, "m-1");
  EXPECT_EQ(entries[1].destination, "fake:x");
  EXPECT_EQ(entries[1].file, (dir.path() / "good.xml").string());
}

TEST_F(SendJobTest, UnaddressedMessagesAreReportedButNeverJournaled) {
  FakeDestination dest(Outcome::Unaddressed);
  Recorder rec;
  rec.journal = dir.path() / "journal.jsonl";
  SendJob job(*validator, dest, {true, nullptr, rec.journal});  // force: both travel
  auto summary = job.run(inputs(), rec);
  ASSERT_TRUE(summary);
  EXPECT_EQ(rec.checks, (std::vector<Check>{Check::Sending, Check::Forced}));
  EXPECT_EQ(rec.outcomes, (std::vector<Outcome>{Outcome::Unaddressed, Outcome::Unaddressed}));
  EXPECT_EQ(summary->tally.unaddressed, 2u);
  EXPECT_EQ(summary->tally.failed, 0u);
  EXPECT_TRUE(read_journal(rec.journal).value().empty());
}

TEST_F(SendJobTest, AJournalThatCannotBeOpenedStopsTheRunBeforeAnythingTravels) {
  FakeDestination dest(Outcome::Delivered);
  Recorder rec;
  const fs::path blocker = dir.write("file", "x");
  SendJob job(*validator, dest, {false, nullptr, blocker / "journal.jsonl"});
  auto summary = job.run(inputs(), rec);
  ASSERT_FALSE(summary);
  EXPECT_EQ(summary.error().code, "TRN509");
  EXPECT_TRUE(rec.outcomes.empty());
}

}  // namespace
}  // namespace xoev::transport
