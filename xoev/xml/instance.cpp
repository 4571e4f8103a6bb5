// SAX2 streaming validation of instance documents against compiled schemas.
//
// Why this shape: Xerces reports findings through callbacks without an element path, and it
// reports content-model errors of an element *before* that element's startElement event. The
// handler below therefore keeps the element stack itself and holds back the most recent finding
// until the next event: if that event is the start tag the finding was located at, the finding
// belongs to the element that just started and its path is extended accordingly.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLContentModel.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/framework/XMLPScanToken.hpp>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/util/BinInputStream.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/validators/common/ContentSpecNode.hpp>
#include <xercesc/validators/datatype/DatatypeValidator.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaValidator.hpp>

#include "xml/checked_input.hpp"
#include "xml/content_model.hpp"
#include "xml/facet_words.hpp"
#include "xml/facts.hpp"
#include "xml/xerces.hpp"
#include "xml/xstr.hpp"
#include "xoev/diag/i18n.hpp"

namespace xoev::xml {

using namespace XERCES_CPP_NAMESPACE;
namespace fs = std::filesystem;

namespace {

/// Thrown by our handlers to end a parse early (root found, fatal error, hostile input).
struct StopParse {};

bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}

/// Maps a Xerces validity message to a stable code. Xerces has no public error codes at the
/// SAX level; its English messages are fixed strings, so matching them is stable per version.
std::string_view classify_validity(std::string_view m) {
  if (contains(m, "ID attribute") || contains(m, "IDREF") || contains(m, "ID value"))
    return "XSD105";
  if (contains(m, "identity constraint") || contains(m, "duplicate key") ||
      contains(m, "duplicate unique") || contains(m, "keyref") || contains(m, "key value"))
    return "XSD106";
  if (contains(m, "no declaration found for element") || contains(m, "not find the type") ||
      contains(m, "unable to find type") || contains(m, "is not a valid type") ||
      contains(m, "xsi:type"))
    return "XSD107";
  if (contains(m, "must be unqualified") || contains(m, "must be qualified")) return "XSD101";
  if (contains(m, "is not complete") || contains(m, "missing elements") ||
      contains(m, "empty content is not valid"))
    return "XSD102";
  if (contains(m, "is not allowed for content model") || contains(m, "not expected") ||
      contains(m, "is not allowed"))
    return contains(m, "attribute") ? "XSD104" : "XSD101";
  if (contains(m, "attribute")) return "XSD104";
  if (contains(m, "value") || contains(m, "valid") || contains(m, "format") ||
      contains(m, "length") || contains(m, "enumeration") || contains(m, "pattern") ||
      contains(m, "digits") || contains(m, "datatype") || contains(m, "fixed"))
    return "XSD103";
  return "XSD100";
}

/// Shortens quoted values (not content models) longer than 60 characters ('aaaa…' (350 chars)) so
/// that one huge value does not drown the message.
std::string shorten_quoted(std::string m) {
  constexpr std::size_t kMax = 60;
  std::size_t pos = 0;
  while ((pos = m.find('\'', pos)) != std::string::npos) {
    const std::size_t end = m.find('\'', pos + 1);
    if (end == std::string::npos) break;
    const std::size_t len = end - pos - 1;
    if (len > kMax && m[pos + 1] != '(') {  // content models stay whole: they say what is expected
      std::size_t cut = pos + 1 + kMax;
      while (cut > pos + 1 && (static_cast<unsigned char>(m[cut]) & 0xC0) == 0x80) --cut;
      const std::string tail = "…' (" + std::to_string(len) + " chars)";
      m.replace(cut, end - cut + 1, tail);
      pos = cut + tail.size();
    } else {
      pos = end + 1;
    }
  }
  return m;
}

/// What an identifier is, from the eCH simple type the element has (or one it restricts): the
/// standard ("eCH-0007", from the type's namespace in any version, "-f" variants included) and
/// the type's name. kHistId: eCH-0071's histIdType, which districts use too.
constexpr int kNotAnId = -1;
constexpr int kHistId = 100;

int classify_type(const DatatypeValidator* dv) {
  // A constant table, not a function-local static map: no initialisation at first use, which
  // helgrind cannot follow (e2e shared_grammar_threads).
  struct Known {
    std::string_view standard, type;
    int kind;
  };
  static constexpr Known kTypes[] = {
      {"eCH-0007", "municipalityIdType", static_cast<int>(IdKind::MunicipalityId)},
      {"eCH-0007", "historyMunicipalityId", static_cast<int>(IdKind::HistoryMunicipalityId)},
      {"eCH-0007", "cantonAbbreviationType", static_cast<int>(IdKind::Canton)},
      {"eCH-0007", "cantonFlAbbreviationType", static_cast<int>(IdKind::CantonFl)},
      {"eCH-0071", "municipalityIdType", static_cast<int>(IdKind::MunicipalityId)},
      {"eCH-0071", "histIdType", kHistId},
      {"eCH-0071", "cantonAbbreviationType", static_cast<int>(IdKind::Canton)},
      {"eCH-0008", "countryIdType", static_cast<int>(IdKind::CountryId)},
      {"eCH-0008", "countryIdISO2Type", static_cast<int>(IdKind::CountryIso2)},
      {"eCH-0010", "countryIdType", static_cast<int>(IdKind::CountryId)},
      {"eCH-0010", "countryIdISO2Type", static_cast<int>(IdKind::CountryIso2)},
      {"eCH-0044", "vnType", static_cast<int>(IdKind::Vn)},
      {"eCH-0021", "uidOrganisationIdType", static_cast<int>(IdKind::Uid)},
      {"eCH-0097", "uidOrganisationIdType", static_cast<int>(IdKind::Uid)},
  };
  constexpr std::string_view kPrefix = "http://www.ech.ch/xmlns/";
  for (int depth = 0; dv != nullptr && depth < 16; dv = dv->getBaseValidator(), ++depth) {
    if (dv->getTypeUri() == nullptr || dv->getTypeLocalName() == nullptr) continue;
    const std::string uri = to_utf8(dv->getTypeUri());
    if (!uri.starts_with(kPrefix) || uri.size() < kPrefix.size() + 8) continue;
    const std::string standard = uri.substr(kPrefix.size(), 8);
    const std::string local = to_utf8(dv->getTypeLocalName());
    for (const Known& k : kTypes)
      if (k.standard == standard && k.type == local) return k.kind;
  }
  return kNotAnId;
}

/// IBAN and Steuer-IdNr have no type of their own in XÖV schemas (a DIN 91379 string), so they
/// are recognised by the element's name.
int classify_name(const std::string& name) {
  // Most elements are neither: decided on length and first letter, without a copy.
  const char first = static_cast<char>(name.empty() ? 0 : (name[0] | 0x20));
  if (name.size() == 4 ? first != 'i' : (name.size() < 8 || first != 's')) return kNotAnId;
  std::string l = name;
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return std::tolower(c); });
  if (l == "iban") return static_cast<int>(IdKind::Iban);
  static constexpr std::string_view kSteuerId[] = {
      "steueridentifikationsnummer", "steuerlicheidentifikationsnummer", "steuerid", "steueridnr"};
  if (std::ranges::find(kSteuerId, l) != std::end(kSteuerId))
    return static_cast<int>(IdKind::SteuerId);
  return kNotAnId;
}

