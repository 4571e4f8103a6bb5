#include "xoev/repo/schema_repo.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "repo/grammar_cache.hpp"
#include "repo/index_cache.hpp"
#include "xml/xerces.hpp"
#include "xml/xstr.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/util/digest.hpp"
#include "xoev/util/text.hpp"
#include "xoev/util/xdg_path.hpp"

namespace xoev {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kIndexFormat = 1;

bool iequals_ext(const fs::path& p, std::string_view ext) {
  std::string e = p.extension().string();
  std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return std::tolower(c); });
  return e == ext;
}

bool has_scheme(std::string_view s) {
  const auto colon = s.find(':');
  if (colon == std::string_view::npos || colon < 2) return false;  // "C:" is not a scheme
  return std::all_of(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(colon), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
  });
}

std::string last_segment(std::string_view url) {
  auto cut = url.find_first_of("?#");
  if (cut != std::string_view::npos) url = url.substr(0, cut);
  auto slash = url.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? url : url.substr(slash + 1));
}

std::vector<std::string> segments(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == '/' || c == '\\') {
      if (!cur.empty()) out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::size_t common_suffix(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[a.size() - 1 - n] == b[b.size() - 1 - n]) ++n;
  return n;
}

std::string derive_version(const fs::path& rel, const std::string& declared) {
  if (!declared.empty()) return declared;
  static const std::regex kStem(R"(.*[-_](\d+)[-._](\d+)[a-z]?$)");
  std::smatch m;
  const std::string stem = rel.stem().string();
  if (std::regex_match(stem, m, kStem)) return m[1].str() + "." + m[2].str();
  static const std::regex kDir(R"((\d+(?:\.\d+)+))");
  for (auto it = rel.begin(); it != rel.end(); ++it) {
    const std::string seg = it->string();
    if (std::regex_search(seg, m, kDir)) return m[1].str();
  }
  return {};
}

std::string derive_bundle_name(const fs::path& source) {
  fs::path p = fs::absolute(source).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  if (fs::is_regular_file(p)) return p.stem().string();
  std::string name = p.filename().string();
  static const std::set<std::string> kGeneric{"schemas", "schema", "xsd", "XSD", "xsds", "Schemas"};
  if (kGeneric.contains(name) && p.has_parent_path() && !p.parent_path().filename().empty())
    name = p.parent_path().filename().string();
  return name.empty() ? "schemas" : name;
}

json to_json(const SchemaEntry& e) {
  json refs = json::array();
  for (const auto& r : e.refs)
    refs.push_back({{"kind", r.kind}, {"ns", r.ns}, {"location", r.location}});
  return {{"path", e.path},
          {"namespace", e.target_namespace},
          {"version", e.version},
          {"elements", e.elements},
          {"refs", refs},
          {"sha256", e.sha256},
          {"status", e.status},
          {"problem", e.problem},
          {"included_by", e.included_by}};
}

SchemaEntry from_json(const json& j) {
  SchemaEntry e;
  e.path = j.at("path").get<std::string>();
  e.bundle = segments(e.path).front();
  e.target_namespace = j.value("namespace", "");
  e.version = j.value("version", "");
  e.elements = j.value("elements", std::vector<std::string>{});
  for (const auto& r : j.value("refs", json::array()))
    e.refs.push_back({r.value("kind", ""), r.value("ns", ""), r.value("location", "")});
  e.sha256 = j.value("sha256", "");
  e.status = j.value("status", "");
  e.problem = j.value("problem", "");
  e.included_by = j.value("included_by", "");
  return e;
}

/// Newer documents first: by declared version, then by the version in the file name
/// (eCH-0020-2-1 and 2-0 both declare "2.0"), then by path for a stable order.
bool newer_first(const SchemaEntry* a, const SchemaEntry* b) {
  if (const int v = compare_versions(a->version, b->version); v != 0) return v > 0;
  if (const int v = compare_versions(a->file_name(), b->file_name()); v != 0) return v > 0;
  return a->path < b->path;
}

}  // namespace

std::string SchemaEntry::file_name() const { return last_segment(path); }

