#pragma once
/// The local journal of every transfer attempt: JSON lines, appended with O_APPEND in one
/// write(2) per batch and fsync(2)ed before the caller reports the outcome, so that what
/// `ozg status` says was delivered really was acknowledged, even after a crash. A torn last
/// line (power loss mid-write) is skipped when reading.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "xoev/util/result.hpp"

namespace xoev::transport {

/// What happened, as the journal records it: Delivered (peer acknowledged: 2xx, file written,
/// sedex receipt 100), Retrying (attempt failed, another follows), Failed (given up), Queued (in
/// the sedex outbox, waiting for the adapter's receipt), Invalid (refused before sending).
/// Unknown: a line with another word (a newer ozg's).
enum class JournalVerdict { Delivered, Retrying, Failed, Queued, Invalid, Unknown };

/// The verdict's word in the journal file: "delivered", "retrying", ...; "unknown".
std::string_view to_string(JournalVerdict v);
/// The verdict a journal word names; Unknown for any other.
JournalVerdict journal_verdict(std::string_view word);

/// One attempt or outcome.
struct JournalEntry {
  std::string time;  ///< UTC, ISO 8601, when the attempt started.
  std::string message_id;
  std::string sha256;
  std::string destination;  ///< URL or sedex:/file: folder.
  std::string file;         ///< Source file, or the stored file for receipts.
  int attempt = 0;          ///< 1-based; 0 for entries that are no attempt.
  long http_status = 0;     ///< 0 when there was no HTTP response.
  int receipt_code = 0;     ///< sedex receipt statusCode, 0 if none.
  std::string code;         ///< ozg code for failures (TRN5xx), else empty.
  std::string error;        ///< Cause of a failure, as libcurl or the peer said it.
  double seconds = 0;       ///< Duration of the attempt.
  JournalVerdict verdict = JournalVerdict::Unknown;
};

/// The entry as JSON: with the journal file's documented keys (messageId, httpStatus,
/// receiptCode; see ozg-send(1)), or with the snake_case keys of every `-f json` output
/// (`ozg status -f json`).
enum class JournalKeys { File, SnakeCase };
nlohmann::json to_json(const JournalEntry& e, JournalKeys keys);
std::string to_json_line(const JournalEntry& e);  ///< One line, no trailing newline.
/// Parses one line; nullopt-like failure for torn or foreign lines.
Result<JournalEntry> from_json_line(std::string_view line);

/// $OZG_JOURNAL, else $XDG_STATE_HOME/ozg/journal.jsonl, else ~/.local/state/ozg/journal.jsonl.
std::filesystem::path default_journal_path();

class Journal {
 public:
  /// Opens (creating it and its folder, mode 0600/0700) the journal for appending. Errors are
  /// kind Config, code TRN509, naming the file.
  static Result<Journal> open(const std::filesystem::path& file);
  Journal(Journal&& o) noexcept : fd_(o.fd_), path_(std::move(o.path_)) { o.fd_ = -1; }
  Journal& operator=(Journal&&) = delete;
  Journal(const Journal&) = delete;
  ~Journal();

  /// Appends the entries in one write and fsyncs; TRN509 on failure.
  Result<void> append(std::span<const JournalEntry> entries);
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  Journal(int fd, std::filesystem::path p) : fd_(fd), path_(std::move(p)) {}
  int fd_;
  std::filesystem::path path_;
};

/// All entries of a journal in file order; a missing file is an empty journal. Unparsable
/// lines are counted in `skipped` (if given) and otherwise ignored.
Result<std::vector<JournalEntry>> read_journal(const std::filesystem::path& file,
                                               std::size_t* skipped = nullptr);

}  // namespace xoev::transport