/// Xerces' content model as a Particle tree. nullopt for a shape it does not know (then the
/// validator's own message stays).
std::optional<Particle> to_particle(const ContentSpecNode* n, int depth = 0) {
  if (n == nullptr || depth > 200) return std::nullopt;
  Particle p;
  const int type = n->getType();
  const int base = type < 16 ? type : type & 0x0f;  // ModelGroup*/lax/skip variants
  switch (base) {
    case ContentSpecNode::Leaf: {
      const QName* q = n->getElement();
      if (q == nullptr) return std::nullopt;
      const unsigned uri = q->getURI();
      if (uri == XMLElementDecl::fgPCDataElemId || uri == XMLContentModel::gEpsilonFakeId) {
        p.kind = Particle::Kind::Sequence;  // nothing to consume
      } else {
        p.name = to_utf8(q->getLocalPart());
      }
      break;
    }
    case ContentSpecNode::ZeroOrOne:
    case ContentSpecNode::ZeroOrMore:
    case ContentSpecNode::OneOrMore: {
      auto inner = to_particle(n->getFirst(), depth + 1);
      if (!inner) return std::nullopt;
      p.kind = Particle::Kind::Sequence;
      p.min = base == ContentSpecNode::OneOrMore ? 1 : 0;
      p.max = base == ContentSpecNode::ZeroOrOne ? 1 : -1;
      p.children.push_back(std::move(*inner));
      break;
    }
    case ContentSpecNode::Choice:
    case ContentSpecNode::Sequence:
    case ContentSpecNode::All: {
      p.kind = base == ContentSpecNode::Choice     ? Particle::Kind::Choice
               : base == ContentSpecNode::Sequence ? Particle::Kind::Sequence
                                                   : Particle::Kind::All;
      // Xerces keeps groups as binary trees; nested nodes of the same kind and bounds (1,1)
      // are one group.
      for (const ContentSpecNode* c : {n->getFirst(), n->getSecond()}) {
        if (c == nullptr) continue;
        auto child = to_particle(c, depth + 1);
        if (!child) return std::nullopt;
        const int cbase = c->getType() < 16 ? c->getType() : c->getType() & 0x0f;
        if (cbase == base && child->min == 1 && child->max == 1 && child->kind == p.kind) {
          for (Particle& g : child->children) p.children.push_back(std::move(g));
        } else {
          p.children.push_back(std::move(*child));
        }
      }
      break;
    }
    case ContentSpecNode::Any:
    case ContentSpecNode::Any_Other:
    case ContentSpecNode::Any_NS:
      p.kind = Particle::Kind::Any;
      break;
    default:
      return std::nullopt;
  }
  if (n->getMinOccurs() != 1 || n->getMaxOccurs() != 1) {
    if (p.min == 1 && p.max == 1) {
      p.min = n->getMinOccurs();
      p.max = n->getMaxOccurs();
    } else {
      Particle outer;
      outer.kind = Particle::Kind::Sequence;
      outer.min = n->getMinOccurs();
      outer.max = n->getMaxOccurs();
      outer.children.push_back(std::move(p));
      return outer;
    }
  }
  return p;
}

/// What the handler derives from an element's local name, once per name and worker: the same
/// few dozen names recur in every message of a batch.
struct ElementName {
  std::u16string key;  // the name as Xerces gives it
  std::string utf8;
  int kind = kNotAnId;  // classify_name()
  FactsCollector::Name facts;
};

/// The names met so far, by their XMLCh text. Entries stay where they are until clear().
class NameTable {
 public:
  const ElementName& get(const XMLCh* local) {
    // Xerces passes the name of a declared element from the grammar, at the same address
    // every time: a slot per address answers without hashing, once the text is compared (an
    // undeclared element's name may be at an address another name had before).
    Recent& slot = recent_[(reinterpret_cast<std::uintptr_t>(local) >> 3) % recent_.size()];
    if (slot.local == local && same_text(local, slot.name->key)) return *slot.name;
    const ElementName& found = lookup(local);
    slot = {local, &found};
    return found;
  }
  /// Between documents: forgets the names once there are many (a batch of messages that all
  /// use different names must not grow it without end).
  void trim() {
    if (names_.size() > kMax) {
      names_.clear();
      recent_.fill({});
    }
  }

 private:
  struct Recent {
    const XMLCh* local = nullptr;
    const ElementName* name = nullptr;
  };
  static bool same_text(const XMLCh* a, const std::u16string& b) {
    std::size_t i = 0;
    for (; i < b.size(); ++i)
      if (a[i] != b[i]) return false;
    return a[i] == 0;
  }
  const ElementName& lookup(const XMLCh* local) {
    const std::u16string_view key(local);
    auto it = names_.find(key);
    if (it != names_.end()) return *it->second;
    auto n = std::make_unique<ElementName>();
    n->key = key;
    n->utf8 = to_utf8(local);
    n->kind = classify_name(n->utf8);
    n->facts = FactsCollector::describe(n->utf8);
    const ElementName& ref = *n;
    names_.emplace(std::u16string_view(n->key), std::move(n));
    return ref;
  }

