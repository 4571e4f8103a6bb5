#include "repo/grammar_cache.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>
#include <xercesc/util/XercesVersion.hpp>

#include "xoev/repo/schema_repo.hpp"
#include "xoev/util/atomic_file.hpp"

namespace xoev::grammar_cache {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "ozg grammar cache 1\n";

fs::path cache_file(const SchemaRepository& repo, const fs::path& entry) {
  char name[32];
  std::snprintf(name, sizeof name, "%016zx.grammar", std::hash<std::string>{}(entry.string()));
  return repo.root() / "cache" / "grammars" / name;
}

/// "size mtime-in-ns" of a file, or empty if it cannot be read.
std::string stamp(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return {};
  return std::to_string(st.st_size) + " " +
         std::to_string(static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL +
                        st.st_mtim.tv_nsec);
}

/// What the grammar of `entry` is compiled from, as the header's first lines say it.
std::string identity(const SchemaRepository& repo, const fs::path& entry) {
  char fp[24];
  std::snprintf(fp, sizeof fp, "%016llx", static_cast<unsigned long long>(repo.fingerprint()));
  return std::string(kMagic) + "xerces " + XERCES_FULLVERSIONDOT + "\nrepository " + fp +
         "\nentry " + entry.string() + "\n";
}

bool read_all(const fs::path& file, std::string& out) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat st {};
  bool ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (ok) {
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t got = 0;
    while (ok && got < out.size()) {
      const ssize_t n = ::read(fd, out.data() + got, out.size() - got);
      if (n <= 0)
        ok = false;
      else
        got += static_cast<std::size_t>(n);
    }
  }
  ::close(fd);
  return ok;
}

/// Takes the next line of `rest` (without its newline); false at the end.
bool next_line(std::string_view& rest, std::string_view& line) {
  const std::size_t nl = rest.find('\n');
  if (nl == std::string_view::npos) return false;
  line = rest.substr(0, nl);
  rest.remove_prefix(nl + 1);
  return true;
}

}  // namespace

std::shared_ptr<xml::CompiledSchema> load(const SchemaRepository& repo, const fs::path& file) {
  const fs::path entry = fs::absolute(file).lexically_normal();
  std::string bytes;
  if (!read_all(cache_file(repo, entry), bytes)) return nullptr;
  std::string_view rest(bytes);
  const std::string id = identity(repo, entry);
  if (!rest.starts_with(id)) return nullptr;
  rest.remove_prefix(id.size());
  // "files N", then N lines "size mtime path", then "blob SIZE" and the bytes.
  std::string_view line;
  std::size_t count = 0;
  if (!next_line(rest, line) || !line.starts_with("files ") ||
      std::from_chars(line.data() + 6, line.data() + line.size(), count).ec != std::errc{} ||
      count == 0 || count > 10000)
    return nullptr;
  std::vector<fs::path> files;
  files.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    if (!next_line(rest, line)) return nullptr;
    const std::size_t a = line.find(' ');
    const std::size_t b = a == std::string_view::npos ? a : line.find(' ', a + 1);
    if (b == std::string_view::npos) return nullptr;
    fs::path doc(line.substr(b + 1));
    if (stamp(doc) != line.substr(0, b)) return nullptr;  // changed since: stale
    files.push_back(std::move(doc));
  }
  std::size_t size = 0;
  if (!next_line(rest, line) || !line.starts_with("blob ") ||
      std::from_chars(line.data() + 5, line.data() + line.size(), size).ec != std::errc{} ||
      size != rest.size())
    return nullptr;
  if (files.front() != entry) return nullptr;
  return xml::CompiledSchema::deserialize(rest, std::move(files));
}

void store(const SchemaRepository& repo, const fs::path& file, const xml::CompiledSchema& schema) {
  const fs::path entry = fs::absolute(file).lexically_normal();
  const std::string blob = schema.serialize();
  if (blob.empty() || schema.files().empty() || schema.files().front() != entry) return;
  std::string out = identity(repo, entry);
  out += "files " + std::to_string(schema.files().size()) + "\n";
  for (const auto& f : schema.files()) {
    const std::string s = stamp(f);
    if (s.empty()) return;
    out += s + " " + f.string() + "\n";
  }
  out += "blob " + std::to_string(blob.size()) + "\n";
  out += blob;
  const fs::path target = cache_file(repo, entry);
  std::error_code ec;
  fs::create_directories(target.parent_path(), ec);
  if (!ec) (void)write_file_atomically(target, out);  // a read-only repository has no cache
}

}  // namespace xoev::grammar_cache
