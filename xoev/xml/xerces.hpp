#pragma once
// Private to xoev: the only header that exposes Xerces-C++ types. Everything Xerces-specific
// (initialisation, transcoding, entity resolution, error collection, grammar pools, SAX
// validation) lives under xoev/xml/.

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>
#include <xercesc/util/XercesDefs.hpp>

#include "xml/root_scan.hpp"
#include "xoev/diag/diag.hpp"
#include "xoev/model/codes.hpp"
#include "xoev/model/schema.hpp"
#include "xoev/util/result.hpp"
#include "xoev/xml/tree.hpp"

XERCES_CPP_NAMESPACE_BEGIN
class XMLGrammarPool;
class DefaultHandler;
XERCES_CPP_NAMESPACE_END

namespace xoev::xml {

/// Keeps Xerces initialised while alive (reference counted, thread-safe).
class XercesRuntime {
 public:
  XercesRuntime();
  ~XercesRuntime();
  XercesRuntime(const XercesRuntime&) = delete;
  XercesRuntime& operator=(const XercesRuntime&) = delete;
};

/// Parses `file` without validation into `handler`: namespaces on, no DTD loaded, every
/// external entity answered with nothing. A parse error becomes an Error with `code` and
/// file:line:col, a file that cannot be opened one with `io_code` (default: `code`);
/// exceptions that the handler throws itself pass through. With `untrusted` limits (messages,
/// envelopes: anything not from the repository), a DOCTYPE is XML003, nesting beyond
/// max_depth XML005, too many entity expansions XML006 and a NUL byte XML001, each ending the
/// parse at once.
Result<void> parse_plain(const std::filesystem::path& file,
                         XERCES_CPP_NAMESPACE::DefaultHandler& handler, std::string_view code,
                         std::string_view io_code = {}, const XmlLimits* untrusted = nullptr);

/// What the index needs from one XSD document.
struct XsdInfo {
  std::string target_namespace;
  std::string version;
  std::vector<std::string> elements;
  std::vector<SchemaRef> refs;
};

/// Reads the top level of an XSD without validating it (no network, DTDs answered empty).
Result<XsdInfo> scan_xsd(const std::filesystem::path& file);

/// Reads an OASIS XML catalog: system/uri entries as (url, target resolved against the catalog's
/// folder). Returns an empty vector when the file is not a catalog.
std::vector<std::pair<std::string, std::filesystem::path>> read_catalog(
    const std::filesystem::path& file);

/// Reads an OASIS genericode 1.0 code list. A file whose root is not gc:CodeList, or that
/// names no CanonicalUri/Version/key column, is an Error (REPO011).
Result<CodeListTable> read_genericode(const std::filesystem::path& file);

/// An eCH-0071 (historised municipality register: cantons, municipalities) or eCH-0072
/// (countries) file, read as tables: "eCH-0071:cantons" (key cantonAbbreviation),
/// "eCH-0071:municipalities" (key municipalityId, with admission and abolition dates) and
/// "eCH-0072:countries" (key id, with iso2Id), each with the file's validFrom as version. A
/// municipalities section of a single entry is the placeholder the eCH-0071 schema forces on a
/// cantons-only file and is left out.
struct EchListFile {
  std::string standard;  ///< "eCH-0071" or "eCH-0072".
  std::string valid_from;
  std::vector<CodeListTable> tables;
};

/// Reads an eCH-0071 or eCH-0072 file. A file with another root is an Error (REPO011), as is
/// one without validFrom.
Result<EchListFile> read_ech_list(const std::filesystem::path& file);

/// A compiled schema (one entry document with all it imports) in a grammar pool. Xerces completes
/// parts of a grammar lazily during validation (content models, the character maps of pattern
/// facets) without locking: use it from one thread only, or call share() first.
class CompiledSchema {
 public:
  /// Compiles `entry`, resolving every import/include through `resolver`. Problems (errors of
  /// the schema, unresolvable imports) go to `problems`; the result is null if it failed.
  /// `full_checking` adds the costly whole-schema constraint checks (unique particle
  /// attribution, derivation rules): done when a schema is added, not for every run.
  static std::shared_ptr<CompiledSchema> compile(const std::filesystem::path& entry,
                                                 const SchemaResolver& resolver,
                                                 DiagnosticSink& problems,
                                                 bool full_checking = true);
  ~CompiledSchema();
  CompiledSchema(const CompiledSchema&) = delete;
  CompiledSchema& operator=(const CompiledSchema&) = delete;

