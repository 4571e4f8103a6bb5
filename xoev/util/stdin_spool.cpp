#include "xoev/util/stdin_spool.hpp"

#include <stdlib.h>

#include <cstdio>

namespace xoev {

namespace fs = std::filesystem;

StdinSpool::~StdinSpool() {
  if (!path_.empty()) {
    std::error_code ec;
    fs::remove(path_, ec);
  }
}

Result<fs::path> StdinSpool::fill_from_stdin() {
  std::string tmpl = (fs::temp_directory_path() / "ozg-stdin-XXXXXX").string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0)
    return fail(ErrorKind::Input, "XML007", N_("cannot create a temporary file for stdin"));
  path_ = tmpl;
  std::FILE* out = fdopen(fd, "wb");
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, stdin)) > 0) {
    if (std::fwrite(buf, 1, n, out) != n) {
      std::fclose(out);
      return fail(ErrorKind::Input, "XML007", N_("cannot spool stdin (disk full?)"));
    }
  }
  if (std::fclose(out) != 0)
    return fail(ErrorKind::Input, "XML007", N_("cannot spool stdin (disk full?)"));
  return path_;
}

}  // namespace xoev
