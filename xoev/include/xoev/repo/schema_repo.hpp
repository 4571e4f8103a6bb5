#pragma once
/// The local schema repository: official XSDs copied into one folder and indexed by target
/// namespace, file name and the global elements they declare, so that messages can be validated
/// offline. Absolute publisher URLs in xs:import/xs:include (http://www.ech.ch/xmlns/...) are
/// answered from the index and from OASIS catalogs that came with the added folders; nothing is
/// ever fetched from the network while resolving.
///
/// Layout on disk (root = $OZG_HOME, or $XDG_DATA_HOME/ozg, or ~/.local/share/ozg):
///   root/index.json              the index (written atomically)
///   root/schemas/<bundle>/...    one folder per `ozg schemas add`, original layout kept

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "xoev/diag/diag.hpp"
#include "xoev/model/schema.hpp"
#include "xoev/util/result.hpp"

namespace xoev {

/// Everything the index knows about one schema document.
struct SchemaEntry {
  std::string path;    ///< Relative to root/schemas, '/'-separated.
  std::string bundle;  ///< First path segment.
  std::string target_namespace;
  std::string version;                ///< xs:schema/@version, else digits of the file name.
  std::vector<std::string> elements;  ///< Global element declarations (local names).
  std::vector<SchemaRef> refs;
  std::string sha256;
  /// Compile status: "ok", "error" or "part" (included by another document, compiled with it).
  std::string status;
  std::string problem;      ///< First compile error, "file:line:col: message".
  std::string included_by;  ///< For status "part": the including document.

  [[nodiscard]] std::string file_name() const;
};

struct CatalogMapping {
  std::string url;   ///< systemId / uri name.
  std::string path;  ///< Repository-relative target.
};

struct Bundle {
  std::string name;
  std::string source;  ///< Absolute path or URL it was added from.
  std::string added;   ///< ISO 8601 UTC time.
};

/// Outcome of picking the schema document for a message.
struct SchemaChoice {
  const SchemaEntry* entry = nullptr;
  std::size_t candidates = 0;  ///< Documents with that namespace that declare the root.
  Phrase reason;               ///< One sentence for humans: why this one.
};

/// What `add` did.
struct AddReport {
  std::string bundle;
  std::size_t files = 0;
  std::size_t catalogs = 0;
  std::vector<const SchemaEntry*> failed;  ///< Root documents that do not compile.
};

class SchemaRepository final : public SchemaResolver {
 public:
  /// $OZG_HOME, else $XDG_DATA_HOME/ozg, else $HOME/.local/share/ozg.
  static std::filesystem::path default_root();

  /// Opens the repository at `root`. A missing folder is an empty repository (nothing is created
  /// until `add`). An unreadable or corrupt index is an Error (kind Config).
  static Result<SchemaRepository> open(const std::filesystem::path& root);

  /// Copies the XSDs (and OASIS catalogs) of a folder or a single file into a new bundle, indexes
  /// them and compiles every root document together with its imports. Re-adding the same source
  /// replaces its bundle. `name` overrides the bundle name derived from the source.
  Result<AddReport> add(const std::filesystem::path& source, std::optional<std::string> name = {},
                        std::optional<std::string> origin = {});

  /// Removes the bundles named `what`, or every document with targetNamespace `what`, or the
  /// document with that repository path or file name. Returns how many documents went.
  Result<std::size_t> remove(std::string_view what);

  [[nodiscard]] const std::filesystem::path& root() const { return root_; }
  [[nodiscard]] const std::vector<SchemaEntry>& entries() const { return entries_; }
  [[nodiscard]] const std::vector<Bundle>& bundles() const { return bundles_; }
  [[nodiscard]] std::filesystem::path file_path(const SchemaEntry& e) const;
  [[nodiscard]] std::vector<const SchemaEntry*> by_namespace(std::string_view ns) const;
  /// Documents that import/include `e` (for `schemas list`/`show`).
  [[nodiscard]] std::vector<const SchemaEntry*> referrers(const SchemaEntry& e) const;
  /// The entry for a repository path, a file name or an absolute path inside the repository;
  /// nullptr if there is none or the file name is not unique.
  [[nodiscard]] const SchemaEntry* find(std::string_view path_or_name) const;
  /// Like find, for names typed by a user: says whether nothing matched (REPO004) or the file
  /// name is ambiguous (REPO009, listing the candidates).
  [[nodiscard]] Result<const SchemaEntry*> lookup(std::string_view path_or_name) const;

  /// Picks the schema document for a message whose root element is {ns}local: among the
  /// documents with that targetNamespace whose include closure declares `local`, the outermost
  /// one that compiles, with the highest version (ties: file name). Returns nullptr entry when
  /// none exists.
  [[nodiscard]] SchemaChoice choose(std::string_view ns, std::string_view local) const;

  /// Namespaces in which some document declares a global element `local` (for hints).
  [[nodiscard]] std::vector<std::string> namespaces_declaring(std::string_view local) const;

  /// A hash of everything that decides what a compile reads: every document's path, namespace
  /// and content hash, and the catalog. Cached grammars made under another one are stale.
  [[nodiscard]] std::uint64_t fingerprint() const;
  [[nodiscard]] std::optional<std::filesystem::path> resolve(
      std::string_view ns, std::string_view location,
      const std::filesystem::path& base) const override;

 private:
  explicit SchemaRepository(std::filesystem::path root) : root_(std::move(root)) {}
  Result<void> save() const;
  void compile_all();
  void classify_parts();
  [[nodiscard]] std::vector<const SchemaEntry*> include_closure(const SchemaEntry& e) const;

  std::filesystem::path root_;
  std::vector<Bundle> bundles_;
  std::vector<SchemaEntry> entries_;
  std::vector<CatalogMapping> catalog_;
};

/// Unpacks a zip or tar archive into `dest` (which must exist). A file that is no archive is
/// REPO008; entries that would land outside `dest` and archives that unpack to more than 512 MiB
/// are refused as REPO010. Returns the number of files.
Result<std::size_t> extract_archive(const std::filesystem::path& archive_file,
                                    const std::filesystem::path& dest);

/// Compares version strings naturally ("2.10" > "2.9", "4.1" > "4"). Returns <0, 0, >0.
int compare_versions(std::string_view a, std::string_view b);

}  // namespace xoev
