#pragma once
/// An outgoing or incoming message as transport sees it: its bytes, their SHA-256 and the id it
/// travels under. The id is the message's own header id (eCH-0058 messageId, XÖV
/// nachrichtenUUID) when that is safe as a file name and an eCH-0090 messageId; otherwise a
/// UUID-shaped id derived from the content hash, so that sending the same bytes twice always
/// uses the same id (and the peer stores them once).

#include <filesystem>
#include <string>
#include <string_view>

namespace xoev::transport {

struct Outgoing {
  std::filesystem::path source;  ///< The file it was read from.
  std::string content;           ///< The exact bytes sent.
  std::string sha256;            ///< Lower-case hex of content.
  std::string id;                ///< See message_key().
  bool id_from_hash = false;     ///< The header had no usable id.
};

/// Lower-case hex SHA-256 of `data` (OpenSSL).
std::string sha256_hex(std::string_view data);

/// True for ids that can name a file and travel in an eCH-0090 envelope: 1 to 36 characters,
/// letters, digits and '-' (the eCH-0090 messageIdType).
bool is_safe_id(std::string_view id);

/// The header id if is_safe_id(), else the first 128 bits of the hash as 8-4-4-4-12 hex.
std::string message_key(std::string_view header_id, std::string_view sha256);

/// Current UTC time as 2026-01-31T12:34:56.789Z.
std::string utc_now_iso();

}  // namespace xoev::transport
