#include <re2/re2.h>

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
  static const RE2 r(R"((sedex://)?(T?[1-9]-[0-9A-Z]+-[0-9]+|T?0-sedex-0))");
  return RE2::FullMatch(re2::StringPiece(id.data(), id.size()), r);
}

}  // namespace

std::optional<std::chrono::sys_seconds> parse_datetime(std::string_view s) {
  // RE2: linear in the input, whatever a hostile header holds (std::regex recursed per
  // character and overflowed the stack on a 300,000-character value).
  static const RE2 r(
      R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))?)");
  std::array<re2::StringPiece, 12> m;
  if (!r.Match(re2::StringPiece(s.data(), s.size()), 0, s.size(), RE2::ANCHOR_BOTH, m.data(),
               static_cast<int>(m.size())))
    return std::nullopt;
  const auto g = [&](std::size_t i) { return std::string(m[i].data(), m[i].size()); };
  std::tm tm{};
  tm.tm_year = std::stoi(g(1)) - 1900;
  tm.tm_mon = std::stoi(g(2)) - 1;
  tm.tm_mday = std::stoi(g(3));
  tm.tm_hour = std::stoi(g(4));
  tm.tm_min = std::stoi(g(5));
  tm.tm_sec = std::stoi(g(6));
  std::time_t t = timegm(&tm);
  if (m[9].data() != nullptr) {
    const long offset = std::stol(g(10)) * 3600 + std::stol(g(11)) * 60;
    t += g(9) == "+" ? -offset : offset;
  }
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
    static const RE2 uuid(
        R"([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})");
    if (!RE2::FullMatch(msg.message_id, uuid))
      sink.add(make(Severity::Error, "HDR604", at(msg, file, "nachrichten_uuid"),
                    N_("nachrichtenUUID '{0}' is not a UUID"), {msg.message_id}, {},
                    N_("XÖV messages are identified by a UUID such as "
                       "6f1c0b6e-2a4b-4f1e-9c3d-1a2b3c4d5e6f")));
  }
  // XÖV message names end with their message type: administration.quittung.0020 has type 0020.
  if (!is_ech(msg) && !msg.message_type.empty()) {
    static const RE2 numbered(R"(.*\.(\d{4}))");
    std::string type;
    if (RE2::FullMatch(msg.root, numbered, &type) && type != msg.message_type)
      sink.add(make(Severity::Warning, "HDR605", at(msg, file, "message_type"),
                    N_("message type {0} does not match the root element {1}"),
                    {msg.message_type, msg.root}, {},
                    N_("the nachrichtentyp code names another message than the one sent")));
  }
  if (msg.test == "true" || msg.test == "1")
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
