#include "xoev/transport/send_job.hpp"

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

#include "xoev/sign/signature.hpp"
#include "xoev/transport/journal.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::transport {

namespace fs = std::filesystem;

namespace {

Result<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return fail_untranslated(ErrorKind::Input, "XML007", p.string() + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return fail_untranslated(ErrorKind::Input, "XML007", p.string() + ": cannot read");
  return s.str();
}

/// A private folder for the signed copies, removed with its contents.
struct SpoolDir {
  fs::path path;
  SpoolDir() {
    std::string tmpl = (fs::temp_directory_path() / "ozg-send-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path = tmpl;
  }
  ~SpoolDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
  SpoolDir(const SpoolDir&) = delete;
  SpoolDir& operator=(const SpoolDir&) = delete;
};

/// The journal's verdict for an outcome.
JournalVerdict verdict(Outcome o) {
  switch (o) {
    case Outcome::Delivered:
      return JournalVerdict::Delivered;
    case Outcome::Queued:
      return JournalVerdict::Queued;
    case Outcome::Retrying:
      return JournalVerdict::Retrying;
    case Outcome::Failed:
    case Outcome::NotStored:
    case Outcome::Unaddressed:
      break;
  }
  return JournalVerdict::Failed;
}

}  // namespace

SendJob::SendJob(Validator& validator, Destination& destination, SendJobOptions options)
    : validator_(validator), destination_(destination), options_(std::move(options)) {}

Result<SendSummary> SendJob::run(std::vector<Input> inputs, SendObserver& observer) {
  SendSummary summary;
  summary.messages = inputs.size();
  SendTally& tally = summary.tally;
  std::mutex observer_mu;  // serialises observer calls and guards the tally

  // Signing: what travels (and is validated) is the signed copy; the journal names the original.
  std::vector<fs::path> originals;
  for (const auto& in : inputs) originals.push_back(in.path);
  std::vector<bool> sign_failed(inputs.size(), false);
  SpoolDir spool;
  if (options_.signer != nullptr) {
    if (spool.path.empty())
      return fail_untranslated(ErrorKind::Input, "",
                               "cannot create a temporary folder for the signed copies");
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      auto doc = options_.signer->sign(inputs[i].path, inputs[i].name);
      if (!doc) {
        observer.not_signed(doc.error());
        sign_failed[i] = true;
        continue;
      }
      const fs::path copy = spool.path / (std::to_string(i) + ".xml");
      if (auto w = write_file_atomically(copy, *doc); !w) {
        observer.not_signed(w.error());
        sign_failed[i] = true;
        continue;
      }
      inputs[i].path = copy;
      // What is validated and sent is the signed copy; its findings are located in it.
      inputs[i].name += " (signed copy)";
    }
  }

  auto journal =
      Journal::open(options_.journal.empty() ? default_journal_path() : options_.journal);
  if (!journal) return std::unexpected(journal.error());
  summary.journal = journal->path();
  std::mutex journal_mu;
  std::atomic<bool> journal_broken{false};
  auto append = [&](std::span<const JournalEntry> entries) {
    std::lock_guard lock(journal_mu);
    if (journal_broken) return false;
    if (auto w = journal->append(entries); !w) {
      journal_broken = true;
      summary.journal_error = w.error();
      return false;
    }
    return true;
  };

  // Validation (in parallel) feeds the queue. Only valid messages (or all with force) travel.
  OutgoingQueue queue;
  auto validate_all = [&] {
    std::vector<JournalEntry> refused;
    validator_.run(inputs, [&](std::size_t index, FileReport&& r) {
      std::lock_guard lock(observer_mu);
      if (sign_failed[index]) {
        ++tally.unsigned_;
        return;
      }
      auto content = slurp(r.input.path);
      if (!content) {
        ++tally.unreadable;
        observer.checked({r, Check::Unreadable, {}, {}, false});
        return;
      }
      Outgoing m;
      m.source = originals[index];
      m.sha256 = sha256_hex(*content);
      const std::string header_id = r.facts ? r.facts->message_id : "";
      m.id = message_key(header_id, m.sha256);
      m.id_from_hash = m.id != header_id;
      const bool valid = r.verdict == Verdict::Valid;
      if (!valid && !options_.force) {
        ++tally.invalid;
        observer.checked({r, Check::Refused, header_id, m.id, m.id_from_hash});
        refused.push_back({utc_now_iso(), m.id, m.sha256, destination_.url(), m.source.string(), 0,
                           0, 0, "TRN500",
                           "refused before sending: " + std::string(to_string(r.verdict)), 0,
                           JournalVerdict::Invalid});
        return;
      }
      observer.checked(
          {r, valid ? Check::Sending : Check::Forced, header_id, m.id, m.id_from_hash});
      m.content = std::move(*content);
      m.facts = std::move(r.facts);
      queue.push(std::move(m));
    });
    append(refused);
    queue.close();
  };

  // Group commit: the destination hands finished deliveries to the committer thread, which
  // journals everything that queued up during the previous fsync in one go, and only then
  // reports those outcomes. The transfers keep running while the disk syncs.
  struct Done {
    std::vector<JournalEntry> entries;
    std::vector<Delivery> deliveries;
  };
  Done pending;
  bool deliver_done = false;
  std::mutex gc_mu;
  std::condition_variable gc_cv;
  auto committer = [&] {
    for (;;) {
      Done batch;
      {
        std::unique_lock lock(gc_mu);
        gc_cv.wait(lock, [&] { return deliver_done || !pending.deliveries.empty(); });
        if (pending.deliveries.empty()) return;
        std::swap(batch, pending);
      }
      if (!batch.entries.empty() && !append(batch.entries)) continue;
      if (journal_broken) continue;
      std::lock_guard lock(observer_mu);
      for (const auto& d : batch.deliveries) {
        switch (d.outcome) {
          case Outcome::Delivered:
            ++tally.delivered;
            break;
          case Outcome::Queued:
            ++tally.queued;
            break;
          case Outcome::Failed:
          case Outcome::NotStored:
            ++tally.failed;
            break;
          case Outcome::Unaddressed:
            ++tally.unaddressed;
            break;
          case Outcome::Retrying:
            break;
        }
      }
      observer.delivered(queue, batch.deliveries, tally);  // only once it is on disk
    }
  };
  auto on_batch = [&](std::span<const Delivery> batch) {
    std::lock_guard lock(gc_mu);
    for (const auto& d : batch) {
      pending.deliveries.push_back(d);
      if (d.outcome == Outcome::Unaddressed) continue;
      const Outgoing& m = queue.at(d.index);
      const bool ok = d.outcome == Outcome::Delivered || d.outcome == Outcome::Queued;
      pending.entries.push_back({d.started, m.id, m.sha256, destination_.url(), m.source.string(),
                                 d.attempt, d.http_status, 0, ok ? "" : d.error.code,
                                 d.error.message, d.seconds, verdict(d.outcome)});
    }
    gc_cv.notify_one();
    return !journal_broken.load();
  };

  std::thread producer;
  if (destination_.overlaps_validation()) {
    producer = std::thread(validate_all);
  } else {
    validate_all();
  }
  std::thread commit(committer);
  Result<void> delivered;
  if (!journal_broken) delivered = destination_.deliver(queue, on_batch);
  {
    std::lock_guard lock(gc_mu);
    deliver_done = true;
  }
  gc_cv.notify_one();
  commit.join();
  if (producer.joinable()) producer.join();
  if (!delivered) return std::unexpected(delivered.error());
  return summary;
}

}  // namespace xoev::transport
