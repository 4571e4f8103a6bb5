#pragma once
/// HTTPS delivery with mutual TLS through libcurl.
///
/// Each message is uploaded with PUT to <base>/<id>.xml (what a WebDAV folder such as nginx's
/// dav_methods PUT accepts, and what `ozg receive` accepts), with Content-Type
/// application/xml and the id as Idempotency-Key. Up to `jobs` transfers run at once on one
/// curl multi handle, whose connection cache keeps TLS connections alive across messages.
/// Failed attempts are rescheduled by RetryPolicy; the loop never sleeps while other transfers
/// can progress.

#include <chrono>
#include <functional>
#include <span>
#include <string>

#include "xoev/transport/destination.hpp"
#include "xoev/transport/message.hpp"
#include "xoev/transport/retry.hpp"
#include "xoev/util/result.hpp"

namespace xoev::transport {

struct TlsOptions {
  std::string cert;  ///< Client certificate: PEM file, or PKCS#12 when cert_type is P12.
  std::string cert_type = "PEM";  ///< "PEM" or "P12".
  std::string key;                ///< Client key (PEM); empty with P12 or when cert holds the key.
  std::string password;           ///< For the key or PKCS#12; never from argv.
  std::string ca_file;            ///< CA bundle for the server; empty: the system's.
  std::string pin;                ///< "sha256//BASE64[;sha256//...]" public-key pin(s); optional.
  bool insecure = false;          ///< Skip server verification (the CLI warns on every use).
};

struct HttpOptions {
  std::string base_url;  ///< https://host[:port]/path (no trailing slash needed).
  TlsOptions tls;
  unsigned jobs = 4;
  RetryPolicy retry;
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds timeout{120};  ///< Per attempt.
};

/// The outcome of one attempt.
struct Attempt {
  std::size_t index = 0;  ///< Into the messages given to send_http().
  int attempt = 1;
  std::string started;  ///< UTC ISO 8601.
  double seconds = 0;
  long http_status = 0;  ///< 0: no response.
  std::string code;      ///< TRN5xx when it failed.
  std::string error;     ///< libcurl's words, or the peer's problem title/detail.
  std::string body;      ///< Response body (first 64 KiB): receipt or problem document.
  bool delivered = false;
  bool final = false;                       ///< No further attempt follows for this message.
  std::chrono::milliseconds next_delay{0};  ///< When !final: wait before the next attempt.
};

/// Called on the calling thread with the attempts that finished together; return false to
/// stop starting new transfers (e.g. the journal cannot be written).
using AttemptBatch = std::function<bool(std::span<const Attempt>)>;

/// Sends every message of the queue until it is closed and each message has a final attempt
/// (or the callback said stop). Only setup failures (curl cannot start) are Errors;
/// per-message failures are Attempts.
Result<void> send_http(OutgoingQueue& queue, const HttpOptions& options,
                       const AttemptBatch& on_batch);

/// Checks `url` with libcurl's URL parser: an https URL with a host. TRN508 (kind Usage)
/// naming what is wrong.
Result<void> check_url(const std::string& url);

/// <base>/<id>.xml with exactly one slash between.
std::string upload_url(std::string_view base, std::string_view id);

/// The https: destination (registered in destination.cpp): `url` checked with check_url(), a
/// client certificate required (TRN508, kind Usage), the certificate, key, PKCS#12 and CA files
/// readable (TRN510), then options.password() asked for the key's password. Transfers overlap
/// validation and run send_http().
Result<std::unique_ptr<Destination>> open_https(const std::string& url, std::string_view rest,
                                                const DestinationOptions& options);

}  // namespace xoev::transport
