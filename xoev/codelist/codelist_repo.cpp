#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "xml/xerces.hpp"
#include "xoev/codelist/codelist.hpp"
#include "xoev/diag/i18n.hpp"
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

/// The key column's values, sorted and unique, one per line.
std::string key_lines(const CodeListTable& t) {
  const auto key = std::find(t.columns.begin(), t.columns.end(), t.key_column);
  const auto k = static_cast<std::size_t>(key - t.columns.begin());
  std::vector<std::string> keys;
  for (const auto& row : t.rows)
    if (k < row.size() && !row[k].empty() && row[k].find('\n') == std::string::npos)
      keys.push_back(row[k]);
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::string lines;
  for (const auto& key_value : keys) lines += key_value + '\n';
  return lines;
}

std::string tsv(const CodeListTable& t) {
  auto line = [](const std::vector<std::string>& cells) {
    std::string l;
    for (std::size_t i = 0; i < cells.size(); ++i) l += (i ? "\t" : "") + cells[i];
    return l + '\n';
  };
  std::string out = line(t.columns);
  for (const auto& row : t.rows) out += line(row);
  return out;
}

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t b = 0;
  for (std::size_t e; (e = line.find('\t', b)) != std::string::npos; b = e + 1)
    cells.push_back(line.substr(b, e - b));
  cells.push_back(line.substr(b));
  return cells;
}

bool in_force(const std::string& from, const std::string& to, std::string_view date) {
  return (from.empty() || from <= date) && (to.empty() || date <= to);
}

/// Whether an eCH table holds every code, by its content (CodeListCoverage::Auto), with the
/// reason as shown by 'codelists add'.
std::pair<bool, Phrase> judge_complete(const CodeListTable& t) {
  if (t.uri == "eCH-0071:cantons")
    return {t.rows.size() == 26, {N_("{0} of 26 cantons"), {std::to_string(t.rows.size())}}};
  if (t.uri == "eCH-0071:municipalities") {
    const auto c = [&](std::string_view n) {
      return static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), n) -
                                      t.columns.begin());
    };
    const std::size_t from = c("municipalityAdmissionDate"), to = c("municipalityAbolitionDate");
    std::size_t current = 0;
    for (const auto& r : t.rows)
      if (in_force(r[from], r[to], t.version)) ++current;
    return {current >= 1500,
            {N_("{0} entries, {1} municipalities in force on {2} (a complete register has more "
                "than 1,500)"),
             {std::to_string(t.rows.size()), std::to_string(current), t.version}}};
  }
  return {
      t.rows.size() >= 200,
      {N_("{0} countries (a complete list has more than 200)"), {std::to_string(t.rows.size())}}};
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
      return fail(ErrorKind::Config, "REPO001", N_("{0} was written by another version of ozg"),
                  {index.string()}, N_("remove the codelists folder and add the lists again"));
    for (const auto& e : j.at("lists"))
      repo.entries_.push_back({e.at("uri"), e.at("version"), e.value("short_name", ""),
                               e.value("long_name", ""), e.value("key_column", ""),
                               e.value("rows", std::size_t{0}), e.at("file"), e.at("keys"),
                               e.value("format", "genericode"), e.value("partial", false)});
  } catch (const json::exception& e) {
    return fail(ErrorKind::Config, "REPO001", N_("{0} is corrupt: {1}"), {index.string(), e.what()},
                N_("remove the codelists folder and add the lists again"));
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
                     {"keys", e.keys},
                     {"format", e.format},
                     {"partial", e.partial}});
  const json j{{"format", kIndexFormat}, {"lists", lists}};
  return write_file_atomically(dir_ / "index.json", j.dump() + "\n");
}

