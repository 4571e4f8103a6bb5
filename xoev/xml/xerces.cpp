// Xerces-C++ plumbing shared by the XSD scanner, the grammar compiler and the instance
// validator: initialisation, transcoding, entity resolution against the schema repository.

#include "xml/xerces.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/framework/XMLGrammarPoolImpl.hpp>
#include <xercesc/internal/BinMemOutputStream.hpp>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/Locator.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/util/BinMemInputStream.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/SecurityManager.hpp>
#include <xercesc/util/SynchronizedStringPool.hpp>
#include <xercesc/util/TransService.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/util/regx/RangeToken.hpp>
#include <xercesc/util/regx/RegularExpression.hpp>
#include <xercesc/validators/datatype/ListDatatypeValidator.hpp>
#include <xercesc/validators/datatype/UnionDatatypeValidator.hpp>
#include <xercesc/validators/schema/ComplexTypeInfo.hpp>
#include <xercesc/validators/schema/SchemaElementDecl.hpp>
#include <xercesc/validators/schema/SchemaGrammar.hpp>

#include "xml/checked_input.hpp"
#include "xml/facet_words.hpp"
#include "xml/xstr.hpp"
#include "xoev/diag/i18n.hpp"

namespace xoev::xml {

using namespace XERCES_CPP_NAMESPACE;
namespace fs = std::filesystem;

namespace {
std::mutex g_init_mutex;
int g_init_count = 0;
std::atomic<std::uint64_t> g_schema_ids{1};
}  // namespace

XercesRuntime::XercesRuntime() {
  std::lock_guard lock(g_init_mutex);
  if (g_init_count++ == 0) XMLPlatformUtils::Initialize();
}

XercesRuntime::~XercesRuntime() {
  std::lock_guard lock(g_init_mutex);
  if (--g_init_count == 0) XMLPlatformUtils::Terminate();
}

std::string to_utf8(const XMLCh* s) {
  if (s == nullptr) return {};
  // Names and most values are ASCII: measured first, copied in one allocation.
  const XMLCh* p = s;
  while (*p != 0 && *p < 0x80) ++p;
  if (*p == 0) {
    std::string out(static_cast<std::size_t>(p - s), '\0');
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(s[i]);
    return out;
  }
  TranscodeToStr t(s, "UTF-8");
  return std::string(reinterpret_cast<const char*>(t.str()), t.length());
}

std::string to_utf8(const XMLCh* s, XMLSize_t len) {
  XMLSize_t i = 0;
  while (i < len && s[i] < 0x80) ++i;
  if (i == len) {
    std::string out(len, '\0');
    for (i = 0; i < len; ++i) out[i] = static_cast<char>(s[i]);
    return out;
  }
  TranscodeToStr t(s, len, "UTF-8");
  return std::string(reinterpret_cast<const char*>(t.str()), t.length());
}

XStr::XStr(std::string_view s) {
  TranscodeFromStr t(reinterpret_cast<const XMLByte*>(s.data()), s.size(), "UTF-8");
  data_.assign(t.str(), t.str() + t.length());
  data_.push_back(0);
}

fs::path uri_to_path(const std::string& uri) {
  std::string_view v = uri;
  if (v.starts_with("file://")) v.remove_prefix(7);
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] == '%' && i + 2 < v.size() && std::isxdigit(static_cast<unsigned char>(v[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(v[i + 2]))) {
      out.push_back(static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16)));
      i += 2;
    } else {
      out.push_back(v[i]);
    }
  }
  return fs::path(out);
}

InputSource* empty_source(const XMLCh* system_id) {
  static const XMLByte kNothing[] = {0};
  auto* src = new MemBufInputSource(kNothing, 0, system_id, false);
  return src;
}

// -------------------------------------------------------------------------------------------------
// XSD scanning (metadata for the index)

