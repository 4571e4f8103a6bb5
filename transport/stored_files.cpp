#include "stored_files.hpp"

#include <fstream>
#include <sstream>

#include "xoev/util/atomic_file.hpp"

namespace xoev::transport {

Result<std::string> read_stored(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return fail_untranslated(ErrorKind::Input, "TRN506", "cannot read " + p.string());
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

Result<void> store_file(const std::filesystem::path& target, std::string_view data) {
  if (auto w = write_file_atomically(target, data); !w)
    return fail_untranslated(ErrorKind::Config, "TRN506", w.error().message,
                             "check that the folder exists and that ozg may write there");
  return {};
}

}  // namespace xoev::transport