int compare_versions(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
    const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (da && db) {
      std::size_t ie = i, je = j;
      while (ie < a.size() && std::isdigit(static_cast<unsigned char>(a[ie]))) ++ie;
      while (je < b.size() && std::isdigit(static_cast<unsigned char>(b[je]))) ++je;
      std::string_view na = a.substr(i, ie - i), nb = b.substr(j, je - j);
      while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size() ? -1 : 1;
      if (int c = na.compare(nb); c != 0) return c < 0 ? -1 : 1;
      i = ie;
      j = je;
    } else {
      if (a[i] != b[j]) return a[i] < b[j] ? -1 : 1;
      ++i;
      ++j;
    }
  }
  if (i < a.size()) return 1;
  if (j < b.size()) return -1;
  return 0;
}

fs::path SchemaRepository::default_root() {
  return xdg_path(XdgBase::Data, "OZG_HOME", "", ".ozg");
}

Result<SchemaRepository> SchemaRepository::open(const fs::path& root) {
  SchemaRepository repo(fs::absolute(root).lexically_normal());
  const fs::path index = repo.root_ / "index.json";
  std::error_code ec;
  if (!fs::exists(index, ec)) return repo;
  if (auto copy = index_cache::load(repo.root_, index)) {
    repo.bundles_ = std::move(copy->bundles);
    repo.entries_ = std::move(copy->entries);
    repo.catalog_ = std::move(copy->catalog);
    return repo;
  }
  std::ifstream in(index);
  if (!in) return fail(ErrorKind::Config, "REPO001", N_("cannot read {0}"), {index.string()});
  try {
    // Read in one go: parsing from a stream (or via istreambuf_iterator) costs milliseconds.
    std::string text(static_cast<std::size_t>(fs::file_size(index, ec)), '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    json j = json::parse(text);
    if (j.value("format", 0) != kIndexFormat)
      return fail(ErrorKind::Config, "REPO001", N_("{0} was written by another version of ozg"),
                  {index.string()}, N_("remove the folder and add the schemas again"));
    for (const auto& b : j.at("bundles"))
      repo.bundles_.push_back({b.at("name"), b.value("source", ""), b.value("added", "")});
    for (const auto& e : j.at("schemas")) repo.entries_.push_back(from_json(e));
    for (const auto& c : j.value("catalog", json::array()))
      repo.catalog_.push_back({c.at("url"), c.at("path")});
  } catch (const json::exception& e) {
    return fail(ErrorKind::Config, "REPO001", N_("{0} is corrupt: {1}"), {index.string(), e.what()},
                N_("remove the folder and add the schemas again"));
  }
  index_cache::store(repo.root_, index, {repo.bundles_, repo.entries_, repo.catalog_});
  return repo;
}

Result<void> SchemaRepository::save() const {
  json j;
  j["format"] = kIndexFormat;
  j["bundles"] = json::array();
  for (const auto& b : bundles_)
    j["bundles"].push_back({{"name", b.name}, {"source", b.source}, {"added", b.added}});
  j["schemas"] = json::array();
  for (const auto& e : entries_) j["schemas"].push_back(to_json(e));
  j["catalog"] = json::array();
  for (const auto& c : catalog_) j["catalog"].push_back({{"url", c.url}, {"path", c.path}});
  std::error_code ec;
  fs::create_directories(root_, ec);
  const fs::path index = root_ / "index.json";
  auto written = write_file_atomically(index, j.dump() + "\n");
  if (written) index_cache::store(root_, index, {bundles_, entries_, catalog_});
  return written;
}

fs::path SchemaRepository::file_path(const SchemaEntry& e) const {
  return root_ / "schemas" / fs::path(e.path);
}

std::vector<const SchemaEntry*> SchemaRepository::by_namespace(std::string_view ns) const {
  std::vector<const SchemaEntry*> out;
  for (const auto& e : entries_)
    if (e.target_namespace == ns) out.push_back(&e);
  return out;
}

const SchemaEntry* SchemaRepository::find(std::string_view what) const {
  const fs::path p(what);
  std::error_code ec;
  if (p.is_absolute()) {
    const fs::path rel = p.lexically_normal().lexically_relative(root_ / "schemas");
    // fs::path's == compares components. Between two relative paths without empty components
    // (no "//", no trailing '/') that is comparing the strings, which spares building a path
    // per entry (choose() asks this for every include of every candidate schema).
    const auto plain = [](std::string_view s) {
      return !s.empty() && s.front() != '/' && s.back() != '/' &&
             s.find("//") == std::string_view::npos;
    };
    const std::string& r = rel.native();
    const bool rel_plain = plain(r);
    for (const auto& e : entries_) {
      if (rel_plain && plain(e.path)) {
        if (e.path == r) return &e;
      } else if (fs::path(e.path) == rel) {
        return &e;
      }
    }
    return nullptr;
  }
  for (const auto& e : entries_)
    if (e.path == what) return &e;
  const SchemaEntry* by_name = nullptr;
  for (const auto& e : entries_) {
    if (e.file_name() == what) {
      if (by_name != nullptr) return nullptr;  // ambiguous: ask for the path
      by_name = &e;
    }
  }
  return by_name;
}

Result<const SchemaEntry*> SchemaRepository::lookup(std::string_view what) const {
  if (const SchemaEntry* e = find(what)) return e;
  std::string paths;
  for (const auto& e : entries_)
    if (e.file_name() == what) paths += (paths.empty() ? "" : ", ") + e.path;
  if (!paths.empty())
    return fail(ErrorKind::Usage, "REPO009", N_("'{0}' is ambiguous: {1}"),
                {std::string(what), paths}, N_("name the schema by its repository path"));
  return fail(ErrorKind::Usage, "REPO004", N_("no schema '{0}' in the repository"),
              {std::string(what)}, N_("ozg schemas list shows bundles, namespaces and files"));
}

std::optional<fs::path> SchemaRepository::resolve(std::string_view ns, std::string_view location,
                                                  const fs::path& base) const {
  std::error_code ec;
  const fs::path schemas = root_ / "schemas";
  std::string base_bundle;
  if (!base.empty()) {
    const fs::path rel = base.lexically_normal().lexically_relative(schemas);
    if (!rel.empty() && *rel.begin() != "..") base_bundle = rel.begin()->string();
  }

  auto pick = [&](std::vector<const SchemaEntry*> c,
                  const std::vector<std::string>& want) -> std::optional<fs::path> {
    if (c.empty()) return std::nullopt;
    std::stable_sort(c.begin(), c.end(), [&](const SchemaEntry* a, const SchemaEntry* b) {
      const bool sa = a->bundle == base_bundle, sb = b->bundle == base_bundle;
      if (sa != sb) return sa;
      const auto ca = common_suffix(segments(a->path), want);
      const auto cb = common_suffix(segments(b->path), want);
      if (ca != cb) return ca > cb;
      return newer_first(a, b);
    });
    return file_path(*c.front());
  };

  if (location.empty()) {
    if (ns.empty()) return std::nullopt;
    std::vector<const SchemaEntry*> c;
    for (const auto* e : by_namespace(ns))
      if (e->status != "part") c.push_back(e);
    return pick(c, {});
  }

  if (location.starts_with("file:")) {
    fs::path p = xml::uri_to_path(std::string(location));
    if (fs::is_regular_file(p, ec)) return p;
  } else if (!has_scheme(location)) {
    fs::path p(location);
    if (p.is_relative()) p = base.parent_path() / p;
    p = p.lexically_normal();
    if (fs::is_regular_file(p, ec)) return p;
  } else {
    // A catalog entry of the referring bundle wins over those of other bundles.
    const CatalogMapping* hit = nullptr;
    for (const auto& m : catalog_) {
      if (m.url != location) continue;
      if (hit == nullptr || segments(m.path).front() == base_bundle) hit = &m;
    }
    if (hit != nullptr) return root_ / "schemas" / fs::path(hit->path);
  }

  // By file name, preferring the imported namespace, the referring bundle and the longest
  // matching path suffix.
  const std::string name = last_segment(location);
  std::vector<const SchemaEntry*> same_name, same_ns;
  for (const auto& e : entries_) {
    if (e.file_name() != name) continue;
    same_name.push_back(&e);
    if (!ns.empty() && e.target_namespace == ns) same_ns.push_back(&e);
  }
  const auto want = segments(location);
  if (!same_ns.empty()) return pick(same_ns, want);
  if (!ns.empty()) return std::nullopt;  // a file of that name, but for another namespace
  return pick(same_name, want);
}

std::vector<const SchemaEntry*> SchemaRepository::include_closure(const SchemaEntry& e) const {
  std::vector<const SchemaEntry*> out{&e};
  for (std::size_t i = 0; i < out.size(); ++i) {
    for (const auto& r : out[i]->refs) {
      if (r.kind == "import") continue;
      auto p = resolve({}, r.location, file_path(*out[i]));
      if (!p) continue;
      const SchemaEntry* inc = find(p->string());
      if (inc != nullptr && std::find(out.begin(), out.end(), inc) == out.end()) out.push_back(inc);
    }
  }
  return out;
}

std::vector<const SchemaEntry*> SchemaRepository::referrers(const SchemaEntry& target) const {
  std::vector<const SchemaEntry*> out;
  for (const auto& e : entries_) {
    for (const auto& r : e.refs) {
      auto p = resolve(r.ns, r.location, file_path(e));
      if (p && find(p->string()) == &target) {
        out.push_back(&e);
        break;
      }
    }
  }
  return out;
}

void SchemaRepository::classify_parts() {
  for (auto& e : entries_) {
    if (e.status == "part") {
      e.status.clear();
      e.included_by.clear();
    }
  }
  // Include edges within a bundle; a document someone includes is a part.
  std::vector<std::vector<std::size_t>> includes(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    for (const auto& r : entries_[i].refs) {
      if (r.kind == "import") continue;
      auto p = resolve({}, r.location, file_path(entries_[i]));
      const SchemaEntry* inc = p ? find(p->string()) : nullptr;
      if (inc == nullptr || inc == &entries_[i] || inc->bundle != entries_[i].bundle) continue;
      const auto j = static_cast<std::size_t>(inc - entries_.data());
      includes[i].push_back(j);
      if (entries_[j].status != "part") {
        entries_[j].status = "part";
        entries_[j].included_by = entries_[i].path;
      }
    }
  }
  // Documents that include each other in a cycle would all be parts; the first document of a
  // cycle that no root reaches becomes a root again.
  for (;;) {
    std::vector<bool> reached(entries_.size(), false);
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < entries_.size(); ++i)
      if (entries_[i].status != "part") todo.push_back(i);
    while (!todo.empty()) {
      const std::size_t i = todo.back();
      todo.pop_back();
      for (std::size_t j : includes[i])
        if (!reached[j]) reached[j] = true, todo.push_back(j);
    }
    auto orphan = std::find_if(entries_.begin(), entries_.end(), [&](const SchemaEntry& e) {
      return e.status == "part" && !reached[static_cast<std::size_t>(&e - entries_.data())];
    });
    if (orphan == entries_.end()) break;
    orphan->status.clear();
    orphan->included_by.clear();
  }
}