namespace {

constexpr const char* kXsdNs = "http://www.w3.org/2001/XMLSchema";

/// Answers every external entity (the XMLSchema.dtd of xmldsig-core-schema.xsd, ...) with
/// nothing, so that reading a document can never touch the network.
class RefuseAll final : public XMLEntityResolver {
 public:
  InputSource* resolveEntity(XMLResourceIdentifier* ri) override {
    return empty_source(ri->getSystemId());
  }
};

class XsdScanHandler final : public DefaultHandler {
 public:
  explicit XsdScanHandler(XsdInfo& info) : info_(info) {}

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const Attributes& attrs) override {
    ++depth_;
    if (to_utf8(uri) != kXsdNs) return;
    const std::string name = to_utf8(local);
    auto attr = [&](const char* n) { return to_utf8(attrs.getValue(XStr(n).c_str())); };
    if (depth_ == 1 && name == "schema") {
      info_.target_namespace = attr("targetNamespace");
      info_.version = attr("version");
    } else if (depth_ == 2) {
      if (name == "import") {
        info_.refs.push_back({"import", attr("namespace"), attr("schemaLocation")});
      } else if (name == "include" || name == "redefine" || name == "override") {
        info_.refs.push_back({name, {}, attr("schemaLocation")});
      } else if (name == "element") {
        std::string n = attr("name");
        if (!n.empty()) info_.elements.push_back(std::move(n));
      }
    }
  }
  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override { --depth_; }

  void fatalError(const SAXParseException& e) override { throw e; }
  void error(const SAXParseException&) override {}
  void warning(const SAXParseException&) override {}

 private:
  XsdInfo& info_;
  int depth_ = 0;
};

}  // namespace

namespace {

/// A limit hit in a plain parse: ends it at once.
struct Refused {
  std::string code;
  std::string message;  ///< An English template (or a parser's text) for the args.
  std::vector<std::string> args;
  XMLFileLoc line = 0;
  XMLFileLoc column = 0;
};

/// Passes a plain parse's events on to the caller's handler, counting depth and refusing a
/// DTD on the way.
class Guard final : public DefaultHandler {
 public:
  Guard(DefaultHandler& inner, const XmlLimits& limits) : inner_(inner), limits_(limits) {}

  void setDocumentLocator(const Locator* const l) override {
    locator_ = l;
    inner_.setDocumentLocator(l);
  }
  void startDocument() override { inner_.startDocument(); }
  void endDocument() override { inner_.endDocument(); }
  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const qname,
                    const Attributes& attrs) override {
    if (++depth_ > limits_.max_depth)
      refuse("XML005", N_("elements are nested deeper than {0} levels"),
             {std::to_string(limits_.max_depth)});
    inner_.startElement(uri, local, qname, attrs);
  }
  void endElement(const XMLCh* const uri, const XMLCh* const local,
                  const XMLCh* const qname) override {
    --depth_;
    inner_.endElement(uri, local, qname);
  }
  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    inner_.characters(chars, length);
  }
  void ignorableWhitespace(const XMLCh* const chars, const XMLSize_t length) override {
    inner_.ignorableWhitespace(chars, length);
  }
  void processingInstruction(const XMLCh* const target, const XMLCh* const data) override {
    inner_.processingInstruction(target, data);
  }
  void startPrefixMapping(const XMLCh* const prefix, const XMLCh* const uri) override {
    inner_.startPrefixMapping(prefix, uri);
  }
  void endPrefixMapping(const XMLCh* const prefix) override { inner_.endPrefixMapping(prefix); }
  void startDTD(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    refuse("XML003", N_("DOCTYPE not allowed"));
  }
  void warning(const SAXParseException& e) override { inner_.warning(e); }
  void error(const SAXParseException& e) override { inner_.error(e); }
  void fatalError(const SAXParseException& e) override {
    if (to_utf8(e.getMessage()).find("entity expansion") != std::string::npos ||
        to_utf8(e.getMessage()).find("entityExpansionLimit") != std::string::npos)
      throw Refused{
          "XML006", to_utf8(e.getMessage()), {}, e.getLineNumber(), at_column(e.getColumnNumber())};
    inner_.fatalError(e);
  }

 private:
  [[noreturn]] void refuse(std::string code, const char* message,
                           std::vector<std::string> args = {}) const {
    throw Refused{std::move(code), message, std::move(args),
                  locator_ ? locator_->getLineNumber() : 0,
                  locator_ ? at_column(locator_->getColumnNumber()) : 0};
  }
  DefaultHandler& inner_;
  const XmlLimits& limits_;
  const Locator* locator_ = nullptr;
  unsigned depth_ = 0;
};

}  // namespace

