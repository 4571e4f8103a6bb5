#pragma once
/// What happened to each message: the journal's attempts grouped per message, destination and
/// content, with the sedex receipts that belong to them. `ozg status` words it.

#include <ctime>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/transport/journal.hpp"
#include "xoev/transport/sedex/sedex.hpp"
#include "xoev/util/result.hpp"

namespace xoev::transport {

/// One message (id), sent to one destination with one content (SHA-256): sending other bytes
/// under an id that was delivered is a record of its own, so the delivered bytes stay named.
struct MessageRecord {
  std::string id, sha256, file, destination;
  std::vector<JournalEntry> entries;  ///< In journal order.
  std::vector<Receipt> receipts;      ///< Receipts of the outbox it was queued in.
};

struct HistoryOptions {
  std::filesystem::path journal;
  std::string since;  ///< UTC ISO 8601: entries before it are left out; empty: all.
  /// The sedex adapter's receipts folder. A receipt belongs to a message that was queued (not
  /// one that failed before reaching an outbox) in the outbox beside this folder
  /// (<base>/receipts and <base>/outbox, the adapter's layout).
  std::optional<std::filesystem::path> receipts;
};

struct History {
  std::vector<MessageRecord> records;
  std::size_t torn_lines = 0;       ///< Journal lines that could not be read.
  std::vector<Error> bad_receipts;  ///< Receipt files that could not be read (TRN521).
};

/// Where a message stands. The first that applies wins: a sedex receipt 100, a delivery in the
/// journal, the newest receipt (not delivered), then the last attempt's verdict.
enum class MessageState {
  None,                ///< No attempt and no receipt.
  DeliveredByReceipt,  ///< The sedex adapter's receipt says 100.
  DeliveredHttp,       ///< The peer answered 2xx (`entry->http_status`).
  DeliveredToFolder,   ///< Stored in a folder destination.
  RefusedByReceipt,    ///< The newest receipt (`receipt`) says it was not delivered.
  Failed,              ///< The last attempt failed for good (`entry`).
  Interrupted,         ///< The sending ozg stopped while retrying (`entry`).
  Queued,              ///< In the sedex outbox, no receipt yet.
  Invalid,             ///< Refused before sending (`entry->file`).
  Unknown,             ///< A journal verdict this version does not know.
};

struct Standing {
  MessageState state = MessageState::None;
  const JournalEntry* entry = nullptr;  ///< The entry the state comes from, if any.
  const Receipt* receipt = nullptr;     ///< The receipt the state comes from, if any.
  bool delivered() const {
    return state == MessageState::DeliveredByReceipt || state == MessageState::DeliveredHttp ||
           state == MessageState::DeliveredToFolder;
  }
};
/// The pointers refer into `m`, which must outlive the result.
Standing standing(const MessageRecord& m);

/// "90s", "15m", "2h", "7d" -> the UTC ISO 8601 time that long before `now`, as
/// HistoryOptions::since wants it; nullopt when malformed or the number is over 100,000,000.
std::optional<std::string> since_time(std::string_view age, std::time_t now);

/// Reads the journal and the receipts. A journal that does not exist is TRN509 (kind Input),
/// unless a receipts folder is given (the history is then the receipts); a receipts folder
/// that does not exist is TRN521.
Result<History> history(const HistoryOptions& options);

}  // namespace xoev::transport
