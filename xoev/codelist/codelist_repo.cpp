#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "xml/xerces.hpp"
#include "xoev/codelist/codelist.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/util/text.hpp"

namespace xoev {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kIndexFormat = 1;

/// "urn:de:xoev:codeliste:erreichbarkeit" + "4.1" -> "urn_de_xoev_codeliste_erreichbarkeit_4.1"
std::string file_stem(std::string_view uri, std::string_view version) {
  std::string s = std::string(uri) + "_" + std::string(version);
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') c = '_';
  return s;
}

}  // namespace

bool CodeKeys::contains(std::string_view code) const {
  return std::binary_search(keys_.begin(), keys_.end(), code,
                            [](std::string_view a, std::string_view b) { return a < b; });
}

std::vector<std::string> CodeKeys::nearest(std::string_view code, std::size_t n) const {
  std::vector<std::pair<std::size_t, const std::string*>> scored;
  scored.reserve(keys_.size());
  for (const auto& k : keys_) scored.emplace_back(edit_distance(code, k), &k);
  const std::size_t m = std::min(n, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(m), scored.end(),
                    [](const auto& a, const auto& b) {
                      return a.first != b.first ? a.first < b.first : *a.second < *b.second;
                    });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < m; ++i) out.push_back(*scored[i].second);
  return out;
}

