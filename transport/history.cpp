#include "xoev/transport/history.hpp"

#include <algorithm>
#include <map>

namespace xoev::transport {

namespace fs = std::filesystem;

namespace {

/// The folder a sedex destination's outbox lives in ("sedex:/base/outbox" -> /base).
std::optional<fs::path> sedex_base(const std::string& destination) {
  if (!destination.starts_with("sedex:")) return std::nullopt;
  std::error_code ec;
  return fs::weakly_canonical(fs::path(destination.substr(6)), ec).parent_path();
}

bool was_queued(const MessageRecord& m) {
  return std::any_of(m.entries.begin(), m.entries.end(),
                     [](const JournalEntry& e) { return e.verdict == JournalVerdict::Queued; });
}

}  // namespace

Result<History> history(const HistoryOptions& o) {
  History h;
  std::error_code ec;
  std::vector<JournalEntry> entries;
  if (fs::exists(o.journal, ec)) {
    auto read = read_journal(o.journal, &h.torn_lines);
    if (!read) return std::unexpected(read.error());
    entries = std::move(*read);
  } else if (!o.receipts) {
    return fail_untranslated(
        ErrorKind::Input, "TRN509", "no journal at " + o.journal.string(),
        "nothing was sent with this journal yet, or --journal / OZG_JOURNAL names "
        "another file");
  }

  std::map<std::string, std::size_t> index;
  auto slot = [&](const std::string& id, const std::string& dest,
                  const std::string& sha) -> MessageRecord& {
    auto [it, fresh] = index.try_emplace(id + '\n' + dest + '\n' + sha, h.records.size());
    if (fresh) h.records.push_back({id, sha, {}, dest, {}, {}});
    return h.records[it->second];
  };
  for (auto& e : entries) {
    if (!o.since.empty() && e.time < o.since) continue;
    MessageRecord& m = slot(e.message_id, e.destination, e.sha256);
    m.file = e.file;
    m.entries.push_back(std::move(e));
  }
  if (!o.receipts) return h;

  if (!fs::is_directory(*o.receipts, ec))
    return fail_untranslated(ErrorKind::Input, "TRN521",
                             o.receipts->string() + ": no such folder (--receipts)",
                             "give the sedex adapter's receipts folder");
  const fs::path base = fs::weakly_canonical(*o.receipts, ec).parent_path();
  std::vector<fs::path> files;
  for (const auto& d : fs::directory_iterator(*o.receipts, ec))
    if (d.is_regular_file(ec) && d.path().extension() == ".xml") files.push_back(d.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    auto r = read_receipt(f);
    if (!r) {
      h.bad_receipts.push_back(r.error());
      continue;
    }
    bool matched = false;
    for (auto& m : h.records)
      if (m.id == r->message_id && sedex_base(m.destination) == base && was_queued(m)) {
        m.receipts.push_back(*r);
        matched = true;
      }
    if (matched || !o.since.empty()) continue;
    slot(r->message_id, "sedex:" + (base / "outbox").string(), {})
        .receipts.push_back(std::move(*r));
  }
  return h;
}

Standing standing(const MessageRecord& m) {
  for (const auto& r : m.receipts)
    if (r.status_code == 100) return {MessageState::DeliveredByReceipt, nullptr, &r};
  for (const auto& e : m.entries)
    if (e.verdict == JournalVerdict::Delivered)
      return {e.http_status != 0 ? MessageState::DeliveredHttp : MessageState::DeliveredToFolder,
              &e, nullptr};
  if (!m.receipts.empty()) return {MessageState::RefusedByReceipt, nullptr, &m.receipts.back()};
  if (m.entries.empty()) return {};
  const auto& last = m.entries.back();
  switch (last.verdict) {
    case JournalVerdict::Failed:
      return {MessageState::Failed, &last, nullptr};
    case JournalVerdict::Retrying:
      return {MessageState::Interrupted, &last, nullptr};
    case JournalVerdict::Queued:
      return {MessageState::Queued, &last, nullptr};
    case JournalVerdict::Invalid:
      return {MessageState::Invalid, &last, nullptr};
    case JournalVerdict::Delivered:  // handled above
    case JournalVerdict::Unknown:
      break;
  }
  return {MessageState::Unknown, &last, nullptr};
}

std::optional<std::string> since_time(std::string_view age, std::time_t now) {
  if (age.size() < 2) return std::nullopt;
  long long n = 0;
  for (std::size_t i = 0; i + 1 < age.size(); ++i) {
    if (age[i] < '0' || age[i] > '9') return std::nullopt;
    n = n * 10 + (age[i] - '0');
    if (n > 100000000) return std::nullopt;
  }
  long long unit = 0;
  switch (age.back()) {
    case 's':
      unit = 1;
      break;
    case 'm':
      unit = 60;
      break;
    case 'h':
      unit = 3600;
      break;
    case 'd':
      unit = 86400;
      break;
    default:
      return std::nullopt;
  }
  const std::time_t t = now - static_cast<std::time_t>(n * unit);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  const std::size_t len = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(buf, len);
}

}  // namespace xoev::transport
