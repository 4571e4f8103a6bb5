#pragma once
/// What a person debugging a transfer asks first about a message: which standard and version,
/// which message, who sent it to whom, when, whether it is a test, whether it is signed and by
/// whom, how big it is. Read from the message itself with one streaming pass that knows the
/// header vocabularies of eCH-0058/eCH-0090 and of XÖV (nachrichtenkopf, xdomea Kopf).

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "xoev/result.hpp"

namespace xoev {

/// "eCH-0020" + "2" from http://www.ech.ch/xmlns/eCH-0020/2, "xdomea" + "3.0.0" from
/// urn:xoev-de:xdomea:schema:3.0.0, ...; the namespace itself when no pattern matches.
struct StandardInfo {
  std::string name;
  std::string version;
};
StandardInfo describe_namespace(std::string_view ns);

struct MessageFacts {
  std::string root_namespace;
  std::string root;     ///< Local name of the root element.
  std::string content;  ///< First child of the root that is not a header, e.g. eventMoveIn.
  std::size_t elements = 0;
  std::uintmax_t bytes = 0;
  std::string message_id;    ///< messageId, nachrichtenUUID, ProzessID
  std::string message_type;  ///< messageType, nachrichtentyp/code, Nachrichtentyp/code
  std::string sender;        ///< senderId, or the authority id of autor/Absender with its
                             ///< directory ("ags:02 (DVDV)")
  std::vector<std::string> recipients;  ///< recipientId, or leser/Empfaenger authority ids
  std::string date;                     ///< messageDate, erstellungszeitpunkt, else eventDate
  std::string test;                     ///< testDeliveryFlag / testData as written; empty if absent
  std::string action;                   ///< eCH-0058 action
  bool signed_ = false;                 ///< Has an XML Signature (ds:Signature); not verified here.
  std::string signer;  ///< Subject of the first X.509 certificate or X509SubjectName.
  /// Where each field was found: "message_id", "message_type", "sender", "recipient", "date",
  /// "test", "action" -> (line, column) of its element's start tag; "nachrichten_uuid" when
  /// the message id is an XÖV nachrichtenUUID.
  std::map<std::string, std::pair<uint32_t, uint32_t>> positions;
};

/// Scans a message without validating it. Not well-formed input is an Error (XML001) naming
/// the position; facts found before it are not returned.
Result<MessageFacts> read_message_facts(const std::filesystem::path& file);

/// For a sedex data file data_<id>.xml the envelope envl_<id>.xml beside it, and vice versa.
std::optional<std::filesystem::path> sedex_partner(const std::filesystem::path& file);

}  // namespace xoev
