#include "xoev/inspect/inspect.hpp"

#include "sign/x509_util.hpp"
#include "xml/facts.hpp"

namespace xoev {

namespace fs = std::filesystem;

Result<MessageFacts> read_message_facts(const fs::path& file, const xml::XmlLimits& limits) {
  return xml::scan_facts(file, limits, &x509::certificate_subject);
}

std::optional<fs::path> sedex_partner(const fs::path& file) {
  const std::string name = file.filename().string();
  std::string other;
  if (name.starts_with("data_"))
    other = "envl_" + name.substr(5);
  else if (name.starts_with("envl_"))
    other = "data_" + name.substr(5);
  else
    return std::nullopt;
  const fs::path p = file.parent_path() / other;
  std::error_code ec;
  if (fs::is_regular_file(p, ec)) return p;
  return std::nullopt;
}

}  // namespace xoev
