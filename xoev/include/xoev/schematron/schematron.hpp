#pragma once
/// Schematron: the rules that XÖV standards (XSchule, XHochschule, XBerufsbildung, XBau,
/// XRechnung) publish beyond their schemas, in ISO Schematron with XPath 2.0 (queryBinding
/// xslt2). They run after a successful schema step, as KoSIT's validator runs them.
///
/// Engine: Saxon-HE (Debian libsaxonhe-java) in a Java VM inside ozg. libjvm.so is loaded with
/// dlopen on first use, so ozg has no link-time or package dependency on Java; without it the
/// validator notes "Schematron not checked". ozg compiles a .sch to XSLT 2.0 with its own
/// compiler (sch2xslt.xsl, built into ozg), caches the generated XSLT on disk, and keeps each
/// compiled stylesheet for the whole process; threads share them.
///
/// Layout under the repository root:
///   schematron/index.json         the index (written atomically)
///   schematron/<name>/...         one folder per `ozg schematron add`: the .sch and the files
///                                 it includes, in their relative layout
///   cache/schematron/<key>.xsl    generated XSLT, keyed by the SHA-256 of the compiler and the
///                                 .sch with its includes

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "xoev/util/result.hpp"

namespace xoev {

struct SchematronEntry;
/// An entry as in schematron/index.json and `ozg schematron list -f json`.
nlohmann::ordered_json to_json(const SchematronEntry& e);

struct SchematronEntry {
  std::string name;                     ///< Folder under root/schematron; unique.
  std::string file;                     ///< The .sch, relative to root/schematron.
  std::vector<std::string> files;       ///< It and what it includes, relative to root/schematron.
  std::vector<std::string> namespaces;  ///< Messages whose root is in one of these are checked.
  std::string version;                  ///< schemaVersion, --version, or the folder's name.
  std::string title;
  std::string sha256;  ///< Of the .sch itself.
  std::string source;  ///< Where it was added from.
  std::string added;   ///< ISO 8601 UTC time.
};

struct SchematronAddOptions {
  std::optional<std::string> name;  ///< Default: the file name without ".sch".
  /// Default: the namespaces of the elements the (non-abstract) rules' contexts start with.
  std::vector<std::string> namespaces;
  std::optional<std::string> version;
};

class SchematronRepository {
 public:
  /// Opens root/schematron (missing: empty). A corrupt index is an Error (REPO001).
  static Result<SchematronRepository> open(const std::filesystem::path& root);

  /// Copies a .sch file and the files it includes (sch:include, sch:extends/@href) into a
  /// folder of its own and indexes it; re-adding a name replaces it. Errors: REPO002 missing
  /// source, SCH220 not an ISO Schematron schema (or an include that is not), SCH222 no
  /// namespace can be told from the rules (name one), REPO006 cannot write.
  Result<const SchematronEntry*> add(const std::filesystem::path& sch,
                                     const SchematronAddOptions& options,
                                     const std::string& origin = {});
  /// Removes the entry `what` names (its name, or every entry for that namespace). Returns how
  /// many went; SCH221 when none matches.
  Result<std::size_t> remove(const std::string& what);

  [[nodiscard]] const std::vector<SchematronEntry>& entries() const { return entries_; }
  /// The entries that check messages whose root element is in namespace `ns`.
  [[nodiscard]] std::vector<const SchematronEntry*> for_namespace(const std::string& ns) const;
  [[nodiscard]] std::filesystem::path path(const std::string& relative) const {
    return dir_ / relative;
  }
  [[nodiscard]] const std::filesystem::path& root() const { return root_; }

 private:
  SchematronRepository(std::filesystem::path root, std::filesystem::path dir)
      : root_(std::move(root)), dir_(std::move(dir)) {}
  Result<void> save() const;