std::uint64_t SchemaRepository::fingerprint() const {
  std::string all;
  for (const auto& e : entries_) all += e.path + '\0' + e.target_namespace + '\0' + e.sha256 + '\n';
  for (const auto& c : catalog_) all += c.url + '\0' + c.path + '\n';
  return std::hash<std::string>{}(all);
}

void SchemaRepository::compile_all() {
  for (auto& e : entries_) {
    if (e.status == "part" || e.status == "ok") continue;
    if (e.status == "error" && e.problem.starts_with("not well-formed")) continue;
    DiagnosticSink sink(5);
    auto compiled = xml::CompiledSchema::compile(file_path(e), *this, sink);
    if (compiled) {
      grammar_cache::store(*this, file_path(e), *compiled);
      e.status = "ok";
      e.problem.clear();
    } else {
      e.status = "error";
      const auto& d = sink.diagnostics();
      if (d.empty()) {
        e.problem = "does not compile";
      } else {
        std::string file = d.front().loc.file;
        const fs::path rel = fs::path(file).lexically_relative(root_ / "schemas");
        if (!rel.empty() && *rel.begin() != "..") file = rel.string();
        e.problem = file +
                    (d.front().loc.line ? ":" + std::to_string(d.front().loc.line) + ":" +
                                              std::to_string(d.front().loc.column)
                                        : std::string()) +
                    ": " + d.front().message;
      }
    }
  }
}

