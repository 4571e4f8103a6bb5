#pragma once
// The terminal edge of ozg send: words what transport::SendJob reports (checks, deliveries, the
// summary) and maps the tally to the exit code.

#include "context.hpp"
#include "xoev/transport/send_job.hpp"

namespace xoev::cli {

struct SendWording {
  bool verbose = false;  ///< One line per delivered message.
  bool quiet = false;    ///< Only errors.
  bool signed_copies = false;
  bool progress = false;  ///< A progress line on the terminal (redrawn in place).
};

class SendPrinter final : public transport::SendObserver {
 public:
  SendPrinter(Context& ctx, const transport::Destination& dest, SendWording w)
      : ctx_(ctx), dest_(dest), w_(w) {}
  void not_signed(const Error& error) override;
  void checked(const transport::Checked& c) override;
  void delivered(const transport::OutgoingQueue& queue, std::span<const transport::Delivery> batch,
                 const transport::SendTally& tally) override;
  /// Clears the progress line, prints the summary and returns the exit code.
  int finish(const Result<transport::SendSummary>& summary);

 private:
  Context& ctx_;
  const transport::Destination& dest_;
  SendWording w_;
};

}  // namespace xoev::cli
