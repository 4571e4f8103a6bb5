#include "send_output.hpp"

#include <iomanip>
#include <sstream>

#include "transport_common.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"

namespace xoev::cli {

namespace tr = xoev::transport;

namespace {

using i18n::fmt;

/// "ozg: error: " (warning, note) in the current language.
std::string ozg(const char* level) { return "ozg: " + i18n::tr(level) + ": "; }

}  // namespace

void SendPrinter::not_signed(const Error& error) { ctx_.report(error); }

void SendPrinter::checked(const tr::Checked& c) {
  const FileReport& r = c.report;
  std::ostringstream o;
  if (c.check == tr::Check::Unsigned) return;
  if (r.verdict != Verdict::Valid || c.check == tr::Check::Unreadable)
    write_text(o, r, TextStyle{ctx_.color_err(), false, true});
  if (c.check == tr::Check::Refused) {
    o << ozg("error")
      << (r.verdict == Verdict::Invalid
              ? fmt(N_("{0}: not sent: the message is invalid"), {r.input.name})
              : fmt(N_("{0}: not sent: the message is unchecked"), {r.input.name}))
      << " [TRN500]\n    " << i18n::tr("hint") << ": "
      << i18n::tr(N_("fix it (see above), or send it anyway with --force")) << '\n';
    if (w_.signed_copies && r.verdict == Verdict::Invalid)
      o << "    " << i18n::tr("note") << ": "
        << i18n::tr(N_("the signed copy was validated; most eCH schemas have no place for "
                       "ds:Signature"))
        << '\n';
  }
  if (c.check == tr::Check::Forced)
    o << ozg("warning")
      << (r.verdict == Verdict::Invalid
              ? fmt(N_("{0}: sending a message that is invalid (--force)"), {r.input.name})
              : fmt(N_("{0}: sending a message that is unchecked (--force)"), {r.input.name}))
      << '\n';
  if ((c.check == tr::Check::Sending || c.check == tr::Check::Forced) && c.id_from_hash &&
      !w_.quiet)
    o << ozg("note")
      << (c.header_id.empty()
              ? fmt(N_("{0}: no message id in the header; sending it as {1} (from its SHA-256)"),
                    {r.input.name, c.id})
              : fmt(N_("{0}: header id '{1}' cannot name a file; sending it as {2} (from its "
                       "SHA-256)"),
                    {r.input.name, c.header_id, c.id}))
      << " [TRN512]\n";
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
        if (d.files.empty())
          err << "ozg: "
              << fmt(N_("delivered {0} as {1} (HTTP {2}, attempt {3})"),
                     {name, m.id, std::to_string(d.http_status), std::to_string(d.attempt)})
              << '\n';
        else
          err << "ozg: "
              << fmt(d.already_there ? N_("delivered {0} as {1}/{2} (already there)")
                                     : N_("delivered {0} as {1}/{2}"),
                     {name, dest_.where(), d.files.front()})
              << '\n';
        break;
      case tr::Outcome::Queued:
        if (!w_.verbose) break;
        {
          std::string files;
          for (std::size_t i = 0; i < d.files.size(); ++i)
            files += (i > 0 ? " + " : "") + d.files[i];
          err << "ozg: "
              << fmt(d.already_there ? N_("queued {0} as {1} in {2} (already waiting there) "
                                          "(delivered when the adapter's receipt says 100)")
                                     : N_("queued {0} as {1} in {2} (delivered when the adapter's "
                                          "receipt says 100)"),
                     {name, files, dest_.where()})
              << '\n';
          break;
        }
      case tr::Outcome::Retrying:
        if (w_.quiet) break;
        {
          std::ostringstream delay;
          delay << std::fixed << std::setprecision(1)
                << static_cast<double>(d.next_delay.count()) / 1000.0;
          err << ozg("warning")
              << fmt(N_("{0}: attempt {1} failed: {2} [{3}]; retrying in {4} s"),
                     {name, std::to_string(d.attempt), i18n::message(d.error), d.error.code,
                      delay.str()})
              << '\n';
          break;
        }
      case tr::Outcome::Failed:
        err << ozg("error")
            << i18n::fill(
                   i18n::tr_n("{0}: not delivered to {1} after {2} attempt: {3}",
                              "{0}: not delivered to {1} after {2} attempts: {3}", d.attempt),
                   {name, dest_.where(), std::to_string(d.attempt), i18n::message(d.error)})
            << " [" << d.error.code << "]\n";
        if (auto h = transport_hint(d.error.code, d.http_status, d.error.message); !h.empty())
          err << "    " << i18n::tr("hint") << ": " << i18n::tr(h) << '\n';
        break;
      case tr::Outcome::NotStored:
        ctx_.report(d.error);
        break;
      case tr::Outcome::Unaddressed: {
        ctx_.report(within(d.error, "{0}: {1}", {name}));
        break;
      }
    }
  }
  if (w_.progress)
    err << fmt(N_("sending: {0}/{1} ({2} delivered, {3} failed)"),
               {std::to_string(tally.finished()), std::to_string(queue.size()),
                std::to_string(tally.delivered), std::to_string(tally.failed)});
  err << std::flush;
}

int SendPrinter::finish(const Result<tr::SendSummary>& summary) {
  if (w_.progress) ctx_.err << "\r\033[K";
  if (!summary) return ctx_.report(summary.error());
  const tr::SendSummary& s = *summary;
  const tr::SendTally& t = s.tally;
  if (s.journal_error) {
    ctx_.report(*s.journal_error);
    ctx_.err << ozg("error")
             << i18n::tr(N_("stopped: outcomes that cannot be journaled are not reported as "
                            "delivered"))
             << " [TRN509]\n";
    return kTransport;
  }
  if (!w_.quiet) {
    auto& err = ctx_.err;
    const auto n = [](std::size_t v) { return std::to_string(v); };
    err << "ozg: " << i18n::count("{0} message", "{0} messages", s.messages) << ": "
        << fmt(N_("{0} delivered"), {n(t.delivered)});
    if (!dest_.receipts_from().empty())
      err << ", "
          << fmt(N_("{0} queued for {1}"), {n(t.queued), std::string(dest_.receipts_from())});
    err << ", " << fmt(N_("{0} failed"), {n(t.failed)}) << ", "
        << fmt(N_("{0} refused as invalid"), {n(t.invalid)});
    if (t.unreadable > 0) err << ", " << fmt(N_("{0} unreadable"), {n(t.unreadable)});
    if (t.unaddressed > 0) err << ", " << fmt(N_("{0} without envelope"), {n(t.unaddressed)});
    if (t.unsigned_ > 0) err << ", " << fmt(N_("{0} not signed"), {n(t.unsigned_)});
    err << ' ' << fmt(N_("(journal {0})"), {s.journal.string()}) << '\n';
  }
  return Tally{.invalid = t.invalid,
               .usage = t.unaddressed,
               .unreadable = t.unreadable,
               .signature = t.unsigned_,
               .transport = t.failed}
      .exit_code();
}

}  // namespace xoev::cli
