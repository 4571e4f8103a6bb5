// The receiver is asynchronous (Boost.Beast over Asio with OpenSSL) so that a connection costs a
// socket and a few kilobytes while it waits, never a thread: a client that trickles its TLS
// handshake or its headers only holds a slot that its deadline frees. Threads:
//   - two I/O threads run every connection (TLS, HTTP parsing, streaming the body to disk);
//   - `threads` workers do what blocks: fsync, validation, link(2), the directory sync.
// Each connection lives on its own strand; a worker posts its answer back to that strand.
//
// Before HTTP: the TLS handshake requires a client certificate that verifies against the client
// CA (verify_fail_if_no_peer_cert), so a client without one never gets a request read. Before
// a body: the header is complete and checked (method, Content-Length against max_bytes). The
// body streams into the spool file through a Beast body type, counted by the parser's
// body_limit, which covers chunked bodies too; memory stays bounded whatever the body size.
//
// Limits, all documented in ozg-receive(1): a total deadline for the handshake and the first
// request header (header_timeout), the same for each further request on a kept-alive
// connection; a body deadline of header_timeout plus the body size at kMinRate; per address at
// most max_per_client connections; in all at most kMaxConnections, of which at most
// kMaxUnauthenticated still in the handshake, so that certified clients always find room.

#include "xoev/transport/receiver.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <limits>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <thread>
#include <unordered_map>
#include <vector>

#include "xoev/diag/report.hpp"
#include "xoev/transport/message.hpp"

namespace xoev::transport {

namespace {

namespace fs = std::filesystem;
namespace net = boost::asio;
namespace ssl = net::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using nlohmann::json;
using namespace std::chrono_literals;

constexpr std::size_t kMaxConnections = 400;      // all open connections
constexpr std::size_t kMaxUnauthenticated = 200;  // of those, still in the TLS handshake
constexpr std::uint64_t kMinRate = 16 * 1024;     // bytes per second a body must arrive at
constexpr auto kWriteTimeout = 30s;               // to send an answer
constexpr auto kShutdownTimeout = 1s;             // for the peer's TLS close_notify
constexpr auto kLinger = 2s;                      // reading what a refused client still sends
constexpr auto kStopGrace = 20s;                  // for uploads in flight at stop()
constexpr auto kAcceptRetry = 100ms;              // after EMFILE and the like
constexpr int kIoThreads = 2;
constexpr std::uint32_t kHeaderLimit = 16 * 1024;
constexpr std::size_t kBufferLimit = 256 * 1024;
// TLS 1.2: forward secrecy and AEAD only (Mozilla's "intermediate" list); TLS 1.3 as OpenSSL has
// it (all of its suites are both).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

/// `s` as it may go into a log line: control characters (C0, DEL, C1) and bytes that are not
/// UTF-8 become \xHH, so that a client cannot move the cursor, recolour a terminal or start a
/// fake line. Well-formed UTF-8 (umlauts in a certificate subject) is kept.
std::string printable(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(s.size());
  auto byte = [&s](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = byte(i);
    std::size_t len = 0;
    if (c >= 0x20 && c < 0x7f) {
      len = 1;
    } else if (c >= 0xc2 && c <= 0xdf) {
      len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4;
    }
    bool ok = len != 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k) ok = (byte(i + k) & 0xc0) == 0x80;
    if (ok && len > 1) {
      const unsigned char d = byte(i + 1);
      if ((c == 0xc2 && d < 0xa0) ||   // C1 controls U+0080..U+009F
          (c == 0xe0 && d < 0xa0) ||   // overlong
          (c == 0xed && d >= 0xa0) ||  // surrogates
          (c == 0xf0 && d < 0x90) ||   // overlong
          (c == 0xf4 && d >= 0x90))    // beyond U+10FFFF
        ok = false;
    }
    if (!ok) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

/// The path of a request target: without the query, %XX decoded (as clients encode names).
std::string decoded_path(std::string_view target) {
  target = target.substr(0, target.find('?'));
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  out.reserve(target.size());
  for (std::size_t i = 0; i < target.size(); ++i) {
    if (target[i] == '%' && i + 2 < target.size() && hex(target[i + 1]) >= 0 &&
        hex(target[i + 2]) >= 0) {
      out += static_cast<char>(hex(target[i + 1]) * 16 + hex(target[i + 2]));
      i += 2;
    } else {
      out += target[i];
    }
  }
  return out;
}

std::string to_hex(const unsigned char* p, std::size_t n) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (std::size_t i = 0; i < n; ++i) {
    out += kHex[p[i] >> 4];
    out += kHex[p[i] & 15];
  }
  return out;
}

/// SHA-256 of a file, read in pieces; empty if it cannot be read.
std::string file_sha256(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return {};
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(md.get(), EVP_sha256(), nullptr);
  std::array<char, 65536> buf;
  for (;;) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return {};
    }
    if (n == 0) break;
    EVP_DigestUpdate(md.get(), buf.data(), static_cast<std::size_t>(n));
  }
  ::close(fd);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(md.get(), out, &len);
  return to_hex(out, len);
}

bool sync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