  static constexpr std::size_t kMax = 4096;
  std::array<Recent, 256> recent_{};
  std::unordered_map<std::u16string_view, std::unique_ptr<ElementName>> names_;
};

struct Frame {
  const ElementName* name = nullptr;
  unsigned index = 1;  // among its same-named siblings (1, 2, …)
  std::vector<std::pair<const ElementName*, unsigned>> children;  // name -> count so far
  std::uint32_t line = 0, column = 0;                             // where its start tag ends
  std::size_t log_start = 0;                    // its children's entries in InstanceHandler::log_
  bool log_full = false;                        // some of its children are not in the log
  const ComplexTypeInfo* type = nullptr;        // its complex type, if the schema gives one
  const DatatypeValidator* datatype = nullptr;  // its simple type (or simple content)

  /// The child's position among its same-named siblings (1, 2, …); `slot` is its name's index
  /// in `children`.
  unsigned next_index(const ElementName* child, std::uint32_t& slot) {
    for (std::size_t i = 0; i < children.size(); ++i) {
      if (children[i].first == child) {
        slot = static_cast<std::uint32_t>(i);
        return ++children[i].second;
      }
    }
    slot = static_cast<std::uint32_t>(children.size());
    children.emplace_back(child, 1);
    return 1;
  }

  /// Appends its step in an element path: /name, or /name[index] after the first.
  void append_step(std::string& path) const {
    path += '/';
    path += name->utf8;
    if (index > 1) {
      path += '[';
      path += std::to_string(index);
      path += ']';
    }
  }
};

/// The open elements. Frames are reused from one element to the next, so that their lists of
/// children keep their memory instead of allocating it anew for every element.
class FrameStack {
 public:
  [[nodiscard]] std::size_t size() const { return size_; }
  Frame& back() { return frames_[size_ - 1]; }
  [[nodiscard]] const Frame& back() const { return frames_[size_ - 1]; }
  const Frame& operator[](std::size_t i) const { return frames_[i]; }
  Frame& push() {
    if (size_ == frames_.size()) frames_.emplace_back();
    Frame& f = frames_[size_++];
    f.children.clear();
    return f;
  }
  void pop() { --size_; }
  void clear() {
    size_ = 0;
    // A message with very many different children under one element leaves no large lists.
    for (Frame& f : frames_)
      if (f.children.capacity() > 256)
        std::vector<std::pair<const ElementName*, unsigned>>().swap(f.children);
  }

 private:
  std::vector<Frame> frames_;
  std::size_t size_ = 0;
};

/// Receives the parse events of one document: keeps the element path, turns Xerces errors into
/// diagnostics, and answers external entities (with nothing, and a warning saying so).
class InstanceHandler final : public DefaultHandler, public XMLEntityResolver {
 public:
  InstanceHandler(const XmlLimits& limits, bool peek) : limits_(limits), peek_(peek) {}

  void reset(DiagnosticSink* sink, const std::string* display, const fs::path* file,
             const InputStop* stop, ParseHooks hooks = {}) {
    sink_ = sink;
    stop_ = stop;
    display_ = display;
    file_ = file;
    on_code_ = hooks.on_code;
    on_typed_ = hooks.on_typed;
    facts_ = hooks.facts;
    codes_.clear();
    typed_.reset();
    stack_.clear();
    names_.trim();
    stack_.push() = Frame{};
    log_.clear();
    held_.reset();
    root_.reset();
    locator_ = nullptr;
  }

  std::optional<RootInfo> root() const { return root_; }

  /// The reader's validator, whose current datatype names the type of each element as it
  /// starts (null: elements are not typed, and only names are recognised).
  /// `kinds` caches classify_type() for the datatypes of the validator's grammar; it lives as
  /// long as that grammar.
  void set_validator(XMLValidator* v, std::unordered_map<const void*, int>* kinds) {
    schema_validator_ = dynamic_cast<SchemaValidator*>(v);
    kinds_ = kinds;
  }

  /// Line and column the scanner has reached (0, 0 before the parse starts).
  [[nodiscard]] std::pair<uint32_t, uint32_t> position() const {
    if (locator_ == nullptr) return {0, 0};
    return {static_cast<uint32_t>(locator_->getLineNumber()),
            at_column(locator_->getColumnNumber())};
  }

  void flush() {
    if (held_) {
      sink_->add(std::move(*held_));
      held_.reset();
    }
  }

  /// Stores the held finding past the error cap: it is the one that ended the parse.
  void flush_final() {
    if (held_) {
      sink_->add_final(std::move(*held_));
      held_.reset();
    }
  }