Result<AddReport> SchemaRepository::add(const fs::path& source, std::optional<std::string> name,
                                        std::optional<std::string> origin) {
  std::error_code ec;
  if (!fs::exists(source, ec))
    return fail(ErrorKind::Input, "REPO002", N_("{0}: no such file or folder"), {source.string()});
  const fs::path src = fs::canonical(source, ec);
  std::vector<fs::path> files;  // relative to `base`
  fs::path base;
  if (fs::is_directory(src)) {
    base = src;
    for (auto it = fs::recursive_directory_iterator(
             src, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec) break;
      if (!it->is_regular_file()) continue;
      const fs::path& p = it->path();
      const bool catalog =
          iequals_ext(p, ".xml") && p.filename().string().find("catalog") != std::string::npos;
      if (iequals_ext(p, ".xsd") || catalog) files.push_back(p.lexically_relative(src));
    }
  } else {
    base = src.parent_path();
    if (!iequals_ext(src, ".xsd"))
      return fail(ErrorKind::Input, "REPO003", N_("{0} is not an .xsd file"), {source.string()});
    files.push_back(src.filename());
  }
  std::sort(files.begin(), files.end());
  if (std::none_of(files.begin(), files.end(),
                   [](const fs::path& p) { return iequals_ext(p, ".xsd"); }))
    return fail(ErrorKind::Input, "REPO003", N_("no .xsd files in {0}"), {source.string()});

  const std::string origin_text = origin.value_or(src.string());
  std::string bundle = name.value_or(derive_bundle_name(src));
  if (bundle.empty() || bundle.find('/') != std::string::npos || bundle == "." || bundle == "..")
    return fail(ErrorKind::Usage, "REPO007", N_("invalid bundle name '{0}'"), {bundle});
  // Same source again replaces its bundle; another source with the same name gets a suffix.
  for (const auto& b : bundles_) {
    if (b.source == origin_text && !name) bundle = b.name;
  }
  if (!name) {
    const std::string stem = bundle;
    for (int n = 2;
         std::any_of(bundles_.begin(), bundles_.end(),
                     [&](const Bundle& b) { return b.name == bundle && b.source != origin_text; });
         ++n)
      bundle = stem + "-" + std::to_string(n);
  }

  // Copy into a staging folder, then swap it in.
  const fs::path schemas = root_ / "schemas";
  const fs::path staging = schemas / (".staging-" + bundle);
  fs::remove_all(staging, ec);
  fs::create_directories(staging, ec);
  if (ec)
    return fail(ErrorKind::Config, "REPO006", N_("cannot create {0}: {1}"),
                {staging.string(), ec.message()});
  for (const auto& rel : files) {
    fs::create_directories((staging / rel).parent_path(), ec);
    fs::copy_file(base / rel, staging / rel, fs::copy_options::overwrite_existing, ec);
    if (ec) {
      fs::remove_all(staging);
      return fail(ErrorKind::Input, "REPO002", N_("cannot copy {0}: {1}"),
                  {(base / rel).string(), ec.message()});
    }
  }
  fs::remove_all(schemas / bundle, ec);
  fs::rename(staging, schemas / bundle, ec);
  if (ec)
    return fail(ErrorKind::Config, "REPO006", N_("cannot install bundle: {0}"), {ec.message()});

  std::erase_if(entries_, [&](const SchemaEntry& e) { return e.bundle == bundle; });
  std::erase_if(catalog_,
                [&](const CatalogMapping& c) { return segments(c.path).front() == bundle; });
  std::erase_if(bundles_, [&](const Bundle& b) { return b.name == bundle; });
  bundles_.push_back({bundle, origin_text, utc_now()});

  AddReport report;
  report.bundle = bundle;
  for (const auto& rel : files) {
    const fs::path installed = schemas / bundle / rel;
    const std::string repo_rel = (fs::path(bundle) / rel).generic_string();
    if (!iequals_ext(rel, ".xsd")) {
      auto maps = xml::read_catalog(installed);
      if (!maps.empty()) ++report.catalogs;
      for (auto& [url, target] : maps) {
        const fs::path r = target.lexically_relative(schemas);
        if (!r.empty() && *r.begin() != ".." && fs::is_regular_file(target, ec))
          catalog_.push_back({url, r.generic_string()});
      }
      continue;
    }
    SchemaEntry e;
    e.path = repo_rel;
    e.bundle = bundle;
    if (auto sum = sha256_file(installed)) e.sha256 = *sum;
    auto info = xml::scan_xsd(installed);
    if (!info) {
      e.status = "error";
      e.problem = "not well-formed: " + info.error().message;
    } else {
      e.target_namespace = info->target_namespace;
      e.version = derive_version(rel, info->version);
      e.elements = std::move(info->elements);
      e.refs = std::move(info->refs);
    }
    entries_.push_back(std::move(e));
    ++report.files;
  }
  std::sort(entries_.begin(), entries_.end(),
            [](const SchemaEntry& a, const SchemaEntry& b) { return a.path < b.path; });
  // Compile the new documents, and retry the ones that failed before: the new bundle may bring
  // what they were missing.
  for (auto& e : entries_)
    if (e.status == "error" && !e.problem.starts_with("not well-formed")) e.status.clear();
  classify_parts();
  compile_all();
  for (const auto& e : entries_)
    if (e.bundle == bundle && e.status == "error") report.failed.push_back(&e);
  if (auto saved = save(); !saved) return std::unexpected(saved.error());
  return report;
}

