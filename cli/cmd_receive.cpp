// ozg receive: the HTTPS inbox (xoev::transport::Receiver) plus what only a process has:
// signals. SIGTERM and SIGINT stop accepting; requests in flight finish; exit 0.

#include <pthread.h>
#include <signal.h>

#include <CLI/CLI.hpp>
#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "context.hpp"
#include "help_footer.hpp"
#include "transport_common.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/transport/receiver.hpp"

namespace xoev::cli {

namespace tr = xoev::transport;

namespace {

struct ReceiveArgs {
  std::string listen = "127.0.0.1:8443";
  std::string inbox, cert, key, client_ca;
  std::size_t max_bytes = 16u << 20;
  int threads = 8;
  int header_timeout = 10;
  std::size_t max_per_client = 16;
  bool quiet = false;
  ProfileArgs profile;
};

int do_receive(Context& ctx, const ReceiveArgs& a) {
  tr::ReceiverOptions o;
  const auto colon = a.listen.rfind(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no port");
    o.host = a.listen.substr(0, colon);
    std::size_t used = 0;
    o.port = std::stoi(a.listen.substr(colon + 1), &used);
    if (used != a.listen.size() - colon - 1 || o.port < 0 || o.port > 65535)
      throw std::invalid_argument("bad port");
  } catch (const std::exception&) {
    ctx.say("error", N_("--listen {0}: expected HOST:PORT, e.g. 127.0.0.1:8443"), {a.listen});
    return kUsage;
  }
  if (o.host.starts_with('[') && o.host.ends_with(']'))
    o.host = o.host.substr(1, o.host.size() - 2);
  o.inbox = a.inbox;
  o.cert = a.cert;
  o.key = a.key;
  o.client_ca = a.client_ca;
  o.max_bytes = a.max_bytes;
  o.threads = a.threads;
  o.header_timeout = a.header_timeout;
  o.max_per_client = a.max_per_client;

  auto setup = make_validation(ctx, a.profile, 1);
  if (!setup) return ctx.report(setup.error());

  // Block the stop signals in every thread (the server's workers inherit the mask); one thread
  // waits for them.
  sigset_t stop_set;
  sigemptyset(&stop_set);
  sigaddset(&stop_set, SIGTERM);
  sigaddset(&stop_set, SIGINT);
  sigset_t old_set;
  pthread_sigmask(SIG_BLOCK, &stop_set, &old_set);

  std::mutex log_mu;
  auto log = [&](const std::string& line) {
    if (a.quiet) return;
    std::lock_guard lock(log_mu);
    ctx.err << "ozg: " << line << '\n' << std::flush;
  };
  auto receiver = tr::Receiver::create(o, *setup->validator, log);
  if (!receiver) {
    pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
    return ctx.report(receiver.error());
  }
  std::atomic<bool> done{false};
  std::thread waiter([&] {
    const timespec tick{0, 200 * 1000 * 1000};
    while (!done) {
      const int sig = sigtimedwait(&stop_set, nullptr, &tick);
      if (sig == SIGTERM || sig == SIGINT) {
        log(i18n::fmt(N_("{0}: no new connections; finishing requests in flight"),
                      {sig == SIGTERM ? "SIGTERM" : "SIGINT"}));
        (*receiver)->stop();
        return;
      }
    }
  });
  {
    std::lock_guard lock(log_mu);
    ctx.err << "ozg: "
            << i18n::fmt(
                   N_("listening on https://{0}:{1}/, inbox {2}, client certificates from {3}"),
                   {o.host, std::to_string((*receiver)->port()), a.inbox, a.client_ca})
            << '\n'
            << std::flush;
  }
  (*receiver)->run();
  done = true;
  waiter.join();
  receiver->reset();
  pthread_sigmask(SIG_SETMASK, &old_set, nullptr);
  log("stopped");
  return kOk;
}

}  // namespace

void setup_receive(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<ReceiveArgs>();
  sub.footer(help_footer("ozg-receive"));
  sub.add_option("--listen", a->listen,
                 "HOST:PORT to listen on (default 127.0.0.1:8443; port 0: any)");
  sub.add_option("--inbox", a->inbox, "folder for accepted messages")->required();
  sub.add_option("--cert", a->cert, "server certificate (PEM, may hold the chain)")->required();
  sub.add_option("--key", a->key, "server key (PEM)")->required();
  sub.add_option("--client-ca", a->client_ca, "CA (PEM) that client certificates must chain to")
      ->required();
  sub.add_option("--max-bytes", a->max_bytes, "largest accepted message (default 16 MiB)")
      ->check(CLI::PositiveNumber);
  sub.add_option("--threads", a->threads,
                 "workers that sync, validate and store messages (default 8)")
      ->check(CLI::Range(1, 256));
  sub.add_option("--header-timeout", a->header_timeout,
                 "seconds for the TLS handshake and the request header together (default 10)")
      ->check(CLI::Range(1, 3600));
  sub.add_option("--max-per-client", a->max_per_client,
                 "open connections allowed from one address (default 16)")
      ->check(CLI::Range(1, 10000));
  sub.add_flag("-q,--quiet", a->quiet, "no line per request");
  add_profile_options(sub, a->profile);
  sub.callback([&ctx, a] { ctx.status = do_receive(ctx, *a); });
}

}  // namespace xoev::cli