Result<CodeListAddReport> CodeListRepository::add(const fs::path& source,
                                                  CodeListCoverage coverage) {
  std::error_code ec;
  if (!fs::exists(source, ec))
    return fail(ErrorKind::Input, "REPO002", N_("{0}: no such file or folder"), {source.string()});
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
    return fail(ErrorKind::Config, "REPO006", N_("cannot create {0}: {1}"),
                {dir_.string(), ec.message()});

  CodeListAddReport report;
  auto install = [&](CodeListEntry e) {
    std::erase_if(entries_,
                  [&](const CodeListEntry& x) { return x.uri == e.uri && x.version == e.version; });
    entries_.push_back(std::move(e));
    ++report.added;
  };
  for (const auto& f : files) {
    auto table = xml::read_genericode(f);
    if (!table) {
      // Not genericode: an eCH register, or nothing ozg reads.
      auto ech = xml::read_ech_list(f);
      if (!ech) {
        report.skipped.push_back(ech.error());
        continue;
      }
      for (const auto& t : ech->tables) {
        const std::string stem = file_stem(t.uri, t.version);
        CodeListEntry e{t.uri,
                        t.version,
                        t.short_name,
                        t.long_name,
                        t.key_column,
                        t.rows.size(),
                        "files/" + stem + ".tsv",
                        "keys/" + stem + ".keys",
                        ech->standard};
        const auto [complete, why] = judge_complete(t);
        e.partial =
            coverage == CodeListCoverage::Auto ? !complete : coverage == CodeListCoverage::Partial;
        if (auto w = write_file_atomically(dir_ / e.file, tsv(t)); !w)
          return std::unexpected(w.error());
        if (auto w = write_file_atomically(dir_ / e.keys, key_lines(t)); !w)
          return std::unexpected(w.error());
        report.notes.push_back({t.uri, t.version, f.filename().string(), why, e.partial,
                                coverage != CodeListCoverage::Auto});
        install(std::move(e));
      }
      continue;
    }
    const std::string stem = file_stem(table->uri, table->version);
    CodeListEntry e{
        table->uri,        table->version,     table->short_name,        table->long_name,
        table->key_column, table->rows.size(), "files/" + stem + ".xml", "keys/" + stem + ".keys"};
    fs::copy_file(f, dir_ / e.file, fs::copy_options::overwrite_existing, ec);
    if (ec)
      return fail(ErrorKind::Config, "REPO006", N_("cannot copy {0}: {1}"),
                  {f.string(), ec.message()});
    // The key column's values, sorted: all that validation needs.
    if (auto w = write_file_atomically(dir_ / e.keys, key_lines(*table)); !w)
      return std::unexpected(w.error());
    install(std::move(e));
  }
  std::sort(entries_.begin(), entries_.end(), [](const CodeListEntry& a, const CodeListEntry& b) {
    return a.uri != b.uri ? a.uri < b.uri : compare_versions(a.version, b.version) < 0;
  });
  reindex();
  if (auto saved = save(); !saved) return std::unexpected(saved.error());
  {
    std::lock_guard lock(*mu_);
    loaded_->clear();
    registers_->clear();
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
  if (e.format == "genericode") return xml::read_genericode(dir_ / e.file);
  const fs::path file = dir_ / e.file;
  std::ifstream in(file, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line))
    return fail(ErrorKind::Config, "REPO001", N_("cannot read {0}"), {file.string()},
                N_("add the code list again with 'ozg codelists add'"));
  CodeListTable t{e.uri, e.version, e.short_name, e.long_name, split_tabs(line), e.key_column, {}};
  while (std::getline(in, line)) {
    auto cells = split_tabs(line);
    cells.resize(t.columns.size());
    t.rows.push_back(std::move(cells));
  }
  return t;
}

std::string CodeListRepository::EchRegister::cell(std::size_t row, std::string_view column) const {
  const auto it = std::find(table.columns.begin(), table.columns.end(), column);
  if (it == table.columns.end() || row >= table.rows.size()) return {};
  return table.rows[row][static_cast<std::size_t>(it - table.columns.begin())];
}

