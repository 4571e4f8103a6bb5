#pragma once
/// `ozg receive`: an HTTPS endpoint (cpp-httplib with OpenSSL) that takes messages from
/// `ozg send` or any client that can PUT or POST a file, with a client certificate checked
/// against a CA.
///
/// Per request: the body (at most max_bytes, else 413 from cpp-httplib) is written to a
/// temporary file in <inbox>/.incoming and fsynced, validated, and then linked into the inbox
/// as <id>.xml (link(2) fails if that name exists, so two concurrent uploads of one id cannot
/// both win) and the inbox folder fsynced, before 201 and a JSON receipt are answered. The
/// same id with the same bytes again is 200 "already received"; with other bytes 409. Invalid
/// messages get 422 with an RFC 9457 problem document listing the diagnostics. A connection
/// that breaks mid-upload never reaches the handler, and a process killed mid-request leaves at
/// most a file in .incoming, which the next start removes: the inbox only ever holds complete,
/// valid messages.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

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
  int threads = 8;
};

/// One line per request for the log: "PUT /x.xml 201 id ..." and similar.
using ReceiverLog = std::function<void(const std::string&)>;

class Receiver {
 public:
  /// Loads the certificates and binds. TRN511 (kind Config) naming what is wrong.
  /// `validator` must outlive the receiver; it is used by one request at a time.
  static Result<std::unique_ptr<Receiver>> create(const ReceiverOptions& o, Validator& validator,
                                                  ReceiverLog log);
  ~Receiver();
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  [[nodiscard]] int port() const;
  /// Serves until stop(); then finishes the requests in flight and returns.
  void run();
  /// Stops accepting; safe from any thread.
  void stop();

 private:
  struct Impl;
  explicit Receiver(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xoev::transport
