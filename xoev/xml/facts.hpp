#pragma once
// Private: collects MessageFacts from element events, fed either by its own plain SAX parse
// (read_message_facts) or by the validating parse, so that validation needs no second pass.

#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/model/facts.hpp"
#include "xoev/util/result.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev::xml {

/// Reads the subject of a base64 DER certificate (ds:X509Certificate), or "" when it does not
/// decode. The XML layer holds no X.509 code: the caller passes xoev::x509::certificate_subject
/// (sign/), or nullptr to leave MessageFacts::signer to X509SubjectName alone.
using CertificateSubject = std::string (*)(const std::string& base64);

class FactsCollector {
 public:
  explicit FactsCollector(CertificateSubject subject = nullptr) : subject_(subject) {}

  /// What start() needs of an element's local name, worked out once per name by describe():
  /// a caller that meets the same names over and over (the validating parse) keeps them.
  struct Name {
    std::string local;
    std::string lname;    // lower-case
    bool field = false;   // its text is a header field
    bool code = false;    // "code": a field when its parent is one
    bool header = false;  // "header" or "kopf" in it: not the message's content
  };
  static Name describe(std::string_view local);

  /// `name` must stay where it is until the element's end().
  void start(std::string_view ns, const Name& name, uint32_t line, uint32_t column);
  void start(std::string_view ns, std::string_view local, uint32_t line, uint32_t column);
  void text(std::string_view chars);
  /// True while inside an element whose text is a header field (callers skip transcoding
  /// other text).
  [[nodiscard]] bool wants_text() const { return !stack_.empty() && stack_.back().field; }
  void end();
  /// The facts (bytes not set); call once, after the parse.
  MessageFacts finish();

 private:
  struct Frame {
    const Name* name = nullptr;
    bool field = false;  // its text is (or may be) a header field
    bool owned = false;  // name is the last of owned_
    uint32_t line = 0;
    uint32_t column = 0;
  };
  void add_recipient(const std::string& r, const Frame& at);
  [[nodiscard]] std::string trimmed() const;

  CertificateSubject subject_;
  MessageFacts facts_;
  std::vector<Frame> stack_;
  std::deque<Name> owned_;  // names given as strings, for the open elements that have them
  std::string text_;
  std::string event_date_;
  std::string candidate_;
  std::string directory_;  // verzeichnisdienst of the authority id that follows
};

/// The plain (non-validating) scan behind read_message_facts(); not well-formed input is
/// XML001, an unreadable file XML007.
Result<MessageFacts> scan_facts(const std::filesystem::path& file, const XmlLimits& limits,
                                CertificateSubject subject);

}  // namespace xoev::xml