  // ContentHandler
  void setDocumentLocator(const Locator* const locator) override { locator_ = locator; }

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const Attributes& attrs) override {
    if (peek_) {
      if (!root_) root_ = RootInfo{to_utf8(uri), to_utf8(local)};
      return;
    }
    const ElementName& name = names_.get(local);
    std::uint32_t slot = 0;
    const unsigned index = stack_.back().next_index(&name, slot);
    const auto [line, column] = position();
    if (held_ && locator_ != nullptr && held_->loc.line == line && held_->loc.column == column &&
        held_at_depth_ == stack_.size()) {
      held_->path += "/" + (index > 1 ? name.utf8 + "[" + std::to_string(index) + "]" : name.utf8);
    }
    flush();
    if (schema_validator_ != nullptr) {
      if (log_.size() < kMaxLogged)
        log_.push_back({slot, line, column});
      else
        stack_.back().log_full = true;
    }
    Frame& frame = stack_.push();
    frame.name = &name;
    frame.index = index;
    frame.line = line;
    frame.column = column;
    frame.log_start = log_.size();
    frame.log_full = false;
    frame.type = schema_validator_ ? schema_validator_->getCurrentTypeInfo() : nullptr;
    frame.datatype = schema_validator_ ? schema_validator_->getCurrentDatatypeValidator() : nullptr;
    if (stack_.size() - 1 > limits_.max_depth) {
      record(Severity::Error, "XML005", {}, {}, Remedy{Remedy::Kind::RaiseLimit, {"--max-depth"}});
      i18n::say(*held_, N_("elements are nested deeper than {0} levels"),
                {std::to_string(limits_.max_depth)});
      flush_final();
      throw StopParse{};
    }
    if (on_code_ != nullptr) start_code(name.utf8, attrs);
    if (on_typed_ != nullptr) start_typed(name, frame.datatype, line, column);
    // The collector needs the namespace of the root and of ds:Signature only.
    if (facts_ != nullptr)
      facts_->start(stack_.size() == 2 || name.utf8 == "Signature" ? to_utf8(uri) : std::string(),
                    name.facts, line, column);
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    flush();
    if (on_code_ != nullptr) end_code();
    if (typed_ && stack_.size() == typed_->depth) {
      const std::string& t = typed_->text;
      const auto b = t.find_first_not_of(" \t\r\n");
      typed_->value.value = b == std::string::npos
                                ? std::string()
                                : t.substr(b, t.find_last_not_of(" \t\r\n") - b + 1);
      (*on_typed_)(typed_->value);
      typed_.reset();
    }
    if (facts_ != nullptr) facts_->end();
    if (stack_.size() > 1) {
      log_.resize(stack_.back().log_start);
      stack_.pop();
    }
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    const bool for_code = !codes_.empty() && codes_.back().collecting;
    const bool for_facts = facts_ != nullptr && facts_->wants_text();
    const bool for_typed = typed_ && typed_->text.size() < 1024;
    if (!for_code && !for_facts && !for_typed) return;
    const std::string text = to_utf8(chars, length);
    if (for_code) codes_.back().text += text;
    if (for_typed) typed_->text += text;
    if (for_facts) facts_->text(text);
  }

  // XMLEntityResolver: instance documents never load anything.
  InputSource* resolveEntity(XMLResourceIdentifier* ri) override {
    if (ri->getResourceIdentifierType() == XMLResourceIdentifier::ExternalEntity && sink_) {
      record(Severity::Warning, "XML009", {});
      i18n::say(*held_, N_("external entity '{0}' was not loaded (replaced by nothing)"),
                {to_utf8(ri->getSystemId())});
      i18n::advise(
          *held_,
          N_("ozg never reads files or URLs named in a message; put the content in the message"),
          {});
    }
    return empty_source(ri->getSystemId());
  }

  // LexicalHandler
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    if (limits_.allow_doctype) return;
    record(Severity::Error, "XML003",
           N_("document type declaration (DOCTYPE) refused: DTDs and external entities are "
              "disabled"),
           {}, Remedy{Remedy::Kind::RemoveDoctype, {}});
    flush();
    throw StopParse{};
  }

  // ErrorHandler
  void warning(const SAXParseException& e) override {
    record_at(e, Severity::Warning, classify_validity(to_utf8(e.getMessage())),
              to_utf8(e.getMessage()), {});
  }
  void error(const SAXParseException& e) override {
    const std::string msg = shorten_quoted(to_utf8(e.getMessage()));
    const std::string_view code = classify_validity(msg);
    if ((code == "XSD101" || code == "XSD102") && contains(msg, "content model") &&
        explain_children(e))
      return;
    if (code == "XSD103")
      if (auto words = facet_in_words(msg, enumeration_of_current())) {
        record_at(e, Severity::Error, code, {}, {});
        i18n::say(*held_, words->message, std::move(words->args));
        if (words->hint != nullptr) i18n::advise(*held_, words->hint, std::move(words->hint_args));
        return;
      }
    record_at(e, Severity::Error, code, msg, {});
    if (auto words = validity_in_words(msg))
      i18n::say(*held_, words->message, std::move(words->args));
  }
  void fatalError(const SAXParseException& e) override {
    if (stop_ != nullptr && stop_->stopped()) throw StopParse{};  // the input ended early
    const std::string msg = to_utf8(e.getMessage());
    const std::string_view code = classify_fatal(msg);
    const auto words = fatal_in_words(msg);
    if (code == "XML008") {
      record_at(e, Severity::Warning, code, {}, {});
      i18n::say(*held_, N_("{0} (ignored: schemas come from the repository)"), {msg});
      return;  // continue-after-fatal is on for exactly this case
    }
    const char* hint = nullptr;
    if (code == "XML004") {
      hint = contains(msg, "converter")
                 ? N_("the declared encoding is not supported; XÖV/eCH messages are UTF-8")
                 : N_("save the file in the encoding its XML declaration names (UTF-8 for "
                      "XÖV/eCH)");
      if (contains(msg, "byte") && file_ != nullptr) {
        if (auto bad = first_invalid_utf8(*file_)) {
          hold({Severity::Error, "XML004", {*display_, bad->line, bad->column}, {}, {}, {}});
          say_bad_byte(*held_, *bad);
          i18n::advise(*held_, hint, {});
          flush_final();
          throw StopParse{};
        }
      }
    } else if (code == "XML006") {
      hint = N_("the document expands too many entities; it is treated as hostile");
    }
    record_at(e, Severity::Error, code, msg, {});
    if (words) i18n::say(*held_, words->message, std::move(words->args));
    if (hint != nullptr) i18n::advise(*held_, hint, {});
    flush_final();
    throw StopParse{};
  }
  void resetErrors() override {}

  void record(Severity sev, std::string_view code, std::string msg,
              std::optional<std::string> hint = {}, std::optional<Remedy> remedy = {}) {
    Location loc{*display_, 0, 0};
    if (locator_ != nullptr) {
      loc.line = static_cast<uint32_t>(locator_->getLineNumber());
      loc.column = at_column(locator_->getColumnNumber());
    }
    hold({sev, std::string(code), std::move(loc), std::move(msg), path(), std::move(hint),
          std::move(remedy)});
  }

 private:
  void record_at(const SAXParseException& e, Severity sev, std::string_view code, std::string msg,
                 std::optional<std::string> hint) {
    Location loc{*display_, static_cast<uint32_t>(e.getLineNumber()),
                 at_column(e.getColumnNumber())};
    hold({sev, std::string(code), std::move(loc), std::move(msg), path(), std::move(hint)});
  }

  void hold(Diagnostic d) {
    flush();
    held_ = std::move(d);
    held_at_depth_ = stack_.size();
  }

  /// Replaces Xerces' "… content model '(…)'" at an element's end tag by what is wrong: the
  /// first child that does not fit, at its own start tag, or what is missing, at the element's
  /// start tag. False when that cannot be told (the caller keeps Xerces' message).
  bool explain_children(const SAXParseException& e) {
    if (schema_validator_ == nullptr || stack_.size() < 2 || stack_.back().log_full) return false;
    // Not the validator's current type: at the end tag it is already the parent's.
    const ComplexTypeInfo* type = stack_.back().type;
    if (type == nullptr) return false;
    const auto model = to_particle(type->getContentSpec());
    if (!model) return false;
    const Frame& frame = stack_.back();
    std::vector<std::string_view> children;
    children.reserve(log_.size() - frame.log_start);
    for (std::size_t i = frame.log_start; i < log_.size(); ++i)
      children.push_back(frame.children[log_[i].slot].first->utf8);
    const auto problem = explain_content(*model, children);
    if (!problem) return false;
    const std::string parent = stack_.back().name->utf8;
    const std::string before =
        problem->child == 0 ? std::string() : std::string(children[problem->child - 1]);
    Diagnostic d{Severity::Error, "", {*display_, 0, 0}, "", path(), std::nullopt};
    if (problem->kind == ContentProblem::Kind::Unexpected) {
      const LoggedChild& at = log_[frame.log_start + problem->child];
      const std::string name(children[problem->child]);
      const auto same = std::count(children.begin(), children.begin() + problem->child, name);
      d.code = "XSD101";
      d.loc.line = at.line;
      d.loc.column = at.column;
      d.path += "/" + name + (same ? "[" + std::to_string(same + 1) + "]" : "");
      const std::size_t n = problem->expected.size();
      const std::string expected = list_names(problem->expected);
      if (n == 0)
        i18n::say(d, N_("element '{0}' is not expected after '{1}': '{2}' ends there"),
                  {name, before, parent});
      else if (before.empty())
        i18n::say(d,
                  n == 1
                      ? N_("element '{0}' is not expected at the start of '{1}': expected is {2}")
                      : N_("element '{0}' is not expected at the start of '{1}': expected is "
                           "one of {2}"),
                  {name, parent, expected});
      else
        i18n::say(d,
                  n == 1 ? N_("element '{0}' is not expected after '{1}': expected is {2}")
                         : N_("element '{0}' is not expected after '{1}': expected is one of {2}"),
                  {name, before, expected});
      if (!problem->missing_before.empty()) {
        d.code = "XSD102";
        i18n::say(d, N_("element '{0}' lacks '{1}' before '{2}'"),
                  {parent, problem->missing_before, name});
        i18n::advise(d, N_("add <{0}> before <{1}>"), {problem->missing_before, name});
      } else if (!problem->comes_later.empty()) {
        i18n::advise(d,
                     N_("<{0}> comes later in the message, but the schema wants it before <{1}>: "
                        "put the children in the schema's order"),
                     {problem->comes_later, name});
      } else if (problem->elsewhere_in_model) {
        i18n::advise(d,
                     N_("'{0}' belongs in '{1}', but at another place: the schema fixes the order "
                        "of the children; move it, or add what is missing before it"),
                     {name, parent});
      } else if (!problem->similar.empty()) {
        i18n::advise(d, N_("did you mean '{0}'?"), {problem->similar});
      } else {
        i18n::advise(d,
                     N_("'{0}' is not part of '{1}' in this schema: check the element's namespace "
                        "and the version of the standard the message is written for"),
                     {name, parent});
      }
    } else {
      d.code = "XSD102";
      d.loc.line = frame.line;
      d.loc.column = frame.column;
      const bool required = !problem->required.empty();
      const std::vector<std::string>& missing = required ? problem->required : problem->expected;
      const std::size_t n = missing.size();
      const std::vector<std::string> args = {parent, list_names(missing), before,
                                             std::to_string(e.getLineNumber())};
      if (required && before.empty())
        i18n::say(d,
                  n == 1 ? N_("element '{0}' is incomplete: {1} is missing at its start (the "
                              "element ends at line {3})")
                         : N_("element '{0}' is incomplete: {1} are missing at its start (the "
                              "element ends at line {3})"),
                  args);
      else if (required)
        i18n::say(d,
                  n == 1
                      ? N_("element '{0}' is incomplete: {1} is missing after '{2}' (the element "
                           "ends at line {3})")
                      : N_("element '{0}' is incomplete: {1} are missing after '{2}' (the "
                           "element ends at line {3})"),
                  args);
      else if (before.empty())
        i18n::say(d,
                  N_("element '{0}' is incomplete: expected one of {1} at its start (the element "
                     "ends at line {3})"),
                  args);
      else
        i18n::say(d,
                  N_("element '{0}' is incomplete: expected one of {1} after '{2}' (the element "
                     "ends at line {3})"),
                  args);
      if (n == 1 && before.empty())
        i18n::advise(d, N_("add <{0}> at the start of <{1}>"), {missing[0], parent});
      else if (n == 1)
        i18n::advise(d, N_("add <{0}> after <{1}>"), {missing[0], before});
    }
    hold(std::move(d));
    return true;
  }

  /// The enumeration of the innermost open element's type. A bad attribute value is reported
  /// before its element opens, so this is then its parent's; facet_in_words ignores a list
  /// that holds the value.
  [[nodiscard]] std::vector<std::string> enumeration_of_current() const {
    std::vector<std::string> values;
    const DatatypeValidator* dv = stack_.back().datatype;
    if (dv == nullptr || stack_.size() < 2) return values;
    if (const auto* list = dv->getEnumString())
      for (XMLSize_t i = 0; i < list->size(); ++i) values.push_back(to_utf8(list->elementAt(i)));
    return values;
  }

  /// The element path; very deep paths keep their first and last steps.
  [[nodiscard]] std::string path() const {
    constexpr std::size_t kEnds = 8;
    const std::size_t n = stack_.size() - 1;
    std::string p;
    p.reserve(160);
    for (std::size_t i = 1; i <= n; ++i) {
      if (n > 2 * kEnds + 1 && i == kEnds + 1) {
        p += "/…(" + std::to_string(n - 2 * kEnds) + " levels)…";
        i = n - kEnds;
        continue;
      }
      stack_[i].append_step(p);
    }
    return p;
  }

  /// An element with listURI/listVersionID (in the message or fixed in the schema, which the
  /// validating reader reports as attributes too) opens a code context; its <code> child's text
  /// is the value.
  struct CodeContext {
    std::size_t depth = 0;  // stack_ size of the element with the list attributes
    bool collecting = false;
    std::string text;  // of the <code> child, until it ends
    CodeValue value;
  };

  void start_code(const std::string& name, const Attributes& attrs) {
    if (!codes_.empty() && name == "code" && stack_.size() == codes_.back().depth + 1) {
      CodeContext& c = codes_.back();
      c.collecting = true;
      c.text.clear();
      c.value.loc = {*display_, 0, 0};
      if (locator_ != nullptr) {
        c.value.loc.line = static_cast<uint32_t>(locator_->getLineNumber());
        c.value.loc.column = at_column(locator_->getColumnNumber());
      }
      c.value.path = path();
      return;
    }
    // By index: Attributes::getValue(uri, name) looks up every attribute's URI text.
    const XMLCh* uri = nullptr;
    const XMLCh* version = nullptr;
    for (XMLSize_t i = 0, n = attrs.getLength(); i < n; ++i) {
      const XMLCh* local = attrs.getLocalName(i);
      const bool list_uri = XMLString::equals(local, u"listURI");
      if (!list_uri && !XMLString::equals(local, u"listVersionID")) continue;
      const XMLCh* ns = attrs.getURI(i);
      if (ns != nullptr && *ns != 0) continue;
      (list_uri ? uri : version) = attrs.getValue(i);
    }
    if (uri == nullptr && version == nullptr) return;
    CodeContext c;
    c.depth = stack_.size();
    c.value.list_uri = to_utf8(uri);
    c.value.list_version = to_utf8(version);
    codes_.push_back(std::move(c));
  }

  /// An element whose type (or name) marks an identifier opens a typed context until it ends.
  void start_typed(const ElementName& name, const DatatypeValidator* dv, std::uint32_t line,
                   std::uint32_t column) {
    int kind = kNotAnId;
    if (dv != nullptr && kinds_ != nullptr) {
      auto [it, fresh] = kinds_->try_emplace(dv, kNotAnId);
      if (fresh) it->second = classify_type(dv);
      kind = it->second;
    }
    if (kind == kHistId)
      kind = name.utf8 == "historyMunicipalityId" ? static_cast<int>(IdKind::HistoryMunicipalityId)
                                                  : kNotAnId;
    if (kind == kNotAnId) kind = name.kind;
    if (kind == kNotAnId) return;
    TypedContext c;
    c.depth = stack_.size();
    c.value.kind = static_cast<IdKind>(kind);
    c.value.loc = {*display_, line, column};
    c.value.path = path();
    typed_ = std::move(c);
  }

  void end_code() {
    if (codes_.empty()) return;
    CodeContext& c = codes_.back();
    if (c.collecting && stack_.size() == c.depth + 1) {
      c.collecting = false;
      const std::string& t = c.text;
      const auto b = t.find_first_not_of(" \t\r\n");
      c.value.value = b == std::string::npos ? std::string()
                                             : t.substr(b, t.find_last_not_of(" \t\r\n") - b + 1);
      (*on_code_)(c.value);
    } else if (stack_.size() == c.depth) {
      codes_.pop_back();
    }
  }

  struct TypedContext {
    std::size_t depth = 0;  // stack_ size of the element
    std::string text;
    TypedValue value;
  };

  const XmlLimits& limits_;
  bool peek_;
  const TypedCallback* on_typed_ = nullptr;
  SchemaValidator* schema_validator_ = nullptr;
  std::unordered_map<const void*, int>* kinds_ = nullptr;
  std::optional<TypedContext> typed_;
  const InputStop* stop_ = nullptr;
  const CodeCallback* on_code_ = nullptr;
  FactsCollector* facts_ = nullptr;
  std::vector<CodeContext> codes_;
  DiagnosticSink* sink_ = nullptr;
  const std::string* display_ = nullptr;
  const fs::path* file_ = nullptr;
  const Locator* locator_ = nullptr;
  NameTable names_;
  FrameStack stack_;
  /// The children of every open element, in document order: a frame's entries start at its
  /// log_start and are dropped when it ends. Capped, so that a flat document of millions of
  /// elements cannot grow it; beyond the cap only Xerces' own message is given.
  struct LoggedChild {
    std::uint32_t slot;  // the name's index in the parent frame's `children`
    std::uint32_t line, column;
  };
  static constexpr std::size_t kMaxLogged = 1 << 16;
  std::vector<LoggedChild> log_;
  std::optional<Diagnostic> held_;
  std::size_t held_at_depth_ = 0;
  std::optional<RootInfo> root_;
};

