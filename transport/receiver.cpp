#include "xoev/transport/receiver.hpp"

#include <fcntl.h>
#include <httplib.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "xoev/transport/message.hpp"

namespace xoev::transport {

namespace fs = std::filesystem;
using nlohmann::json;

struct Receiver::Impl {
  ReceiverOptions opts;
  std::unique_ptr<Validator::Session> session;  // compiled schemas kept between requests
  ReceiverLog log;
  std::mutex validate_mu;
  std::unique_ptr<httplib::SSLServer> server;
  int port = 0;

  fs::path incoming() const { return opts.inbox / ".incoming"; }

  static void problem(httplib::Response& res, int status, const std::string& title,
                      const std::string& detail, json extra = json::object()) {
    json p = {{"type", "about:blank"}, {"title", title}, {"status", status}, {"detail", detail}};
    for (auto& [k, v] : extra.items()) p[k] = v;
    res.status = status;
    res.set_content(p.dump(2, ' ', false, json::error_handler_t::replace) + "\n",
                    "application/problem+json");
  }

  static std::string client_of(const httplib::Request& req) {
    if (req.ssl == nullptr) return "?";
    X509* cert = SSL_get1_peer_certificate(req.ssl);
    if (cert == nullptr) return "?";
    char buf[256];
    X509_NAME_oneline(X509_get_subject_name(cert), buf, sizeof buf);
    X509_free(cert);
    return buf;
  }

  void note(const httplib::Request& req, int status, const std::string& what) const {
    if (log)
      log(req.method + " " + req.path + " " + std::to_string(status) + " " + what + " (client " +
          client_of(req) + ")");
  }

  static bool sync_dir(const fs::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::fsync(fd) == 0;
    ::close(fd);
    return ok;
  }

  /// Writes the body to a fresh file in .incoming and syncs it; returns its path or empty.
  fs::path spool(const std::string& body, std::string& why) const {
    std::string tmpl = (incoming() / "msg-XXXXXX").string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) {
      why = std::strerror(errno);
      return {};
    }
    std::string_view rest = body;
    while (!rest.empty()) {
      const ssize_t n = ::write(fd, rest.data(), rest.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        why = std::strerror(errno);
        ::close(fd);
        ::unlink(tmpl.c_str());
        return {};
      }
      rest.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::fsync(fd) != 0) {
      why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      return {};
    }
    ::fchmod(fd, 0644);
    ::close(fd);
    return tmpl;
  }

