#include "xoev/transport/sedex/sedex.hpp"

#include <libxml/tree.h>
#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <sstream>

#include "stored_files.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev::transport {

namespace fs = std::filesystem;

namespace {

// RE2: the values come from the message header; matching stays linear in them.
const RE2& participant_re() {
  static const RE2 re("T?[1-9]-[0-9A-Z]+-[0-9]+|T?0-sedex-[0-9]");
  return re;
}
const RE2& datetime_re() {
  static const RE2 re(
      "-?[0-9]{4,}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2}"
      ")?");
  return re;
}

}  // namespace

Result<void> check_envelope(const EnvelopeFields& f) {
  // `wrong` says what the value is not ({0} the field, {1} the value); `hint` where it comes from.
  auto bad = [](const char* what, const std::string& value, const char* wrong, const char* hint) {
    if (value.empty()) return fail(ErrorKind::Usage, "TRN507", N_("{0} is missing"), {what}, hint);
    return fail(ErrorKind::Usage, "TRN507", wrong, {what, value}, hint);
  };
  bool id_ok = !f.message_id.empty() && f.message_id.size() <= 36 &&
               std::all_of(f.message_id.begin(), f.message_id.end(), [](char c) {
                 return std::isalnum(static_cast<unsigned char>(c)) || c == '-';
               });
  if (!id_ok)
    return bad("messageId", f.message_id,
               N_("{0} '{1}' is not an eCH-0090 message id ([A-Za-z0-9-]{1,36})"),
               N_("the envelope needs it; give a message with a header id"));
  const bool type_ok = !f.message_type.empty() && f.message_type.size() <= 7 &&
                       std::all_of(f.message_type.begin(), f.message_type.end(),
                                   [](char c) { return c >= '0' && c <= '9'; }) &&
                       std::stol(f.message_type) <= 2699999;
  if (!type_ok)
    return bad("messageType", f.message_type,
               N_("{0} '{1}' is not a sedex message type (an integer 0..2699999)"),
               N_("the envelope needs it; give --message-type N"));
  constexpr const char* kParticipant =
      N_("{0} '{1}' is not a sedex participant id (e.g. T1-123456-1)");
  if (!RE2::FullMatch(f.sender_id, participant_re()))
    return bad("senderId", f.sender_id, kParticipant,
               N_("the envelope needs it; give --sender-id ID"));
  if (f.recipient_ids.empty())
    return bad("recipientId", "", kParticipant,
               N_("the envelope needs it; give --recipient-id ID"));
  for (const auto& r : f.recipient_ids)
    if (!RE2::FullMatch(r, participant_re()))
      return bad("recipientId", r, kParticipant,
                 N_("the envelope needs it; give --recipient-id ID"));
  if (!RE2::FullMatch(f.event_date, datetime_re()))
    return bad("eventDate", f.event_date,
               N_("{0} '{1}' is not an xs:dateTime (2026-03-01T12:00:00)"),
               N_("the envelope needs it; give --event-date DATE"));
  if (!RE2::FullMatch(f.message_date, datetime_re()))
    return bad("messageDate", f.message_date, N_("{0} '{1}' is not an xs:dateTime"),
               N_("the envelope needs it; give a valid clock"));
  return {};
}

std::string as_date_time(std::string_view d) {
  std::string s(d);
  if (s.size() == 10 && s[4] == '-' && s[7] == '-') s += "T00:00:00";
  return s;
}

std::string make_envelope(const EnvelopeFields& f) {
  std::ostringstream o;
  o << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    << "<eCH-0090:envelope xmlns:eCH-0090=\"http://www.ech.ch/xmlns/eCH-0090/2\" version=\"2.0\">\n"
    << "  <eCH-0090:messageId>" << xml_escaped(f.message_id) << "</eCH-0090:messageId>\n"
    << "  <eCH-0090:messageType>" << xml_escaped(f.message_type) << "</eCH-0090:messageType>\n"
    << "  <eCH-0090:messageClass>" << xml_escaped(f.message_class) << "</eCH-0090:messageClass>\n"
    << "  <eCH-0090:senderId>" << xml_escaped(f.sender_id) << "</eCH-0090:senderId>\n";
  for (const auto& r : f.recipient_ids)
    o << "  <eCH-0090:recipientId>" << xml_escaped(r) << "</eCH-0090:recipientId>\n";
  o << "  <eCH-0090:eventDate>" << xml_escaped(f.event_date) << "</eCH-0090:eventDate>\n"
    << "  <eCH-0090:messageDate>" << xml_escaped(f.message_date) << "</eCH-0090:messageDate>\n"
    << "</eCH-0090:envelope>\n";
  return o.str();
}