void configure_common(SAX2XMLReaderImpl& r, const XmlLimits& limits, SecurityManager& security) {
  r.setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  r.setFeature(XMLUni::fgSAX2CoreNameSpacePrefixes, false);
  r.setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  r.setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  r.setFeature(XMLUni::fgXercesSkipDTDValidation, true);
  security.setEntityExpansionLimit(limits.entity_expansion_limit);
  r.setProperty(XMLUni::fgXercesSecurityManager, &security);
}

}  // namespace

struct InstanceValidator::Impl {
  explicit Impl(XmlLimits l)
      : limits(l),
        memory(bounded_memory(limits)),
        peek_handler(limits, true),
        handler(limits, false) {}

  struct Bound {
    std::shared_ptr<CompiledSchema> schema;  // declared first: destroyed after the reader
    std::unique_ptr<SAX2XMLReaderImpl> reader;
    std::unordered_map<const void*, int> kinds;  // classify_type() by the grammar's datatypes
  };

  /// A non-validating reader feeding `h`, created on first use.
  SAX2XMLReaderImpl& non_validating(std::unique_ptr<SAX2XMLReaderImpl>& slot, InstanceHandler& h) {
    if (!slot) {
      slot = std::make_unique<SAX2XMLReaderImpl>(memory.get());
      configure_common(*slot, limits, security);
      slot->setFeature(XMLUni::fgSAX2CoreValidation, false);
      slot->setFeature(XMLUni::fgXercesSchema, false);
      wire(*slot, h);
    }
    return *slot;
  }
  SAX2XMLReaderImpl& peeker() { return non_validating(peek_reader, peek_handler); }
  SAX2XMLReaderImpl& plain() { return non_validating(plain_reader, handler); }

