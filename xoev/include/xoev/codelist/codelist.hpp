#pragma once
/// Code lists: OASIS genericode 1.0 files (XÖV "Codelisten"), indexed by canonical URI and
/// version in the local repository, and the check of code values in messages against them.
///
/// Layout under the repository root:
///   codelists/index.json          the index (written atomically)
///   codelists/files/<uri>_<ver>.xml   the genericode files as added
///   codelists/keys/<uri>_<ver>.keys   the key column's values, sorted, one per line: what
///                                     validation loads (the 3 MB AGS list in about a
///                                     millisecond instead of parsing it on every run)

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "xoev/diag/diag.hpp"
#include "xoev/model/codes.hpp"
#include "xoev/util/result.hpp"

namespace xoev {

/// What the index knows about one installed list.
struct CodeListEntry {
  std::string uri;
  std::string version;
  std::string short_name;
  std::string long_name;
  std::string key_column;
  std::size_t rows = 0;
  std::string file;  ///< Relative to root/codelists.
  std::string keys;  ///< Relative to root/codelists.
};

struct CodeListAddReport {
  std::size_t added = 0;
  std::vector<std::string> skipped;  ///< Files that are not genericode lists, with the reason.
};

/// The key values of one list, sorted for binary search.
class CodeKeys {
 public:
  explicit CodeKeys(std::vector<std::string> sorted) : keys_(std::move(sorted)) {}
  [[nodiscard]] bool contains(std::string_view code) const;
  /// Up to `n` keys closest to `code` (edit distance, then order), for "did you mean".
  [[nodiscard]] std::vector<std::string> nearest(std::string_view code, std::size_t n) const;
  [[nodiscard]] std::size_t size() const { return keys_.size(); }

 private:
  std::vector<std::string> keys_;
};

class CodeListRepository {
 public:
  /// Opens root/codelists (missing: empty). A corrupt index is an Error (REPO001).
  static Result<CodeListRepository> open(const std::filesystem::path& root);

  /// Adds every genericode file of a folder (recursively) or one file. Re-adding a list with
  /// the same URI and version replaces it. Files that are not genericode are skipped.
  Result<CodeListAddReport> add(const std::filesystem::path& source);

  [[nodiscard]] const std::vector<CodeListEntry>& entries() const { return entries_; }
  [[nodiscard]] const CodeListEntry* find(std::string_view uri, std::string_view version) const;
  /// Every installed version of `uri`, newest first.
  [[nodiscard]] std::vector<const CodeListEntry*> versions(std::string_view uri) const;
  /// The whole list, parsed from its genericode file.
  [[nodiscard]] Result<CodeListTable> table(const CodeListEntry& e) const;
  /// The key values, loaded once and cached (thread-safe).
  [[nodiscard]] Result<std::shared_ptr<const CodeKeys>> keys(const CodeListEntry& e) const;

 private:
  explicit CodeListRepository(std::filesystem::path dir) : dir_(std::move(dir)) {}
  Result<void> save() const;

  void reindex();

  std::filesystem::path dir_;
  std::vector<CodeListEntry> entries_;
  std::map<std::pair<std::string, std::string>, std::size_t, std::less<>> by_key_;  // -> entries_
  mutable std::shared_ptr<std::mutex> mu_ = std::make_shared<std::mutex>();
  mutable std::shared_ptr<std::map<std::string, std::shared_ptr<const CodeKeys>>> loaded_ =
      std::make_shared<std::map<std::string, std::shared_ptr<const CodeKeys>>>();
};

/// Checks code values against the installed lists and records CL2xx diagnostics.
class CodeChecker {
 public:
  CodeChecker(const CodeListRepository& lists, bool strict) : lists_(lists), strict_(strict) {}
  void check(const CodeValue& v, DiagnosticSink& sink, CodeStats& stats) const;

 private:
  const CodeListRepository& lists_;
  bool strict_;
};

}  // namespace xoev