Result<void> parse_plain(const fs::path& file, DefaultHandler& handler, std::string_view code,
                         std::string_view io_code, const XmlLimits* untrusted) {
  if (std::error_code ec; untrusted != nullptr && !fs::is_regular_file(file, ec))
    return fail(ErrorKind::Input, "XML007",
                fs::exists(file, ec)
                    ? N_("{0}: not a regular file (a FIFO, socket or device); give a file")
                    : N_("{0}: no such file"),
                {file.string()});
  XercesRuntime rt;
  RefuseAll refuse;
  const XmlLimits limits = untrusted != nullptr ? *untrusted : XmlLimits{};
  const auto memory = bounded_memory(limits);
  // Repository files (schemas, catalogs) are read with Xerces' own memory manager and no limits.
  std::optional<SAX2XMLReaderImpl> reader_slot;
  if (untrusted != nullptr)
    reader_slot.emplace(memory.get());
  else
    reader_slot.emplace();
  SAX2XMLReaderImpl& reader = *reader_slot;
  reader.setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
  reader.setFeature(XMLUni::fgSAX2CoreValidation, false);
  reader.setFeature(XMLUni::fgXercesSchema, false);
  reader.setFeature(XMLUni::fgXercesLoadExternalDTD, false);
  reader.setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
  reader.setXMLEntityResolver(&refuse);
  std::optional<Guard> guard;
  SecurityManager security;
  InputStop stop;
  const auto stopped = [&]() -> Result<void> {
    const Diagnostic d = stop_diagnostic(stop, file.string(), limits);
    return std::unexpected(
        within(i18n::error_of(ErrorKind::Input, d), "{0}:{1}:{2}: {3}",
               {file.string(), std::to_string(d.loc.line), std::to_string(d.loc.column)}));
  };
  const Document doc = Document::load(file, std::numeric_limits<std::uintmax_t>::max());
  if (untrusted != nullptr) {
    guard.emplace(handler, *untrusted);
    security.setEntityExpansionLimit(untrusted->entity_expansion_limit);
    reader.setProperty(XMLUni::fgXercesSecurityManager, &security);
    reader.setLexicalHandler(&*guard);
  }
  DefaultHandler& first = guard ? static_cast<DefaultHandler&>(*guard) : handler;
  reader.setContentHandler(&first);
  reader.setErrorHandler(&first);
  try {
    if (untrusted != nullptr)
      reader.parse(*checked_source(doc, limits, &stop));
    else
      reader.parse(XStr(file.string()).c_str());
  } catch (const Refused& r) {
    Error inner = make_error(ErrorKind::Input, r.code, r.message.c_str(), r.args);
    return std::unexpected(
        within(std::move(inner), "{0}:{1}:{2}: {3}",
               {file.string(), std::to_string(r.line), std::to_string(r.column)}));
  } catch (const SAXParseException& e) {
    if (stop.stopped()) return stopped();  // what Xerces says next is a consequence
    const std::string message = to_utf8(e.getMessage());
    std::string_view why = code;
    if (untrusted != nullptr) {  // the codes `ozg validate` gives the same input
      why = is_blank(file) ? "XML002" : classify_fatal(message);
      if (why == "XML002")
        return fail(ErrorKind::Input, "XML002", N_("{0}: the input is empty"), {file.string()});
      if (why == "XML004" && message.find("byte") != std::string::npos)
        if (auto bad = first_invalid_utf8(file)) {
          Diagnostic d;
          d.code = "XML004";
          say_bad_byte(d, *bad);
          return std::unexpected(
              within(i18n::error_of(ErrorKind::Input, d), "{0}:{1}:{2}: {3}",
                     {file.string(), std::to_string(bad->line), std::to_string(bad->column)}));
        }
    }
    // In ozg's words where it has them (as `ozg validate`), else in Xerces' own.
    const auto words = fatal_in_words(message);
    Error inner = words ? make_error(ErrorKind::Input, std::string(why), words->message,
                                     words->args, words->hint, words->hint_args)
                        : make_error(ErrorKind::Input, std::string(why), message.c_str());
    return std::unexpected(within(std::move(inner), "{0}:{1}:{2}: {3}",
                                  {file.string(), std::to_string(e.getLineNumber()),
                                   std::to_string(at_column(e.getColumnNumber()))}));
  } catch (const XMLException& e) {
    return fail(ErrorKind::Input, std::string(io_code.empty() ? code : io_code),
                N_("{0}: cannot read: {1}"), {file.string(), to_utf8(e.getMessage())});
  } catch (const OutOfMemoryException&) {  // BoundedMemory refused a value's buffer
    const Diagnostic d = value_too_long(file.string(), 0, 0, limits);
    return std::unexpected(
        within(i18n::error_of(ErrorKind::Input, d), "{0}: {1}", {file.string()}));
  }
  if (stop.stopped()) return stopped();
  return {};
}