/// A file in <inbox>/.incoming that one request body is streamed into, its SHA-256 computed on
/// the way. Created with mode 0666, so the umask (or a default ACL) decides the mode the message
/// has in the inbox, as for any file a program creates. Removed when destroyed: by then it is
/// linked into the inbox, or it was nothing.
class Spool {
 public:
  static std::unique_ptr<Spool> create(const fs::path& dir, std::string& why) {
    auto s = std::unique_ptr<Spool>(new Spool);
    for (int attempt = 0; attempt < 100; ++attempt) {
      unsigned char r[9];
      if (RAND_bytes(r, sizeof r) != 1) {
        why = "no random numbers for a file name";
        return nullptr;
      }
      s->path_ = dir / ("msg-" + to_hex(r, sizeof r));
      s->fd_ = ::open(s->path_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
      if (s->fd_ >= 0) {
        EVP_DigestInit_ex(s->md_.get(), EVP_sha256(), nullptr);
        return s;
      }
      if (errno != EEXIST) break;
    }
    why = std::strerror(errno);
    s->path_.clear();
    return nullptr;
  }
  ~Spool() {
    if (fd_ >= 0) ::close(fd_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  Spool(const Spool&) = delete;
  Spool& operator=(const Spool&) = delete;

  bool write(const char* p, std::size_t n) {
    EVP_DigestUpdate(md_.get(), p, n);
    bytes_ += n;
    while (n > 0) {
      const ssize_t w = ::write(fd_, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0) {
        error_ = errno;
        return false;
      }
      p += w;
      n -= static_cast<std::size_t>(w);
    }
    return true;
  }
  /// fsync and close; false (with error()) if the data may not be on disk.
  bool finish() {
    const bool ok = ::fsync(fd_) == 0;
    if (!ok) error_ = errno;
    ::close(fd_);
    fd_ = -1;
    return ok;
  }
  std::string sha256_hex() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    EVP_DigestFinal_ex(md_.get(), out, &len);
    return to_hex(out, len);
  }
  [[nodiscard]] const fs::path& path() const { return path_; }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_; }
  [[nodiscard]] int error() const { return error_; }

 private:
  Spool() = default;
  fs::path path_;
  int fd_ = -1;
  std::uint64_t bytes_ = 0;
  int error_ = 0;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md_{EVP_MD_CTX_new(), EVP_MD_CTX_free};
};

/// Beast body type that streams what the parser delivers into a Spool.
struct SpoolBody {
  using value_type = std::unique_ptr<Spool>;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(http::header<isRequest, Fields>&, value_type& spool) : spool_(spool) {}
    void init(const boost::optional<std::uint64_t>&, beast::error_code& ec) {
      ec = spool_ ? beast::error_code{} : beast::error_code(EBADF, beast::system_category());
    }
    template <class ConstBufferSequence>
    std::size_t put(const ConstBufferSequence& buffers, beast::error_code& ec) {
      std::size_t n = 0;
      for (const auto b : beast::buffers_range_ref(buffers)) {
        if (!spool_->write(static_cast<const char*>(b.data()), b.size())) {
          ec = beast::error_code(spool_->error(), beast::system_category());
          return n;
        }
        n += b.size();
      }
      ec = {};
      return n;
    }
    void finish(beast::error_code& ec) { ec = {}; }

   private:
    value_type& spool_;
  };
};

/// What a request is answered, and what its log line says.
struct Reply {
  http::status status = http::status::internal_server_error;
  std::string content_type;
  std::string body;
  std::string location;
  bool allow = false;  // Allow: PUT, POST
  std::string what;    // for the log line
};

/// A hint for the remote sender of an invalid message. The core's hint speaks to whoever runs
/// ozg (install a schema, raise a limit: things only the receiver's operator can do); the
/// sender learns instead what the receiver lacks and whom to ask.
std::string remote_hint(const Remedy& r) {
  const auto arg = [&](std::size_t i) { return i < r.args.size() ? r.args[i] : std::string(); };
  switch (r.kind) {
    case Remedy::Kind::InstallSchema:
      return r.args.empty()
                 ? "the receiver has no schemas installed; ask the receiver's operator"
                 : "the receiver has no schema for namespace " + arg(0) +
                       "; ask the receiver's operator to install it, or send a version the "
                       "receiver supports";
    case Remedy::Kind::FixSchema:
      return "the receiver's schema " + arg(0) +
             " cannot be used; ask the receiver's operator to repair it";
    case Remedy::Kind::ListRootElements:
      return "the receiver's schemas for namespace " + arg(0) +
             " declare another root element; check the message type and version";
    case Remedy::Kind::InstallCodeList:
      return "the receiver has no code list " + arg(0) + "; ask the receiver's operator";
    case Remedy::Kind::ListCodes: {
      std::string h = "nearest valid codes:";
      for (std::size_t i = 2; i < r.args.size(); ++i) h += " '" + r.args[i] + "'";
      return h;
    }
    case Remedy::Kind::RaiseLimit:
      return "the message exceeds a limit of the receiver (" + arg(0) +
             "); ask the receiver's operator";
    case Remedy::Kind::RemoveDoctype:
      return "XÖV/eCH messages need no DTD; remove the DOCTYPE";
  }
  return {};
}

Reply problem(http::status status, const std::string& title, const std::string& detail,
              std::string what, json extra = json::object()) {
  json p = {{"type", "about:blank"},
            {"title", title},
            {"status", static_cast<int>(status)},
            {"detail", detail}};
  for (auto& [k, v] : extra.items()) p[k] = v;
  Reply r;
  r.status = status;
  r.content_type = "application/problem+json";
  r.body = p.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
  r.what = std::move(what);
  return r;
}

std::string subject_of(X509* cert) {
  if (cert == nullptr) return "?";
  char buf[256];
  X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof buf);
  return buf;
}

/// The OpenSSL error code that Asio carries in an error_code of its ssl category.
unsigned long ssl_code(const beast::error_code& ec) {
  return static_cast<unsigned long>(static_cast<unsigned int>(ec.value()));
}

// The steps of one request that need no socket, shared by the connections and answer_requests().

