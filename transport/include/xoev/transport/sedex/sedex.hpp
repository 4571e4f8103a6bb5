#pragma once
/// The sedex file interface: a message goes into the adapter's outbox as data_<id>.xml plus an
/// eCH-0090 v2 envelope envl_<id>.xml; the adapter later writes a receipt (eCH-0090 receipt,
/// v1 or v2) into its receipts folder.
/// Every file is written under a hidden temporary name, fsynced, renamed and its folder fsynced
/// (xoev::write_file_atomically); the envelope comes last, because the adapter picks a message
/// up by its envelope.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/transport/destination.hpp"
#include "xoev/util/result.hpp"

namespace xoev::transport {

struct EnvelopeFields {
  std::string message_id;    ///< eCH-0090 messageIdType: [A-Za-z0-9-]{1,36}
  std::string message_type;  ///< Integer 0..2699999
  std::string message_class = "0";
  std::string sender_id;  ///< sedex participant id, e.g. T1-123456-1
  std::vector<std::string> recipient_ids;
  std::string event_date;    ///< xs:dateTime
  std::string message_date;  ///< xs:dateTime
};

/// Checks the fields against the eCH-0090 v2 types; the Error (kind Usage, TRN507) names the
/// field, the value and the option that sets it.
Result<void> check_envelope(const EnvelopeFields& f);

/// The envelope document (UTF-8, eCH-0090 v2, version="2.0"). Call check_envelope() first.
std::string make_envelope(const EnvelopeFields& f);

/// "2026-03-01" -> "2026-03-01T00:00:00"; dateTimes unchanged.
std::string as_date_time(std::string_view date_or_time);

/// Writes data_<id>.xml and then envl_<id>.xml into `outbox`. The same data already waiting
/// there is AlreadyThere (nothing written); other data under the id, or write failures, are
/// TRN506 naming the file (a message id is sent once).
Result<Stored> write_sedex(const std::filesystem::path& outbox, const std::string& id,
                           std::string_view data, std::string_view envelope);

struct Receipt {
  std::filesystem::path file;
  int status_code = 0;
  std::string status_info;
  std::string message_id;
  std::string message_type;
  std::string sender_id;
  std::string recipient_id;
  std::string event_date;
};

/// Reads an eCH-0090 (v1 or v2) receipt. Not a receipt, not well-formed or a DOCTYPE: TRN521.
Result<Receipt> read_receipt(const std::filesystem::path& file);

/// What a receipt status code means and what to do.
struct ReceiptMeaning {
  std::string_view meaning;
  std::string_view action;
  bool delivered = false;  ///< Only 100.
  bool retry = false;      ///< Sending again later may succeed.
};
/// The sedex adapter's documented codes; unknown codes get a generic meaning by hundred.
ReceiptMeaning explain_receipt(int status_code);

/// The sedex: destination (registered in destination.cpp): `rest` is the outbox folder
/// (TRN508, kind Usage, when empty). Each message gets an envelope from options (where given)
/// and its header; one that cannot have a valid envelope is Unaddressed, the others are Queued
/// (delivered when the adapter's receipt says 100; see history()).
Result<std::unique_ptr<Destination>> open_sedex(const std::string& url, std::string_view rest,
                                                const DestinationOptions& options);

}  // namespace xoev::transport