Result<XsdInfo> scan_xsd(const fs::path& file) {
  XsdInfo info;
  XsdScanHandler handler(info);
  if (auto r = parse_plain(file, handler, "REPO005"); !r) return std::unexpected(r.error());
  return info;
}

// -------------------------------------------------------------------------------------------------
// OASIS catalogs

namespace {
class CatalogHandler final : public DefaultHandler {
 public:
  explicit CatalogHandler(fs::path dir) : dir_(std::move(dir)) {}
  std::vector<std::pair<std::string, fs::path>> out;
  bool is_catalog = false;

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const Attributes& attrs) override {
    if (to_utf8(uri) != "urn:oasis:names:tc:entity:xmlns:xml:catalog") return;
    const std::string name = to_utf8(local);
    auto attr = [&](const char* n) { return to_utf8(attrs.getValue(XStr(n).c_str())); };
    if (name == "catalog") {
      is_catalog = true;
    } else if (name == "system") {
      add(attr("systemId"), attr("uri"));
    } else if (name == "uri") {
      add(attr("name"), attr("uri"));
    }
  }
  void fatalError(const SAXParseException& e) override { throw e; }

 private:
  void add(std::string from, const std::string& to) {
    if (from.empty() || to.empty()) return;
    fs::path target = uri_to_path(to);
    if (target.is_relative()) target = dir_ / target;
    out.emplace_back(std::move(from), target.lexically_normal());
  }
  fs::path dir_;
};
}  // namespace

std::vector<std::pair<std::string, fs::path>> read_catalog(const fs::path& file) {
  CatalogHandler handler(file.parent_path());
  if (!parse_plain(file, handler, "REPO005") || !handler.is_catalog) return {};
  return std::move(handler.out);
}

// -------------------------------------------------------------------------------------------------
// Grammar compilation

namespace {

std::string_view kind_name(XMLResourceIdentifier::ResourceIdentifierType t) {
  switch (t) {
    case XMLResourceIdentifier::SchemaImport:
      return "import";
    case XMLResourceIdentifier::SchemaInclude:
      return "include";
    case XMLResourceIdentifier::SchemaRedefine:
      return "redefine";
    default:
      return "entity";
  }
}

/// Answers imports and includes from the repository; DTDs and other entities with nothing.
class RepositoryEntityResolver final : public XMLEntityResolver {
 public:
  RepositoryEntityResolver(const SchemaResolver& resolver, DiagnosticSink& problems)
      : resolver_(resolver), problems_(problems) {}