  [[nodiscard]] XERCES_CPP_NAMESPACE::XMLGrammarPool* pool() const { return pool_.get(); }
  [[nodiscard]] std::uint64_t id() const { return id_; }
  /// The schema documents it was compiled from: the entry first, then every document it
  /// imports or includes, directly or not.
  [[nodiscard]] const std::vector<std::filesystem::path>& files() const { return files_; }

  /// Builds every lazily completed part of the grammars and gives the pool a synchronized
  /// string pool, so that any number of threads may validate against it at once (readers
  /// created afterwards). Call it before the first validation.
  void share();

  /// The grammars in Xerces' own serialized form (empty if Xerces cannot write them).
  [[nodiscard]] std::string serialize() const;
  /// Grammars from serialize()'s output, compiled from `files`; null if the bytes are not a
  /// grammar pool this Xerces reads.
  static std::shared_ptr<CompiledSchema> deserialize(std::string_view blob,
                                                     std::vector<std::filesystem::path> files);

 private:
  CompiledSchema();
  XercesRuntime runtime_;
  std::unique_ptr<XERCES_CPP_NAMESPACE::XMLGrammarPool> pool_;
  std::uint64_t id_;
  std::vector<std::filesystem::path> files_;
  bool shared_ = false;
};

/// Receives every coded value (element with listURI/listVersionID and its <code> child) found
/// while validating, in document order.
using CodeCallback = std::function<void(const CodeValue&)>;

/// Receives every identifier recognised while validating (see IdKind: eCH ids by the XSD type
/// the validating reader assigned to the element, IBAN and Steuer-IdNr by element name), in
/// document order, when its element ends.
using TypedCallback = std::function<void(const TypedValue&)>;

class FactsCollector;

/// What a validating parse reports besides diagnostics, in the same pass.
struct ParseHooks {
  const CodeCallback* on_code = nullptr;    ///< Every coded value.
  FactsCollector* facts = nullptr;          ///< Header facts for the header rules.
  const TypedCallback* on_typed = nullptr;  ///< Every identifier.
};

/// An input document. Files up to kInMemoryLimit are read into memory once, so that the root
/// peek and the validation do not each open and read them; larger ones are streamed from disk
/// both times.
class Document {
 public:
  static constexpr std::uintmax_t kInMemoryLimit = 8u << 20;
  /// Reads `file` (of `size` bytes) into memory if it is small enough; an unreadable file is
  /// left on disk, and parsing reports it. `fd`, if not -1, is `file` opened for reading (it is
  /// closed here).
  static Document load(const std::filesystem::path& file, std::uintmax_t size, int fd = -1);
  [[nodiscard]] const std::filesystem::path& file() const { return file_; }
  [[nodiscard]] bool in_memory() const { return in_memory_; }
  [[nodiscard]] const std::string& bytes() const { return bytes_; }

 private:
  std::filesystem::path file_;
  std::string bytes_;
  bool in_memory_ = false;
};

/// Xerces checks the built-in types integer (and its derivations) and language with regular
/// expressions that all grammars share, and completes those lazily on first use without
/// locking. Call this once before validating on several threads; it uses each of them once.
void prepare_for_threads();

/// Validates instance documents with SAX2 against compiled schemas. One per thread: it keeps a
/// reader per grammar pool and reuses it for every document.
class InstanceValidator {
 public:
  explicit InstanceValidator(XmlLimits limits);
  ~InstanceValidator();
  InstanceValidator(const InstanceValidator&) = delete;
  InstanceValidator& operator=(const InstanceValidator&) = delete;

  /// Finds the root element of `doc`. Well-formedness problems before the root go to `sink`
  /// (located at `display`), and the result is then nullopt.
  std::optional<RootInfo> peek_root(const Document& doc, const std::string& display,
                                    DiagnosticSink& sink);

  /// Streams `doc` through a validating reader bound to `schema`; every finding goes to `sink`,
  /// located at `display`. Without `schema` the document is only checked for well-formedness.
  void validate(const Document& doc, const std::string& display,
                const std::shared_ptr<CompiledSchema>& schema, DiagnosticSink& sink,
                ParseHooks hooks = {});

 private:
  struct Impl;
  XercesRuntime runtime_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xoev::xml
