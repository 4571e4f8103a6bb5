#include <algorithm>
#include <array>
#include <ctime>

#include "xoev/diag/i18n.hpp"
#include "xoev/rules/rules.hpp"

namespace xoev {

namespace {

bool is_ech(const MessageFacts& m) {
  return m.root_namespace.starts_with("http://www.ech.ch/xmlns/");
}

Location at(const MessageFacts& m, const std::string& file, const char* field) {
  auto it = m.positions.find(field);
  if (it == m.positions.end()) return {file, 0, 0};
  return {file, it->second.first, it->second.second};
}

/// A sedex participant id, bare (1-1102-1) or as the URI eCH-0058 v5 recommends
/// (sedex://T1-123456-1).
bool is_sedex_id(std::string_view id) {
  // By hand, as (sedex://)?(T?[1-9]-[0-9A-Z]+-[0-9]+|T?0-sedex-0) would: every header has one.
  if (id.starts_with("sedex://")) id.remove_prefix(8);
  if (id.starts_with('T')) id.remove_prefix(1);
  if (id == "0-sedex-0") return true;
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (id.size() < 5 || id[0] < '1' || id[0] > '9' || id[1] != '-') return false;
  std::size_t i = 2;
  const std::size_t org = i;
  while (i < id.size() && (digit(id[i]) || (id[i] >= 'A' && id[i] <= 'Z'))) ++i;
  if (i == org || i == id.size() || id[i] != '-') return false;
  const std::size_t num = ++i;
  while (i < id.size() && digit(id[i])) ++i;
  return i > num && i == id.size();
}

/// 8-4-4-4-12 hexadecimal digits.
bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

/// `n` ASCII digits of `s` from `at` as a number; false if one is not a digit.
bool digits(std::string_view s, std::size_t at, std::size_t n, int& out) {
  if (at + n > s.size()) return false;
  out = 0;
  for (std::size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_datetime(std::string_view s) {
  // By hand (linear, whatever a hostile header holds), as the regular expression
  // (\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))? would,
  // anchored at both ends. Fields out of range are normalised by timegm (month 13 is January).
  std::tm tm{};
  int year = 0, mon = 0, mday = 0, hour = 0, min = 0, sec = 0;
  if (!digits(s, 0, 4, year) || s.size() < 19 || s[4] != '-' || !digits(s, 5, 2, mon) ||
      s[7] != '-' || !digits(s, 8, 2, mday) || s[10] != 'T' || !digits(s, 11, 2, hour) ||
      s[13] != ':' || !digits(s, 14, 2, min) || s[16] != ':' || !digits(s, 17, 2, sec))
    return std::nullopt;
  std::size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    const std::size_t first = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == first) return std::nullopt;
  }
  long offset = 0;
  if (i < s.size() && s[i] == 'Z') {
    ++i;
  } else if (i < s.size() && (s[i] == '+' || s[i] == '-')) {
    int oh = 0, om = 0;
    if (!digits(s, i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' ||
        !digits(s, i + 4, 2, om))
      return std::nullopt;
    offset = (s[i] == '+' ? -1L : 1L) * (oh * 3600L + om * 60L);
    i += 6;
  }
  if (i != s.size()) return std::nullopt;
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = mday;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  const std::time_t t = timegm(&tm) + offset;
  return std::chrono::sys_seconds{std::chrono::seconds{t}};
}

void check_header(const MessageFacts& msg, const std::string& file, const RuleContext& ctx,
                  DiagnosticSink& sink) {
  using i18n::make;
  if (is_ech(msg)) {
    if (!msg.sender.empty() && !is_sedex_id(msg.sender))
      sink.add(make(Severity::Warning, "HDR601", at(msg, file, "sender"),
                    N_("senderId '{0}' is not a sedex participant id"), {msg.sender}, {},
                    N_("it cannot be routed via sedex; sedex ids look like 1-1102-1 or 3-CH-6")));
    for (const auto& r : msg.recipients)
      if (!is_sedex_id(r))
        sink.add(make(Severity::Warning, "HDR601", at(msg, file, "recipient"),
                      N_("recipientId '{0}' is not a sedex participant id"), {r}, {},
                      N_("it cannot be routed via sedex; sedex ids look like 1-1102-1 or 3-CH-6")));
  }
  if (!msg.date.empty()) {
    const auto now = std::chrono::floor<std::chrono::seconds>(ctx.now);
    if (auto t = parse_datetime(msg.date); t && *t > now + ctx.tolerance) {
      sink.add(make(Severity::Error, "HDR603", at(msg, file, "date"),
                    N_("message date {0} lies in the future"), {msg.date}, {},
                    N_("check the sending system's clock and time zone")));
    }
  }
  if (msg.positions.contains("nachrichten_uuid")) {
    if (!is_uuid(msg.message_id))
      sink.add(make(Severity::Error, "HDR604", at(msg, file, "nachrichten_uuid"),
                    N_("nachrichtenUUID '{0}' is not a UUID"), {msg.message_id}, {},
                    N_("XÖV messages are identified by a UUID such as "
                       "6f1c0b6e-2a4b-4f1e-9c3d-1a2b3c4d5e6f")));
  }
  // XÖV message names end with their message type: administration.quittung.0020 has type 0020.
  if (!is_ech(msg) && !msg.message_type.empty()) {
    // The name ends in '.' and four digits.
    const std::string& root = msg.root;
    const std::size_t n = root.size();
    int number = 0;
    if (n >= 5 && root[n - 5] == '.' && digits(root, n - 4, 4, number) &&
        root.compare(n - 4, 4, msg.message_type) != 0)
      sink.add(make(Severity::Warning, "HDR605", at(msg, file, "message_type"),
                    N_("message type {0} does not match the root element {1}"),
                    {msg.message_type, msg.root}, {},
                    N_("the nachrichtentyp code names another message than the one sent")));
  }
  if ((msg.test == "true" || msg.test == "1") && !sink.switched_off("HDR607"))
    sink.add(make(Severity::Error, "HDR607", at(msg, file, "test"), N_("this is a test delivery"),
                  {}, {},
                  N_("test deliveries are refused here (--rule HDR607); send a production "
                     "message")));
}

void check_envelope(const MessageFacts& data, const std::string& data_file, const MessageFacts& env,
                    const std::string& env_file, DiagnosticSink& sink) {
  // `tmpl`: {0} the data's value, {1} the envelope's, {2} the envelope file.
  auto differ = [&](const char* code, const char* tmpl, const std::string& a, const std::string& b,
                    const char* field) {
    if (a.empty() || b.empty() || a == b) return;
    sink.add(i18n::make(Severity::Error, code, at(data, data_file, field), tmpl, {a, b, env_file},
                        {},
                        N_("the envelope and the data must describe the same message; "
                           "regenerate one of them")));
  };
  // eCH-0058 v5 writes participants as sedex://T1-123456-1 (see HDR601); the envelope has the
  // bare id. Its messageType is a URI, which no numeric envelope messageType can equal.
  auto bare = [](const std::string& p) { return p.starts_with("sedex://") ? p.substr(8) : p; };
  const bool numeric_type =
      !data.message_type.empty() && std::all_of(data.message_type.begin(), data.message_type.end(),
                                                [](char c) { return c >= '0' && c <= '9'; });
  differ("HDR610", N_("message id '{0}' differs from the envelope's '{1}' ({2})"), data.message_id,
         env.message_id, "message_id");
  differ("HDR611", N_("senderId '{0}' differs from the envelope's '{1}' ({2})"), bare(data.sender),
         bare(env.sender), "sender");
  if (numeric_type)
    differ("HDR613", N_("message type '{0}' differs from the envelope's '{1}' ({2})"),
           data.message_type, env.message_type, "message_type");
  if (!data.recipients.empty()) {
    for (const auto& r : env.recipients) {
      if (std::none_of(data.recipients.begin(), data.recipients.end(),
                       [&](const std::string& d) { return bare(d) == bare(r); }))
        sink.add(i18n::make(
            Severity::Error, "HDR612", at(data, data_file, "recipient"),
            N_("the envelope's recipient '{0}' is not a recipient in the data header ({1})"),
            {r, env_file}, {},
            N_("the envelope and the data must describe the same message; regenerate one of "
               "them")));
    }
  }
}

}  // namespace xoev
