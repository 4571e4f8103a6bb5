#pragma once
/// One `ozg send` run: sign (optionally) → validate → queue → deliver → journal.
///
/// Each input is validated (in parallel); only valid messages travel (all with `force`), under
/// their header id (message_key()). Over a Destination that overlaps_validation() the
/// transfers start while later messages are still being validated. Finished deliveries are
/// journaled by one committer thread that writes and fsyncs everything that queued up during
/// the previous fsync in one go ("group commit"), and an outcome reaches the observer only
/// once it is on disk: what is reported as delivered is journaled. Once the journal cannot be
/// written, no further transfer starts.
///
/// Everything the run has to say is typed (Checked, Delivery, SendSummary); the CLI words it.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "xoev/model/report.hpp"
#include "xoev/transport/destination.hpp"
#include "xoev/util/result.hpp"

namespace xoev {
class Signer;
class Validator;
}  // namespace xoev

namespace xoev::transport {

/// What validation decided about one message.
enum class Check {
  Sending,     ///< Valid; queued.
  Forced,      ///< Invalid or unchecked, queued anyway (force).
  Refused,     ///< Invalid or unchecked: not sent (journaled as "invalid", TRN500).
  Unreadable,  ///< Its bytes could not be read; the report says why.
  Unsigned,    ///< Signing it failed (reported through SendObserver::not_signed).
};

struct Checked {
  const FileReport& report;  ///< Of the message as it travels (the signed copy with a signer).
  Check check;
  std::string header_id;      ///< The header's message id; empty if none.
  std::string id;             ///< The id it travels (or would travel) under.
  bool id_from_hash = false;  ///< header_id is empty or cannot name a file: id is from SHA-256.
};

struct SendTally {
  std::size_t delivered = 0, queued = 0, failed = 0, invalid = 0, unreadable = 0, unaddressed = 0,
              unsigned_ = 0;
  /// Messages with a final outcome at the destination.
  [[nodiscard]] std::size_t finished() const { return delivered + queued + failed + unaddressed; }
};

/// Calls come one at a time (the job serialises them), from the job's threads.
class SendObserver {
 public:
  virtual ~SendObserver() = default;
  /// Signing one input (or storing its signed copy) failed.
  virtual void not_signed(const Error& error) = 0;
  virtual void checked(const Checked& c) = 0;
  /// Deliveries now journaled (Unaddressed ones are never journaled), of messages in `queue`
  /// (by Delivery::index); `tally` counts them already.
  virtual void delivered(const OutgoingQueue& queue, std::span<const Delivery> batch,
                         const SendTally& tally) = 0;
};

struct SendJobOptions {
  bool force = false;  ///< Send invalid and unchecked messages too.
  /// Sign each input first: what is validated and travels is the signed copy (named
  /// "<name> (signed copy)" in reports); the journal names the original.
  const Signer* signer = nullptr;
  std::filesystem::path journal;  ///< Empty: default_journal_path().
};

struct SendSummary {
  std::size_t messages = 0;  ///< Inputs.
  SendTally tally;
  std::filesystem::path journal;
  /// The journal failed mid-run: the run stopped, and outcomes after this were not reported.
  std::optional<Error> journal_error;
};

class SendJob {
 public:
  /// `validator` and `destination` must outlive the job.
  SendJob(Validator& validator, Destination& destination, SendJobOptions options);

  /// Runs the inputs through. Errors: no temporary folder for signed copies (kind Input), the
  /// journal cannot be opened (TRN509), the destination cannot start.
  Result<SendSummary> run(std::vector<Input> inputs, SendObserver& observer);

 private:
  Validator& validator_;
  Destination& destination_;
  SendJobOptions options_;
};

}  // namespace xoev::transport