  Bound& bound(const std::shared_ptr<CompiledSchema>& schema) {
    auto it = readers.find(schema->id());
    if (it != readers.end()) return it->second;
    Bound b{schema, nullptr, {}};
    b.reader.reset(new SAX2XMLReaderImpl(memory.get(), schema->pool()));
    SAX2XMLReaderImpl& r = *b.reader;
    // The schema-only scanner is faster; it cannot process a DTD, which only --allow-doctype
    // lets through (the root peek refuses DOCTYPEs otherwise). Chosen first: changing the
    // scanner later would drop settings made on the old one.
    if (!limits.allow_doctype)
      r.setProperty(XMLUni::fgXercesScannerName, const_cast<XMLCh*>(XMLUni::fgSGXMLScanner));
    configure_common(r, limits, security);
    r.setFeature(XMLUni::fgSAX2CoreValidation, true);
    r.setFeature(XMLUni::fgXercesDynamic, false);
    r.setFeature(XMLUni::fgXercesSchema, true);
    r.setFeature(XMLUni::fgXercesSchemaFullChecking, false);
    r.setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
    r.setFeature(XMLUni::fgXercesCacheGrammarFromParse, false);
    r.setFeature(XMLUni::fgXercesLoadSchema, false);
    r.setFeature(XMLUni::fgXercesIdentityConstraintChecking, true);
    r.setFeature(XMLUni::fgXercesContinueAfterFatalError, true);
    r.setFeature(XMLUni::fgXercesValidationErrorAsFatal, false);

    wire(r, handler);
    return readers.emplace(schema->id(), std::move(b)).first->second;
  }

