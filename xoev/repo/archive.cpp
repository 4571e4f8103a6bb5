// Unpacking downloaded schema bundles (zip, tar.*) with libarchive. Entries that would land
// outside the destination (absolute paths, "..", links) are refused rather than skipped, since a
// publisher's archive never contains them.
//
// libarchive is loaded when an archive is first unpacked (xoev/util/on_demand.hpp): linked, it
// and the libraries it brings (nettle, acl, lz4, bz2, zstd) cost every start of ozg about 1,200
// symbol bindings, and only `ozg schemas add|fetch` of an archive uses it.

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <mutex>

#include "xoev/repo/schema_repo.hpp"
#include "xoev/util/on_demand.hpp"

namespace xoev {

namespace fs = std::filesystem;

namespace {

// clang-format off
#define OZG_ARCHIVE_FUNCTIONS(X)                                                                 \
  X(archive_read_new) X(archive_read_free) X(archive_read_support_format_zip)                   \
  X(archive_read_support_format_tar) X(archive_read_support_filter_all)                         \
  X(archive_read_open_filename) X(archive_error_string) X(archive_read_next_header)             \
  X(archive_entry_pathname) X(archive_entry_filetype) X(archive_read_data_block)
// clang-format on

struct Libarchive {
#define OZG_ARCHIVE_POINTER(name) decltype(&::name) name = nullptr;
  OZG_ARCHIVE_FUNCTIONS(OZG_ARCHIVE_POINTER)
#undef OZG_ARCHIVE_POINTER
  std::string error;
  const char* error_id = nullptr;
  std::vector<std::string> error_args;
};

/// libarchive, loaded on first use; null (and REPO012) when it cannot be.
Result<const Libarchive*> libarchive() {
  static Libarchive lib;
  static std::once_flag once;
  std::call_once(once, [] {
    OnDemandLibrary so =
        OnDemandLibrary::load("libarchive.so.13", "OZG_LIBARCHIVE", "libarchive13");
#define OZG_ARCHIVE_RESOLVE(name)                                                      \
  lib.name = reinterpret_cast<decltype(lib.name)>(so.symbol(#name, "libarchive 3.4")); \
  if (lib.name == nullptr) {                                                           \
    lib.error = so.error;                                                              \
    lib.error_id = so.error_id;                                                        \
    lib.error_args = so.error_args;                                                    \
    return;                                                                            \
  }
    OZG_ARCHIVE_FUNCTIONS(OZG_ARCHIVE_RESOLVE)
#undef OZG_ARCHIVE_RESOLVE
  });
  if (!lib.error.empty()) return fail(ErrorKind::Config, "REPO012", lib.error_id, lib.error_args);
  return &lib;
}

}  // namespace

Result<std::size_t> extract_archive(const fs::path& archive_file, const fs::path& dest) {
  auto loaded = libarchive();
  if (!loaded) return std::unexpected(loaded.error());
  const Libarchive& la = **loaded;
  std::unique_ptr<archive, decltype(la.archive_read_free)> a(la.archive_read_new(),
                                                             la.archive_read_free);
  if (!a) return fail(ErrorKind::Internal, "REPO012", N_("libarchive could not start"));
  la.archive_read_support_format_zip(a.get());
  la.archive_read_support_format_tar(a.get());
  la.archive_read_support_filter_all(a.get());
  if (la.archive_read_open_filename(a.get(), archive_file.c_str(), 65536) != ARCHIVE_OK)
    return fail(ErrorKind::Input, "REPO008",
                N_("{0}: neither an .xsd nor a zip/tar archive of schemas ({1})"),
                {archive_file.string(), la.archive_error_string(a.get())});
  std::size_t files = 0;
  std::uintmax_t total = 0;
  constexpr std::uintmax_t kMaxTotal = 512ull << 20;  // a zip bomb stops here
  archive_entry* entry = nullptr;
  int rc = ARCHIVE_OK;
  while ((rc = la.archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
    const char* name = la.archive_entry_pathname(entry);
    const fs::path rel = fs::path(name == nullptr ? "" : name).lexically_normal();
    if (rel.empty() || rel.is_absolute() || (rel.begin() != rel.end() && *rel.begin() == ".."))
      return fail(ErrorKind::Input, "REPO010",
                  N_("{0}: entry '{1}' points outside the archive; refusing to unpack it"),
                  {archive_file.string(), name ? name : ""});
    const auto type = la.archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    if (type != AE_IFREG) continue;  // links and devices are never needed for schemas
    const fs::path out_path = dest / rel;
    std::error_code ec;
    fs::create_directories(out_path.parent_path(), ec);
    std::ofstream out(out_path, std::ios::binary | std::ios::trunc);
    if (!out)
      return fail(ErrorKind::Config, "REPO006", N_("cannot write {0}"), {out_path.string()});
    const void* buf = nullptr;
    size_t size = 0;
    la_int64_t offset = 0;
    while ((rc = la.archive_read_data_block(a.get(), &buf, &size, &offset)) == ARCHIVE_OK) {
      total += size;
      if (total > kMaxTotal)
        return fail(ErrorKind::Input, "REPO010", N_("{0}: unpacks to more than 512 MiB; refusing"),
                    {archive_file.string()});
      out.write(static_cast<const char*>(buf), static_cast<std::streamsize>(size));
    }
    if (rc != ARCHIVE_EOF)
      return fail(ErrorKind::Input, "REPO008", N_("{0}: damaged archive: {1}"),
                  {archive_file.string(), la.archive_error_string(a.get())});
    ++files;
  }
  if (rc != ARCHIVE_EOF)
    return fail(ErrorKind::Input, "REPO008", N_("{0}: damaged archive: {1}"),
                {archive_file.string(), la.archive_error_string(a.get())});
  return files;
}

}  // namespace xoev
