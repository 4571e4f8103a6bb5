#include "send_output.hpp"

#include <iomanip>
#include <sstream>

#include "transport_common.hpp"
#include "xoev/diag/report.hpp"

namespace xoev::cli {

namespace tr = xoev::transport;

void SendPrinter::not_signed(const Error& error) { ctx_.report(error); }

void SendPrinter::checked(const tr::Checked& c) {
  const FileReport& r = c.report;
  std::ostringstream o;
  if (c.check == tr::Check::Unsigned) return;
  if (r.verdict != Verdict::Valid || c.check == tr::Check::Unreadable)
    write_text(o, r, TextStyle{ctx_.color_err(), false, true});
  if (c.check == tr::Check::Refused) {
    o << "ozg: error: " << r.input.name << ": not sent: the message is "
      << (r.verdict == Verdict::Invalid ? "invalid" : "unchecked")
      << " [TRN500]\n    hint: fix it (see above), or send it anyway with --force\n";
    if (w_.signed_copies && r.verdict == Verdict::Invalid)
      o << "    note: the signed copy was validated; most eCH schemas have no place for "
           "ds:Signature\n";
  }
  if (c.check == tr::Check::Forced)
    o << "ozg: warning: " << r.input.name << ": sending a message that is " << to_string(r.verdict)
      << " (--force)\n";
  if ((c.check == tr::Check::Sending || c.check == tr::Check::Forced) && c.id_from_hash &&
      !w_.quiet)
    o << "ozg: note: " << r.input.name
      << (c.header_id.empty() ? ": no message id in the header"
                              : ": header id '" + c.header_id + "' cannot name a file")
      << "; sending it as " << c.id << " (from its SHA-256) [TRN512]\n";
  ctx_.err << o.str() << std::flush;
}

void SendPrinter::delivered(const tr::OutgoingQueue& queue, std::span<const tr::Delivery> batch,
                            const tr::SendTally& tally) {
  auto& err = ctx_.err;
  if (w_.progress) err << "\r\033[K";
  for (const auto& d : batch) {
    const tr::Outgoing& m = queue.at(d.index);
    const std::string name = m.source.string();
    switch (d.outcome) {
      case tr::Outcome::Delivered:
        if (!w_.verbose) break;
        err << "ozg: delivered " << name << " as ";
        if (d.files.empty())
          err << m.id << " (HTTP " << d.http_status << ", attempt " << d.attempt << ")\n";
        else
          err << dest_.where() << "/" << d.files.front()
              << (d.already_there ? " (already there)" : "") << '\n';
        break;
      case tr::Outcome::Queued:
        if (!w_.verbose) break;
        err << "ozg: queued " << name << " as ";
        for (std::size_t i = 0; i < d.files.size(); ++i) err << (i > 0 ? " + " : "") << d.files[i];
        err << " in " << dest_.where() << (d.already_there ? " (already waiting there)" : "")
            << " (delivered when the adapter's receipt says 100)\n";
        break;
      case tr::Outcome::Retrying:
        if (w_.quiet) break;
        err << "ozg: warning: " << name << ": attempt " << d.attempt
            << " failed: " << d.error.message << " [" << d.error.code << "]; retrying in "
            << std::fixed << std::setprecision(1)
            << static_cast<double>(d.next_delay.count()) / 1000.0 << " s\n";
        break;
      case tr::Outcome::Failed:
        err << "ozg: error: " << name << ": not delivered to " << dest_.where() << " after "
            << d.attempt << (d.attempt == 1 ? " attempt: " : " attempts: ") << d.error.message
            << " [" << d.error.code << "]\n";
        if (auto h = transport_hint(d.error.code, d.http_status, d.error.message); !h.empty())
          err << "    hint: " << h << '\n';
        break;
      case tr::Outcome::NotStored:
        ctx_.report(d.error);
        break;
      case tr::Outcome::Unaddressed: {
        Error e = d.error;
        e.message = name + ": " + e.message;
        ctx_.report(e);
        break;
      }
    }
  }
  if (w_.progress)
    err << "sending: " << tally.finished() << "/" << queue.size() << " (" << tally.delivered
        << " delivered, " << tally.failed << " failed)";
  err << std::flush;
}

int SendPrinter::finish(const Result<tr::SendSummary>& summary) {
  if (w_.progress) ctx_.err << "\r\033[K";
  if (!summary) return ctx_.report(summary.error());
  const tr::SendSummary& s = *summary;
  const tr::SendTally& t = s.tally;
  if (s.journal_error) {
    ctx_.report(*s.journal_error);
    ctx_.err << "ozg: error: stopped: outcomes that cannot be journaled are not reported as "
                "delivered [TRN509]\n";
    return kTransport;
  }
  if (!w_.quiet) {
    auto& err = ctx_.err;
    err << "ozg: " << s.messages << (s.messages == 1 ? " message: " : " messages: ") << t.delivered
        << " delivered";
    if (!dest_.receipts_from().empty())
      err << ", " << t.queued << " queued for " << dest_.receipts_from();
    err << ", " << t.failed << " failed, " << t.invalid << " refused as invalid";
    if (t.unreadable > 0) err << ", " << t.unreadable << " unreadable";
    if (t.unaddressed > 0) err << ", " << t.unaddressed << " without envelope";
    if (t.unsigned_ > 0) err << ", " << t.unsigned_ << " not signed";
    err << " (journal " << s.journal.string() << ")\n";
  }
  return Tally{.invalid = t.invalid,
               .usage = t.unaddressed,
               .unreadable = t.unreadable,
               .signature = t.unsigned_,
               .transport = t.failed}
      .exit_code();
}

}  // namespace xoev::cli
