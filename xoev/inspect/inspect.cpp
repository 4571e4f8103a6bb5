#include "xoev/inspect/inspect.hpp"

#include <regex>

namespace xoev {

namespace fs = std::filesystem;

StandardInfo describe_namespace(std::string_view ns) {
  static const std::regex kEch(R"(^https?://www\.ech\.ch/xmlns/(eCH-\d{4})(-f)?/(\d+))");
  static const std::regex kXoevUrn(R"(^urn:xoev-de:([A-Za-z0-9-]+):[A-Za-z]+:(\d+(?:\.\d+)*))");
  static const std::regex kDef(R"(/def/([A-Za-z]+)/(\d+(?:\.\d+)*)/)");
  static const std::regex kXoevPath(R"(/xoev/([A-Za-z]+)/.*V(\d+)_(\d+)_(\d+))");
  const std::string s(ns);
  std::smatch m;
  if (std::regex_search(s, m, kEch)) return {m[1].str(), m[3].str()};
  if (std::regex_search(s, m, kXoevUrn)) return {m[1].str(), m[2].str()};
  if (std::regex_search(s, m, kDef)) return {m[1].str(), m[2].str()};
  if (std::regex_search(s, m, kXoevPath))
    return {m[1].str(), m[2].str() + "." + m[3].str() + "." + m[4].str()};
  return {s, {}};
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