  void wire(SAX2XMLReaderImpl& r, InstanceHandler& h) {
    r.setContentHandler(&h);
    r.setErrorHandler(&h);
    r.setLexicalHandler(&h);
    r.setXMLEntityResolver(&h);
  }

  /// Runs one parse, converting every way it can end into diagnostics.
  void run(SAX2XMLReaderImpl& reader, InstanceHandler& h, const Document& doc,
           const std::string& display, DiagnosticSink& sink, ParseHooks hooks = {},
           std::unordered_map<const void*, int>* kinds = nullptr) {
    InputStop stop;
    h.reset(&sink, &display, &doc.file(), &stop, hooks);
    h.set_validator(reader.getValidator(), kinds);
    try {
      reader.parse(*checked_source(doc, limits, &stop));
    } catch (const StopParse&) {
    } catch (const SAXParseException& e) {
      try {
        h.fatalError(e);
      } catch (const StopParse&) {
      }
    } catch (const OutOfMemoryException&) {
      // BoundedMemory refused a value's buffer. Xerces leaves a reader in the middle of a
      // parse after this, so every reader is made anew on next use.
      h.flush();
      const auto [line, column] = h.position();
      sink.add_final(value_too_long(display, line, column, limits));
      broken = true;
      return;
    } catch (const XMLException& e) {
      h.record(Severity::Error, "XML007", to_utf8(e.getMessage()));
    }
    h.flush();
    if (stop.stopped()) sink.add_final(stop_diagnostic(stop, display, limits));
  }

  /// Drops the readers after a parse that Xerces could not finish cleanly.
  void renew_if_broken() {
    if (!broken) return;
    readers.clear();
    plain_reader.reset();
    peek_reader.reset();
    broken = false;
  }

  XmlLimits limits;
  std::unique_ptr<MemoryManager> memory;  // declared before the readers that allocate from it
  bool broken = false;
  SecurityManager security;
  InstanceHandler peek_handler;
  InstanceHandler handler;
  std::unique_ptr<SAX2XMLReaderImpl> peek_reader;
  std::unique_ptr<SAX2XMLReaderImpl> plain_reader;
  std::unordered_map<std::uint64_t, Bound> readers;
};

InstanceValidator::InstanceValidator(XmlLimits limits) : impl_(std::make_unique<Impl>(limits)) {}

InstanceValidator::~InstanceValidator() = default;

Document Document::load(const fs::path& file, std::uintmax_t size, int fd) {
  Document doc;
  doc.file_ = file;
  if (size > kInMemoryLimit && fd >= 0) ::close(fd);
  if (size <= kInMemoryLimit) {
    // open/read, not an ifstream: its set-up costs more than reading a small message.
    if (fd < 0) fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
      const auto want = static_cast<std::size_t>(size);
      std::size_t got = 0;
      // Not zero-filled first: read() writes every byte that is kept.
      doc.bytes_.resize_and_overwrite(want, [&](char* p, std::size_t n) {
        while (got < n) {
          const ssize_t r = ::read(fd, p + got, n - got);
          if (r < 0 && errno == EINTR) continue;
          if (r <= 0) break;
          got += static_cast<std::size_t>(r);
        }
        return got;
      });
      ::close(fd);
      if (got == want)
        doc.in_memory_ = true;
      else
        doc.bytes_.clear();
    }
  }
  return doc;
}

