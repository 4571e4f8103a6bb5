#pragma once
// Private: UTF-8 <-> XMLCh conversion for the Xerces adapter code.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>
#include <xercesc/util/XercesDefs.hpp>

XERCES_CPP_NAMESPACE_BEGIN
class InputSource;
XERCES_CPP_NAMESPACE_END

namespace xoev::xml {

/// UTF-8 copy of a Xerces string (null-safe). ASCII takes a fast path.
std::string to_utf8(const XMLCh* s);
std::string to_utf8(const XMLCh* s, XMLSize_t len);

/// A Location column from a parser's: Xerces and libxml2 report the position just past the
/// construct (after the '>' of a start tag); ozg's columns name its last character.
inline uint32_t at_column(unsigned long long parser_column) {
  return static_cast<uint32_t>(parser_column > 1 ? parser_column - 1 : parser_column);
}

/// A null-terminated XMLCh copy of a UTF-8 string.
class XStr {
 public:
  explicit XStr(std::string_view s);
  [[nodiscard]] const XMLCh* c_str() const { return data_.data(); }

 private:
  std::vector<XMLCh> data_;
};

/// "file:///a/b%20c.xsd" or "/a/b c.xsd" -> /a/b c.xsd
std::filesystem::path uri_to_path(const std::string& uri);

/// An input source with no content (answers DTDs and external entities without any I/O).
XERCES_CPP_NAMESPACE::InputSource* empty_source(const XMLCh* system_id);

}  // namespace xoev::xml
