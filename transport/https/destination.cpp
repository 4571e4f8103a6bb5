// The https: destination: the client certificate from the options, then send_http(), whose
// Attempts become Deliveries.

#include "xoev/transport/https/http_sender.hpp"

namespace xoev::transport {

namespace fs = std::filesystem;

namespace {

class HttpsDestination final : public Destination {
 public:
  HttpsDestination(const std::string& url, HttpOptions http)
      : Destination(url, url), http_(std::move(http)) {}

  [[nodiscard]] bool overlaps_validation() const override { return true; }
  [[nodiscard]] bool insecure() const override { return http_.tls.insecure; }

  Result<void> deliver(OutgoingQueue& queue, const DeliveryBatch& on_batch) override {
    std::vector<Delivery> out;
    return send_http(queue, http_, [&](std::span<const Attempt> batch) {
      out.clear();
      for (const auto& at : batch) {
        Delivery& d = out.emplace_back();
        d.index = at.index;
        d.attempt = at.attempt;
        d.started = at.started;
        d.seconds = at.seconds;
        d.http_status = at.http_status;
        d.outcome = at.delivered ? Outcome::Delivered
                    : at.final   ? Outcome::Failed
                                 : Outcome::Retrying;
        d.error = Error{ErrorKind::Network, at.code, at.error, {}};
        d.next_delay = at.next_delay;
      }
      return on_batch(out);
    });
  }

 private:
  HttpOptions http_;
};

}  // namespace

Result<std::unique_ptr<Destination>> open_https(const std::string& url, std::string_view,
                                                const DestinationOptions& a) {
  if (auto u = check_url(url); !u) return std::unexpected(u.error());
  HttpOptions http;
  http.base_url = url;
  if (!a.p12.empty()) {
    http.tls.cert = a.p12;
    http.tls.cert_type = "P12";
  } else if (!a.cert.empty()) {
    http.tls.cert = a.cert;
    http.tls.key = a.key;
  } else {
    return fail(ErrorKind::Usage, "TRN508", N_("HTTPS delivery needs a client certificate"), {},
                N_("give --cert FILE --key FILE, or --p12 FILE"));
  }
  for (const auto& f : {a.cert, a.key, a.p12, a.ca}) {
    std::error_code ec;
    if (!f.empty() && !fs::is_regular_file(f, ec))
      return fail(ErrorKind::Input, "TRN510", N_("{0}: cannot read"), {f});
  }
  if (a.password) {
    auto pw = a.password();
    if (!pw) return std::unexpected(pw.error());
    http.tls.password = std::move(*pw);
  }
  http.tls.ca_file = a.ca;
  http.tls.pin = a.pin;
  http.tls.insecure = a.insecure;
  http.jobs = a.jobs;
  http.retry = a.retry;
  http.timeout = a.timeout;
  return std::make_unique<HttpsDestination>(url, std::move(http));
}

}  // namespace xoev::transport
