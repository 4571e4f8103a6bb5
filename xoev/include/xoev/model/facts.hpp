#pragma once
/// The header facts of one message (ids, sender, recipients, dates), collected by the XML layer
/// in its streaming pass and used by the header rules, `inspect` and the transports.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace xoev {

/// What the header of a message says about it.
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
  std::string event_date;               ///< eventDate (eCH-0058 header), empty if absent
  std::string test;                     ///< testDeliveryFlag / testData as written; empty if absent
  std::string action;                   ///< eCH-0058 action
  bool signed_ = false;                 ///< Has an XML Signature (ds:Signature); not verified here.
  std::string signer;  ///< Subject of the first X.509 certificate or X509SubjectName.
  /// Where each field was found: "message_id", "message_type", "sender", "recipient", "date",
  /// "test", "action" -> (line, column) of its element's start tag; "nachrichten_uuid" when
  /// the message id is an XÖV nachrichtenUUID.
  std::map<std::string, std::pair<uint32_t, uint32_t>> positions;
};

}  // namespace xoev
