// ozg send: validate, then deliver over HTTPS (mutual TLS), into a sedex outbox or a folder,
// journaling every attempt. The run is transport::SendJob over a transport::Destination; this
// file maps the options, and send_output.cpp words what the job reports.

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <thread>

#include "context.hpp"
#include "help_footer.hpp"
#include "secrets.hpp"
#include "send_output.hpp"
#include "sign_options.hpp"
#include "transport_common.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/transport/destination.hpp"
#include "xoev/transport/send_job.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;
namespace tr = xoev::transport;

namespace {

struct SendArgs {
  std::vector<std::string> inputs;
  std::string to, pass_file, journal;
  tr::DestinationOptions dest;  // bound to the options directly, but for the password
  int retries = 5;
  double retry_delay = 1.0;
  int timeout = 120;
  bool force = false;
  ProfileArgs profile;
  SignKeyArgs signing;
  bool verbose = false;
  bool quiet = false;
};

int do_send(Context& ctx, const SendArgs& a) {
  // Destination first: a wrong --to is a usage error before any work.
  tr::DestinationOptions d = a.dest;
  d.password = [&a] {
    return read_secret(a.pass_file, {"OZG_P12_PASS", "OZG_KEY_PASS"}, "TRN510");
  };
  d.retry.max_attempts = a.retries;
  d.retry.base = std::chrono::milliseconds(static_cast<long long>(a.retry_delay * 1000));
  d.timeout = std::chrono::seconds(a.timeout);
  auto dest = tr::parse_destination(a.to, d);
  if (!dest) return ctx.report(dest.error());
  if ((*dest)->insecure())
    ctx.err << "ozg: " << i18n::tr("warning") << ": "
            << i18n::tr(N_("--insecure: the server's certificate is NOT verified; anyone on the "
                           "path can read and change these messages"))
            << " [TRN505]\n";

  for (const auto& op : a.inputs)
    if (op == "-") {
      ctx.say("error", N_("send reads files and folders, not standard input"));
      return kUsage;
    }
  auto inputs = collect_inputs(a.inputs);
  if (inputs.empty()) {
    ctx.say("error", N_("no *.xml files found in the given folders"));
    return kUnreadable;
  }
  const std::optional<Signer> signer = a.signing.sign ? load_signer(ctx, a.signing) : std::nullopt;
  if (a.signing.sign && !signer) return kSignature;
  auto setup = make_validation(ctx, a.profile, std::max(1u, std::thread::hardware_concurrency()));
  if (!setup) return ctx.report(setup.error());

  tr::SendJob job(*setup->validator, **dest,
                  {a.force, signer ? &*signer : nullptr, fs::path(a.journal)});
  SendPrinter out(ctx, **dest,
                  {a.verbose, a.quiet, a.signing.sign,
                   ctx.err_is_tty && !a.quiet && (*dest)->overlaps_validation()});
  return out.finish(job.run(std::move(inputs), out));
}

}  // namespace

void setup_send(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<SendArgs>();
  sub.footer(help_footer("ozg-send"));
  sub.add_option("inputs", a->inputs, "message files or folders (*.xml, recursive)")->required();
  sub.add_option("--to", a->to, tr::destination_forms())->required();
  sub.add_option("--cert", a->dest.cert, "client certificate (PEM)");
  sub.add_option("--key", a->dest.key, "client key (PEM)");
  sub.add_option("--p12", a->dest.p12, "client certificate and key as PKCS#12");
  sub.add_option("--pass-file", a->pass_file,
                 "file whose first line is the key or PKCS#12 password (else OZG_P12_PASS or "
                 "OZG_KEY_PASS)");
  sub.add_option("--ca", a->dest.ca,
                 "CA bundle (PEM) for the server's certificate (default: system)");
  sub.add_option("--pin", a->dest.pin, "pin the server's public key: sha256//BASE64[;sha256//...]");
  sub.add_flag("--insecure", a->dest.insecure,
               "do not verify the server's certificate (warns on every use; tests only)");
  sub.add_option("-j,--jobs", a->dest.jobs, "concurrent transfers (default 4)")
      ->check(CLI::Range(1, 64));
  sub.add_option("--retries", a->retries, "attempts per message, including the first (default 5)")
      ->check(CLI::Range(1, 100));
  sub.add_option("--retry-delay", a->retry_delay,
                 "base wait in seconds before the second attempt; doubles each time, with jitter "
                 "(default 1)")
      ->check(CLI::Range(0.0, 3600.0));
  sub.add_option("--timeout", a->timeout, "seconds per attempt (default 120)")
      ->check(CLI::Range(1, 86400));
  sub.add_flag("--force", a->force, "send messages even if they are invalid");
  sub.add_option("--journal", a->journal,
                 "journal file (default: $OZG_JOURNAL, else $XDG_STATE_HOME/ozg/journal.jsonl)");
  sub.add_option("--sender-id", a->dest.sender_id, "sedex: senderId (default: from the header)");
  sub.add_option("--recipient-id", a->dest.recipient_ids,
                 "sedex: recipientId, repeatable (default: from the header)")
      ->allow_extra_args(false);
  sub.add_option("--message-type", a->dest.message_type,
                 "sedex: messageType number (default: from the header)");
  sub.add_option("--event-date", a->dest.event_date,
                 "sedex: eventDate (default: the header's date)");
  // What ozg always does; the flag stays so that scripts written for it keep working.
  sub.add_flag("--envelope-from-header")
      ->description(
          "sedex: take the envelope fields from the eCH-0058 header (the default; nothing "
          "changes)");
  add_sign_options(sub, a->signing);
  sub.add_flag("-v,--verbose", a->verbose, "one line per delivered message");
  sub.add_flag("-q,--quiet", a->quiet, "only errors");
  add_profile_options(sub, a->profile);
  sub.callback([&ctx, a] { ctx.status = do_send(ctx, *a); });
}

}  // namespace xoev::cli