  InputSource* resolveEntity(XMLResourceIdentifier* ri) override {
    const auto type = ri->getResourceIdentifierType();
    const std::string location = to_utf8(ri->getSystemId());
    // The entry document itself arrives as an external entity; DTDs (xmldsig-core-schema.xsd
    // names XMLSchema.dtd) and other entities are answered with nothing, never fetched.
    if (type == XMLResourceIdentifier::ExternalEntity && !location.ends_with(".xsd") &&
        !location.ends_with(".XSD")) {
      return empty_source(ri->getSystemId());
    }
    const std::string base_uri = to_utf8(ri->getBaseURI());
    const fs::path base = uri_to_path(base_uri);
    const std::string ns = to_utf8(ri->getNameSpace());
    // One namespace, one document per compile: a bundle may hold several copies of a shared
    // schema (xoev-code.xsd), reached by different URLs; loading two would declare every type
    // twice.
    const bool is_import = type == XMLResourceIdentifier::SchemaImport && !ns.empty();
    if (is_import) {
      if (auto it = imported_.find(ns); it != imported_.end())
        return new LocalFileInputSource(XStr(it->second.string()).c_str());
    }
    if (auto local = resolver_.resolve(ns, location, base)) {
      if (is_import) imported_.emplace(ns, *local);
      if (std::find(files_.begin(), files_.end(), *local) == files_.end()) files_.push_back(*local);
      return new LocalFileInputSource(XStr(local->string()).c_str());
    }
    if (location.empty()) return nullptr;  // import by namespace only: Xerces reports it
    std::string what = std::string(kind_name(type)) + " of '" + location + "'";
    if (!ns.empty()) what += " (namespace " + ns + ")";
    problems_.error("XSD113", Location{base.string(), 0, 0},
                    what + " cannot be resolved from the local schema repository", {}, {},
                    Remedy{Remedy::Kind::InstallSchema, {ns.empty() ? location : ns}});
    return nullptr;
  }

  /// Every document handed to Xerces, in the order asked for.
  std::vector<fs::path>& files() { return files_; }

 private:
  const SchemaResolver& resolver_;
  DiagnosticSink& problems_;
  std::map<std::string, fs::path> imported_;
  std::vector<fs::path> files_;
};

class CompileErrors final : public ErrorHandler {
 public:
  explicit CompileErrors(DiagnosticSink& sink) : sink_(sink) {}
  void warning(const SAXParseException&) override {}
  void error(const SAXParseException& e) override { record(e); }
  void fatalError(const SAXParseException& e) override { record(e); }
  void resetErrors() override {}

 private:
  void record(const SAXParseException& e) {
    std::string file = to_utf8(e.getSystemId());
    if (!file.empty()) file = uri_to_path(file).string();
    sink_.error(
        "XSD112",
        Location{file, static_cast<uint32_t>(e.getLineNumber()), at_column(e.getColumnNumber())},
        to_utf8(e.getMessage()));
  }
  DiagnosticSink& sink_;
};

}  // namespace

namespace {

/// A grammar pool that several threads can read once share() has run. Xerces' own way,
/// lockPool(), also builds the XSModel (the PSVI component model), which costs as much as
/// compiling the schema and is never used by validation; this pool only gives the readers a
/// synchronized string pool for the namespace URIs that instance documents add.
class ShareableGrammarPool final : public XMLGrammarPoolImpl {
 public:
  ShareableGrammarPool() : XMLGrammarPoolImpl(XMLPlatformUtils::fgMemoryManager) {}
  ~ShareableGrammarPool() override { delete shared_uris_; }
  ShareableGrammarPool(const ShareableGrammarPool&) = delete;
  ShareableGrammarPool& operator=(const ShareableGrammarPool&) = delete;

