// ozg status: what happened to which message, from the journal and the sedex receipts.

#include <CLI/CLI.hpp>
#include <ctime>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "context.hpp"
#include "help_footer.hpp"
#include "transport_common.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/transport/history.hpp"
#include "xoev/transport/journal.hpp"
#include "xoev/transport/sedex/sedex.hpp"

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

struct Message : tr::MessageRecord {
  std::string state;        ///< English (-f json)
  std::string advice;       ///< English (-f json)
  std::string state_text;   ///< in the user's language (text output)
  std::string advice_text;  ///< in the user's language
  bool delivered = false;
  /// Sets the state from the template `tmpl` (N_) with `args`, in English and translated.
  void set_state(const char* tmpl, const std::vector<std::string>& args = {}) {
    state = i18n::fill(tmpl, args);
    state_text = i18n::fmt(tmpl, args);
  }
  void set_advice(const std::string& text) {
    advice = text;
    advice_text = i18n::tr(text);
  }
  void set_advice(const char* tmpl, const std::vector<std::string>& args) {
    advice = i18n::fill(tmpl, args);
    advice_text = i18n::fmt(tmpl, args);
  }
};

/// "90s", "15m", "2h", "7d" -> seconds; -1 if malformed.
long long parse_since(const std::string& s) {
  if (s.size() < 2) return -1;
  long long n = 0;
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    n = n * 10 + (s[i] - '0');
    if (n > 100000000) return -1;
  }
  switch (s.back()) {
    case 's':
      return n;
    case 'm':
      return n * 60;
    case 'h':
      return n * 3600;
    case 'd':
      return n * 86400;
    default:
      return -1;
  }
}

/// Columns a UTF-8 text takes (one per character; the labels have no wide characters).
std::size_t utf8_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

/// A journal verdict as a word of the user's language.
std::string verdict_word(tr::JournalVerdict v) {
  switch (v) {
    case tr::JournalVerdict::Delivered:
      return i18n::tr(N_("delivered"));
    case tr::JournalVerdict::Failed:
      return i18n::tr(N_("failed"));
    case tr::JournalVerdict::Retrying:
      return i18n::tr(N_("retrying"));
    case tr::JournalVerdict::Queued:
      return i18n::tr(N_("queued"));
    case tr::JournalVerdict::Invalid:
      return i18n::tr(N_("invalid"));
    case tr::JournalVerdict::Unknown:
      break;
  }
  return i18n::tr(N_("unknown"));
}

std::string utc_iso(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
  return buf;
}

void judge(Message& m) {
  for (const auto& r : m.receipts)
    if (r.status_code == 100) {
      m.delivered = true;
      m.set_state(N_("delivered (sedex receipt 100)"));
      m.set_advice(N_("nothing to do"));
      return;
    }
  for (const auto& e : m.entries)
    if (e.verdict == tr::JournalVerdict::Delivered) {
      m.delivered = true;
      if (e.http_status != 0)
        m.set_state(N_("delivered (HTTP {0})"), {std::to_string(e.http_status)});
      else
        m.set_state(N_("delivered (stored in the folder)"));
      m.set_advice(N_("nothing to do"));
      return;
    }
  if (!m.receipts.empty()) {
    const auto& r = m.receipts.back();
    const auto meaning = tr::explain_receipt(r.status_code);
    m.state = "not delivered: sedex receipt " + std::to_string(r.status_code) + " (" +
              std::string(meaning.meaning) + ")";
    m.state_text = i18n::fmt(N_("not delivered: sedex receipt {0} ({1})"),
                             {std::to_string(r.status_code), i18n::tr(meaning.meaning)});
    m.set_advice(std::string(meaning.action));
    return;
  }
  if (m.entries.empty()) return;
  const auto& last = m.entries.back();
  if (last.verdict == tr::JournalVerdict::Failed) {
    const std::vector<std::string> args{std::to_string(last.attempt), last.error, last.code};
    const char* tmpl = last.attempt == 1 ? "failed after {0} attempt: {1} [{2}]"
                                         : "failed after {0} attempts: {1} [{2}]";
    m.state = i18n::fill(tmpl, args);
    m.state_text = i18n::fill(i18n::tr_n("failed after {0} attempt: {1} [{2}]",
                                         "failed after {0} attempts: {1} [{2}]", last.attempt),
                              {args[0], i18n::tr(last.error), last.code});
    m.set_advice(transport_hint(last.code, last.http_status, last.error));
  } else if (last.verdict == tr::JournalVerdict::Retrying) {
    m.set_state(N_("interrupted after attempt {0} ({1})"),
                {std::to_string(last.attempt), last.error});
    m.set_advice(N_("the sending ozg stopped before the message was delivered; run ozg send again"),
                 {});
  } else if (last.verdict == tr::JournalVerdict::Queued) {
    m.set_state(N_("queued in the sedex outbox, no receipt yet"));
    m.set_advice(N_("wait for the adapter's receipt; give its receipts folder with --receipts DIR"),
                 {});
  } else if (last.verdict == tr::JournalVerdict::Invalid) {
    m.set_state(N_("refused as invalid, not sent"));
    m.set_advice(N_("fix the message (ozg validate {0}) and send it again"), {last.file});
  } else {
    m.state = std::string(to_string(last.verdict));
    m.state_text = verdict_word(last.verdict);
  }
}