using HeadParser = http::request_parser<http::empty_body>;
using BodyParser = http::request_parser<SpoolBody>;

/// A parser for the next request header, with the receiver's limits.
void new_head(std::optional<HeadParser>& head) {
  head.emplace();
  head->header_limit(kHeaderLimit);
  // Checked against max_bytes in refuse_head, with a better answer than the parser's. (Not
  // boost::none: Beast 1.74 then refuses every Content-Length.)
  head->body_limit(std::numeric_limits<std::uint64_t>::max());
}

/// The answer to a request header that the parser refused after the client sent some of it.
Reply bad_head(const beast::error_code& ec) {
  if (ec == http::error::header_limit)
    return problem(http::status::request_header_fields_too_large, "request header too large",
                   "the receiver accepts request headers of at most " +
                       std::to_string(kHeaderLimit) + " bytes",
                   "header too large");
  return problem(http::status::bad_request, "malformed request",
                 "the request is not valid HTTP/1.1: " + ec.message(),
                 "malformed request: " + ec.message());
}

Reply too_large(std::size_t max, const std::string& detail) {
  return problem(http::status::payload_too_large, "message too large",
                 "the receiver accepts at most " + std::to_string(max) + " bytes",
                 "too large (" + detail + ")");
}

/// The checks on a complete request header, before any byte of the body is read: the answer if
/// the request is refused here, and whether the connection may stay (only without a body).
std::optional<std::pair<Reply, bool>> refuse_head(const HeadParser& head, std::size_t max) {
  const auto& req = head.get();
  const bool has_body = head.chunked() || head.content_length().value_or(0) > 0;
  if (req.method() != http::verb::put && req.method() != http::verb::post) {
    Reply r = problem(http::status::method_not_allowed, "method not allowed",
                      "PUT /<id>.xml or POST the message", "method not allowed");
    r.allow = true;
    return std::pair{std::move(r), !has_body};
  }
  if (head.content_length() && *head.content_length() > max)
    return std::pair{too_large(max, "Content-Length " + std::to_string(*head.content_length()) +
                                        ", at most " + std::to_string(max)),
                     false};
  return std::nullopt;
}

/// Moves the parser of an accepted header into `body`, which streams the body into a new spool
/// file in `incoming`, at most `max` bytes; the answer if there is no spool file.
std::optional<Reply> open_body(std::optional<HeadParser>& head, std::optional<BodyParser>& body,
                               const fs::path& incoming, std::size_t max) {
  std::string why;
  auto spool = Spool::create(incoming, why);
  if (!spool)
    return problem(http::status::insufficient_storage, "cannot store the message",
                   "the receiver could not write its inbox: " + why, "inbox not writable: " + why);
  body.emplace(std::move(*head));
  head.reset();
  body->body_limit(max);
  body->get().body() = std::move(spool);
  return std::nullopt;
}

/// The answer to a body that the parser or the spool file refused (a connection that closed or
/// timed out mid-body gets none).
Reply bad_body(const beast::error_code& ec, const Spool& spool, std::size_t max) {
  if (ec == http::error::body_limit)
    return too_large(max, "chunked body beyond " + std::to_string(max) + " bytes");
  if (spool.error() != 0) {
    const std::string e = std::strerror(spool.error());
    return problem(http::status::insufficient_storage, "cannot store the message",
                   "the receiver could not write its inbox: " + e, "inbox not writable: " + e);
  }
  return problem(http::status::bad_request, "malformed request",
                 "the request body is not valid HTTP/1.1: " + ec.message(),
                 "malformed body: " + ec.message());
}