Result<std::size_t> SchemaRepository::remove(std::string_view what) {
  std::set<std::string> gone;
  const bool is_bundle = std::any_of(bundles_.begin(), bundles_.end(),
                                     [&](const Bundle& b) { return b.name == what; });
  for (const auto& e : entries_) {
    if ((is_bundle && e.bundle == what) ||
        (!is_bundle && (e.target_namespace == what || e.path == what || e.file_name() == what)))
      gone.insert(e.path);
  }
  if (gone.empty())
    return fail(ErrorKind::Usage, "REPO004", N_("nothing in the repository matches '{0}'"),
                {std::string(what)}, N_("ozg schemas list shows bundles, namespaces and files"));
  std::error_code ec;
  for (const auto& p : gone) fs::remove(root_ / "schemas" / fs::path(p), ec);
  std::erase_if(entries_, [&](const SchemaEntry& e) { return gone.contains(e.path); });
  std::erase_if(catalog_, [&](const CatalogMapping& c) { return gone.contains(c.path); });
  std::erase_if(bundles_, [&](const Bundle& b) {
    const bool empty = std::none_of(entries_.begin(), entries_.end(),
                                    [&](const SchemaEntry& e) { return e.bundle == b.name; });
    if (empty) fs::remove_all(root_ / "schemas" / b.name, ec);
    return empty;
  });
  for (auto& e : entries_)
    if (e.status != "part") e.status.clear();
  classify_parts();
  compile_all();
  if (auto saved = save(); !saved) return std::unexpected(saved.error());
  return gone.size();
}

