#include "status_words.hpp"

#include <nlohmann/json.hpp>

#include "transport_common.hpp"
#include "xoev/diag/i18n.hpp"

namespace xoev::cli {

namespace tr = xoev::transport;
using nlohmann::json;

namespace {

/// Fills `english`/`local` from the template `tmpl` (N_) with `args`.
void set(std::string& english, std::string& local, const char* tmpl,
         const std::vector<std::string>& args = {}) {
  english = i18n::fill(tmpl, args);
  local = i18n::fmt(tmpl, args);
}

}  // namespace

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

StatusWords status_words(const tr::Standing& s) {
  StatusWords w;
  const auto state = [&w](const char* tmpl, const std::vector<std::string>& args = {}) {
    set(w.state, w.state_text, tmpl, args);
  };
  const auto advice = [&w](const char* tmpl, const std::vector<std::string>& args = {}) {
    set(w.advice, w.advice_text, tmpl, args);
  };
  const tr::JournalEntry* e = s.entry;
  switch (s.state) {
    case tr::MessageState::None:
      break;
    case tr::MessageState::DeliveredByReceipt:
      state(N_("delivered (sedex receipt 100)"));
      advice(N_("nothing to do"));
      break;
    case tr::MessageState::DeliveredHttp:
      state(N_("delivered (HTTP {0})"), {std::to_string(e->http_status)});
      advice(N_("nothing to do"));
      break;
    case tr::MessageState::DeliveredToFolder:
      state(N_("delivered (stored in the folder)"));
      advice(N_("nothing to do"));
      break;
    case tr::MessageState::RefusedByReceipt: {
      const auto meaning = tr::explain_receipt(s.receipt->status_code);
      const auto code = std::to_string(s.receipt->status_code);
      w.state = i18n::fill(N_("not delivered: sedex receipt {0} ({1})"),
                           {code, std::string(meaning.meaning)});
      w.state_text = i18n::fmt(N_("not delivered: sedex receipt {0} ({1})"),
                               {code, i18n::tr(meaning.meaning)});
      w.advice = meaning.action;
      w.advice_text = i18n::tr(meaning.action);
      break;
    }
    case tr::MessageState::Failed: {
      const std::vector<std::string> args{std::to_string(e->attempt), e->error, e->code};
      w.state = i18n::fill(e->attempt == 1 ? "failed after {0} attempt: {1} [{2}]"
                                           : "failed after {0} attempts: {1} [{2}]",
                           args);
      w.state_text = i18n::fill(i18n::tr_n("failed after {0} attempt: {1} [{2}]",
                                           "failed after {0} attempts: {1} [{2}]", e->attempt),
                                {args[0], i18n::tr(e->error), e->code});
      w.advice = transport_hint(e->code, e->http_status, e->error);
      w.advice_text = i18n::tr(w.advice);
      break;
    }
    case tr::MessageState::Interrupted:
      state(N_("interrupted after attempt {0} ({1})"), {std::to_string(e->attempt), e->error});
      advice(N_("the sending ozg stopped before the message was delivered; run ozg send again"));
      break;
    case tr::MessageState::Queued:
      state(N_("queued in the sedex outbox, no receipt yet"));
      advice(N_("wait for the adapter's receipt; give its receipts folder with --receipts DIR"));
      break;
    case tr::MessageState::Invalid:
      state(N_("refused as invalid, not sent"));
      advice(N_("fix the message (ozg validate {0}) and send it again"), {e->file});
      break;
    case tr::MessageState::Unknown:
      w.state = std::string(to_string(e->verdict));
      w.state_text = verdict_word(e->verdict);
      break;
  }
  return w;
}

json status_json(const tr::MessageRecord& m, const tr::Standing& s, const StatusWords& w) {
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
  return {{"message_id", m.id},           {"sha256", m.sha256},         {"file", m.file},
          {"destination", m.destination}, {"delivered", s.delivered()}, {"state", w.state},
          {"advice", w.advice},           {"attempts", attempts},       {"receipts", receipts}};
}

}  // namespace xoev::cli