/// The file name a request path names: its last segment.
std::string name_of(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

/// The log line of an answer (before printable()); `method` is empty if no header was read.
std::string answer_line(const std::string& method, const std::string& path,
                        const std::string& address, const std::string& client, const Reply& r) {
  const std::string status = std::to_string(static_cast<int>(r.status));
  if (method.empty()) return address + ": " + status + " " + r.what + " (client " + client + ")";
  return method + " " + path + " " + status + " " + r.what + " (client " + client + ")";
}

/// The response that carries `r`; `keep`: the connection stays open for another request.
http::response<http::string_body> response_for(Reply r, bool keep) {
  http::response<http::string_body> res(r.status, 11);
  if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
  if (!r.location.empty()) res.set(http::field::location, r.location);
  if (r.allow) res.set(http::field::allow, "PUT, POST");
  res.body() = std::move(r.body);
  res.keep_alive(keep);
  res.prepare_payload();
  return res;
}

/// Syncs, validates with `session` and stores one complete body in opts.inbox, under its
/// sender (the header's, else `client`: the client certificate's subject) and its id.
Reply store_message(Spool& spool, const std::string& method, const std::string& name,
                    const std::string& client, const ReceiverOptions& opts,
                    Validator::Session& session);

class Connection;

/// What the connections share: options, TLS context, acceptor, workers, and the counts that the
/// limits are checked against.
struct Server {
  ReceiverOptions opts;
  Validator& validator;
  ReceiverLog log;
  net::io_context ioc{kIoThreads};
  ssl::context tls{ssl::context::tls_server};
  tcp::acceptor acceptor{net::make_strand(ioc)};
  net::steady_timer accept_retry{acceptor.get_executor()};
  std::unique_ptr<net::thread_pool> workers;
  int port = 0;

  // Connections and what they count against; `stopping` under the same lock, so that a
  // connection is either known to stop() or refused.
  std::mutex mu;
  bool stopping = false;
  std::size_t open = 0, unauthenticated = 0;
  std::unordered_map<std::string, std::size_t> per_address;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections;

  // Validation sessions, one per worker at most, handed out under a lock.
  std::mutex sessions_mu;
  std::vector<std::unique_ptr<Validator::Session>> sessions;

  // Lines about connections that never authenticated: at most kBurst at once and kPerSecond
  // after that, so that a flood cannot flood the log too.
  static constexpr double kPerSecond = 10, kBurst = 50;
  std::mutex log_mu;
  double tokens = kBurst;
  std::chrono::steady_clock::time_point refilled = std::chrono::steady_clock::now();
  std::size_t suppressed = 0;

  Server(const ReceiverOptions& o, Validator& v, ReceiverLog l)
      : opts(o), validator(v), log(std::move(l)) {}

  [[nodiscard]] fs::path incoming() const { return opts.inbox / ".incoming"; }

  void note(const std::string& line) const {
    if (log) log(printable(line));
  }
  /// A line about a connection before (or instead of) its first request, rate-limited.
  void note_connection(const std::string& address, const std::string& text) {
    if (!log) return;
    std::size_t dropped = 0;
    {
      std::lock_guard lock(log_mu);
      const auto now = std::chrono::steady_clock::now();
      tokens = std::min(
          kBurst, tokens + std::chrono::duration<double>(now - refilled).count() * kPerSecond);
      refilled = now;
      if (tokens < 1) {
        ++suppressed;
        return;
      }
      tokens -= 1;
      dropped = std::exchange(suppressed, 0);
    }
    if (dropped > 0)
      note(std::to_string(dropped) + " more line(s) about refused connections left out");
    note(address + ": " + text);
  }

  enum class Admission { Ok, Stopping, PerAddress, Total, Handshakes };
  Admission admit(const std::string& address) {
    std::lock_guard lock(mu);
    if (stopping) return Admission::Stopping;
    if (open >= kMaxConnections) return Admission::Total;
    if (unauthenticated >= kMaxUnauthenticated) return Admission::Handshakes;
    auto& n = per_address[address];
    if (n >= opts.max_per_client) return Admission::PerAddress;
    ++n;
    ++open;
    ++unauthenticated;
    return Admission::Ok;
  }
  bool track(const std::shared_ptr<Connection>& c) {
    std::lock_guard lock(mu);
    if (stopping) return false;
    connections.emplace(c.get(), c);
    return true;
  }
  void authenticated() {
    std::lock_guard lock(mu);
    --unauthenticated;
  }
  void leave(const Connection* c, const std::string& address, bool was_authenticated) {
    std::lock_guard lock(mu);
    connections.erase(c);
    --open;
    if (!was_authenticated) --unauthenticated;
    if (auto it = per_address.find(address); it != per_address.end() && --it->second == 0)
      per_address.erase(it);
  }

  void accept();
  void on_accept(beast::error_code ec, tcp::socket socket);
  void stop();

  /// store_message with a session from the pool (on a worker).
  Reply store(Spool& spool, const std::string& method, const std::string& name,
              const std::string& client);
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(Server& server, tcp::socket socket, std::string address)
      : server_(server),
        stream_(std::move(socket), server.tls),
        address_(std::move(address)),
        grace_(stream_.get_executor()) {}
  ~Connection() { server_.leave(this, address_, authenticated_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  /// From the acceptor's strand: the connection continues on its own.
  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->handshake(); });
  }
  /// From any thread.
  void stop() {
    net::post(stream_.get_executor(), [self = shared_from_this()] { self->on_stop(); });
  }

 private:
  enum class Phase { Handshake, Header, Body, Work, Write, Closing, Closed };

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }
  [[nodiscard]] std::chrono::seconds header_timeout() const {
    return std::chrono::seconds(server_.opts.header_timeout);
  }

  void handshake() {
    phase_ = Phase::Handshake;
    // One deadline for the handshake and the first request header together.
    tcp().expires_after(header_timeout());
    stream_.set_verify_callback([this](bool ok, ssl::verify_context& ctx) {
      if (!ok && refusal_.empty()) {
        X509_STORE_CTX* c = ctx.native_handle();
        refusal_ = "client certificate " + subject_of(X509_STORE_CTX_get0_cert(c)) +
                   " refused: " + X509_verify_cert_error_string(X509_STORE_CTX_get_error(c));
      }
      return ok;
    });
    stream_.async_handshake(
        ssl::stream_base::server,
        [self = shared_from_this()](beast::error_code ec) { self->on_handshake(ec); });
  }

  void on_handshake(beast::error_code ec) {
    if (phase_ == Phase::Closed) return;
    if (ec) {
      if (ec == beast::error::timeout) {
        server_.note_connection(address_,
                                "closed: TLS handshake and request header not complete "
                                "within " +
                                    std::to_string(server_.opts.header_timeout) + " s");
        phase_ = Phase::Closed;
        return;
      }
      if (stopping_) return close();
      std::string why;
      if (!refusal_.empty()) {
        why = "TLS handshake refused: " + refusal_;
      } else if (ec.category() == net::error::get_ssl_category() &&
                 ERR_GET_REASON(ssl_code(ec)) == SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
        why = "TLS handshake refused: no client certificate";
      } else if (ec.category() == net::error::get_ssl_category() &&
                 ERR_GET_REASON(ssl_code(ec)) == SSL_R_HTTP_REQUEST) {
        why = "TLS handshake failed: the client speaks plain HTTP; it must use https://";
      } else if (ec == net::error::eof || ec == ssl::error::stream_truncated ||
                 ec == net::error::connection_reset) {
        why = "TLS handshake failed: the client closed the connection";
      } else {
        const char* reason = ERR_reason_error_string(ssl_code(ec));
        why = "TLS handshake failed: " + (ec.category() == net::error::get_ssl_category() && reason
                                              ? std::string(reason)
                                              : ec.message());
      }
      server_.note_connection(address_, why);
      // The alert is on its way; give the client time to read it before the connection goes.
      return linger();
    }
    authenticated_ = true;
    server_.authenticated();
    client_ = subject_of(SSL_get0_peer_certificate(stream_.native_handle()));
    read_header();
  }

  void read_header() {
    phase_ = Phase::Header;
    method_.clear();
    path_.clear();
    if (stopping_) return close();
    if (requests_ > 0) tcp().expires_after(header_timeout());
    new_head(head_);
    http::async_read_header(
        stream_, buffer_, *head_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (phase_ == Phase::Closed) return;
    if (ec) {
      const bool started = head_->got_some();
      if (ec == beast::error::timeout) {
        if (started)
          note_line("closed: request header not complete within " +
                    std::to_string(server_.opts.header_timeout) + " s");
        phase_ = Phase::Closed;
        return;
      }
      if (ec == http::error::end_of_stream || ec == net::error::eof ||
          ec == ssl::error::stream_truncated || ec == net::error::operation_aborted ||
          ec == net::error::connection_reset || !started)
        return close();
      return respond(bad_head(ec), false);
    }
    ++requests_;
    const auto& req = head_->get();
    method_ = std::string(req.method_string());
    path_ = decoded_path(std::string_view(req.target().data(), req.target().size()));
    if (auto refused = refuse_head(*head_, server_.opts.max_bytes))
      return respond(std::move(refused->first), refused->second);
    if (auto refused = open_body(head_, body_, server_.incoming(), server_.opts.max_bytes))
      return respond(std::move(*refused), false);
    const auto& r = body_->get();
    if (beast::iequals(r[http::field::expect], "100-continue")) {
      continue_.emplace(http::status::continue_, r.version());
      tcp().expires_after(kWriteTimeout);
      phase_ = Phase::Write;
      return http::async_write(stream_, *continue_,
                               [self = shared_from_this()](beast::error_code e, std::size_t) {
                                 self->continue_.reset();
                                 if (e) return self->close();
                                 self->read_body();
                               });
    }
    read_body();
  }

  void read_body() {
    if (phase_ == Phase::Closed) return;
    phase_ = Phase::Body;
    const std::uint64_t size = body_->content_length().value_or(server_.opts.max_bytes);
    tcp().expires_after(header_timeout() + std::chrono::seconds(size / kMinRate));
    if (stopping_) arm_grace();
    http::async_read(
        stream_, buffer_, *body_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (phase_ == Phase::Closed) return;
    grace_.cancel();
    if (ec) {
      const Spool& spool = *body_->get().body();
      const std::string got = std::to_string(spool.bytes()) + " bytes";
      if (ec == beast::error::timeout) {
        note_line("closed: upload not complete in time (" + got + " received, at least " +
                  std::to_string(kMinRate / 1024) + " KiB/s needed); nothing stored");
        phase_ = Phase::Closed;
        return;
      }
      if (ec == net::error::operation_aborted && stopping_) {
        note_line("closed by the stop: upload not complete within " +
                  std::to_string(kStopGrace.count()) + " s (" + got + " received); nothing stored");
        return close();
      }
      if (ec == http::error::partial_message || ec == net::error::eof ||
          ec == ssl::error::stream_truncated || ec == net::error::connection_reset ||
          ec == http::error::end_of_stream) {
        note_line("connection closed during the upload (" + got + " received); nothing stored");
        return close();
      }
      return respond(bad_body(ec, spool, server_.opts.max_bytes), false);
    }
    phase_ = Phase::Work;
    keep_alive_ = body_->get().keep_alive();
    std::shared_ptr<Spool> spool = std::move(body_->get().body());
    body_.reset();
    // The worker holds the io_context's work until it has posted the answer back.
    net::post(*server_.workers, [self = shared_from_this(), spool, method = method_,
                                 name = name_of(path_), client = client_,
                                 guard = net::make_work_guard(server_.ioc)]() mutable {
      Reply r;
      try {
        r = self->server_.store(*spool, method, name, client);
      } catch (const std::exception& e) {
        r = problem(http::status::internal_server_error, "internal error",
                    "the receiver failed; nothing was stored",
                    std::string("internal error: ") + e.what());
      }
      spool.reset();  // unlinks the spool file, linked into the inbox by now or not at all
      net::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable {
        self->respond(std::move(r), self->keep_alive_);
      });
    });
  }

  void note_line(const std::string& what) const {
    if (method_.empty())
      server_.note(address_ + ": " + what + " (client " + client_ + ")");
    else
      server_.note(method_ + " " + path_ + " " + what + " (client " + client_ + ")");
  }

  /// Answers; `keep` asks to keep the connection for another request (the request's body has
  /// been read in full).
  void respond(Reply r, bool keep) {
    if (phase_ == Phase::Closed) return;
    server_.note(answer_line(method_, path_, address_, client_, r));
    body_.reset();  // an unread or partly read body: its spool file goes
    phase_ = Phase::Write;
    keep = keep && !stopping_;
    response_.emplace(response_for(std::move(r), keep));
    tcp().expires_after(kWriteTimeout);
    http::async_write(stream_, *response_,
                      [self = shared_from_this(), keep](beast::error_code ec, std::size_t) {
                        self->response_.reset();
                        if (ec || self->phase_ == Phase::Closed) return self->close();
                        if (keep) return self->read_header();
                        self->shut_down();
                      });
  }

  /// After an answer with Connection: close: TLS close_notify, then linger.
  void shut_down() {
    phase_ = Phase::Closing;
    tcp().expires_after(kShutdownTimeout);
    stream_.async_shutdown([self = shared_from_this()](beast::error_code) {
      if (self->phase_ != Phase::Closed) self->linger();
    });
  }

  /// Half-closes and reads (and drops) what the client still sends for a moment, so that it
  /// reads our answer or alert instead of a reset for data we never read.
  void linger() {
    if (stopping_) return close();
    phase_ = Phase::Closing;
    beast::error_code ec;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
    tcp().expires_after(kLinger);
    drain();
  }
  void drain() {
    tcp().async_read_some(net::buffer(scratch_),
                          [self = shared_from_this()](beast::error_code ec, std::size_t) {
                            if (ec || self->phase_ == Phase::Closed) return self->close();
                            self->drain();
                          });
  }

  void close() {
    if (phase_ == Phase::Closed) return;
    phase_ = Phase::Closed;
    grace_.cancel();
    beast::error_code ec;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
    tcp().close();
  }

  void arm_grace() {
    grace_.expires_after(kStopGrace);
    grace_.async_wait([self = shared_from_this()](beast::error_code ec) {
      if (!ec && self->phase_ == Phase::Body) self->tcp().cancel();
    });
  }

  void on_stop() {
    stopping_ = true;
    switch (phase_) {
      case Phase::Handshake:
      case Phase::Header:
      case Phase::Closing:
        return close();
      case Phase::Body:
        return arm_grace();
      case Phase::Work:
      case Phase::Write:
      case Phase::Closed:
        return;  // the answer goes out with Connection: close
    }
  }

  Server& server_;
  beast::ssl_stream<beast::tcp_stream> stream_;
  std::string address_;
  std::string client_ = "?";
  std::string refusal_;  // why the client certificate failed verification
  bool authenticated_ = false;
  bool stopping_ = false;
  bool keep_alive_ = false;
  std::size_t requests_ = 0;
  Phase phase_ = Phase::Handshake;
  std::string method_, path_;
  beast::flat_buffer buffer_{kBufferLimit};
  std::optional<http::request_parser<http::empty_body>> head_;
  std::optional<http::request_parser<SpoolBody>> body_;
  std::optional<http::response<http::empty_body>> continue_;
  std::optional<http::response<http::string_body>> response_;
  net::steady_timer grace_;
  std::array<char, 4096> scratch_{};
};

