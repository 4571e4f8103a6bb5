// ozg status: what happened to which message, from the journal and the sedex receipts.

#include <CLI/CLI.hpp>
#include <ctime>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "context.hpp"
#include "help_footer.hpp"
#include "status_words.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/transport/history.hpp"
#include "xoev/transport/sedex/sedex.hpp"
#include "xoev/util/text.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;
namespace tr = xoev::transport;
using nlohmann::json;

namespace {

struct StatusArgs {
  std::string id;
  std::string since;
  std::string format = "text";
  std::string journal;
  std::string receipts;
};

/// A message with its standing and the words for it.
struct Message {
  tr::MessageRecord record;
  tr::Standing standing;
  StatusWords words;
};

int do_status(Context& ctx, const StatusArgs& a) {
  std::string threshold;
  if (!a.since.empty()) {
    const auto since = tr::since_time(a.since, std::time(nullptr));
    if (!since) {
      ctx.err << "ozg: " << i18n::tr("error") << ": "
              << i18n::fmt(N_("--since {0}: expected a number and s, m, h or d (e.g. 2h)"),
                           {a.since})
              << '\n';
      return kUsage;
    }
    threshold = *since;
  }
  const fs::path jpath = a.journal.empty() ? tr::default_journal_path() : fs::path(a.journal);
  tr::HistoryOptions ho{jpath, threshold, std::nullopt};
  if (!a.receipts.empty()) ho.receipts = a.receipts;
  auto h = tr::history(ho);
  if (!h) return ctx.report(h.error());
  if (h->torn_lines > 0)
    ctx.err << "ozg: " << i18n::tr("warning") << ": "
            << i18n::fmt(N_("{0}: {1} unreadable line(s) skipped (a write cut short by a crash?)"),
                         {jpath.string(), std::to_string(h->torn_lines)})
            << " [TRN509]\n";
  for (const auto& e : h->bad_receipts)
    ctx.err << "ozg: " << i18n::tr("warning") << ": " << i18n::message(e) << " [" << e.code
            << "]\n";
  int status = kOk;
  // Reserved up front: a standing points into its record.
  std::vector<Message> msgs;
  msgs.reserve(h->records.size());
  for (auto& r : h->records) {
    auto& m = msgs.emplace_back(Message{std::move(r), {}, {}});
    m.standing = tr::standing(m.record);
    m.words = status_words(m.standing);
  }

  std::vector<const Message*> shown;
  for (const auto& m : msgs)
    if (a.id.empty() || m.record.id == a.id ||
        (a.id.size() >= 8 && m.record.sha256.starts_with(a.id)))
      shown.push_back(&m);
  if (!a.id.empty() && shown.empty()) {
    ctx.err << "ozg: " << i18n::tr("error") << ": "
            << (a.receipts.empty()
                    ? i18n::fmt(N_("no record of message {0} in {1}"), {a.id, jpath.string()})
                    : i18n::fmt(N_("no record of message {0} in {1} or {2}"),
                                {a.id, jpath.string(), a.receipts}))
            << " [TRN520]\n"
            << "    " << i18n::tr("hint") << ": "
            << i18n::tr(N_("give the message id (or the first 8+ characters of its SHA-256); "
                           "'ozg status' lists all"))
            << '\n';
    return kFindings;
  }

  if (a.format == "json") {
    json arr = json::array();
    for (const auto* m : shown) arr.push_back(status_json(m->record, m->standing, m->words));
    ctx.out << json{{"journal", jpath.string()}, {"messages", arr}}.dump(
                   2, ' ', false, json::error_handler_t::replace)
            << '\n';
    return status;
  }
  std::ostringstream o;
  if (!a.id.empty()) {
    for (const auto* m : shown) {
      // Labels padded to the widest of them, in the user's language.
      const std::vector<std::string> labels{i18n::tr(N_("sha256")), i18n::tr(N_("file")),
                                            i18n::tr(N_("destination")), i18n::tr(N_("state")),
                                            i18n::tr(N_("what to do"))};
      std::size_t width = 0;
      for (const auto& l : labels) width = std::max(width, utf8_length(l));
      const auto label = [&](std::size_t i) {
        return "  " + labels[i] + std::string(width + 2 - utf8_length(labels[i]), ' ');
      };
      o << i18n::fmt(N_("message {0}"), {m->record.id}) << '\n';
      if (!m->record.sha256.empty()) o << label(0) << m->record.sha256 << '\n';
      if (!m->record.file.empty()) o << label(1) << m->record.file << '\n';
      if (!m->record.destination.empty()) o << label(2) << m->record.destination << '\n';
      o << label(3) << m->words.state_text << '\n';
      for (const auto& e : m->record.entries) {
        o << "  " << e.time << "  " << verdict_word(e.verdict);
        if (e.attempt > 0) o << ", " << i18n::fmt(N_("attempt {0}"), {std::to_string(e.attempt)});
        if (e.http_status != 0 && !e.error.starts_with("HTTP")) o << ", HTTP " << e.http_status;
        if (!e.error.empty()) o << ": " << i18n::tr(e.error);
        if (!e.code.empty() && e.verdict != tr::JournalVerdict::Delivered)
          o << " [" << e.code << "]";
        o << '\n';
      }
      for (const auto& r : m->record.receipts) {
        const auto meaning = tr::explain_receipt(r.status_code);
        o << "  " << r.event_date << "  "
          << i18n::fmt(N_("sedex receipt {0} ({1})"),
                       {std::to_string(r.status_code), i18n::tr(meaning.meaning)});
        if (!r.status_info.empty()) o << ": " << r.status_info;
        o << "  [" << r.file.filename().string() << "]\n";
      }
      o << label(4) << m->words.advice_text << '\n';
    }
  } else {
    for (const auto* m : shown) {
      o << m->record.id << "  " << m->words.state_text;
      if (!m->record.destination.empty()) o << "  -> " << m->record.destination;
      o << '\n';
      if (!m->standing.delivered() && !m->words.advice.empty())
        o << "    " << i18n::tr(N_("what to do")) << ": " << m->words.advice_text << '\n';
    }
    if (shown.empty())
      o << (threshold.empty()
                ? i18n::fmt(N_("no messages in {0}"), {jpath.string()})
                : i18n::fmt(N_("no messages in {0} since {1}"), {jpath.string(), a.since}))
        << '\n';
  }
  ctx.out << o.str();
  return status;
}

}  // namespace

void setup_status(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<StatusArgs>();
  sub.footer(help_footer("ozg-status"));
  sub.add_option("id", a->id, "message id (or 8+ leading characters of its SHA-256)");
  sub.add_option("--since", a->since, "only attempts in the last N s/m/h/d (e.g. 2h)");
  sub.add_option("-f,--format", a->format, "text or json (both on stdout)")
      ->check(CLI::IsMember({"text", "json"}));
  sub.add_option("--journal", a->journal,
                 "journal file (default: $OZG_JOURNAL, else $XDG_STATE_HOME/ozg/journal.jsonl)");
  sub.add_option("--receipts", a->receipts, "sedex adapter receipts folder (eCH-0090 receipts)");
  sub.callback([&ctx, a] { ctx.status = do_status(ctx, *a); });
}

}  // namespace xoev::cli
