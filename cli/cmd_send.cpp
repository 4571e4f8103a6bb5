// ozg send: validate, then deliver over HTTPS (mutual TLS), into a sedex outbox or a folder,
// journaling every attempt. The transfers are xoev::transport; this file parses options and
// reports.

#include <CLI/CLI.hpp>
#include <atomic>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

#include "context.hpp"
#include "help_footer.hpp"
#include "secrets.hpp"
#include "transport_common.hpp"
#include "xoev/diag/report.hpp"
#include "xoev/sign/signature.hpp"
#include "xoev/transport/http_sender.hpp"
#include "xoev/transport/journal.hpp"
#include "xoev/transport/sedex.hpp"
#include "xoev/util/atomic_file.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;
namespace tr = xoev::transport;

namespace {

struct SendArgs {
  std::vector<std::string> inputs;
  std::string to;
  std::string cert, key, p12, pass_file, ca, pin;
  bool insecure = false;
  unsigned jobs = 4;
  int retries = 5;
  double retry_delay = 1.0;
  int timeout = 120;
  bool force = false;
  std::string journal;
  std::string sender_id, message_type, event_date;
  std::vector<std::string> recipient_ids;
  ProfileArgs profile;
  bool envelope_from_header = false;
  bool sign = false;
  std::string sign_key, sign_cert, sign_p12, sign_pass_file;
  bool verbose = false;
  bool quiet = false;
};

enum class DestKind { Https, Sedex, Folder };

Result<std::string> read_password(const SendArgs& a) {
  return read_secret(a.pass_file, {"OZG_P12_PASS", "OZG_KEY_PASS"}, "TRN510");
}

Result<std::string> slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return fail(ErrorKind::Input, "XML007", p.string() + ": cannot read");
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return fail(ErrorKind::Input, "XML007", p.string() + ": cannot read");
  return s.str();
}

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

struct Tally {
  std::size_t delivered = 0, queued = 0, failed = 0, invalid = 0, unreadable = 0, usage = 0,
              unsigned_ = 0;
};