void Server::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    on_accept(ec, std::move(socket));
  });
}

void Server::on_accept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor.is_open()) return;
  if (ec) {
    // Out of file descriptors or memory: wait a moment rather than spin.
    note_connection("accept", ec.message());
    accept_retry.expires_after(kAcceptRetry);
    accept_retry.async_wait([this](beast::error_code e) {
      if (!e && acceptor.is_open()) accept();
    });
    return;
  }
  beast::error_code e;
  const auto peer = socket.remote_endpoint(e);
  if (!e) {
    const std::string address = peer.address().to_string();
    switch (admit(address)) {
      case Admission::Ok: {
        socket.set_option(tcp::no_delay(true), e);  // headers and body go in separate writes
        auto c = std::make_shared<Connection>(*this, std::move(socket), address);
        if (track(c)) c->start();
        break;
      }
      case Admission::Stopping:
        return;
      case Admission::PerAddress:
        note_connection(address, "connection refused: " + std::to_string(opts.max_per_client) +
                                     " connections from this address are open (--max-per-client " +
                                     std::to_string(opts.max_per_client) + ")");
        break;
      case Admission::Total:
        note_connection(address, "connection refused: " + std::to_string(kMaxConnections) +
                                     " connections are open");
        break;
      case Admission::Handshakes:
        note_connection(address, "connection refused: " + std::to_string(kMaxUnauthenticated) +
                                     " connections are still in the TLS handshake");
        break;
    }
  }
  accept();
}

