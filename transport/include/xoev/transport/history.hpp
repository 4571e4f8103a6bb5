#pragma once
/// What happened to each message: the journal's attempts grouped per message, destination and
/// content, with the sedex receipts that belong to them. `ozg status` words it.

#include <filesystem>
#include <optional>
#include <string>
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

/// Reads the journal and the receipts. A journal that does not exist is TRN509 (kind Input),
/// unless a receipts folder is given (the history is then the receipts); a receipts folder
/// that does not exist is TRN521.
Result<History> history(const HistoryOptions& options);

}  // namespace xoev::transport