/// A private folder for the signed copies, removed with its contents.
struct SpoolDir {
  fs::path path;
  SpoolDir() {
    std::string tmpl = (fs::temp_directory_path() / "ozg-send-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) != nullptr) path = tmpl;
  }
  ~SpoolDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

/// --sign: signs each input into `spool` and points the input there (keeping its name).
/// Returns false after reporting if the key cannot be loaded.
bool sign_inputs(Context& ctx, const SendArgs& a, std::vector<Input>& inputs,
                 std::vector<bool>& failed, const fs::path& spool) {
  SignOptions o;
  if (!a.sign_p12.empty()) {
    o.p12 = a.sign_p12;
  } else if (a.sign_key.empty() || a.sign_cert.empty()) {
    ctx.err << "ozg: error: --sign needs --sign-key and --sign-cert, or --sign-p12\n";
    return false;
  }
  o.key = a.sign_key;
  o.cert = a.sign_cert;
  for (const auto& f : {a.sign_key, a.sign_cert, a.sign_p12}) {
    std::error_code ec;
    if (!f.empty() && !fs::is_regular_file(f, ec)) {
      ctx.report(Error{ErrorKind::Signature, "SIG410", f + ": cannot read (--sign)", {}});
      return false;
    }
  }
  auto password = read_secret(a.sign_pass_file, {"OZG_SIGN_PASS"}, "SIG411");
  if (!password) {
    ctx.report(password.error());
    return false;
  }
  o.password = std::move(*password);
  auto signer = Signer::create(o);
  if (!signer) {
    ctx.report(signer.error());
    return false;
  }
  failed.assign(inputs.size(), false);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto doc = signer->sign(inputs[i].path, inputs[i].name);
    if (!doc) {
      ctx.report(doc.error());
      failed[i] = true;
      continue;
    }
    const fs::path copy = spool / (std::to_string(i) + ".xml");
    if (auto w = write_file_atomically(copy, *doc); !w) {
      ctx.report(w.error());
      failed[i] = true;
      continue;
    }
    inputs[i].path = copy;
    // What is validated and sent is the signed copy; its findings are located in it.
    inputs[i].name += " (signed copy)";
  }
  return true;
}

int do_send(Context& ctx, const SendArgs& a) {
  // Destination first: a wrong --to is a usage error before any work.
  DestKind kind;
  std::string where;
  if (a.to.starts_with("https://")) {
    kind = DestKind::Https;
    where = a.to;
  } else if (a.to.starts_with("sedex:")) {
    kind = DestKind::Sedex;
    where = a.to.substr(6);
  } else if (a.to.starts_with("file:")) {
    kind = DestKind::Folder;
    where = a.to.substr(5);
    if (where.starts_with("//")) where = where.substr(2);
  } else if (a.to.starts_with("http://")) {
    return ctx.report(Error{ErrorKind::Usage, "TRN508",
                            a.to + ": plain http is refused; messages carry personal data",
                            "use https:// (with --cert/--key and --ca)"});
  } else {
    return ctx.report(Error{ErrorKind::Usage, "TRN508", "--to " + a.to + ": unknown destination",
                            "use https://HOST/PATH, sedex:/OUTBOX or file:/FOLDER"});
  }
  if (kind != DestKind::Https && where.empty())
    return ctx.report(Error{ErrorKind::Usage, "TRN508", "--to " + a.to + ": no folder given", {}});

  tr::HttpOptions http;
  if (kind == DestKind::Https) {
    if (auto u = tr::check_url(where); !u) return ctx.report(u.error());
    http.base_url = where;
    if (!a.p12.empty()) {
      http.tls.cert = a.p12;
      http.tls.cert_type = "P12";
    } else if (!a.cert.empty()) {
      http.tls.cert = a.cert;
      http.tls.key = a.key;
    } else {
      return ctx.report(Error{ErrorKind::Usage, "TRN508",
                              "HTTPS delivery needs a client certificate",
                              "give --cert FILE --key FILE, or --p12 FILE"});
    }
    for (const auto& f : {a.cert, a.key, a.p12, a.ca}) {
      std::error_code ec;
      if (!f.empty() && !fs::is_regular_file(f, ec))
        return ctx.report(Error{ErrorKind::Input, "TRN510", f + ": cannot read", {}});
    }
    auto pw = read_password(a);
    if (!pw) return ctx.report(pw.error());
    http.tls.password = std::move(*pw);
    http.tls.ca_file = a.ca;
    http.tls.pin = a.pin;
    http.tls.insecure = a.insecure;
    http.jobs = a.jobs;
    http.retry.max_attempts = a.retries;
    http.retry.base = std::chrono::milliseconds(static_cast<long long>(a.retry_delay * 1000));
    http.timeout = std::chrono::seconds(a.timeout);
    if (a.insecure)
      ctx.err << "ozg: warning: --insecure: the server's certificate is NOT verified; anyone on "
                 "the path can read and change these messages [TRN505]\n";
  }

  for (const auto& op : a.inputs)
    if (op == "-") {
      ctx.err << "ozg: error: send reads files and folders, not standard input\n";
      return kUsage;
    }
  auto inputs = collect_inputs(a.inputs);
  if (inputs.empty()) {
    ctx.err << "ozg: error: no *.xml files found in the given folders\n";
    return kUnreadable;
  }
  // --sign: what travels (and is validated) is the signed copy; the journal names the original.
  std::vector<fs::path> originals;
  for (const auto& in : inputs) originals.push_back(in.path);
  std::vector<bool> sign_failed(inputs.size(), false);
  SpoolDir spool;
  if (a.sign) {
    if (spool.path.empty()) {
      ctx.err << "ozg: error: cannot create a temporary folder for the signed copies\n";
      return kUnreadable;
    }
    if (!sign_inputs(ctx, a, inputs, sign_failed, spool.path)) return kSignature;
  }
  auto setup = make_validation(ctx, a.profile, std::max(1u, std::thread::hardware_concurrency()));
  if (!setup) return ctx.report(setup.error());
  const fs::path journal_path =
      a.journal.empty() ? tr::default_journal_path() : fs::path(a.journal);
  auto journal = tr::Journal::open(journal_path);
  if (!journal) return ctx.report(journal.error());

  // Validation (in parallel) feeds the queue; over HTTPS the transfers start while later
  // messages are still being validated. Only valid messages (or all with --force) travel.
  Tally tally;
  tr::OutgoingQueue queue;
  std::vector<std::optional<MessageFacts>> facts;  // by queue index; read after validation
  std::vector<tr::JournalEntry> refused;
  std::mutex err_mu, journal_mu;
  auto say = [&](const std::string& text) {
    std::lock_guard lock(err_mu);
    ctx.err << text << std::flush;
  };
  std::atomic<bool> journal_broken{false};
  Error journal_error;  // under journal_mu
  const TextStyle style{ctx.color_err(), false, true};
  auto validate_all = [&] {
    setup->validator->run(inputs, [&](std::size_t index, FileReport&& r) {
      std::ostringstream o;
      if (sign_failed[index]) {
        ++tally.unsigned_;
        return;
      }
      auto content = slurp(r.input.path);
      if (!content) {
        write_text(o, r, style);
        say(o.str());
        ++tally.unreadable;
        return;
      }
      if (r.verdict != Verdict::Valid) write_text(o, r, style);
      tr::Outgoing m;
      m.source = originals[index];
      m.sha256 = tr::sha256_hex(*content);
      const std::string header_id = r.facts ? r.facts->message_id : "";
      m.id = tr::message_key(header_id, m.sha256);
      m.id_from_hash = m.id != header_id;
      if (r.verdict != Verdict::Valid && !a.force) {
        o << "ozg: error: " << r.input.name << ": not sent: the message is "
          << (r.verdict == Verdict::Invalid ? "invalid" : "unchecked")
          << " [TRN500]\n    hint: fix it (see above), or send it anyway with --force\n";
        ++tally.invalid;
        if (a.sign && r.verdict == Verdict::Invalid)
          o << "    note: the signed copy was validated; most eCH schemas have no place for "
               "ds:Signature\n";
        say(o.str());
        refused.push_back({tr::utc_now_iso(), m.id, m.sha256, a.to, m.source.string(), 0, 0, 0,
                           "TRN500", "refused before sending: " + std::string(to_string(r.verdict)),
                           0, "invalid"});
        return;
      }
      if (r.verdict != Verdict::Valid)
        o << "ozg: warning: " << r.input.name << ": sending a message that is "
          << to_string(r.verdict) << " (--force)\n";
      if (m.id_from_hash && !a.quiet)
        o << "ozg: note: " << r.input.name
          << (header_id.empty() ? ": no message id in the header"
                                : ": header id '" + header_id + "' cannot name a file")
          << "; sending it as " << m.id << " (from its SHA-256) [TRN512]\n";
      if (!o.str().empty()) say(o.str());
      m.content = std::move(*content);
      facts.push_back(r.facts);
      queue.push(std::move(m));
    });
    {
      std::lock_guard lock(journal_mu);
      if (auto w = journal->append(refused); !w && !journal_broken) {
        journal_broken = true;
        journal_error = w.error();
      }
    }
    queue.close();
  };

  auto name_of = [&](const tr::Outgoing& m) { return m.source.string(); };

  if (kind == DestKind::Https) {
    std::thread producer(validate_all);
    const bool progress = ctx.err_is_tty && !a.quiet;
    std::size_t finished = 0;
    // Group commit: the transfer loop hands finished attempts to this thread, which writes and
    // fsyncs everything that queued up during the previous fsync in one go, and only then
    // reports those outcomes. The transfers keep running while the disk syncs.
    struct Done {
      std::vector<tr::JournalEntry> entries;
      std::vector<tr::Attempt> attempts;
    };
    Done pending;
    bool loop_done = false;
    std::mutex gc_mu;
    std::condition_variable gc_cv;
    auto report = [&](const std::vector<tr::Attempt>& attempts) {
      std::ostringstream o;
      if (progress) o << "\r\033[K";
      for (const auto& at : attempts) {
        const auto& m = queue.at(at.index);
        if (at.delivered) {
          ++tally.delivered;
          ++finished;
          if (a.verbose)
            o << "ozg: delivered " << name_of(m) << " as " << m.id << " (HTTP " << at.http_status
              << ", attempt " << at.attempt << ")\n";
        } else if (at.final) {
          ++tally.failed;
          ++finished;
          o << "ozg: error: " << name_of(m) << ": not delivered to " << where << " after "
            << at.attempt << (at.attempt == 1 ? " attempt: " : " attempts: ") << at.error << " ["
            << at.code << "]\n";
          if (auto h = transport_hint(at.code, at.http_status, at.error); !h.empty())
            o << "    hint: " << h << '\n';
        } else if (!a.quiet) {
          o << "ozg: warning: " << name_of(m) << ": attempt " << at.attempt
            << " failed: " << at.error << " [" << at.code << "]; retrying in " << std::fixed
            << std::setprecision(1) << static_cast<double>(at.next_delay.count()) / 1000.0
            << " s\n";
        }
      }
      if (progress)
        o << "sending: " << finished << "/" << queue.size() << " (" << tally.delivered
          << " delivered, " << tally.failed << " failed)";
      say(o.str());
    };
    std::thread committer([&] {
      for (;;) {
        Done batch;
        {
          std::unique_lock lock(gc_mu);
          gc_cv.wait(lock, [&] { return loop_done || !pending.entries.empty(); });
          if (pending.entries.empty()) return;
          std::swap(batch, pending);
        }
        {
          std::lock_guard lock(journal_mu);
          if (journal_broken) continue;
          if (auto w = journal->append(batch.entries); !w) {
            journal_broken = true;
            journal_error = w.error();
            continue;
          }
        }
        report(batch.attempts);  // the outcome is reported only once it is on disk
      }
    });
    auto on_batch = [&](std::span<const tr::Attempt> batch) {
      std::lock_guard lock(gc_mu);
      for (const auto& at : batch) {
        const auto& m = queue.at(at.index);
        pending.entries.push_back({at.started, m.id, m.sha256, a.to, m.source.string(), at.attempt,
                                   at.http_status, 0, at.delivered ? "" : at.code, at.error,
                                   at.seconds,
                                   at.delivered ? "delivered"
                                   : at.final   ? "failed"
                                                : "retrying"});
        pending.attempts.push_back(at);
        pending.attempts.back().body.clear();
      }
      gc_cv.notify_one();
      return !journal_broken.load();
    };
    auto r = tr::send_http(queue, http, on_batch);
    {
      std::lock_guard lock(gc_mu);
      loop_done = true;
    }
    gc_cv.notify_one();
    committer.join();
    producer.join();
    if (progress) say("\r\033[K");
    if (!r) return ctx.report(r.error());
  } else {
    validate_all();
    // A write into the folder or outbox that failed: journaled and reported.
    auto write_failed = [&](tr::JournalEntry& e, const Error& err) {
      e.verdict = "failed";
      e.code = err.code;
      e.error = err.message;
      ++tally.failed;
      ctx.report(err);
    };
    for (std::size_t i = 0; i < queue.size() && !journal_broken; ++i) {
      const auto& m = queue.at(i);
      tr::JournalEntry e{
          tr::utc_now_iso(), m.id, m.sha256, a.to, m.source.string(), 1, 0, 0, "", "", 0, ""};
      const auto t0 = std::chrono::steady_clock::now();
      if (kind == DestKind::Folder) {
        auto w = tr::write_drop(where, m.id, m.content);
        if (!w) {
          write_failed(e, w.error());
        } else {
          e.verdict = "delivered";
          ++tally.delivered;
          if (a.verbose)
            ctx.err << "ozg: delivered " << name_of(m) << " as " << where << "/" << m.id << ".xml"
                    << (*w == tr::Stored::AlreadyThere ? " (already there)" : "") << '\n';
        }
      } else {
        const auto& f = facts[i];
        tr::EnvelopeFields env;
        env.message_id = m.id;
        env.message_type = !a.message_type.empty() ? a.message_type : f ? f->message_type : "";
        env.sender_id = !a.sender_id.empty() ? a.sender_id : f ? f->sender : "";
        if (!a.recipient_ids.empty()) {
          env.recipient_ids = a.recipient_ids;
        } else if (f) {
          env.recipient_ids = f->recipients;
        }
        env.event_date = tr::as_date_time(!a.event_date.empty()   ? a.event_date
                                          : f && !f->date.empty() ? f->date
                                                                  : local_now());
        env.message_date = local_now();
        // eCH-0058 v5 writes participants as sedex://T1-123456-1; the envelope wants the id.
        auto bare = [](std::string& p) {
          if (p.starts_with("sedex://")) p = p.substr(8);
        };
        bare(env.sender_id);
        for (auto& r : env.recipient_ids) bare(r);
        if (auto c = tr::check_envelope(env); !c) {
          Error err = c.error();
          err.message = name_of(m) + ": cannot make the sedex envelope: " + err.message;
          ctx.report(err);
          ++tally.usage;
          continue;
        }
        auto w = tr::write_sedex(where, m.id, m.content, tr::make_envelope(env));
        if (!w) {
          write_failed(e, w.error());
        } else {
          e.verdict = "queued";
          ++tally.queued;
          if (a.verbose)
            ctx.err << "ozg: queued " << name_of(m) << " as data_" << m.id << ".xml + envl_" << m.id
                    << ".xml in " << where
                    << (*w == tr::Stored::AlreadyThere ? " (already waiting there)" : "")
                    << " (delivered when the adapter's receipt says 100)\n";
        }
      }
      e.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (auto w = journal->append(std::span(&e, 1)); !w) {
        journal_broken = true;
        journal_error = w.error();
      }
    }
  }
  if (journal_broken) {
    ctx.report(journal_error);
    ctx.err << "ozg: error: stopped: outcomes that cannot be journaled are not reported as "
               "delivered [TRN509]\n";
    return kTransport;
  }

  if (!a.quiet) {
    const std::size_t total = inputs.size();
    ctx.err << "ozg: " << total << (total == 1 ? " message: " : " messages: ") << tally.delivered
            << " delivered";
    if (kind == DestKind::Sedex) ctx.err << ", " << tally.queued << " queued for sedex";
    ctx.err << ", " << tally.failed << " failed, " << tally.invalid << " refused as invalid";
    if (tally.unreadable > 0) ctx.err << ", " << tally.unreadable << " unreadable";
    if (tally.usage > 0) ctx.err << ", " << tally.usage << " without envelope";
    if (tally.unsigned_ > 0) ctx.err << ", " << tally.unsigned_ << " not signed";
    ctx.err << " (journal " << journal->path().string() << ")\n";
  }
  if (tally.failed > 0) return kTransport;
  if (tally.unsigned_ > 0) return kSignature;
  if (tally.unreadable > 0) return kUnreadable;
  if (tally.usage > 0) return kUsage;
  if (tally.invalid > 0) return kFindings;
  return kOk;
}

}  // namespace

