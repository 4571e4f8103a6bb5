#include "xoev/inspect/inspect.hpp"

#include <re2/re2.h>

#include "sign/x509_util.hpp"
#include "xml/facts.hpp"

namespace xoev {

namespace fs = std::filesystem;

Result<MessageFacts> read_message_facts(const fs::path& file, const xml::XmlLimits& limits) {
  return xml::scan_facts(file, limits, &x509::certificate_subject);
}

StandardInfo describe_namespace(std::string_view ns) {
  // RE2: the namespace comes from the message, so matching must stay linear in it.
  static const RE2 kEch(R"(^https?://www\.ech\.ch/xmlns/(eCH-\d{4})(-f)?/(\d+))");
  static const RE2 kXoevUrn(R"(^urn:xoev-de:([A-Za-z0-9-]+):[A-Za-z]+:(\d+(?:\.\d+)*))");
  static const RE2 kDef(R"(/def/([A-Za-z]+)/(\d+(?:\.\d+)*)/)");
  static const RE2 kXoevPath(R"(/xoev/([A-Za-z]+)/.*V(\d+)_(\d+)_(\d+))");
  const std::string s(ns);
  std::string a, b, c, d;
  if (RE2::PartialMatch(s, kEch, &a, nullptr, &b)) return {a, b};
  if (RE2::PartialMatch(s, kXoevUrn, &a, &b)) return {a, b};
  if (RE2::PartialMatch(s, kDef, &a, &b)) return {a, b};
  if (RE2::PartialMatch(s, kXoevPath, &a, &b, &c, &d)) return {a, b + "." + c + "." + d};
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