  /// From now on the grammars and their strings are only read; a reader created afterwards
  /// adds new URIs to a synchronized pool of its own that falls back to the grammars' one.
  void share() {
    if (shared_uris_ == nullptr)
      shared_uris_ = new XMLSynchronizedStringPool(XMLGrammarPoolImpl::getURIStringPool(), 109,
                                                   XMLPlatformUtils::fgMemoryManager);
  }
  XMLStringPool* getURIStringPool() override {
    return shared_uris_ != nullptr ? shared_uris_ : XMLGrammarPoolImpl::getURIStringPool();
  }

 private:
  XMLSynchronizedStringPool* shared_uris_ = nullptr;
};

}  // namespace

CompiledSchema::CompiledSchema()
    : pool_(std::make_unique<ShareableGrammarPool>()), id_(g_schema_ids++) {}

CompiledSchema::~CompiledSchema() = default;  // pool_ goes before runtime_

std::shared_ptr<CompiledSchema> CompiledSchema::compile(const fs::path& entry,
                                                        const SchemaResolver& resolver,
                                                        DiagnosticSink& problems,
                                                        bool full_checking) {
  std::shared_ptr<CompiledSchema> schema(new CompiledSchema());
  const std::size_t errors_before = problems.error_count();
  RepositoryEntityResolver entities(resolver, problems);
  CompileErrors errors(problems);
  {
    std::unique_ptr<SAX2XMLReaderImpl> loader(
        new SAX2XMLReaderImpl(XMLPlatformUtils::fgMemoryManager, schema->pool_.get()));
    loader->setFeature(XMLUni::fgSAX2CoreNameSpaces, true);
    loader->setFeature(XMLUni::fgSAX2CoreValidation, true);
    loader->setFeature(XMLUni::fgXercesSchema, true);
    loader->setFeature(XMLUni::fgXercesSchemaFullChecking, full_checking);
    loader->setFeature(XMLUni::fgXercesHandleMultipleImports, true);
    loader->setFeature(XMLUni::fgXercesLoadExternalDTD, false);
    loader->setFeature(XMLUni::fgXercesDisableDefaultEntityResolution, true);
    loader->setFeature(XMLUni::fgXercesCacheGrammarFromParse, true);
    // Annotations are documentation; without them a serialized grammar is a quarter the size.
    loader->setFeature(XMLUni::fgXercesIgnoreAnnotations, true);
    loader->setXMLEntityResolver(&entities);
    loader->setErrorHandler(&errors);
    try {
      Grammar* g =
          loader->loadGrammar(XStr(entry.string()).c_str(), Grammar::SchemaGrammarType, true);
      if (g == nullptr && problems.error_count() == errors_before) {
        problems.error("XSD112", Location{entry.string(), 0, 0}, "schema could not be loaded");
      }
    } catch (const XMLException& e) {
      problems.error("XSD112", Location{entry.string(), 0, 0}, to_utf8(e.getMessage()));
    } catch (const OutOfMemoryException&) {
      problems.error("XSD112", Location{entry.string(), 0, 0}, "out of memory loading schema");
    }
  }
  if (problems.error_count() != errors_before) return nullptr;
  schema->files_.push_back(fs::absolute(entry).lexically_normal());
  for (auto& f : entities.files())
    if (f != schema->files_.front()) schema->files_.push_back(std::move(f));
  // No lockPool(): it would build the XSModel (PSVI component model), which costs as much as
  // compiling and is never used; see ShareableGrammarPool.
  return schema;
}

}  // namespace xoev::xml