Result<CodeListRepository> CodeListRepository::open(const fs::path& root) {
  CodeListRepository repo(fs::absolute(root).lexically_normal() / "codelists");
  const fs::path index = repo.dir_ / "index.json";
  std::error_code ec;
  if (!fs::exists(index, ec)) return repo;
  std::ifstream in(index, std::ios::binary);
  std::string text(static_cast<std::size_t>(fs::file_size(index, ec)), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  try {
    const json j = json::parse(text);
    if (j.value("format", 0) != kIndexFormat)
      return fail(ErrorKind::Config, "REPO001",
                  index.string() + " was written by another version of ozg",
                  "remove the codelists folder and add the lists again");
    for (const auto& e : j.at("lists"))
      repo.entries_.push_back({e.at("uri"), e.at("version"), e.value("short_name", ""),
                               e.value("long_name", ""), e.value("key_column", ""),
                               e.value("rows", std::size_t{0}), e.at("file"), e.at("keys")});
  } catch (const json::exception& e) {
    return fail(ErrorKind::Config, "REPO001", index.string() + " is corrupt: " + e.what(),
                "remove the codelists folder and add the lists again");
  }
  repo.reindex();
  return repo;
}

Result<void> CodeListRepository::save() const {
  json lists = json::array();
  for (const auto& e : entries_)
    lists.push_back({{"uri", e.uri},
                     {"version", e.version},
                     {"short_name", e.short_name},
                     {"long_name", e.long_name},
                     {"key_column", e.key_column},
                     {"rows", e.rows},
                     {"file", e.file},
                     {"keys", e.keys}});
  const json j{{"format", kIndexFormat}, {"lists", lists}};
  return write_file_atomically(dir_ / "index.json", j.dump() + "\n");
}

Result<CodeListAddReport> CodeListRepository::add(const fs::path& source) {
  std::error_code ec;
  if (!fs::exists(source, ec))
    return fail(ErrorKind::Input, "REPO002", source.string() + ": no such file or folder");
  std::vector<fs::path> files;
  if (fs::is_directory(source, ec)) {
    for (auto it = fs::recursive_directory_iterator(
             source, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (it->is_regular_file() && it->path().extension() == ".xml") files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
  } else {
    files.push_back(source);
  }
  fs::create_directories(dir_ / "files", ec);
  fs::create_directories(dir_ / "keys", ec);
  if (ec)
    return fail(ErrorKind::Config, "REPO006",
                "cannot create " + dir_.string() + ": " + ec.message());

  CodeListAddReport report;
  for (const auto& f : files) {
    auto table = xml::read_genericode(f);
    if (!table) {
      report.skipped.push_back(table.error().message);
      continue;
    }
    const std::string stem = file_stem(table->uri, table->version);
    CodeListEntry e{
        table->uri,        table->version,     table->short_name,        table->long_name,
        table->key_column, table->rows.size(), "files/" + stem + ".xml", "keys/" + stem + ".keys"};
    fs::copy_file(f, dir_ / e.file, fs::copy_options::overwrite_existing, ec);
    if (ec)
      return fail(ErrorKind::Config, "REPO006", "cannot copy " + f.string() + ": " + ec.message());
    // The key column's values, sorted: all that validation needs.
    const auto key = std::find(table->columns.begin(), table->columns.end(), table->key_column);
    const auto k = static_cast<std::size_t>(key - table->columns.begin());
    std::vector<std::string> keys;
    for (const auto& row : table->rows)
      if (k < row.size() && !row[k].empty() && row[k].find('\n') == std::string::npos)
        keys.push_back(row[k]);
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::string lines;
    for (const auto& key_value : keys) lines += key_value + '\n';
    if (auto w = write_file_atomically(dir_ / e.keys, lines); !w) return std::unexpected(w.error());
    std::erase_if(entries_,
                  [&](const CodeListEntry& x) { return x.uri == e.uri && x.version == e.version; });
    entries_.push_back(std::move(e));
    ++report.added;
  }
  std::sort(entries_.begin(), entries_.end(), [](const CodeListEntry& a, const CodeListEntry& b) {
    return a.uri != b.uri ? a.uri < b.uri : compare_versions(a.version, b.version) < 0;
  });
  reindex();
  if (auto saved = save(); !saved) return std::unexpected(saved.error());
  {
    std::lock_guard lock(*mu_);
    loaded_->clear();
  }
  return report;
}

void CodeListRepository::reindex() {
  by_key_.clear();
  for (std::size_t i = 0; i < entries_.size(); ++i)
    by_key_.emplace(std::make_pair(entries_[i].uri, entries_[i].version), i);
}

const CodeListEntry* CodeListRepository::find(std::string_view uri,
                                              std::string_view version) const {
  // Called for every coded value of every message: a map, not a scan of 300 lists.
  auto it = by_key_.find(std::make_pair(std::string(uri), std::string(version)));
  return it == by_key_.end() ? nullptr : &entries_[it->second];
}

std::vector<const CodeListEntry*> CodeListRepository::versions(std::string_view uri) const {
  std::vector<const CodeListEntry*> out;
  for (const auto& e : entries_)
    if (e.uri == uri) out.push_back(&e);
  std::sort(out.begin(), out.end(), [](const CodeListEntry* a, const CodeListEntry* b) {
    return compare_versions(a->version, b->version) > 0;
  });
  return out;
}

Result<CodeListTable> CodeListRepository::table(const CodeListEntry& e) const {
  return xml::read_genericode(dir_ / e.file);
}

Result<std::shared_ptr<const CodeKeys>> CodeListRepository::keys(const CodeListEntry& e) const {
  std::lock_guard lock(*mu_);
  if (auto it = loaded_->find(e.keys); it != loaded_->end()) return it->second;
  const fs::path file = dir_ / e.keys;
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail(ErrorKind::Config, "REPO001", "cannot read " + file.string(),
                "add the code list again with 'ozg codelists add'");
  std::vector<std::string> keys;
  keys.reserve(e.rows);
  for (std::string line; std::getline(in, line);) keys.push_back(std::move(line));
  auto loaded = std::make_shared<const CodeKeys>(std::move(keys));
  loaded_->emplace(e.keys, loaded);
  return loaded;
}

void CodeChecker::check(const CodeValue& v, DiagnosticSink& sink, CodeStats& stats) const {
  const std::string list =
      v.list_uri + (v.list_version.empty() ? "" : " version " + v.list_version);
  const CodeListEntry* entry =
      v.list_uri.empty() ? nullptr : lists_.find(v.list_uri, v.list_version);
  if (!v.list_uri.empty())
    stats.lists.emplace(std::make_pair(v.list_uri, v.list_version), entry != nullptr);
  if (entry == nullptr) {
    ++stats.no_list;
    std::string message, hint;
    std::optional<Remedy> remedy;
    if (v.list_uri.empty()) {
      message = "code '" + v.value + "' names no code list (listURI missing)";
      hint = "give listURI and listVersionID, as the XÖV code types require";
    } else {
      const auto installed = lists_.versions(v.list_uri);
      message =
          "code list " + list + " is not installed, so code '" + v.value + "' was not checked";
      if (installed.empty()) {
        hint = "install it with 'ozg codelists add FILE' (genericode from XRepository)";
        remedy = Remedy{Remedy::Kind::InstallCodeList, {v.list_uri}};
      } else {
        hint = "installed versions:";
        for (const auto* e : installed) hint += " " + e->version;
        hint += "; is listVersionID right?";
      }
    }
    sink.add({strict_ ? Severity::Error : Severity::Warning, "CL202", v.loc, message, v.path, hint,
              remedy});
    return;
  }
  auto keys = lists_.keys(*entry);
  if (!keys) {
    ++stats.no_list;
    sink.add({Severity::Error, "CL203", v.loc, keys.error().message, v.path, keys.error().hint,
              Remedy{Remedy::Kind::InstallCodeList, {v.list_uri}}});
    return;
  }
  ++stats.checked;
  if ((*keys)->contains(v.value)) {
    ++stats.valid;
    return;
  }
  ++stats.invalid;
  std::string hint;
  std::optional<Remedy> remedy;
  const auto near = (*keys)->nearest(v.value, 3);
  if (!near.empty()) {
    hint = "nearest valid codes:";
    for (const auto& n : near) hint += " '" + n + "'";
    hint += "; 'ozg codelists show " + v.list_uri + " --version " + entry->version + "' lists all";
    remedy = Remedy{Remedy::Kind::ListCodes, {v.list_uri, entry->version}};
    remedy->args.insert(remedy->args.end(), near.begin(), near.end());
  }
  sink.add({Severity::Error, "CL201", v.loc,
            "code '" + v.value + "' is not in code list " + list + " (" + entry->short_name + ", " +
                std::to_string((*keys)->size()) + " codes)",
            v.path, hint, remedy});
}

}  // namespace xoev
