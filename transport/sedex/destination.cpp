// The sedex: destination: an envelope per message from the command line's fields or the
// message header, then data and envelope into the adapter's outbox (write_sedex).

#include <chrono>
#include <ctime>
#include <iomanip>
#include <sstream>

#include "xoev/transport/sedex/sedex.hpp"

namespace xoev::transport {

namespace {

std::string local_now() {
  const auto t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  std::ostringstream o;
  o << std::put_time(&tm, "%Y-%m-%dT%H:%M:%S%z");
  std::string s = o.str();
  s.insert(s.size() - 2, ":");  // +0100 -> +01:00
  return s;
}

class SedexDestination final : public Destination {
 public:
  SedexDestination(const std::string& url, std::string outbox, const DestinationOptions& o)
      : Destination(url, std::move(outbox)), options_(o) {}

  [[nodiscard]] std::string_view receipts_from() const override { return "sedex"; }

  Result<void> deliver(OutgoingQueue& queue, const DeliveryBatch& on_batch) override {
    for (std::size_t i = 0; queue.wait(i); ++i) {
      Delivery d = store(queue.at(i));
      d.index = i;
      if (!on_batch(std::span(&d, 1))) break;
    }
    return {};
  }

 private:
  EnvelopeFields envelope(const Outgoing& m) const {
    const auto& a = options_;
    const auto& f = m.facts;
    EnvelopeFields env;
    env.message_id = m.id;
    env.message_type = !a.message_type.empty() ? a.message_type : f ? f->message_type : "";
    env.sender_id = !a.sender_id.empty() ? a.sender_id : f ? f->sender : "";
    if (!a.recipient_ids.empty()) {
      env.recipient_ids = a.recipient_ids;
    } else if (f) {
      env.recipient_ids = f->recipients;
    }
    env.event_date = as_date_time(!a.event_date.empty()   ? a.event_date
                                  : f && !f->date.empty() ? f->date
                                                          : local_now());
    env.message_date = local_now();
    // eCH-0058 v5 writes participants as sedex://T1-123456-1; the envelope wants the id.
    auto bare = [](std::string& p) {
      if (p.starts_with("sedex://")) p = p.substr(8);
    };
    bare(env.sender_id);
    for (auto& r : env.recipient_ids) bare(r);
    return env;
  }

  Delivery store(const Outgoing& m) const {
    Delivery d;
    d.started = utc_now_iso();
    const auto t0 = std::chrono::steady_clock::now();
    const EnvelopeFields env = envelope(m);
    if (auto c = check_envelope(env); !c) {
      d.outcome = Outcome::Unaddressed;
      d.error = c.error();
      d.error.message = "cannot make the sedex envelope: " + d.error.message;
      return d;
    }
    if (auto w = write_sedex(where(), m.id, m.content, make_envelope(env)); !w) {
      d.outcome = Outcome::NotStored;
      d.error = w.error();
    } else {
      d.outcome = Outcome::Queued;
      d.files = {"data_" + m.id + ".xml", "envl_" + m.id + ".xml"};
      d.already_there = *w == Stored::AlreadyThere;
    }
    d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return d;
  }

  DestinationOptions options_;
};

}  // namespace

Result<std::unique_ptr<Destination>> open_sedex(const std::string& url, std::string_view rest,
                                                const DestinationOptions& options) {
  if (rest.empty()) return fail(ErrorKind::Usage, "TRN508", N_("--to {0}: no folder given"), {url});
  return std::make_unique<SedexDestination>(url, std::string(rest), options);
}

}  // namespace xoev::transport