Result<Stored> write_sedex(const fs::path& outbox, const std::string& id, std::string_view data,
                           std::string_view envelope) {
  std::error_code ec;
  if (!fs::is_directory(outbox, ec))
    return fail(ErrorKind::Config, "TRN506", N_("{0}: no such folder"), {outbox.string()},
                N_("give the sedex adapter's outbox folder"));
  const fs::path d = outbox / ("data_" + id + ".xml");
  const fs::path e = outbox / ("envl_" + id + ".xml");
  if (fs::exists(d, ec) && fs::exists(e, ec)) {
    auto old = read_stored(d);
    if (old && *old == data) return Stored::AlreadyThere;
  }
  for (const auto& p : {d, e})
    if (fs::exists(p, ec))
      return fail(ErrorKind::Config, "TRN506", N_("{0} already exists with other content"),
                  {p.string()},
                  N_("the adapter has not taken the earlier message with this id yet, or the id "
                     "is used twice; a sedex message id is sent once"));
  if (auto w = store_file(d, data); !w) return std::unexpected(w.error());
  if (auto w = store_file(e, envelope); !w) {
    fs::remove(d, ec);
    return std::unexpected(w.error());
  }
  return Stored::New;
}

Result<Receipt> read_receipt(const fs::path& file) {
  DiagnosticSink sink;
  xml::XmlLimits limits;
  limits.max_tree_bytes = 1u << 20;  // a receipt is a few hundred bytes
  xml::DocPtr doc = xml::load_tree(file, file.string(), limits, sink);
  if (!doc) {
    const Diagnostic& d = sink.diagnostics().front();
    // The loader's finding, said in the user's language, inside this error's sentence.
    Error e = d.loc.line > 0
                  ? within(i18n::error_of(ErrorKind::Input, d), N_("{0}: {3} ({1}, line {2})"),
                           {file.string(), d.code, std::to_string(d.loc.line)})
                  : within(i18n::error_of(ErrorKind::Input, d), N_("{0}: {2} ({1})"),
                           {file.string(), d.code});
    e.code = "TRN521";
    e.hint_id = e.hint =
        N_("a receipt is an eCH-0090 <receipt> document written by the sedex adapter");
    e.hint_args.clear();
    return std::unexpected(std::move(e));
  }
  xmlNode* root = xmlDocGetRootElement(doc.get());
  auto ns_of = [](xmlNode* n) {
    return n->ns != nullptr && n->ns->href != nullptr
               ? std::string(reinterpret_cast<const char*>(n->ns->href))
               : std::string();
  };
  if (root == nullptr || std::string(reinterpret_cast<const char*>(root->name)) != "receipt" ||
      !ns_of(root).starts_with("http://www.ech.ch/xmlns/eCH-0090/"))
    return fail(ErrorKind::Input, "TRN521", N_("{0}: not an eCH-0090 receipt"), {file.string()},
                N_("a receipt is an eCH-0090 <receipt> document written by the sedex adapter"));
  Receipt r;
  r.file = file;
  for (xmlNode* c = root->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const std::string name = reinterpret_cast<const char*>(c->name);
    xmlChar* t = xmlNodeGetContent(c);
    std::string text = t != nullptr ? reinterpret_cast<const char*>(t) : "";
    xmlFree(t);
    if (name == "statusCode") {
      try {
        r.status_code = std::stoi(text);
      } catch (...) {
        r.status_code = 0;
      }
    } else if (name == "statusInfo") {
      r.status_info = text;
    } else if (name == "messageId") {
      r.message_id = text;
    } else if (name == "messageType") {
      r.message_type = text;
    } else if (name == "senderId") {
      r.sender_id = text;
    } else if (name == "recipientId") {
      r.recipient_id = text;
    } else if (name == "eventDate") {
      r.event_date = text;
    }
  }
  if (r.status_code == 0 || r.message_id.empty())
    return fail(ErrorKind::Input, "TRN521", N_("{0}: receipt without statusCode or messageId"),
                {file.string()});
  return r;
}