  /// Client certificates are checked here rather than by failing the handshake: with TLS 1.3
  /// a client learns of a failed handshake only after it has started sending, and usually sees
  /// a reset instead of the alert. Answering 403 with the reason (as nginx does with
  /// ssl_verify_client on) tells it exactly what is wrong. Nothing of such a request is stored.
  bool client_refused(const httplib::Request& req, httplib::Response& res) const {
    X509* cert = req.ssl != nullptr ? SSL_get1_peer_certificate(req.ssl) : nullptr;
    if (cert == nullptr) {
      problem(res, 403, "client certificate required",
              "present a client certificate issued by the receiver's client CA");
      note(req, 403, "no client certificate");
      return true;
    }
    X509_free(cert);
    const long v = SSL_get_verify_result(req.ssl);
    if (v == X509_V_OK) return false;
    problem(res, 403, "client certificate not accepted",
            std::string(X509_verify_cert_error_string(v)) +
                "; the receiver accepts certificates issued by its client CA only");
    note(req, 403, std::string("client certificate refused: ") + X509_verify_cert_error_string(v));
    return true;
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    if (client_refused(req, res)) return;
    std::string name = req.path.substr(req.path.find_last_of('/') + 1);
    std::string why;
    const fs::path tmp = spool(req.body, why);
    if (tmp.empty()) {
      problem(res, 507, "cannot store the message",
              "the receiver could not write its inbox: " + why);
      note(req, res.status, "inbox not writable: " + why);
      return;
    }
    struct Cleanup {
      fs::path p;
      ~Cleanup() { ::unlink(p.c_str()); }
    } cleanup{tmp};

    const std::string sha = sha256_hex(req.body);
    FileReport rep;
    {
      std::lock_guard lock(validate_mu);
      rep = session->validate(Input{name.empty() ? "<body>" : name, tmp, false});
    }
    if (rep.verdict != Verdict::Valid) {
      json diags = json::array();
      for (const auto& d : rep.diagnostics) {
        json j = {{"severity", std::string(to_string(d.severity))},
                  {"code", d.code},
                  {"line", d.loc.line},
                  {"column", d.loc.column},
                  {"message", d.message}};
        if (!d.path.empty()) j["path"] = d.path;
        if (d.hint) j["hint"] = *d.hint;
        diags.push_back(std::move(j));
      }
      problem(res, 422, "message is invalid",
              std::to_string(rep.errors) + " error(s) found by validation; nothing was stored",
              {{"diagnostics", diags}, {"sha256", sha}});
      note(req, 422, "invalid (" + std::to_string(rep.errors) + " errors)");
      return;
    }
    const std::string id = message_key(rep.facts ? rep.facts->message_id : "", sha);
    if (req.method == "PUT" && name != id + ".xml") {
      problem(res, 400, "URL does not match the message",
              "the URL names '" + name + "' but the message id is '" + id + "'; PUT it to " + id +
                  ".xml",
              {{"messageId", id}});
      note(req, 400, "URL names " + name + ", message id " + id);
      return;
    }
    const fs::path target = opts.inbox / (id + ".xml");
    const std::string received_at = utc_now_iso();
    if (::link(tmp.c_str(), target.c_str()) == 0) {
      if (!sync_dir(opts.inbox)) {
        ::unlink(target.c_str());
        problem(res, 507, "cannot store the message", "the inbox folder could not be synced");
        note(req, 507, "inbox sync failed");
        return;
      }
      res.status = 201;
      res.set_header("Location", "/" + id + ".xml");
      res.set_content(json{{"messageId", id},
                           {"sha256", sha},
                           {"receivedAt", received_at},
                           {"verdict", "valid"},
                           {"status", "stored"}}
                              .dump(2) +
                          "\n",
                      "application/json");
      note(req, 201, "stored " + id + ".xml sha256 " + sha.substr(0, 16));
      return;
    }
    if (errno != EEXIST) {
      const std::string e = std::strerror(errno);
      problem(res, 507, "cannot store the message", "the receiver could not write its inbox: " + e);
      note(req, 507, "inbox not writable: " + e);
      return;
    }
    std::ifstream in(target, std::ios::binary);
    std::ostringstream old;
    old << in.rdbuf();
    if (sha256_hex(old.str()) == sha) {
      res.status = 200;
      res.set_content(json{{"messageId", id},
                           {"sha256", sha},
                           {"receivedAt", received_at},
                           {"verdict", "valid"},
                           {"status", "already received"}}
                              .dump(2) +
                          "\n",
                      "application/json");
      note(req, 200, "already received " + id);
      return;
    }
    problem(res, 409, "message id already used",
            "a message with id '" + id +
                "' and other content was received before; a new message "
                "needs a new id",
            {{"messageId", id}, {"sha256", sha}});
    note(req, 409, "conflict: " + id + " exists with other content");
  }
};

