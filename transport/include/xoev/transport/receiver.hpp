#pragma once
/// `ozg receive`: an HTTPS endpoint (Boost.Beast over Asio, OpenSSL) that takes messages from
/// `ozg send` or any client that can PUT or POST a file, with a client certificate checked
/// against a CA during the TLS handshake.
///
/// Per request: the body (at most max_bytes, Content-Length or chunked, else 413) is streamed to
/// a temporary file in <inbox>/.incoming and fsynced, validated, and then linked into the inbox
/// as <id>.xml (link(2) fails if that name exists, so two concurrent uploads of one id cannot
/// both win) and the inbox folder fsynced, before 201 and a JSON receipt are answered. The
/// same id with the same bytes again is 200 "already received"; with other bytes 409. Invalid
/// messages get 422 with an RFC 9457 problem document listing the diagnostics. A connection
/// that breaks mid-upload never reaches validation, and a process killed mid-request leaves at
/// most a file in .incoming, which the next start removes: the inbox only ever holds complete,
/// valid messages. Stored files get mode 0666 minus the umask.
///
/// Limits: a client without a certificate that verifies fails the handshake, so none of its
/// bytes is read as HTTP. The handshake and the request header must be complete within
/// header_timeout seconds in total (a kept-alive connection: from the previous answer), the body
/// within header_timeout plus one second per 16 KiB; at most max_per_client connections per
/// address, 400 in all, of which at most 200 still in the handshake. A waiting connection costs
/// no thread: the workers only sync, validate and store complete bodies.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "xoev/util/result.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::transport {

struct ReceiverOptions {
  std::string host = "127.0.0.1";
  int port = 0;           ///< 0: any free port (see Receiver::port()).
  std::string cert, key;  ///< Server certificate (PEM, chain allowed) and key.
  std::string client_ca;  ///< CA file that client certificates must chain to.
  std::filesystem::path inbox;
  std::size_t max_bytes = 16u << 20;
  int threads = 8;                  ///< Workers that sync, validate and store complete bodies.
  int header_timeout = 10;          ///< Seconds for the TLS handshake and request header, in total.
  std::size_t max_per_client = 16;  ///< Open connections from one address.
};

/// One line per request for the log: "PUT /x.xml 201 id ..." and similar, and lines about
/// refused connections ("127.0.0.1: TLS handshake refused: ..."). Control characters from the
/// client are escaped as \xHH. Called from the receiver's threads, possibly at the same time.
using ReceiverLog = std::function<void(const std::string&)>;

class Receiver {
 public:
  /// Loads the certificates and binds (SO_REUSEADDR, never SO_REUSEPORT: a port another process
  /// listens on is refused). TRN511 (kind Config) naming what is wrong.
  /// `validator` must outlive the receiver; each worker validates with a session of its own.
  static Result<std::unique_ptr<Receiver>> create(const ReceiverOptions& o, Validator& validator,
                                                  ReceiverLog log);
  ~Receiver();
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  [[nodiscard]] int port() const;
  /// Serves until stop(); then finishes the requests in flight and returns.
  void run();
  /// Stops accepting and closes connections that are not in a request; uploads in flight get
  /// 20 s more to finish and are answered. Safe from any thread.
  void stop();

 private:
  struct Impl;
  explicit Receiver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// The receiver's handling of requests without TLS, sockets or deadlines, for the fuzzer and the
/// tests: `bytes` is what an authenticated client sends on one connection. Each request in it is
/// parsed, checked, spooled, validated with `session` and stored in o.inbox as the receiver does
/// (the same code, with o.max_bytes; "Expect: 100-continue" needs no interim answer here), until
/// the bytes end (mid-request: nothing stored) or an answer closes the connection. Returns what
/// the receiver writes back: the answers as serialized HTTP/1.1, one after another; `log` gets
/// their log lines (client "-"). Creates <inbox>/.incoming if needed. An exception that the
/// receiver would answer with 500 propagates.
std::string answer_requests(std::string_view bytes, const ReceiverOptions& o,
                            Validator::Session& session, const ReceiverLog& log = {});

}  // namespace xoev::transport