ReceiptMeaning explain_receipt(int code) {
  switch (code) {
    case 100:
      return {N_("message delivered to the recipient's adapter"), N_("nothing to do"), true, false};
    case 200:
      return {N_("invalid envelope"),
              N_("fix the envelope (ozg validate envl_<id>.xml) and send again with a new id"),
              false, false};
    case 201:
      return {N_("duplicate message id"),
              N_("do not resend: a message with this id was already sent; a new message needs a "
                 "new id"),
              false, false};
    case 202:
      return {N_("no payload found for the envelope"),
              N_("the data file was missing when the adapter took the envelope; send again"), false,
              true};
    case 203:
      return {N_("message too old to send"),
              N_("the message sat in the outbox too long; check that the adapter runs, then send "
                 "again"),
              false, true};
    case 300:
      return {N_("unknown sender id"),
              N_("fix the address: the senderId is not a sedex participant (check --sender-id)"),
              false, false};
    case 301:
      return {
          N_("unknown recipient id"),
          N_("fix the address: the recipientId is not a sedex participant (check --recipient-id)"),
          false, false};
    case 302:
      return {N_("unknown physical sender id"),
              N_("the adapter's own participant id is wrong; fix the adapter configuration"), false,
              false};
    case 303:
      return {N_("invalid message type"), N_("fix the messageType (--message-type)"), false, false};
    case 304:
      return {N_("invalid message class"), N_("fix the messageClass"), false, false};
    case 310:
      return {N_("not allowed to send"),
              N_("the sender is not authorised for this message type; ask the sedex operator"),
              false, false};
    case 311:
      return {
          N_("not allowed to receive"),
          N_("the recipient may not receive this message type; fix the address or ask the sedex "
             "operator"),
          false, false};
    case 313:
      return {N_("other recipients are not allowed"), N_("send to the allowed recipients only"),
              false, false};
    case 320:
      return {N_("never fetched by the recipient"),
              N_("the recipient did not take the message in time; contact the recipient, then send "
                 "again"),
              false, true};
    case 330:
      return {N_("message size exceeds the limit"),
              N_("the message is too large for sedex; split it"), false, false};
    case 400:
      return {N_("network error"), N_("retry later"), false, true};
    case 401:
      return {N_("OSCI hub not reachable (network)"), N_("retry later"), false, true};
    case 402:
      return {N_("directory not reachable (network)"), N_("retry later"), false, true};
    case 403:
      return {N_("logging service not reachable"), N_("retry later"), false, true};
    case 404:
      return {N_("authorisation service not reachable"), N_("retry later"), false, true};
    case 500:
      return {N_("internal adapter error"), N_("check the adapter's log; retry later"), false,
              true};
    case 501:
      return {N_("error while receiving"), N_("check the adapter's log; retry later"), false, true};
    case 601:
      return {N_("message sent, delivery not yet confirmed"), N_("wait for the final receipt"),
              false, false};
    case 701:
      return {N_("message expires soon (not fetched yet)"), N_("remind the recipient; wait"), false,
              false};
    default:
      break;
  }
  if (code >= 200 && code < 300)
    return {N_("message error (code not in ozg's table)"), N_("check the envelope and data file"),
            false, false};
  if (code >= 300 && code < 400)
    return {N_("authorisation error (code not in ozg's table)"),
            N_("check sender, recipient and message type"), false, false};
  if (code >= 400 && code < 500)
    return {N_("transport error (code not in ozg's table)"), N_("retry later"), false, true};
  if (code >= 500 && code < 600)
    return {N_("adapter error (code not in ozg's table)"), N_("check the adapter; retry later"),
            false, true};
  return {N_("status code not in ozg's table"), N_("see the sedex adapter documentation"), false,
          false};
}

}  // namespace xoev::transport