  std::filesystem::path root_;
  std::filesystem::path dir_;
  std::vector<SchematronEntry> entries_;
};

/// One failed assertion or successful report.
struct SchematronFinding {
  bool report = false;            ///< sch:report (else sch:assert).
  std::string id;                 ///< The assertion's id, else its rule's; may be empty.
  std::string flag, role;         ///< As the rule says; the validator maps them to a severity.
  std::string path;               ///< Of the context (or subject) node: /a/b[2]/@c.
  std::string text;               ///< The assertion's own text, whitespace normalised.
  std::string diagnostics;        ///< The texts of its sch:diagnostics, "; "-separated.
  unsigned line = 0, column = 0;  ///< Of the context node's element; 0 when unknown.
};

/// Where the engine comes from. Defaults: $OZG_LIBJVM, else
/// $JAVA_HOME/lib/server/libjvm.so, else /usr/lib/jvm/default-java/lib/server/libjvm.so;
/// $OZG_SAXON_JAR, else /usr/share/java/Saxon-HE.jar.
struct SchematronEngineSettings {
  std::filesystem::path libjvm;
  std::filesystem::path saxon_jar;
  unsigned max_heap_mib = 512;
  static SchematronEngineSettings defaults();
};

/// A .sch compiled for the whole process.
struct CompiledSchematron;
/// A ready XSLT stylesheet (a Schematron that its publisher compiled to XSLT, a report
/// stylesheet), compiled for the whole process.
struct CompiledStylesheet;
/// An XPath 2.0 expression compiled with its namespace bindings.
struct CompiledXPath;
/// A document in the VM: a message parsed by Saxon, or the result of a stylesheet. Freed when
/// the last shared_ptr goes.
struct SaxonDocument;
/// Namespace bindings (prefix, URI) for XPath expressions.
using NamespaceBindings = std::vector<std::pair<std::string, std::string>>;

/// The Java VM with Saxon, once per process (JNI cannot start a second VM in a process). All
/// functions may be called from any thread; threads are attached to the VM on first use.
class SchematronEngine {
 public:
  /// The engine, started on the first call with `settings` (later calls get the same engine,
  /// or the same error). Error SCH210: libjvm.so or the Saxon jar is missing or the VM does not
  /// start; the message says which.
  static Result<SchematronEngine*> instance(const SchematronEngineSettings& settings);

  /// `sch` compiled to XSLT (from the disk cache in `cache_dir` when its key matches; the
  /// cache is filled otherwise, if it can be written) and then by Saxon; kept in memory for
  /// the process. `files` are the .sch and everything it includes (the cache key).
  /// Error SCH212 with Saxon's message when the rules do not compile.
  Result<std::shared_ptr<const CompiledSchematron>> compile(
      const std::filesystem::path& sch, const std::vector<std::filesystem::path>& files,
      const std::filesystem::path& cache_dir);

  /// Runs the rules on a message file. The message is parsed without DTDs or external
  /// entities. Error SCH213 when it cannot be parsed or a rule raises an XPath error.
  Result<std::vector<SchematronFinding>> check(const CompiledSchematron& rules,
                                               const std::filesystem::path& message,
                                               bool allow_doctype = false);

  /// A ready XSLT file compiled by Saxon (once per process and content). Error SCH212 with
  /// Saxon's message when it does not compile. Imports and includes are resolved by Saxon
  /// relative to the file; callers that must keep them within a folder check that first.
  Result<std::shared_ptr<const CompiledStylesheet>> compile_xslt(const std::filesystem::path& xsl);

  /// An XPath 2.0 expression with `namespaces` bound. Error SCH212 with Saxon's message when it
  /// does not compile.
  Result<std::shared_ptr<const CompiledXPath>> compile_xpath(std::string_view expression,
                                                             const NamespaceBindings& namespaces);

  /// A message parsed as check() parses it (no DTDs or external entities; a DOCTYPE only with
  /// `allow_doctype`), with line numbers. Error SCH213 when it cannot be parsed.
  Result<std::shared_ptr<const SaxonDocument>> parse(const std::filesystem::path& file,
                                                     bool allow_doctype = false);
  /// XML text parsed the same way, never accepting a DOCTYPE. Error SCH213.
  Result<std::shared_ptr<const SaxonDocument>> parse_text(std::string_view xml);

  /// The effective boolean value of `xpath` with the document node of `doc` as context item.
  /// Error SCH213 with Saxon's message on a dynamic error.
  Result<bool> test(const CompiledXPath& xpath, const SaxonDocument& doc);

  /// Line and column of the first node `path` (an XPath such as SVRL's location) selects in
  /// `doc`; {0, 0} when it selects none or is no valid XPath.
  std::pair<unsigned, unsigned> locate(const SaxonDocument& doc, std::string_view path,
                                       const NamespaceBindings& namespaces);

  /// Runs `xslt` with `input` as initial context node and the given stylesheet parameters
  /// (documents, by parameter name without namespace); the result tree. Error SCH213 with
  /// Saxon's message when the transformation fails (xsl:message terminate="yes" included).
  Result<std::shared_ptr<const SaxonDocument>> transform(
      const CompiledStylesheet& xslt, const SaxonDocument& input,
      const std::vector<std::pair<std::string, const SaxonDocument*>>& parameters = {});

  /// `doc` as XML text (UTF-8, no XML declaration). Error SCH213.
  Result<std::string> serialize(const SaxonDocument& doc);

  /// The Saxon version ("9.9.1.5").
  [[nodiscard]] const std::string& saxon_version() const { return saxon_version_; }

  struct Jvm;

 private:
  SchematronEngine() = default;
  std::unique_ptr<Jvm> jvm_;
  std::string saxon_version_;
};

/// The compiler's version: the first 12 hex digits of the SHA-256 of sch2xslt.xsl.
std::string schematron_compiler_version();

}  // namespace xoev