Result<std::unique_ptr<Receiver>> Receiver::create(const ReceiverOptions& o, Validator& validator,
                                                   ReceiverLog log) {
  auto impl = std::make_unique<Impl>();
  impl->opts = o;
  impl->session = validator.session();
  impl->log = std::move(log);
  std::error_code ec;
  for (const auto& [what, file] :
       {std::pair{"--cert", o.cert}, {"--key", o.key}, {"--client-ca", o.client_ca}}) {
    if (file.empty())
      return fail(ErrorKind::Usage, "TRN511", std::string(what) + " is required",
                  "ozg receive serves HTTPS only and requires client certificates");
    if (!fs::is_regular_file(file, ec))
      return fail(ErrorKind::Config, "TRN511", file + ": cannot read (" + what + ")");
  }
  if (!fs::is_directory(o.inbox, ec))
    return fail(ErrorKind::Config, "TRN511", o.inbox.string() + ": no such folder (--inbox)",
                "create the inbox folder first");
  fs::create_directories(impl->incoming(), ec);
  if (ec)
    return fail(ErrorKind::Config, "TRN511",
                "cannot create " + impl->incoming().string() + ": " + ec.message());
  // What a killed receiver left half-written is not a message: start clean.
  for (const auto& e : fs::directory_iterator(impl->incoming(), ec)) fs::remove(e.path(), ec);

  std::string setup_error;
  auto setup = [&o, &setup_error](SSL_CTX& ctx) {
    auto bad = [&](std::string what) {
      setup_error = std::move(what);
      return false;
    };
    SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(&ctx, o.cert.c_str()) != 1)
      return bad(o.cert + ": not a PEM certificate (--cert)");
    if (SSL_CTX_use_PrivateKey_file(&ctx, o.key.c_str(), SSL_FILETYPE_PEM) != 1)
      return bad(o.key + ": not a PEM private key without password (--key)");
    if (SSL_CTX_check_private_key(&ctx) != 1)
      return bad(o.key + " does not belong to the certificate " + o.cert);
    if (SSL_CTX_load_verify_locations(&ctx, o.client_ca.c_str(), nullptr) != 1)
      return bad(o.client_ca + ": no PEM CA certificate in it (--client-ca)");
    if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(o.client_ca.c_str()))
      SSL_CTX_set_client_CA_list(&ctx, names);
    // Ask for a certificate, and let the handler refuse a bad one (see client_refused).
    SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, [](int, X509_STORE_CTX*) { return 1; });
    return true;
  };
  impl->server = std::make_unique<httplib::SSLServer>(setup);
  if (!impl->server->is_valid())
    return fail(ErrorKind::Config, "TRN511",
                setup_error.empty() ? "cannot set up TLS" : setup_error,
                "ozg receive needs a PEM certificate (--cert), its key (--key) and the CA that "
                "issues client certificates (--client-ca)");
  auto& s = *impl->server;
  const int threads = std::max(1, o.threads);
  s.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  s.set_payload_max_length(o.max_bytes);
  s.set_keep_alive_max_count(10000);
  s.set_keep_alive_timeout(2);
  s.set_tcp_nodelay(true);  // headers and body go in separate writes: no Nagle stalls
  Impl* p = impl.get();
  auto handler = [p](const httplib::Request& req, httplib::Response& res) { p->handle(req, res); };
  s.Put(R"(/.*)", handler);
  s.Post(R"(/.*)", handler);
  const std::size_t max = o.max_bytes;
  s.set_error_handler([p, max](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 413) {
      Impl::problem(res, 413, "message too large",
                    "the receiver accepts at most " + std::to_string(max) + " bytes");
      p->note(req, 413, "too large");
    } else if (res.status == 404 || res.status == 405) {
      Impl::problem(res, 405, "method not allowed", "PUT /<id>.xml or POST the message");
      res.set_header("Allow", "PUT, POST");
    }
  });
  if (o.port == 0) {
    impl->port = s.bind_to_any_port(o.host);
    if (impl->port <= 0) return fail(ErrorKind::Config, "TRN511", "cannot listen on " + o.host);
  } else {
    if (!s.bind_to_port(o.host, o.port))
      return fail(
          ErrorKind::Config, "TRN511",
          "cannot listen on " + o.host + ":" + std::to_string(o.port) + ": " + std::strerror(errno),
          "another process may use the port; choose another with --listen");
    impl->port = o.port;
  }
  return std::unique_ptr<Receiver>(new Receiver(std::move(impl)));
}

Receiver::Receiver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Receiver::~Receiver() = default;
int Receiver::port() const { return impl_->port; }
void Receiver::run() { impl_->server->listen_after_bind(); }
void Receiver::stop() { impl_->server->stop(); }

}  // namespace xoev::transport