void setup_send(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<SendArgs>();
  sub.footer(help_footer("ozg-send"));
  sub.add_option("inputs", a->inputs, "message files or folders (*.xml, recursive)")->required();
  sub.add_option("--to", a->to, "https://HOST/PATH, sedex:/OUTBOX or file:/FOLDER")->required();
  sub.add_option("--cert", a->cert, "client certificate (PEM)");
  sub.add_option("--key", a->key, "client key (PEM)");
  sub.add_option("--p12", a->p12, "client certificate and key as PKCS#12");
  sub.add_option("--pass-file", a->pass_file,
                 "file whose first line is the key or PKCS#12 password (else OZG_P12_PASS or "
                 "OZG_KEY_PASS)");
  sub.add_option("--ca", a->ca, "CA bundle (PEM) for the server's certificate (default: system)");
  sub.add_option("--pin", a->pin, "pin the server's public key: sha256//BASE64[;sha256//...]");
  sub.add_flag("--insecure", a->insecure,
               "do not verify the server's certificate (warns on every use; tests only)");
  sub.add_option("-j,--jobs", a->jobs, "concurrent transfers (default 4)")
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
  sub.add_option("--sender-id", a->sender_id, "sedex: senderId (default: from the header)");
  sub.add_option("--recipient-id", a->recipient_ids,
                 "sedex: recipientId, repeatable (default: from the header)")
      ->allow_extra_args(false);
  sub.add_option("--message-type", a->message_type,
                 "sedex: messageType number (default: from the header)");
  sub.add_option("--event-date", a->event_date, "sedex: eventDate (default: the header's date)");
  sub.add_flag("--envelope-from-header", a->envelope_from_header,
               "sedex: take the envelope fields from the eCH-0058 header (the default)");
  sub.add_flag("--sign", a->sign,
               "sign each message (XML Signature, as ozg sign) before validating and sending it");
  sub.add_option("--sign-key", a->sign_key, "--sign: signer key (PEM)");
  sub.add_option("--sign-cert", a->sign_cert, "--sign: signer certificate (PEM)");
  sub.add_option("--sign-p12", a->sign_p12, "--sign: signer key and certificate as PKCS#12");
  sub.add_option(
      "--sign-pass-file", a->sign_pass_file,
      "--sign: file whose first line is the signing key's password (else OZG_SIGN_PASS)");
  sub.add_flag("-v,--verbose", a->verbose, "one line per delivered message");
  sub.add_flag("-q,--quiet", a->quiet, "only errors");
  add_profile_options(sub, a->profile);
  sub.callback([&ctx, a] { ctx.status = do_send(ctx, *a); });
}

}  // namespace xoev::cli
