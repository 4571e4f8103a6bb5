#pragma once
// Private: the input every Xerces parse of a message reads through.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <xercesc/sax/InputSource.hpp>

#include "xml/xerces.hpp"

namespace xoev::xml {

/// Where a NUL byte was found in a document.
struct NulByte {
  bool seen = false;
  uint32_t line = 1;
  uint32_t column = 1;
};

/// Hands Xerces the bytes of `doc` (from memory, or read from the file without blocking on a
/// FIFO) and stops at a NUL byte, noting in `*nul` where it was. Xerces takes a NUL for the end
/// of the input, so a valid message followed by "\0<evil>" would pass as valid; XML never
/// allows the byte, and callers report it (XML001). Inputs whose first bytes say UTF-16 or
/// UTF-32 (where 0x00 bytes are normal) are passed through as they are. `doc` and `nul` must
/// outlive the source.
std::unique_ptr<XERCES_CPP_NAMESPACE::InputSource> checked_source(const Document& doc,
                                                                  NulByte* nul);

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

/// True if the file is empty or holds only white space (checked on at most its first 64 KiB).
bool is_blank(const std::filesystem::path& file);

}  // namespace xoev::xml
