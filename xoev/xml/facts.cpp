// The streaming scan behind `ozg inspect`: header fields of eCH-0058/eCH-0090 and XÖV messages,
// element count and XML Signature presence, in one SAX pass.

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>
#include <xercesc/util/XMLUni.hpp>

#include <algorithm>
#include <memory>

#include "xml/xerces.hpp"
#include "xml/xstr.hpp"
#include "xoev/inspect.hpp"

namespace xoev {

using namespace XERCES_CPP_NAMESPACE;
namespace fs = std::filesystem;
using xml::to_utf8;

namespace {

constexpr const char* kDsigNs = "http://www.w3.org/2000/09/xmldsig#";
constexpr std::size_t kMaxRecipients = 20;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

/// "CN=Gemeinde Beispielwil,O=..." from a base64 DER certificate; empty if it does not decode.
std::string certificate_subject(const std::string& b64) {
  std::string clean;
  for (char c : b64)
    if (!std::isspace(static_cast<unsigned char>(c))) clean.push_back(c);
  std::string der(clean.size() * 3 / 4 + 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(der.data()),
                                reinterpret_cast<const unsigned char*>(clean.data()),
                                static_cast<int>(clean.size()));
  if (n <= 0) return {};
  const auto* p = reinterpret_cast<const unsigned char*>(der.data());
  std::unique_ptr<X509, decltype(&X509_free)> cert(d2i_X509(nullptr, &p, n), X509_free);
  if (!cert) return {};
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert.get()), 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(len));
}

class FactsHandler final : public DefaultHandler, public XMLEntityResolver {
 public:
  MessageFacts facts;

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const Attributes&) override {
    ++facts.elements;
    std::string name = to_utf8(local);
    const std::string ns = to_utf8(uri);
    if (stack_.empty()) {
      facts.root_namespace = ns;
      facts.root = name;
    } else if (stack_.size() == 1 && facts.content.empty()) {
      // The content is the first child of the root that is no header and has children of its
      // own (an envelope's leaf fields are not content).
      const std::string l = lower(name);
      candidate_ = l.find("header") == std::string::npos && l.find("kopf") == std::string::npos
                       ? name
                       : std::string();
    } else if (stack_.size() == 2 && facts.content.empty() && !candidate_.empty()) {
      facts.content = candidate_;
    }
    if (ns == kDsigNs && name == "Signature") facts.signed_ = true;
    text_.clear();
    std::string lname = lower(name);
    stack_.push_back({std::move(name), std::move(lname)});
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    const std::string lname = stack_.back().lname;
    stack_.pop_back();
    const std::string text = trimmed();
    text_.clear();
    if (text.empty()) return;
    // A <code> child stands for its parent (nachrichtentyp/code, Kennung/code).
    const std::string field = lname == "code" && !stack_.empty() ? stack_.back().lname : lname;
    auto first = [&](std::string& slot) {
      if (slot.empty()) slot = text;
    };
    if (field == "messageid" || field == "nachrichtenuuid" || field == "prozessid") first(facts.message_id);
    else if (field == "messagetype" || field == "nachrichtentyp") first(facts.message_type);
    else if (field == "senderid") first(facts.sender);
    else if (field == "recipientid") add_recipient(text);
    else if (field == "messagedate" || field == "erstellungszeitpunkt") first(facts.date);
    else if (field == "eventdate") first(event_date_);
    else if (field == "testdeliveryflag" || field == "testdata") first(facts.test);
    else if (field == "action") first(facts.action);
    else if (field == "x509subjectname") first(facts.signer);
    else if (field == "x509certificate" && facts.signer.empty()) facts.signer = certificate_subject(text);
    else if (field == "kennung" || field == "behoerdenschluessel") {
      // An XÖV authority id, as author (autor, Absender) or reader (leser, Empfaenger); the
      // Kennung of a Kommunikation (phone, e-mail) is not one.
      for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
        if (it->lname == "kommunikation") break;
        if (it->lname == "autor" || it->lname == "absender") {
          first(facts.sender);
          break;
        }
        if (it->lname == "leser" || it->lname == "empfaenger") {
          add_recipient(text);
          break;
        }
      }
    }
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (text_.size() < 4096) text_ += to_utf8(chars, length);
  }

  void endDocument() override {
    if (facts.date.empty()) facts.date = event_date_;
  }

  void fatalError(const SAXParseException& e) override { throw e; }

  InputSource* resolveEntity(XMLResourceIdentifier* ri) override {
    return xml::empty_source(ri->getSystemId());
  }

 private:
  struct Frame {
    std::string name;
    std::string lname;
  };

  void add_recipient(const std::string& r) {
    if (facts.recipients.size() < kMaxRecipients &&
        std::find(facts.recipients.begin(), facts.recipients.end(), r) == facts.recipients.end())
      facts.recipients.push_back(r);
  }

  std::string trimmed() const {
    const auto b = text_.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return text_.substr(b, text_.find_last_not_of(" \t\r\n") - b + 1);
  }

  std::vector<Frame> stack_;
  std::string text_;
  std::string event_date_;
  std::string candidate_;
};

}  // namespace

Result<MessageFacts> read_message_facts(const fs::path& file) {
  xml::XercesRuntime rt;
  FactsHandler handler;
  SAX2XMLReaderImpl reader;
  reader.setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  reader.setFeature(XMLUni::fgSAX2CoreValidation, false);
  reader.setFeature(XMLUni::fgXercesSchema, false);
  reader.setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  reader.setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  reader.setContentHandler(&handler);
  reader.setErrorHandler(&handler);
  reader.setXMLEntityResolver(&handler);
  try {
    reader.parse(xml::XStr(file.string()).c_str());
  } catch (const SAXParseException& e) {
    return fail(ErrorKind::Input, "XML001",
                file.string() + ":" + std::to_string(e.getLineNumber()) + ":" +
                    std::to_string(e.getColumnNumber()) + ": " + xml::to_utf8(e.getMessage()));
  } catch (const XMLException& e) {
    return fail(ErrorKind::Input, "XML007", file.string() + ": " + xml::to_utf8(e.getMessage()));
  }
  std::error_code ec;
  handler.facts.bytes = fs::file_size(file, ec);
  return std::move(handler.facts);
}

}  // namespace xoev