void Server::stop() {
  std::vector<std::shared_ptr<Connection>> live;
  {
    std::lock_guard lock(mu);
    if (stopping) return;
    stopping = true;
    for (auto& [p, weak] : connections)
      if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  net::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
    accept_retry.cancel();
  });
  for (auto& c : live) c->stop();
}

Reply Server::store(Spool& spool, const std::string& method, const std::string& name,
                    const std::string& client) {
  std::unique_ptr<Validator::Session> session;
  {
    std::lock_guard lock(sessions_mu);
    if (!sessions.empty()) {
      session = std::move(sessions.back());
      sessions.pop_back();
    }
  }
  if (!session) session = validator.session();
  Reply r = store_message(spool, method, name, client, opts, *session);
  std::lock_guard lock(sessions_mu);
  sessions.push_back(std::move(session));
  return r;
}

Reply store_message(Spool& spool, const std::string& method, const std::string& name,
                    const std::string& client, const ReceiverOptions& opts,
                    Validator::Session& session) {
  if (!spool.finish()) {
    const std::string e = std::strerror(spool.error());
    return problem(http::status::insufficient_storage, "cannot store the message",
                   "the receiver could not write its inbox: " + e, "inbox not writable: " + e);
  }
  const std::string sha = spool.sha256_hex();
  const FileReport rep =
      session.validate(Input{name.empty() ? "<body>" : name, spool.path(), false});
  if (rep.verdict != Verdict::Valid) {
    json diags = json::array();
    for (Diagnostic d : rep.diagnostics) {
      if (d.remedy) d.hint = remote_hint(*d.remedy);
      diags.push_back(json(diagnostic_json(d)));
    }
    return problem(http::status::unprocessable_entity, "message is invalid",
                   std::to_string(rep.errors) + " error(s) found by validation; nothing was stored",
                   "invalid (" + std::to_string(rep.errors) + " errors)",
                   {{"diagnostics", diags}, {"sha256", sha}});
  }
  const std::string id = message_key(rep.facts ? rep.facts->message_id : "", sha);
  if (method == "PUT" && name != id + ".xml")
    return problem(
        http::status::bad_request, "URL does not match the message",
        "the URL names '" + name + "' but the message id is '" + id + "'; PUT it to " + id + ".xml",
        "URL names " + name + ", message id " + id, {{"messageId", id}});
  // A message id is unique per sender only: municipality A's message 1 and B's are two messages.
  const std::string sender =
      rep.facts && !rep.facts->sender.empty() ? rep.facts->sender : "client " + client;
  const std::string folder = sender_folder(sender);
  const std::string stored = folder + "/" + id + ".xml";  // as the log and Location name it
  const fs::path dir = opts.inbox / folder;
  const fs::path target = dir / (id + ".xml");
  const std::string received_at = utc_now_iso();
  auto receipt = [&](http::status status, const char* state, std::string what) {
    Reply r;
    r.status = status;
    r.content_type = "application/json";
    r.body = json{{"messageId", id},           {"sender", sender},   {"sha256", sha},
                  {"receivedAt", received_at}, {"verdict", "valid"}, {"status", state}}
                 .dump(2) +
             "\n";
    r.what = std::move(what);
    return r;
  };
  // The sender's folder: made (and its entry in the inbox synced) before the message goes in.
  if (::mkdir(dir.c_str(), 0750) == 0) {
    if (!sync_dir(opts.inbox))
      return problem(http::status::insufficient_storage, "cannot store the message",
                     "the inbox folder could not be synced", "inbox sync failed");
  } else if (errno != EEXIST) {
    const std::string e = std::strerror(errno);
    return problem(http::status::insufficient_storage, "cannot store the message",
                   "the receiver could not write its inbox: " + e, "inbox not writable: " + e);
  }
  if (::link(spool.path().c_str(), target.c_str()) == 0) {
    if (!sync_dir(dir)) {
      ::unlink(target.c_str());
      return problem(http::status::insufficient_storage, "cannot store the message",
                     "the inbox folder could not be synced", "inbox sync failed");
    }
    Reply r = receipt(http::status::created, "stored",
                      "stored " + stored + " sha256 " + sha.substr(0, 16));
    r.location = "/" + stored;
    return r;
  }
  if (errno != EEXIST) {
    const std::string e = std::strerror(errno);
    return problem(http::status::insufficient_storage, "cannot store the message",
                   "the receiver could not write its inbox: " + e, "inbox not writable: " + e);
  }
  if (file_sha256(target) == sha)
    return receipt(http::status::ok, "already received", "already received " + stored);
  return problem(http::status::conflict, "message id already used",
                 "a message from sender '" + sender + "' with id '" + id +
                     "' and other content was received before; a new message "
                     "needs a new id",
                 "conflict: " + stored + " exists with other content",
                 {{"messageId", id}, {"sender", sender}, {"sha256", sha}});
}

}  // namespace

