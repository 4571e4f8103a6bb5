// The streaming scan behind `ozg inspect`: header fields of eCH-0058/eCH-0090 and XÖV messages,
// element count and XML Signature presence, in one SAX pass.

#include "xml/facts.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "xml/xerces.hpp"
#include "xml/xstr.hpp"
#include "xoev/model/standard.hpp"

namespace xoev::xml {

using namespace XERCES_CPP_NAMESPACE;
namespace fs = std::filesystem;

namespace {

constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";
constexpr std::size_t kMaxRecipients = 20;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

/// Lower-case local names of the elements whose text is a header fact.
constexpr std::array<std::string_view, 18> kFields{
    "messageid",   "nachrichtenuuid",     "prozessid",
    "messagetype", "nachrichtentyp",      "senderid",
    "recipientid", "messagedate",         "erstellungszeitpunkt",
    "eventdate",   "testdeliveryflag",    "testdata",
    "action",      "x509subjectname",     "x509certificate",
    "kennung",     "behoerdenschluessel", "verzeichnisdienst"};

bool is_field(std::string_view lname) { return std::ranges::find(kFields, lname) != kFields.end(); }

}  // namespace

FactsCollector::Name FactsCollector::describe(std::string_view local) {
  Name n;
  n.local = std::string(local);
  n.lname = lower(local);
  n.field = is_field(n.lname);
  n.code = n.lname == "code";
  n.header =
      n.lname.find("header") != std::string::npos || n.lname.find("kopf") != std::string::npos;
  return n;
}

void FactsCollector::start(std::string_view ns, std::string_view local, uint32_t line,
                           uint32_t column) {
  owned_.push_back(describe(local));
  start(ns, owned_.back(), line, column);
  stack_.back().owned = true;
}

void FactsCollector::start(std::string_view ns, const Name& name, uint32_t line, uint32_t column) {
  ++facts_.elements;
  if (stack_.empty()) {
    facts_.root_namespace = std::string(ns);
    facts_.root = name.local;
  } else if (stack_.size() == 1 && facts_.content.empty()) {
    // The content is the first child of the root that is no header and has children of its
    // own (an envelope's leaf fields are not content).
    candidate_ = name.header ? std::string() : name.local;
  } else if (stack_.size() == 2 && facts_.content.empty() && !candidate_.empty()) {
    facts_.content = candidate_;
  }
  if (ns == kDsigNs && name.local == "Signature") facts_.signed_ = true;
  text_.clear();
  const bool field = name.field || (name.code && !stack_.empty() && stack_.back().name->field);
  stack_.push_back({&name, field, false, line, column});
}

void FactsCollector::text(std::string_view chars) {
  if (wants_text() && text_.size() < 65536) text_ += chars;
}

void FactsCollector::end() {
  const Frame frame = stack_.back();
  stack_.pop_back();
  // An owned name is needed below; it goes when this function returns.
  struct Drop {
    std::deque<Name>* names;
    ~Drop() {
      if (names != nullptr) names->pop_back();
    }
  } drop{frame.owned ? &owned_ : nullptr};
  if (!frame.field) return;
  const std::string text = trimmed();
  text_.clear();
  if (text.empty()) return;
  // A <code> child stands for its parent (nachrichtentyp/code, Kennung/code).
  const std::string& field =
      frame.name->code && !stack_.empty() ? stack_.back().name->lname : frame.name->lname;
  auto first = [&](std::string& slot, const char* key) {
    if (!slot.empty()) return;
    slot = text;
    facts_.positions[key] = {frame.line, frame.column};
  };
  if (field == "nachrichtenuuid" && facts_.message_id.empty())
    facts_.positions["nachrichten_uuid"] = {frame.line, frame.column};
  if (field == "messageid" || field == "nachrichtenuuid" || field == "prozessid")
    first(facts_.message_id, "message_id");
  else if (field == "messagetype" || field == "nachrichtentyp")
    first(facts_.message_type, "message_type");
  else if (field == "senderid")
    first(facts_.sender, "sender");
  else if (field == "recipientid")
    add_recipient(text, frame);
  else if (field == "messagedate" || field == "erstellungszeitpunkt")
    first(facts_.date, "date");
  else if (field == "eventdate")
    first(event_date_, "event_date");
  else if (field == "testdeliveryflag" || field == "testdata")
    first(facts_.test, "test");
  else if (field == "action")
    first(facts_.action, "action");
  else if (field == "x509subjectname")
    first(facts_.signer, "signer");
  else if (field == "x509certificate" && facts_.signer.empty() && subject_ != nullptr)
    facts_.signer = subject_(text);
  else if (field == "verzeichnisdienst")
    directory_ = text;  // DVDV, ... (precedes the kennung)
  else if (field == "kennung" || field == "behoerdenschluessel") {
    // An XÖV authority id, as author (autor, Absender) or reader (leser, Empfaenger), shown with
    // the directory it is registered in; the Kennung of a Kommunikation (phone, e-mail) is none.
    const std::string id = directory_.empty() ? text : text + " (" + directory_ + ")";
    for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
      const std::string& lname = it->name->lname;
      if (lname == "kommunikation") break;
      if (lname == "autor" || lname == "absender") {
        if (facts_.sender.empty()) {
          facts_.sender = id;
          facts_.positions["sender"] = {frame.line, frame.column};
        }
        break;
      }
      if (lname == "leser" || lname == "empfaenger") {
        add_recipient(id, frame);
        break;
      }
    }
    directory_.clear();
  }
}

MessageFacts FactsCollector::finish() {
  facts_.event_date = event_date_;
  if (facts_.date.empty() && !event_date_.empty()) {
    facts_.date = event_date_;
    facts_.positions["date"] = facts_.positions["event_date"];
  }
  facts_.positions.erase("event_date");
  return std::move(facts_);
}

void FactsCollector::add_recipient(const std::string& r, const Frame& at) {
  if (facts_.recipients.empty()) facts_.positions["recipient"] = {at.line, at.column};
  if (facts_.recipients.size() < kMaxRecipients &&
      std::find(facts_.recipients.begin(), facts_.recipients.end(), r) == facts_.recipients.end())
    facts_.recipients.push_back(r);
}

std::string FactsCollector::trimmed() const {
  const auto b = text_.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  return text_.substr(b, text_.find_last_not_of(" \t\r\n") - b + 1);
}

namespace {

/// Feeds a FactsCollector from a plain (non-validating) SAX parse.
class FactsHandler final : public DefaultHandler {
 public:
  explicit FactsHandler(CertificateSubject subject) : collector(subject) {}
  FactsCollector collector;

  void setDocumentLocator(const Locator* const locator) override { locator_ = locator; }
  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const Attributes&) override {
    collector.start(to_utf8(uri), to_utf8(local),
                    locator_ ? static_cast<uint32_t>(locator_->getLineNumber()) : 0,
                    locator_ ? at_column(locator_->getColumnNumber()) : 0);
  }
  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    collector.end();
  }
  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    collector.text(to_utf8(chars, length));
  }
  void fatalError(const SAXParseException& e) override { throw e; }

 private:
  const Locator* locator_ = nullptr;
};

}  // namespace

Result<MessageFacts> scan_facts(const std::filesystem::path& file, const XmlLimits& limits,
                                CertificateSubject subject) {
  FactsHandler handler(subject);
  if (auto r = parse_plain(file, handler, "XML001", "XML007", &limits); !r)
    return std::unexpected(r.error());
  MessageFacts facts = handler.collector.finish();
  std::error_code ec;
  facts.bytes = std::filesystem::file_size(file, ec);
  return facts;
}

}  // namespace xoev::xml
