#include "repo/index_cache.hpp"

#include <sys/stat.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <string_view>

#include "xoev/util/atomic_file.hpp"

namespace xoev::index_cache {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "ozg index cache 1\n";

fs::path cache_file(const fs::path& root) { return root / "cache" / "index.bin"; }

/// Size, modification time and inode of index.json: the copy is valid for exactly this file.
std::optional<std::string> stamp(const fs::path& index) {
  struct stat st {};
  if (::stat(index.c_str(), &st) != 0) return std::nullopt;
  std::string out;
  for (const std::uint64_t v :
       {static_cast<std::uint64_t>(st.st_size), static_cast<std::uint64_t>(st.st_mtim.tv_sec),
        static_cast<std::uint64_t>(st.st_mtim.tv_nsec), static_cast<std::uint64_t>(st.st_ino)})
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
  return out;
}

class Writer {
 public:
  void count(std::size_t n) {
    const auto v = static_cast<std::uint32_t>(n);
    out_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void str(std::string_view s) {
    count(s.size());
    out_.append(s);
  }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

/// Reads what Writer wrote; any read past the end fails the whole copy.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool count(std::size_t& n) {
    std::uint32_t v = 0;
    if (in_.size() < sizeof v) return false;
    std::memcpy(&v, in_.data(), sizeof v);
    in_.remove_prefix(sizeof v);
    n = v;
    return true;
  }
  bool str(std::string& s) {
    std::size_t n = 0;
    if (!count(n) || in_.size() < n) return false;
    s.assign(in_.substr(0, n));
    in_.remove_prefix(n);
    return true;
  }
  /// A count of items that each take at least `min_bytes`, so that a corrupt count cannot make
  /// a huge allocation.
  bool items(std::size_t& n, std::size_t min_bytes) {
    return count(n) && n <= in_.size() / min_bytes;
  }
  [[nodiscard]] bool done() const { return in_.empty(); }

 private:
  std::string_view in_;
};

}  // namespace

std::optional<Contents> load(const fs::path& root, const fs::path& index) {
  const auto now = stamp(index);
  if (!now) return std::nullopt;
  std::ifstream in(cache_file(root), std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string head = std::string(kMagic) + *now;
  if (!bytes.starts_with(head)) return std::nullopt;
  Reader r(std::string_view(bytes).substr(head.size()));
  Contents c;
  std::size_t n = 0;
  if (!r.items(n, 12)) return std::nullopt;
  c.bundles.resize(n);
  for (auto& b : c.bundles)
    if (!r.str(b.name) || !r.str(b.source) || !r.str(b.added)) return std::nullopt;
  if (!r.items(n, 36)) return std::nullopt;
  c.entries.resize(n);
  for (auto& e : c.entries) {
    std::size_t k = 0;
    if (!r.str(e.path) || !r.str(e.bundle) || !r.str(e.target_namespace) || !r.str(e.version) ||
        !r.items(k, 4))
      return std::nullopt;
    e.elements.resize(k);
    for (auto& el : e.elements)
      if (!r.str(el)) return std::nullopt;
    if (!r.items(k, 12)) return std::nullopt;
    e.refs.resize(k);
    for (auto& ref : e.refs)
      if (!r.str(ref.kind) || !r.str(ref.ns) || !r.str(ref.location)) return std::nullopt;
    if (!r.str(e.sha256) || !r.str(e.status) || !r.str(e.problem) || !r.str(e.included_by))
      return std::nullopt;
  }
  if (!r.items(n, 8)) return std::nullopt;
  c.catalog.resize(n);
  for (auto& m : c.catalog)
    if (!r.str(m.url) || !r.str(m.path)) return std::nullopt;
  if (!r.done()) return std::nullopt;
  return c;
}

void store(const fs::path& root, const fs::path& index, const Contents& c) {
  const auto now = stamp(index);
  if (!now) return;
  Writer w;
  w.count(c.bundles.size());
  for (const auto& b : c.bundles) {
    w.str(b.name);
    w.str(b.source);
    w.str(b.added);
  }
  w.count(c.entries.size());
  for (const auto& e : c.entries) {
    w.str(e.path);
    w.str(e.bundle);
    w.str(e.target_namespace);
    w.str(e.version);
    w.count(e.elements.size());
    for (const auto& el : e.elements) w.str(el);
    w.count(e.refs.size());
    for (const auto& ref : e.refs) {
      w.str(ref.kind);
      w.str(ref.ns);
      w.str(ref.location);
    }
    w.str(e.sha256);
    w.str(e.status);
    w.str(e.problem);
    w.str(e.included_by);
  }
  w.count(c.catalog.size());
  for (const auto& m : c.catalog) {
    w.str(m.url);
    w.str(m.path);
  }
  std::error_code ec;
  fs::create_directories(cache_file(root).parent_path(), ec);
  if (!ec) (void)write_file_atomically(cache_file(root), std::string(kMagic) + *now + w.take());
}

}  // namespace xoev::index_cache