SchemaChoice SchemaRepository::choose(std::string_view ns, std::string_view local) const {
  SchemaChoice choice;
  std::vector<const SchemaEntry*> cands;
  for (const auto& e : entries_) {
    if (e.target_namespace != ns || e.status == "part") continue;
    auto closure = include_closure(e);
    if (std::any_of(closure.begin(), closure.end(), [&](const SchemaEntry* d) {
          return d->target_namespace == ns &&
                 std::find(d->elements.begin(), d->elements.end(), local) != d->elements.end();
        }))
      cands.push_back(&e);
  }
  choice.candidates = cands.size();
  if (cands.empty()) return choice;
  std::stable_sort(cands.begin(), cands.end(), [](const SchemaEntry* a, const SchemaEntry* b) {
    const bool oa = a->status == "ok", ob = b->status == "ok";
    if (oa != ob) return oa;
    return newer_first(a, b);
  });
  choice.entry = cands.front();
  choice.reason = cands.size() == 1
                      ? Phrase{N_("the only schema declaring {0}"), {std::string(local)}}
                      : Phrase{N_("newest of {1} schemas declaring {0}"),
                               {std::string(local), std::to_string(cands.size())}};
  if (choice.entry->status == "error") choice.reason.parts.push_back({N_("it does not compile")});
  std::string broken;
  for (const auto* c : cands)
    if (c != choice.entry && c->status == "error") broken += " " + c->file_name();
  if (!broken.empty())
    choice.reason.parts.push_back({N_("skipped (does not compile):{0}"), {broken}});
  return choice;
}

std::vector<std::string> SchemaRepository::namespaces_declaring(std::string_view local) const {
  std::set<std::string> out;
  for (const auto& e : entries_)
    if (std::find(e.elements.begin(), e.elements.end(), local) != e.elements.end())
      out.insert(e.target_namespace);
  return {out.begin(), out.end()};
}

}  // namespace xoev