struct Receiver::Impl : Server {
  using Server::Server;
};

Result<std::unique_ptr<Receiver>> Receiver::create(const ReceiverOptions& o, Validator& validator,
                                                   ReceiverLog log) {
  std::error_code ec;
  for (const auto& [what, file] :
       {std::pair{"--cert", o.cert}, {"--key", o.key}, {"--client-ca", o.client_ca}}) {
    if (file.empty())
      return fail_untranslated(ErrorKind::Usage, "TRN511", std::string(what) + " is required",
                               "ozg receive serves HTTPS only and requires client certificates");
    if (!fs::is_regular_file(file, ec))
      return fail_untranslated(ErrorKind::Config, "TRN511", file + ": cannot read (" + what + ")");
  }
  if (!fs::is_directory(o.inbox, ec))
    return fail_untranslated(ErrorKind::Config, "TRN511",
                             o.inbox.string() + ": no such folder (--inbox)",
                             "create the inbox folder first");
  auto impl = std::make_unique<Impl>(o, validator, std::move(log));
  impl->opts.threads = std::max(1, o.threads);
  impl->opts.header_timeout = std::max(1, o.header_timeout);
  impl->opts.max_per_client = std::max<std::size_t>(1, o.max_per_client);
  fs::create_directories(impl->incoming(), ec);
  if (ec)
    return fail_untranslated(ErrorKind::Config, "TRN511",
                             "cannot create " + impl->incoming().string() + ": " + ec.message());
  // What a killed receiver left half-written is not a message: start clean.
  for (const auto& e : fs::directory_iterator(impl->incoming(), ec)) fs::remove(e.path(), ec);

  SSL_CTX* ctx = impl->tls.native_handle();
  auto bad = [](std::string what) {
    ERR_clear_error();
    return fail_untranslated(
        ErrorKind::Config, "TRN511", std::move(what),
        "ozg receive needs a PEM certificate (--cert), its key (--key) and the CA that "
        "issues client certificates (--client-ca)");
  };
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(
      ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) return bad("cannot set up TLS ciphers");
  SSL_CTX_set_dh_auto(ctx, 1);
  if (SSL_CTX_use_certificate_chain_file(ctx, o.cert.c_str()) != 1)
    return bad(o.cert + ": not a PEM certificate (--cert)");
  if (SSL_CTX_use_PrivateKey_file(ctx, o.key.c_str(), SSL_FILETYPE_PEM) != 1)
    return bad(o.key + ": not a PEM private key without password (--key)");
  if (SSL_CTX_check_private_key(ctx) != 1)
    return bad(o.key + " does not belong to the certificate " + o.cert);
  if (SSL_CTX_load_verify_locations(ctx, o.client_ca.c_str(), nullptr) != 1)
    return bad(o.client_ca + ": no PEM CA certificate in it (--client-ca)");
  if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(o.client_ca.c_str()))
    SSL_CTX_set_client_CA_list(ctx, names);
  // The handshake itself requires a certificate that verifies: a client without one never gets
  // an HTTP request read, let alone a body.
  SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  static constexpr unsigned char kSessionContext[] = "ozg receive";
  SSL_CTX_set_session_id_context(ctx, kSessionContext, sizeof kSessionContext - 1);

  // SO_REUSEADDR lets a restarted receiver bind while old connections are in TIME_WAIT; on Linux
  // it does not let a second process bind a port that is listening. SO_REUSEPORT would, and
  // split the messages between the two: it is not set.
  const std::string where = o.host + ":" + std::to_string(o.port);
  tcp::resolver resolver(impl->ioc);
  beast::error_code bec;
  auto endpoints = resolver.resolve(o.host, std::to_string(o.port),
                                    tcp::resolver::passive | tcp::resolver::numeric_service, bec);
  if (bec || endpoints.empty())
    return fail_untranslated(ErrorKind::Config, "TRN511",
                             "cannot listen on " + where + ": " + bec.message(),
                             "give an IP address or a name this machine resolves with --listen");
  const tcp::endpoint endpoint = *endpoints.begin();
  auto& acceptor = impl->acceptor;
  acceptor.open(endpoint.protocol(), bec);
  if (!bec) acceptor.set_option(net::socket_base::reuse_address(true), bec);
  if (!bec) acceptor.bind(endpoint, bec);
  if (!bec) acceptor.listen(net::socket_base::max_listen_connections, bec);
  if (bec)
    return fail_untranslated(
        ErrorKind::Config, "TRN511", "cannot listen on " + where + ": " + bec.message(),
        bec == net::error::address_in_use
            ? "another process listens on this port; stop it or choose another with "
              "--listen"
            : "choose another address or port with --listen");
  impl->port = acceptor.local_endpoint(bec).port();
  impl->workers = std::make_unique<net::thread_pool>(static_cast<std::size_t>(impl->opts.threads));
  impl->accept();
  return std::unique_ptr<Receiver>(new Receiver(std::move(impl)));
}