Result<std::shared_ptr<const CodeListRepository::EchRegister>> CodeListRepository::ech_register(
    std::string_view uri) const {
  const auto installed = versions(uri);
  if (installed.empty()) return std::shared_ptr<const EchRegister>();
  const CodeListEntry* e = installed.front();
  std::lock_guard lock(*mu_);
  if (auto it = registers_->find(e->file); it != registers_->end()) return it->second;
  auto t = table(*e);
  if (!t) return std::unexpected(t.error());
  auto reg = std::make_shared<EchRegister>();
  reg->entry = e;
  reg->table = std::move(*t);
  const std::string second = uri == "eCH-0071:municipalities" ? "historyMunicipalityId"
                             : uri == "eCH-0072:countries"    ? "iso2Id"
                                                              : "";
  const auto col = [&](std::string_view n) {
    return static_cast<std::size_t>(
        std::find(reg->table.columns.begin(), reg->table.columns.end(), n) -
        reg->table.columns.begin());
  };
  const std::size_t k = col(reg->table.key_column), s = col(second);
  for (std::size_t i = 0; i < reg->table.rows.size(); ++i) {
    const auto& row = reg->table.rows[i];
    if (k < row.size() && !row[k].empty()) reg->by_key.emplace(row[k], i);
    if (s < row.size() && !row[s].empty()) reg->by_second.emplace(row[s], i);
  }
  registers_->emplace(e->file, reg);
  return std::shared_ptr<const EchRegister>(reg);
}

Result<std::shared_ptr<const CodeKeys>> CodeListRepository::keys(const CodeListEntry& e) const {
  std::lock_guard lock(*mu_);
  if (auto it = loaded_->find(e.keys); it != loaded_->end()) return it->second;
  const fs::path file = dir_ / e.keys;
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return fail(ErrorKind::Config, "REPO001", N_("cannot read {0}"), {file.string()},
                N_("add the code list again with 'ozg codelists add'"));
  std::vector<std::string> keys;
  keys.reserve(e.rows);
  for (std::string line; std::getline(in, line);) keys.push_back(std::move(line));
  auto loaded = std::make_shared<const CodeKeys>(std::move(keys));
  loaded_->emplace(e.keys, loaded);
  return loaded;
}

void CodeChecker::check(const CodeValue& v, DiagnosticSink& sink, CodeStats& stats) const {
  const CodeListEntry* entry =
      v.list_uri.empty() ? nullptr : lists_.find(v.list_uri, v.list_version);
  if (!v.list_uri.empty())
    stats.lists.emplace(std::make_pair(v.list_uri, v.list_version), entry != nullptr);
  if (entry == nullptr) {
    ++stats.no_list;
    Diagnostic d;
    d.severity = strict_ ? Severity::Error : Severity::Warning;
    d.code = "CL202";
    d.loc = v.loc;
    d.path = v.path;
    if (v.list_uri.empty()) {
      i18n::say(d, N_("code '{0}' names no code list (listURI missing)"), {v.value});
      i18n::advise(d, N_("give listURI and listVersionID, as the XÖV code types require"), {});
    } else {
      const auto installed = lists_.versions(v.list_uri);
      if (v.list_version.empty()) {
        i18n::say(d, N_("code list {0} is not installed, so code '{1}' was not checked"),
                  {v.list_uri, v.value});
      } else {
        i18n::say(d,
                  N_("code list {0} version {1} is not installed, so code '{2}' was not checked"),
                  {v.list_uri, v.list_version, v.value});
      }
      if (installed.empty()) {
        d.remedy = Remedy{Remedy::Kind::InstallCodeList, {v.list_uri}};
      } else {
        std::string versions;
        for (const auto* e : installed) versions += (versions.empty() ? "" : " ") + e->version;
        i18n::advise(d, N_("installed versions: {0}; is listVersionID right?"), {versions});
      }
    }
    sink.add(std::move(d));
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
  Diagnostic d;
  d.code = "CL201";
  d.loc = v.loc;
  d.path = v.path;
  const std::string size = std::to_string((*keys)->size());
  if (v.list_version.empty()) {
    i18n::say(d, N_("code '{0}' is not in code list {1} ({2}, {3} codes)"),
              {v.value, v.list_uri, entry->short_name, size});
  } else {
    i18n::say(d, N_("code '{0}' is not in code list {1} version {2} ({3}, {4} codes)"),
              {v.value, v.list_uri, v.list_version, entry->short_name, size});
  }
  const auto near = (*keys)->nearest(v.value, 3);
  if (!near.empty()) {
    d.remedy = Remedy{Remedy::Kind::ListCodes, {v.list_uri, entry->version}};
    d.remedy->args.insert(d.remedy->args.end(), near.begin(), near.end());
  }
  sink.add(std::move(d));
}

namespace {

/// Places of birth and of origin name the municipality of their own time, not of the event.
bool dated_by_event(std::string_view path) {
  std::string p(path);
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char c) { return std::tolower(c); });
  return p.find("birth") == std::string::npos && p.find("origin") == std::string::npos;
}

}  // namespace