std::optional<RootInfo> InstanceValidator::peek_root(const Document& doc,
                                                     const std::string& display,
                                                     DiagnosticSink& sink) {
  if (doc.in_memory())
    if (auto plain = scan_plain_root(doc.bytes())) return plain;
  // A progressive parse that stops after the root's start tag: no exception, and only the
  // first buffer of the file is read.
  SAX2XMLReaderImpl& reader = impl_->peeker();
  InstanceHandler& h = impl_->peek_handler;
  DiagnosticSink found(sink.diagnostics().size() + 10);
  InputStop stop;
  h.reset(&found, &display, &doc.file(), &stop);
  XMLPScanToken token;
  bool out_of_memory = false;
  try {
    const auto source = checked_source(doc, impl_->limits, &stop);
    if (reader.parseFirst(*source, token)) {
      while (!h.root() && reader.parseNext(token)) {
      }
    }
  } catch (const StopParse&) {
  } catch (const SAXParseException& e) {
    try {
      h.fatalError(e);
    } catch (const StopParse&) {
    }
  } catch (const OutOfMemoryException&) {
    out_of_memory = true;
    impl_->broken = true;
  } catch (const XMLException& e) {
    h.record(Severity::Error, "XML007", to_utf8(e.getMessage()));
  }
  h.flush();
  if (!out_of_memory) {
    try {
      reader.parseReset(token);
    } catch (...) {
      // The scan already ended (error or end of input); there is nothing left to reset.
    }
  }
  impl_->renew_if_broken();
  auto root = h.root();
  // Before the root, a NUL is reported by the validating parse; a long value (a comment, say)
  // ends the peek without a root, so it is reported here.
  if (!root && (out_of_memory || stop.why == InputStop::Why::LongValue)) {
    sink.add_final(out_of_memory ? value_too_long(display, 0, 0, impl_->limits)
                                 : stop_diagnostic(stop, display, impl_->limits));
    return std::nullopt;
  }
  if (!root && is_blank(doc.file())) {
    sink.error("XML002", Location{display, 0, 0}, N_("the input is empty"), {},
               N_("check that the producer wrote the whole message"));
    return std::nullopt;
  }
  for (auto d : found.take()) sink.add_final(std::move(d));
  if (!root && sink.error_count() == 0)
    sink.error("XML001", Location{display, 0, 0}, N_("no root element found"));
  return root;
}

void InstanceValidator::validate(const Document& doc, const std::string& display,
                                 const std::shared_ptr<CompiledSchema>& schema,
                                 DiagnosticSink& sink, ParseHooks hooks) {
  Impl::Bound* bound = schema ? &impl_->bound(schema) : nullptr;
  SAX2XMLReaderImpl& reader = bound != nullptr ? *bound->reader : impl_->plain();
  if (!schema) {
    hooks.on_code = nullptr;
    hooks.on_typed = nullptr;
  }
  impl_->run(reader, impl_->handler, doc, display, sink, hooks,
             bound != nullptr ? &bound->kinds : nullptr);
  impl_->renew_if_broken();
}

namespace {

// Values of every built-in type that Xerces checks with a shared regular expression (integer
// and the types derived from it, language).
constexpr const char* kWarmUpTypes[][2] = {{"integer", "1"},
                                           {"nonPositiveInteger", "0"},
                                           {"negativeInteger", "-1"},
                                           {"long", "1"},
                                           {"int", "1"},
                                           {"short", "1"},
                                           {"byte", "1"},
                                           {"nonNegativeInteger", "1"},
                                           {"unsignedLong", "1"},
                                           {"unsignedInt", "1"},
                                           {"unsignedShort", "1"},
                                           {"unsignedByte", "1"},
                                           {"positiveInteger", "1"},
                                           {"language", "de-CH"}};

void warm_up_builtin_patterns() {
  std::string xsd =
      "<xs:schema xmlns:xs='http://www.w3.org/2001/XMLSchema' targetNamespace='urn:ozg:warm-up' "
      "elementFormDefault='qualified'><xs:element name='w'><xs:complexType><xs:sequence>";
  std::string xml = "<w xmlns='urn:ozg:warm-up'>";
  for (const auto& [type, value] : kWarmUpTypes) {
    xsd += std::string("<xs:element name='") + type + "' type='xs:" + type + "'/>";
    xml += std::string("<") + type + ">" + value + "</" + type + ">";
  }
  xsd += "</xs:sequence></xs:complexType></xs:element></xs:schema>";
  xml += "</w>";

  XMLGrammarPoolImpl pool(XMLPlatformUtils::fgMemoryManager);
  SAX2XMLReaderImpl reader(XMLPlatformUtils::fgMemoryManager, &pool);
  reader.setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  reader.setFeature(XMLUni::fgSAX2CoreValidation, true);
  reader.setFeature(XMLUni::fgXercesSchema, true);
  reader.setFeature(XMLUni::fgXercesUseCachedGrammarInParse, true);
  reader.setFeature(XMLUni::fgXercesLoadSchema, false);
  MemBufInputSource schema(reinterpret_cast<const XMLByte*>(xsd.data()), xsd.size(), "warm-up.xsd");
  MemBufInputSource doc(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(), "warm-up.xml");
  try {
    reader.loadGrammar(schema, Grammar::SchemaGrammarType, true);
    reader.parse(doc);
  } catch (...) {
    // Only a warm-up: a failure here changes nothing but the timing of the maps' creation.
  }
}

}  // namespace

void prepare_for_threads() {
  static std::once_flag once;
  XercesRuntime rt;
  std::call_once(once, warm_up_builtin_patterns);
}

}  // namespace xoev::xml
