#pragma once
// Private: the input every Xerces parse of a message reads through.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <xercesc/framework/MemoryManager.hpp>
#include <xercesc/sax/InputSource.hpp>

#include "xml/xerces.hpp"

namespace xoev::xml {

/// Why the checked input ended before the document's bytes did, and where.
struct InputStop {
  enum class Why : std::uint8_t { None, Nul, LongValue };
  Why why = Why::None;
  uint32_t line = 1;
  uint32_t column = 1;
  [[nodiscard]] bool stopped() const { return why != Why::None; }
};

/// Hands Xerces the bytes of `doc` (from memory, or read from the file without blocking on a
/// FIFO) and ends the input early, noting in `*stop` why and where:
/// - at a NUL byte. Xerces takes a NUL for the end of the input, so a valid message followed by
///   "\0<evil>" would pass as valid; XML never allows the byte. Inputs whose first bytes say
///   UTF-16 or UTF-32 (where 0x00 bytes are normal) are passed through as they are.
/// - when more than limits.max_value_mib MiB follow the last '<': a text node, attribute value
///   or tag that long (none of them holds a '<') would be buffered whole by Xerces.
/// Whatever Xerces reports after the stop is a consequence of it; callers report the stop
/// instead (stop_diagnostic). `doc` and `stop` must outlive the source.
std::unique_ptr<XERCES_CPP_NAMESPACE::InputSource> checked_source(const Document& doc,
                                                                  const XmlLimits& limits,
                                                                  InputStop* stop);

/// What a stop means for the user: XML001 for a NUL byte, XML011 for a value over the limit.
Diagnostic stop_diagnostic(const InputStop& stop, const std::string& display,
                           const XmlLimits& limits);

/// XML011 for a value that needed more memory than BoundedMemory allows, at line:column.
Diagnostic value_too_long(const std::string& display, uint32_t line, uint32_t column,
                          const XmlLimits& limits);

/// The memory manager of every Xerces parse of a message. Xerces grows one buffer to hold a
/// whole text node, attribute value, comment or CDATA section (the validator checks a simple
/// type's value whole), so one huge value costs several times its size. This manager refuses
/// any single allocation larger than the limits allow by throwing Xerces' OutOfMemoryException,
/// which ends the parse; report it with value_too_long. It catches what the input check cannot
/// see: values split by comments, CDATA with '<' inside, expanded internal entities.
std::unique_ptr<XERCES_CPP_NAMESPACE::MemoryManager> bounded_memory(const XmlLimits& limits);

/// The code of a Xerces fatal error by its wording: XML004 encoding, XML006 entity expansion,
/// XML008 a malformed schemaLocation (Xerces treats it as fatal), else XML001.
std::string_view classify_fatal(std::string_view message);

/// Where the first byte sequence that is not UTF-8 starts (Xerces decodes in blocks and reports
/// the block's position instead): line, column and the byte to blame.
struct BadByte {
  uint32_t line = 1;
  uint32_t column = 1;
  unsigned char byte = 0;
};
std::optional<BadByte> first_invalid_utf8(const std::filesystem::path& file);
/// "byte 0xDF is not valid UTF-8 (the file looks like Latin-1 ...)".
std::string describe(const BadByte& bad);
/// Sets the diagnostic's message to that description, as a template (i18n::say).
void say_bad_byte(Diagnostic& d, const BadByte& bad);

/// True if the file is empty or holds only white space (checked on at most its first 64 KiB).
bool is_blank(const std::filesystem::path& file);

}  // namespace xoev::xml