json to_json(const Message& m) {
  json attempts = json::array();
  for (const auto& e : m.entries) attempts.push_back(tr::to_json(e, tr::JournalKeys::SnakeCase));
  json receipts = json::array();
  for (const auto& r : m.receipts) {
    const auto meaning = tr::explain_receipt(r.status_code);
    receipts.push_back({{"file", r.file.string()},
                        {"status_code", r.status_code},
                        {"status_info", r.status_info},
                        {"event_date", r.event_date},
                        {"meaning", meaning.meaning},
                        {"action", meaning.action},
                        {"retry", meaning.retry}});
  }
  return {{"message_id", m.id},           {"sha256", m.sha256},       {"file", m.file},
          {"destination", m.destination}, {"delivered", m.delivered}, {"state", m.state},
          {"advice", m.advice},           {"attempts", attempts},     {"receipts", receipts}};
}

int do_status(Context& ctx, const StatusArgs& a) {
  std::string threshold;
  if (!a.since.empty()) {
    const long long s = parse_since(a.since);
    if (s < 0) {
      ctx.err << "ozg: " << i18n::tr("error") << ": "
              << i18n::fmt(N_("--since {0}: expected a number and s, m, h or d (e.g. 2h)"),
                           {a.since})
              << '\n';
      return kUsage;
    }
    threshold = utc_iso(std::time(nullptr) - static_cast<std::time_t>(s));
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
  std::vector<Message> msgs;
  for (auto& r : h->records) msgs.push_back({std::move(r), {}, {}, {}, {}, false});
  for (auto& m : msgs) judge(m);

  std::vector<const Message*> shown;
  for (const auto& m : msgs)
    if (a.id.empty() || m.id == a.id || (a.id.size() >= 8 && m.sha256.starts_with(a.id)))
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
    for (const auto* m : shown) arr.push_back(to_json(*m));
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
      for (const auto& l : labels) width = std::max(width, utf8_width(l));
      const auto label = [&](std::size_t i) {
        return "  " + labels[i] + std::string(width + 2 - utf8_width(labels[i]), ' ');
      };
      o << i18n::fmt(N_("message {0}"), {m->id}) << '\n';
      if (!m->sha256.empty()) o << label(0) << m->sha256 << '\n';
      if (!m->file.empty()) o << label(1) << m->file << '\n';
      if (!m->destination.empty()) o << label(2) << m->destination << '\n';
      o << label(3) << m->state_text << '\n';
      for (const auto& e : m->entries) {
        o << "  " << e.time << "  " << verdict_word(e.verdict);
        if (e.attempt > 0) o << ", " << i18n::fmt(N_("attempt {0}"), {std::to_string(e.attempt)});
        if (e.http_status != 0 && !e.error.starts_with("HTTP")) o << ", HTTP " << e.http_status;
        if (!e.error.empty()) o << ": " << i18n::tr(e.error);
        if (!e.code.empty() && e.verdict != tr::JournalVerdict::Delivered)
          o << " [" << e.code << "]";
        o << '\n';
      }
      for (const auto& r : m->receipts) {
        const auto meaning = tr::explain_receipt(r.status_code);
        o << "  " << r.event_date << "  "
          << i18n::fmt(N_("sedex receipt {0} ({1})"),
                       {std::to_string(r.status_code), i18n::tr(meaning.meaning)});
        if (!r.status_info.empty()) o << ": " << r.status_info;
        o << "  [" << r.file.filename().string() << "]\n";
      }
      o << label(4) << m->advice_text << '\n';
    }
  } else {
    for (const auto* m : shown) {
      o << m->id << "  " << m->state_text;
      if (!m->destination.empty()) o << "  -> " << m->destination;
      o << '\n';
      if (!m->delivered && !m->advice.empty())
        o << "    " << i18n::tr(N_("what to do")) << ": " << m->advice_text << '\n';
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
