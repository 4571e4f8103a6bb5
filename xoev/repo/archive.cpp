// Unpacking downloaded schema bundles (zip, tar.*) with libarchive. Entries that would land
// outside the destination (absolute paths, "..", links) are refused rather than skipped, since a
// publisher's archive never contains them.

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>

#include "xoev/repo/schema_repo.hpp"

namespace xoev {

namespace fs = std::filesystem;

Result<std::size_t> extract_archive(const fs::path& archive_file, const fs::path& dest) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_filter_all(a.get());
  if (archive_read_open_filename(a.get(), archive_file.c_str(), 65536) != ARCHIVE_OK)
    return fail(ErrorKind::Input, "REPO008",
                archive_file.string() + ": neither an .xsd nor a zip/tar archive of schemas (" +
                    archive_error_string(a.get()) + ")");
  std::size_t files = 0;
  std::uintmax_t total = 0;
  constexpr std::uintmax_t kMaxTotal = 512ull << 20;  // a zip bomb stops here
  archive_entry* entry = nullptr;
  int rc = ARCHIVE_OK;
  while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    const char* name = archive_entry_pathname(entry);
    const fs::path rel = fs::path(name == nullptr ? "" : name).lexically_normal();
    if (rel.empty() || rel.is_absolute() || (rel.begin() != rel.end() && *rel.begin() == ".."))
      return fail(ErrorKind::Input, "REPO010",
                  archive_file.string() + ": entry '" + (name ? name : "") +
                      "' points outside the archive; refusing to unpack it");
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    if (type != AE_IFREG) continue;  // links and devices are never needed for schemas
    const fs::path out_path = dest / rel;
    std::error_code ec;
    fs::create_directories(out_path.parent_path(), ec);
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    if (!out) return fail(ErrorKind::Config, "REPO006", "cannot write " + out_path.string());
    const void* buf = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    while ((rc = archive_read_data_block(a.get(), &buf, &size, &offset)) == ARCHIVE_OK) {
      total += size;
      if (total > kMaxTotal)
        return fail(ErrorKind::Input, "REPO010",
                    archive_file.string() + ": unpacks to more than 512 MiB; refusing");
      out.write(static_cast<const char*>(buf), static_cast<std::streamsize>(size));
    }
    if (rc != ARCHIVE_EOF)
      return fail(ErrorKind::Input, "REPO008",
                  archive_file.string() + ": damaged archive: " + archive_error_string(a.get()));
    ++files;
  }
  if (rc != ARCHIVE_EOF)
    return fail(ErrorKind::Input, "REPO008",
                archive_file.string() + ": damaged archive: " + archive_error_string(a.get()));
  return files;
}

}  // namespace xoev