bool CodeChecker::dated(const TypedValue& v) const {
  if (v.kind != IdKind::MunicipalityId) return false;
  auto reg = lists_.ech_register("eCH-0071:municipalities");
  return reg && *reg && !(*reg)->entry->partial;
}

void CodeChecker::check_ech(const TypedValue& v, std::string_view date, DiagnosticSink& sink,
                            CodeStats& stats) const {
  const char* uri = nullptr;
  switch (v.kind) {
    case IdKind::CountryId:
    case IdKind::CountryIso2:
      uri = "eCH-0072:countries";
      break;
    case IdKind::Canton:
    case IdKind::CantonFl:
      uri = "eCH-0071:cantons";
      break;
    case IdKind::MunicipalityId:
    case IdKind::HistoryMunicipalityId:
      uri = "eCH-0071:municipalities";
      break;
    default:
      return;
  }
  if (v.value.empty()) return;
  // Liechtenstein is not in eCH-0071: its abbreviation (in cantonFlAbbreviation) and its
  // municipalities (BFS numbers 7001-7011, in swissAndFlMunicipality) are valid as they are.
  if (v.kind == IdKind::CantonFl && v.value == "FL") return;
  if (v.kind == IdKind::MunicipalityId && v.value.size() == 4 && v.value >= "7001" &&
      v.value <= "7011")
    return;
  auto reg = lists_.ech_register(uri);
  if (!reg) {
    sink.add({Severity::Error, "CL203", v.loc, reg.error().message, v.path, reg.error().hint});
    return;
  }
  if (!*reg) return;  // not installed: eCH ids are checked only against lists one has added
  const auto& r = **reg;
  const CodeListEntry& e = *r.entry;
  stats.lists.emplace(std::make_pair(e.uri, e.version), true);
  ++stats.checked;
  const bool second = v.kind == IdKind::CountryIso2 || v.kind == IdKind::HistoryMunicipalityId;
  const auto& index = second ? r.by_second : r.by_key;
  const auto [first, last] = index.equal_range(v.value);
  // One template per kind of id: the kind is a word, and words belong in the template.
  struct Words {
    const char* unknown;  // {0} value, {1} list, {2} version, {3} list name, {4} entries
    const char* partial;  // {0} value, {1} list, {2} version, {3} entries
    const char* expired;  // {0} value, {1} date
  };
  Words words;
  switch (v.kind) {
    case IdKind::CountryId:
      words = {N_("country number '{0}' is not in {1} version {2} ({3}, {4} entries)"),
               N_("country number '{0}' is not in {1} version {2}, which is partial ({3} "
                  "entries), so it may still be right"),
               N_("country number '{0}' was not in force on the event date {1}")};
      break;
    case IdKind::CountryIso2:
      words = {N_("ISO country code '{0}' is not in {1} version {2} ({3}, {4} entries)"),
               N_("ISO country code '{0}' is not in {1} version {2}, which is partial ({3} "
                  "entries), so it may still be right"),
               N_("ISO country code '{0}' was not in force on the event date {1}")};
      break;
    case IdKind::Canton:
    case IdKind::CantonFl:
      words = {N_("canton abbreviation '{0}' is not in {1} version {2} ({3}, {4} entries)"),
               N_("canton abbreviation '{0}' is not in {1} version {2}, which is partial ({3} "
                  "entries), so it may still be right"),
               N_("canton abbreviation '{0}' was not in force on the event date {1}")};
      break;
    case IdKind::MunicipalityId:
      words = {N_("BFS municipality number '{0}' is not in {1} version {2} ({3}, {4} entries)"),
               N_("BFS municipality number '{0}' is not in {1} version {2}, which is partial "
                  "({3} entries), so it may still be right"),
               N_("BFS municipality number '{0}' was not in force on the event date {1}")};
      break;
    default:
      words = {N_("historical municipality id '{0}' is not in {1} version {2} ({3}, {4} entries)"),
               N_("historical municipality id '{0}' is not in {1} version {2}, which is partial "
                  "({3} entries), so it may still be right"),
               N_("historical municipality id '{0}' was not in force on the event date {1}")};
      break;
  }
  const std::string rows = std::to_string(e.rows);
  if (first == last) {
    ++stats.invalid;
    Diagnostic d;
    d.loc = v.loc;
    d.path = v.path;
    if (e.partial) {
      d.severity = Severity::Warning;
      d.code = "CL208";
      i18n::say(d, words.partial, {v.value, e.uri, e.version, rows});
      i18n::advise(d,
                   N_("install the complete list to check it; 'ozg codelists show {0}' lists them"),
                   {e.uri});
      sink.add(std::move(d));
      return;
    }
    const bool country = v.kind == IdKind::CountryId || v.kind == IdKind::CountryIso2;
    const bool canton = v.kind == IdKind::Canton || v.kind == IdKind::CantonFl;
    d.code = country ? "CL204" : canton ? "CL207" : "CL205";
    i18n::say(d, words.unknown, {v.value, e.uri, e.version, e.short_name, rows});
    if (country) {
      i18n::advise(d, N_("Switzerland is 8100 (CH); 'ozg codelists show {0}' lists them"), {e.uri});
    } else {
      i18n::advise(d, N_("'ozg codelists show {0}' lists them"), {e.uri});
    }
    sink.add(std::move(d));
    return;
  }
  ++stats.valid;
  const bool municipality =
      v.kind == IdKind::MunicipalityId || v.kind == IdKind::HistoryMunicipalityId;
  if (!municipality || e.partial || date.empty() || !dated_by_event(v.path)) return;
  struct Period {
    std::string name, from, to;
  };
  std::vector<Period> periods;
  for (auto it = first; it != last; ++it) {
    Period p{r.cell(it->second, "municipalityLongName"),
             r.cell(it->second, "municipalityAdmissionDate"),
             r.cell(it->second, "municipalityAbolitionDate")};
    if (in_force(p.from, p.to, date)) return;
    periods.push_back(std::move(p));
  }
  Diagnostic d;
  d.severity = Severity::Warning;
  d.code = "CL206";
  d.loc = v.loc;
  d.path = v.path;
  i18n::say(d, words.expired, {v.value, std::string(date)});
  // The usual cases (one period; a closed one and the one after it) have their own templates;
  // three or more periods are listed with English words.
  const Period& p0 = periods.front();
  if (periods.size() == 1 && p0.to.empty()) {
    i18n::advise(d, N_("in {0} version {1} it is: {2} {3} to today"),
                 {e.uri, e.version, p0.name, p0.from});
  } else if (periods.size() == 1) {
    i18n::advise(d, N_("in {0} version {1} it is: {2} {3} to {4}"),
                 {e.uri, e.version, p0.name, p0.from, p0.to});
  } else if (periods.size() == 2 && !p0.to.empty() && periods[1].to.empty()) {
    i18n::advise(d, N_("in {0} version {1} it is: {2} {3} to {4}; {5} {6} to today"),
                 {e.uri, e.version, p0.name, p0.from, p0.to, periods[1].name, periods[1].from});
  } else if (periods.size() == 2 && !p0.to.empty()) {
    i18n::advise(d, N_("in {0} version {1} it is: {2} {3} to {4}; {5} {6} to {7}"),
                 {e.uri, e.version, p0.name, p0.from, p0.to, periods[1].name, periods[1].from,
                  periods[1].to});
  } else {
    std::string joined;
    for (const auto& p : periods)
      joined += (joined.empty() ? "" : "; ") + p.name + " " + p.from + " to " +
                (p.to.empty() ? "today" : p.to);
    i18n::advise(d, N_("in {0} version {1} it is: {2}"), {e.uri, e.version, joined});
  }
  sink.add(std::move(d));
}

}  // namespace xoev
