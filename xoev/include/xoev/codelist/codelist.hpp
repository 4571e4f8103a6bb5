#pragma once
/// Code lists: OASIS genericode 1.0 files (XÖV "Codelisten") and the eCH registers eCH-0071
/// (cantons, historised municipality register) and eCH-0072 (countries), indexed by URI and
/// version in the local repository, and the check of values in messages against them.
///
/// Layout under the repository root:
///   codelists/index.json          the index (written atomically)
///   codelists/files/<uri>_<ver>.xml   the genericode files as added
///   codelists/files/<uri>_<ver>.tsv   an eCH table (eCH-0071:cantons, eCH-0071:municipalities,
///                                     eCH-0072:countries; version = the file's validFrom) as
///                                     tab-separated columns, the first line naming them
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
  std::string file;                   ///< Relative to root/codelists.
  std::string keys;                   ///< Relative to root/codelists.
  std::string format = "genericode";  ///< "genericode", "eCH-0071" or "eCH-0072".
  /// An eCH table that does not hold every code (see CodeListCoverage): values missing from it
  /// are warnings (CL208), not errors.
  bool partial = false;
};

/// Whether an added eCH table holds every code. Auto decides from the content: eCH-0071
/// cantons are complete with all 26; eCH-0071 municipalities when at least 1,500 are in force
/// on the file's validFrom (Switzerland has had more than 2,000 since 1960; the corpus's
/// abridged register has 443); eCH-0072 countries with at least 200 entries.
enum class CodeListCoverage { Auto, Partial, Complete };

/// How complete an added eCH table was judged, and why ("26 of 26 cantons").
struct CodeListNote {
  std::string uri, version, file;
  Phrase why;
  bool partial = false;
  bool forced = false;  ///< --coverage decided, not the content.
};

struct CodeListAddReport {
  std::size_t added = 0;
  std::vector<Error> skipped;       ///< Files that are not code lists, with the reason.
  std::vector<CodeListNote> notes;  ///< One per eCH table added: what and how complete.
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

  /// Adds every genericode, eCH-0071 and eCH-0072 file of a folder (recursively) or one file.
  /// Re-adding a list with the same URI and version replaces it. Other files are skipped.
  /// `coverage` decides whether eCH tables count as partial (genericode lists are complete).
  Result<CodeListAddReport> add(const std::filesystem::path& source,
                                CodeListCoverage coverage = CodeListCoverage::Auto);

  [[nodiscard]] const std::vector<CodeListEntry>& entries() const { return entries_; }
  [[nodiscard]] const CodeListEntry* find(std::string_view uri, std::string_view version) const;
  /// Every installed version of `uri`, newest first.
  [[nodiscard]] std::vector<const CodeListEntry*> versions(std::string_view uri) const;
  /// The whole list, parsed from its genericode file.
  [[nodiscard]] Result<CodeListTable> table(const CodeListEntry& e) const;
  /// The key values, loaded once and cached (thread-safe).
  [[nodiscard]] Result<std::shared_ptr<const CodeKeys>> keys(const CodeListEntry& e) const;

  /// An eCH table indexed for checking: rows by the key column and by a second id
  /// (historyMunicipalityId of municipalities, iso2Id of countries).
  struct EchRegister {
    const CodeListEntry* entry = nullptr;
    CodeListTable table;
    std::multimap<std::string, std::size_t, std::less<>> by_key;
    std::multimap<std::string, std::size_t, std::less<>> by_second;
    [[nodiscard]] std::string cell(std::size_t row, std::string_view column) const;
  };
  /// The newest installed version of an eCH table ("eCH-0072:countries"), loaded once and
  /// cached (thread-safe); null when none is installed.
  [[nodiscard]] Result<std::shared_ptr<const EchRegister>> ech_register(std::string_view uri) const;

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
  mutable std::shared_ptr<std::map<std::string, std::shared_ptr<const EchRegister>>> registers_ =
      std::make_shared<std::map<std::string, std::shared_ptr<const EchRegister>>>();
};

/// Checks code values against the installed lists and records CL2xx diagnostics.
class CodeChecker {
 public:
  CodeChecker(const CodeListRepository& lists, bool strict) : lists_(lists), strict_(strict) {}
  void check(const CodeValue& v, DiagnosticSink& sink, CodeStats& stats) const;
  /// Checks a country, canton or municipality id against the installed eCH-0072/eCH-0071 table
  /// (nothing when none is installed): not in a complete table is CL204 (country), CL205
  /// (municipality) or CL207 (canton), an error; not in a partial one CL208, a warning. With a
  /// complete municipality register and a `date` (YYYY-MM-DD, the message's event date), a
  /// municipality that was not in force on that date is CL206, a warning; places of birth and
  /// origin are not dated, since they name the municipality of their own time.
  void check_ech(const TypedValue& v, std::string_view date, DiagnosticSink& sink,
                 CodeStats& stats) const;
  /// Whether check_ech() of `v` depends on the date: a municipality number, with a complete
  /// register installed. Everything else can be checked as soon as it is read.
  [[nodiscard]] bool dated(const TypedValue& v) const;

 private:
  const CodeListRepository& lists_;
  bool strict_;
};

}  // namespace xoev