Receiver::Receiver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Receiver::~Receiver() {
  impl_->stop();
  impl_->workers->join();
}
int Receiver::port() const { return impl_->port; }

void Receiver::run() {
  auto serve = [this] {
    for (;;) {
      try {
        impl_->ioc.run();
        return;
      } catch (const std::exception& e) {
        impl_->note(std::string("internal error, continuing: ") + e.what());
      }
    }
  };
  std::vector<std::jthread> io;
  for (int i = 1; i < kIoThreads; ++i) io.emplace_back(serve);
  serve();
  io.clear();  // joins
  impl_->workers->join();
}

void Receiver::stop() { impl_->stop(); }

std::string answer_requests(std::string_view bytes, const ReceiverOptions& o,
                            Validator::Session& session, const ReceiverLog& log) {
  const fs::path incoming = o.inbox / ".incoming";
  std::error_code fec;
  fs::create_directories(incoming, fec);
  std::string out;
  net::const_buffer rest(bytes.data(), bytes.size());
  // Gives the parser what is left of the bytes until done(parser); need_more: they ended first
  // (the parser takes nothing more).
  auto feed = [&rest](auto& parser, auto done) {
    beast::error_code ec;
    while (!done(parser)) {
      const std::size_t n = parser.put(rest, ec);
      rest += n;
      if (ec && ec != http::error::need_more) return ec;
      if (n == 0 && !done(parser)) return beast::error_code(http::error::need_more);
      ec = {};
    }
    return ec;
  };
  for (;;) {
    std::string method, path;
    // Writes the answer; true if the connection stays for another request.
    auto answer = [&](Reply r, bool keep) {
      if (log) log(printable(answer_line(method, path, "-", "-", r)));
      std::ostringstream wire;
      wire << response_for(std::move(r), keep);
      out += wire.str();
      return keep;
    };
    std::optional<HeadParser> head;
    new_head(head);
    beast::error_code ec = feed(*head, [](const HeadParser& p) { return p.is_header_done(); });
    if (ec == http::error::need_more) return out;
    if (ec) {
      if (head->got_some()) answer(bad_head(ec), false);
      return out;
    }
    const auto& req = head->get();
    method = std::string(req.method_string());
    path = decoded_path(std::string_view(req.target().data(), req.target().size()));
    if (auto refused = refuse_head(*head, o.max_bytes)) {
      if (answer(std::move(refused->first), refused->second)) continue;
      return out;
    }
    std::optional<BodyParser> body;
    if (auto refused = open_body(head, body, incoming, o.max_bytes)) {
      answer(std::move(*refused), false);
      return out;
    }
    body->eager(true);
    ec = feed(*body, [](const BodyParser& p) { return p.is_done(); });
    if (ec == http::error::need_more) return out;  // the connection closed during the upload
    if (ec) {
      answer(bad_body(ec, *body->get().body(), o.max_bytes), false);
      return out;
    }
    const bool keep = body->get().keep_alive();
    const std::unique_ptr<Spool> spool = std::move(body->get().body());
    body.reset();
    if (!answer(store_message(*spool, method, name_of(path), "-", o, session), keep)) return out;
  }
}

}  // namespace xoev::transport
