#include "xoev/transport/journal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "xoev/util/xdg_path.hpp"

namespace xoev::transport {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {
constexpr std::pair<JournalVerdict, std::string_view> kVerdictWords[] = {
    {JournalVerdict::Delivered, "delivered"}, {JournalVerdict::Retrying, "retrying"},
    {JournalVerdict::Failed, "failed"},       {JournalVerdict::Queued, "queued"},
    {JournalVerdict::Invalid, "invalid"},
};
}  // namespace

std::string_view to_string(JournalVerdict v) {
  for (const auto& [verdict, word] : kVerdictWords)
    if (verdict == v) return word;
  return "unknown";
}

JournalVerdict journal_verdict(std::string_view word) {
  for (const auto& [verdict, w] : kVerdictWords)
    if (w == word) return verdict;
  return JournalVerdict::Unknown;
}

json to_json(const JournalEntry& e, JournalKeys keys) {
  const bool file = keys == JournalKeys::File;
  json j = {{"time", e.time},
            {file ? "messageId" : "message_id", e.message_id},
            {"sha256", e.sha256},
            {"destination", e.destination},
            {"file", e.file},
            {"attempt", e.attempt},
            {"verdict", to_string(e.verdict)},
            {"seconds", e.seconds}};
  if (e.http_status != 0) j[file ? "httpStatus" : "http_status"] = e.http_status;
  if (e.receipt_code != 0) j[file ? "receiptCode" : "receipt_code"] = e.receipt_code;
  if (!e.code.empty()) j["code"] = e.code;
  if (!e.error.empty()) j["error"] = e.error;
  return j;
}

std::string to_json_line(const JournalEntry& e) {
  const json j = to_json(e, JournalKeys::File);
  // Invalid UTF-8 (a file name, a peer's message) must not make the line unwritable.
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<JournalEntry> from_json_line(std::string_view line) {
  json j = json::parse(line, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("messageId") || !j.contains("verdict"))
    return fail_untranslated(ErrorKind::Input, "TRN509", "not a journal line");
  JournalEntry e;
  auto str = [&](const char* k) {
    return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string();
  };
  auto num = [&](const char* k) {
    return j.contains(k) && j[k].is_number() ? j[k].get<double>() : 0.0;
  };
  e.time = str("time");
  e.message_id = str("messageId");
  e.sha256 = str("sha256");
  e.destination = str("destination");
  e.file = str("file");
  e.attempt = static_cast<int>(num("attempt"));
  e.http_status = static_cast<long>(num("httpStatus"));
  e.receipt_code = static_cast<int>(num("receiptCode"));
  e.code = str("code");
  e.error = str("error");
  e.seconds = num("seconds");
  e.verdict = journal_verdict(str("verdict"));
  return e;
}

fs::path default_journal_path() {
  return xdg_path(XdgBase::State, "OZG_JOURNAL", "journal.jsonl", "ozg-journal.jsonl");
}

Result<Journal> Journal::open(const fs::path& file) {
  std::error_code ec;
  if (file.has_parent_path() && !fs::is_directory(file.parent_path(), ec)) {
    fs::create_directories(file.parent_path(), ec);
    if (ec)
      return fail_untranslated(
          ErrorKind::Config, "TRN509",
          "cannot create the journal folder " + file.parent_path().string() + ": " + ec.message(),
          "set --journal FILE or OZG_JOURNAL to a writable place");
    fs::permissions(file.parent_path(), fs::perms::owner_all, ec);
  }
  const int fd = ::open(file.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return fail_untranslated(
        ErrorKind::Config, "TRN509",
        "cannot open the journal " + file.string() + ": " + std::strerror(errno),
        "set --journal FILE or OZG_JOURNAL to a writable place");
  return Journal(fd, file);
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

Result<void> Journal::append(std::span<const JournalEntry> entries) {
  if (entries.empty()) return {};
  std::string buf;
  // A crash mid-write can leave the last line without its newline: start on a line of our
  // own, or the first record would be glued to the torn one and lost with it.
  struct stat st {};
  char last = '\n';
  if (::fstat(fd_, &st) == 0 && st.st_size > 0 && ::pread(fd_, &last, 1, st.st_size - 1) == 1 &&
      last != '\n')
    buf += '\n';
  for (const auto& e : entries) {
    buf += to_json_line(e);
    buf += '\n';
  }
  std::string_view rest = buf;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail_untranslated(
          ErrorKind::Config, "TRN509",
          "cannot write the journal " + path_.string() + ": " + std::strerror(errno));
    }
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
  if (::fsync(fd_) != 0)
    return fail_untranslated(
        ErrorKind::Config, "TRN509",
        "cannot sync the journal " + path_.string() + ": " + std::strerror(errno));
  return {};
}

Result<std::vector<JournalEntry>> read_journal(const fs::path& file, std::size_t* skipped) {
  std::vector<JournalEntry> out;
  if (skipped != nullptr) *skipped = 0;
  std::error_code ec;
  if (!fs::exists(file, ec)) return out;
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail_untranslated(ErrorKind::Input, "TRN509", "cannot read the journal " + file.string(),
                             "check --journal FILE or OZG_JOURNAL");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    if (auto e = from_json_line(line)) {
      out.push_back(std::move(*e));
    } else if (skipped != nullptr) {
      ++*skipped;
    }
  }
  return out;
}

}  // namespace xoev::transport
