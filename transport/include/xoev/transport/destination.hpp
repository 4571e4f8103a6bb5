#pragma once
/// Where `ozg send` delivers. parse_destination() reads the --to URL through one table of
/// schemes (destination.cpp), and each kind lives in its own folder: https/ (PUT with mutual
/// TLS), sedex/ (the sedex adapter's outbox), folder/ (file:, a plain folder). Adding a
/// transport is one folder with an open_<kind>() and one line in that table.
///
/// A Destination takes messages from an OutgoingQueue and hands back what happened to each as
/// Deliveries: typed outcomes with their data, never text; the CLI words them and SendJob
/// journals them.

#include <chrono>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/transport/message.hpp"
#include "xoev/transport/retry.hpp"
#include "xoev/util/result.hpp"

namespace xoev::transport {

/// What the command line says about a destination; each kind reads the fields it needs.
struct DestinationOptions {
  // https: the client certificate (PEM cert + key, or PKCS#12), the server's CA and pin.
  std::string cert, key, p12, ca, pin;
  bool insecure = false;  ///< Skip server verification (see Destination::insecure()).
  /// Reads the key's or PKCS#12 password; asked only by destinations that load a key.
  std::function<Result<std::string>()> password;
  unsigned jobs = 4;
  RetryPolicy retry;
  std::chrono::seconds timeout{120};  ///< Per attempt.
  // sedex: envelope fields that override the message header's; empty: from the header.
  std::string sender_id, message_type, event_date;
  std::vector<std::string> recipient_ids;
};

/// What a file store found: a new file, or the same bytes already there.
enum class Stored { New, AlreadyThere };

enum class Outcome {
  Delivered,   ///< The peer acknowledged it, or it is in the folder.
  Queued,      ///< Waiting in an outbox for the adapter's receipt (sedex).
  Retrying,    ///< This attempt failed; another follows after next_delay.
  Failed,      ///< Given up after `attempt` attempts at the peer; `error` says why.
  NotStored,   ///< Writing it into the folder or outbox failed; `error` says why.
  Unaddressed  ///< Not sent: no valid envelope can be made for it (kind Usage); not journaled.
};

/// The outcome of one attempt at one message.
struct Delivery {
  std::size_t index = 0;  ///< Into the queue.
  Outcome outcome = Outcome::Delivered;
  int attempt = 1;
  std::string started;  ///< UTC ISO 8601.
  double seconds = 0;
  long http_status = 0;            ///< The peer's HTTP status; 0: none (or no HTTP).
  std::vector<std::string> files;  ///< The files stored, relative to Destination::where().
  bool already_there = false;      ///< The same bytes were stored before (nothing written).
  /// Why it failed (Retrying, Failed, NotStored, Unaddressed); for a peer, its code and words.
  Error error;
  std::chrono::milliseconds next_delay{0};  ///< Retrying: the wait before the next attempt.
};

/// Called with the deliveries that finished together; return false to stop starting new ones
/// (e.g. the journal cannot be written).
using DeliveryBatch = std::function<bool(std::span<const Delivery>)>;

class Destination {
 public:
  virtual ~Destination() = default;
  Destination(const Destination&) = delete;
  Destination& operator=(const Destination&) = delete;

  /// The URL as given (what the journal names).
  [[nodiscard]] const std::string& url() const { return url_; }
  /// The URL or folder the messages go to.
  [[nodiscard]] const std::string& where() const { return where_; }
  /// True when transfers should start while later messages are still being validated (slow
  /// peers); false: the queue is complete before deliver() starts.
  [[nodiscard]] virtual bool overlaps_validation() const { return false; }
  /// True when the peer's identity is not verified (https --insecure).
  [[nodiscard]] virtual bool insecure() const { return false; }
  /// Who completes Queued deliveries with a receipt ("sedex"); empty when nothing is queued.
  [[nodiscard]] virtual std::string_view receipts_from() const { return {}; }

  /// Delivers every message of `queue` until it is closed and each has a final outcome (or
  /// on_batch said stop). Only setup failures are Errors; per-message failures are Deliveries.
  virtual Result<void> deliver(OutgoingQueue& queue, const DeliveryBatch& on_batch) = 0;

 protected:
  Destination(std::string url, std::string where)
      : url_(std::move(url)), where_(std::move(where)) {}

 private:
  std::string url_, where_;
};

/// The destination for `url` from the scheme table. Plain http, unknown schemes and a kind's
/// own checks (see open_https, open_sedex, open_folder) are Errors; TRN508 (kind Usage) for a
/// URL that names no usable destination.
Result<std::unique_ptr<Destination>> parse_destination(const std::string& url,
                                                       const DestinationOptions& options);

/// The URL forms of the table, for help texts: "https://HOST/PATH, sedex:/OUTBOX or ...".
std::string destination_forms();

}  // namespace xoev::transport