namespace xoev::xml {

namespace {

/// Reaches the parsed form of a regular expression, which Xerces keeps protected.
struct RegexInternals : RegularExpression {
  static Token* tree(const RegularExpression& r) { return r.*(&RegexInternals::fTokenTree); }
  static RangeToken* first_char(const RegularExpression& r) {
    return r.*(&RegexInternals::fFirstChar);
  }
};

/// Reaches a datatype's pattern, which Xerces keeps protected.
struct DatatypeInternals : DatatypeValidator {
  static RegularExpression* regex(const DatatypeValidator& d) {
    return (d.*(&DatatypeInternals::getRegex))();
  }
};

/// Builds the character maps that Xerces otherwise creates on a pattern's first match.
void build_maps(Token* t, std::set<const Token*>& seen) {
  if (t == nullptr || !seen.insert(t).second) return;
  const auto type = t->getTokenType();
  if (type == Token::T_RANGE || type == Token::T_NRANGE) static_cast<RangeToken*>(t)->createMap();
  for (XMLSize_t i = 0; i < t->size(); ++i) build_maps(t->getChild(i), seen);
}

void build_maps(DatatypeValidator* dv, std::set<const void*>& validators,
                std::set<const Token*>& tokens) {
  for (; dv != nullptr && validators.insert(dv).second; dv = dv->getBaseValidator()) {
    if (const RegularExpression* re = DatatypeInternals::regex(*dv)) {
      build_maps(RegexInternals::tree(*re), tokens);
      if (RangeToken* first = RegexInternals::first_char(*re)) first->createMap();
    }
    if (dv->getType() == DatatypeValidator::Union) {
      if (auto* members = static_cast<UnionDatatypeValidator*>(dv)->getMemberTypeValidators())
        for (XMLSize_t i = 0; i < members->size(); ++i)
          build_maps(members->elementAt(i), validators, tokens);
    } else if (dv->getType() == DatatypeValidator::List) {
      build_maps(static_cast<ListDatatypeValidator*>(dv)->getItemTypeDTV(), validators, tokens);
    }
  }
}

void build_content_model(ComplexTypeInfo* type) {
  if (type == nullptr) return;
  type->getContentModel();
  (void)type->getFormattedContentModel();
}

}  // namespace

void CompiledSchema::share() {
  if (shared_) return;
  std::set<const void*> validators;
  std::set<const Token*> tokens;
  auto grammars = pool_->getGrammarEnumerator();
  while (grammars.hasMoreElements()) {
    Grammar& g = grammars.nextElement();
    if (g.getGrammarType() != Grammar::SchemaGrammarType) continue;
    auto& schema = static_cast<SchemaGrammar&>(g);
    if (auto* types = schema.getComplexTypeRegistry()) {
      RefHashTableOfEnumerator<ComplexTypeInfo> it(types, false);
      while (it.hasMoreElements()) build_content_model(&it.nextElement());
    }
    auto elements = schema.getElemEnumerator();
    while (elements.hasMoreElements()) {
      SchemaElementDecl& e = elements.nextElement();
      build_content_model(e.getComplexTypeInfo());
      build_maps(e.getDatatypeValidator(), validators, tokens);
    }
    if (auto* registry = schema.getDatatypeRegistry()) {
      if (auto* user = registry->getUserDefinedRegistry()) {
        RefHashTableOfEnumerator<DatatypeValidator> it(user, false);
        while (it.hasMoreElements()) build_maps(&it.nextElement(), validators, tokens);
      }
    }
  }
  static_cast<ShareableGrammarPool*>(pool_.get())->share();
  shared_ = true;
}

std::string CompiledSchema::serialize() const {
  try {
    BinMemOutputStream out;
    pool_->serializeGrammars(&out);
    return std::string(reinterpret_cast<const char*>(out.getRawBuffer()),
                       static_cast<std::size_t>(out.getSize()));
  } catch (const XMLException&) {
  } catch (const OutOfMemoryException&) {
  }
  return {};
}

std::shared_ptr<CompiledSchema> CompiledSchema::deserialize(std::string_view blob,
                                                            std::vector<fs::path> files) {
  std::shared_ptr<CompiledSchema> schema(new CompiledSchema());
  try {
    BinMemInputStream in(reinterpret_cast<const XMLByte*>(blob.data()), blob.size(),
                         BinMemInputStream::BufOpt_Reference);
    schema->pool_->deserializeGrammars(&in);
  } catch (const XMLException&) {
    return nullptr;
  } catch (const OutOfMemoryException&) {
    return nullptr;
  }
  schema->files_ = std::move(files);
  return schema;
}

}  // namespace xoev::xml
