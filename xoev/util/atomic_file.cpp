#include "xoev/util/atomic_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace xoev {

namespace fs = std::filesystem;

namespace {

Result<void> write_all(int fd, std::string_view content, const fs::path& shown) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return fail(ErrorKind::Config, "REPO006", N_("cannot write {0}: {1}"),
                  {shown.string(), std::strerror(errno)});
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return {};
}

}  // namespace

Result<void> write_file_atomically(const fs::path& target, std::string_view content) {
  std::error_code ec;
  const auto st = fs::status(target, ec);
  if (!ec && fs::exists(st) && !fs::is_regular_file(st)) {
    // A device, FIFO or terminal: write in place.
    const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
      return fail(ErrorKind::Config, "REPO006", N_("cannot write {0}: {1}"),
                  {target.string(), std::strerror(errno)});
    auto r = write_all(fd, content, target);
    ::close(fd);
    return r;
  }
  auto staged = StagedFile::create(target, content);
  if (!staged) return std::unexpected(staged.error());
  return staged->commit();
}

Result<StagedFile> StagedFile::create(const fs::path& target, std::string_view content) {
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(tmpl.data());
  if (fd < 0)
    return fail(ErrorKind::Config, "REPO006", N_("cannot write {0}: {1}"),
                {target.string(), std::strerror(errno)},
                N_("check that the folder exists and is writable"));
  auto r = write_all(fd, content, target);
  if (r && ::fsync(fd) != 0)
    r = fail(ErrorKind::Config, "REPO006", N_("cannot write {0}: {1}"),
             {target.string(), std::strerror(errno)});
  ::fchmod(fd, 0644);
  ::close(fd);
  if (!r) {
    std::error_code ec;
    fs::remove(tmpl, ec);
    return std::unexpected(r.error());
  }
  return StagedFile(target, tmpl);
}

StagedFile::~StagedFile() {
  if (temp_.empty()) return;
  std::error_code ec;
  fs::remove(temp_, ec);
}

Result<void> StagedFile::commit() {
  std::error_code ec;
  fs::rename(temp_, target_, ec);
  if (ec)
    return fail(ErrorKind::Config, "REPO006", N_("cannot write {0}: {1}"),
                {target_.string(), ec.message()});
  temp_.clear();
  // The rename itself must reach the disk too.
  const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

}  // namespace xoev
