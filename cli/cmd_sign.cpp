// ozg sign and ozg verify: XML Signature with X.509 certificates (see xoev/signature.hpp).

#include <CLI/CLI.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "context.hpp"
#include "help_footer.hpp"
#include "profile_options.hpp"
#include "secrets.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/diag/report.hpp"
#include "xoev/sign/signature.hpp"
#include "xoev/util/atomic_file.hpp"
#include "xoev/util/stdin_spool.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;

namespace {

struct SignArgs {
  std::vector<std::string> inputs;
  std::string output;
  std::string key, cert, p12, pass_file;
  std::vector<std::string> chain;
  std::string detached;
  bool replace = false;
};

struct VerifyArgs {
  std::vector<std::string> operands;
  std::vector<std::string> trust;
  std::string trust_dir;
  std::string format = "text";
  std::string detached;
  bool allow_weak = false;
};

/// The password from --pass-file (first line) or the environment; never from the command line.
/// For a PKCS#12 file on a terminal, asked for without echo.
Result<std::string> password(const SignArgs& a) {
  auto secret = read_secret(a.pass_file, {"OZG_P12_PASS", "OZG_KEY_PASS"}, "SIG411");
  if (!secret || !a.pass_file.empty() || !secret->empty() || a.p12.empty()) return secret;
  return ask_secret(i18n::fmt(N_("Password for {0}: "), {a.p12}));
}

int do_sign(Context& ctx, const SignArgs& a) {
  SignOptions o;
  if (!a.p12.empty()) {
    o.p12 = a.p12;
  } else if (a.key.empty() || a.cert.empty()) {
    ctx.say("error", N_("give --key and --cert, or --p12"));
    return kUsage;
  }
  o.key = a.key;
  o.cert = a.cert;
  for (const auto& c : a.chain) o.chain.emplace_back(c);
  o.replace = a.replace;
  auto pw = password(a);
  if (!pw) return ctx.report(pw.error());
  o.password = std::move(*pw);
  auto signer = Signer::create(o);
  if (!signer) return ctx.report(signer.error());
  if (!a.detached.empty()) {
    if (a.inputs.size() != 1) {
      ctx.say("error", N_("--detached signs one message"));
      return kUsage;
    }
    auto sig = signer->sign_detached(a.inputs.front(), a.inputs.front());
    if (!sig) return ctx.report(sig.error());
    if (auto w = write_file_atomically(a.detached, *sig); !w) return ctx.report(w.error());
    return kOk;
  }

  // One file: to -o FILE or stdout. Several files or a folder: into the folder -o DIR, keeping
  // the names (and the layout below a given folder).
  const auto inputs = collect_inputs(a.inputs);
  std::error_code ec;
  const bool batch = inputs.size() != 1 || fs::is_directory(a.inputs.front(), ec);
  if (batch && a.output.empty()) {
    ctx.say("error", N_("signing several messages needs -o DIR"));
    return kUsage;
  }
  // Most eCH schemas have no place for ds:Signature: say so when signing turns a valid message
  // into an invalid one.
  auto profile = load_profile(ctx, {});
  std::unique_ptr<Validator> validator;
  if (profile && !profile->schemas().entries().empty())
    if (auto v = profile->validator(profile->options())) validator = std::move(*v);
  Tally tally;
  for (auto in : inputs) {
    StdinSpool spool;  // "-": the message from standard input
    if (in.is_stdin) {
      auto spooled = spool.fill_from_stdin();
      if (!spooled) return ctx.report(spooled.error());
      in = Input(in.name, *spooled, false);
    }
    auto signed_doc = signer->sign(in.path, in.name);
    if (!signed_doc) {
      tally.count(ctx.report(signed_doc.error()));
      continue;
    }
    if (!batch && (a.output.empty() || a.output == "-")) {
      ctx.out << *signed_doc;
      continue;
    }
    fs::path target = a.output;
    if (batch) {
      fs::path rel = in.path.filename();
      for (const auto& op : a.inputs)
        if (fs::is_directory(op, ec) && !fs::relative(in.path, op, ec).empty() && !ec &&
            *fs::relative(in.path, op).begin() != "..")
          rel = fs::relative(in.path, op);
      target = fs::path(a.output) / rel;
      fs::create_directories(target.parent_path(), ec);
    }
    if (auto w = write_file_atomically(target, *signed_doc); !w) {
      tally.count(ctx.report(w.error()));
      continue;
    }
    if (validator && validator->validate(in).verdict == Verdict::Valid) {
      const FileReport after = validator->validate(Input{target.string(), target, false});
      if (after.verdict == Verdict::Invalid)
        ctx.err << "ozg: " << i18n::tr("warning") << ": "
                << i18n::fmt(N_("{0}: the schema {1} has no place for ds:Signature, so the "
                                "signed message no longer validates against it"),
                             {target.string(), after.schema})
                << "\n    " << i18n::tr("hint") << ": "
                << i18n::tr(N_("sign with --detached SIG.xml to keep the message unchanged and "
                               "valid, and send the signature file along"))
                << '\n';
    }
  }
  return tally.exit_code();
}

int do_verify(Context& ctx, const VerifyArgs& a) {
  VerifyOptions o;
  for (const auto& t : a.trust) o.trust.emplace_back(t);
  if (!a.trust_dir.empty()) o.trust_dir = a.trust_dir;
  o.allow_weak = a.allow_weak;
  if (o.trust.empty() && !o.trust_dir) {
    ctx.say("error", N_("give the trust anchors with --trust FILE or --trust-dir DIR"));
    return kUsage;
  }
  auto verifier = Verifier::create(o);
  if (!verifier) return ctx.report(verifier.error());
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  Tally tally;
  const TextStyle style{ctx.color_err(), false, true};
  if (!a.detached.empty() && a.operands.size() != 1) {
    ctx.say("error", N_("--detached checks one message"));
    return kUsage;
  }
  for (auto in : collect_inputs(a.operands)) {
    StdinSpool spool;  // "-": the message from standard input
    if (in.is_stdin) {
      auto spooled = spool.fill_from_stdin();
      if (!spooled) return ctx.report(spooled.error());
      in = Input(in.name, *spooled, false);
    }
    DiagnosticSink sink;
    std::error_code ec;
    SignerInfo who;
    if (!fs::is_regular_file(in.path, ec)) {
      sink.error("XML007", {in.name, 0, 0}, N_("no such file"));
      ++tally.unreadable;
    } else {
      who = a.detached.empty() ? verifier->verify(in.path, in.name, sink)
                               : verifier->verify_detached(in.path, a.detached, in.name, sink);
      if (sink.error_count() > 0) ++tally.signature;
    }
    const bool good = sink.error_count() == 0;
    if (a.format == "json") {
      nlohmann::ordered_json diags = nlohmann::ordered_json::array();
      for (const auto& d : sink.diagnostics()) diags.push_back(diagnostic_json(d));
      results.push_back({{"file", in.name},
                         {"valid", good},
                         {"subject", who.subject},
                         {"issuer", who.issuer},
                         {"serial", who.serial},
                         {"algorithm", who.algorithm},
                         {"diagnostics", diags}});
      continue;
    }
    FileReport r;
    r.input = in;
    r.errors = sink.error_count();
    r.verdict = good ? Verdict::Valid : Verdict::Invalid;
    r.diagnostics = sink.take();
    std::ostringstream one;
    write_text(one, r, style);
    if (good)
      one << i18n::fmt(N_("{0}: signature good, signed by {1} (issuer {2}, serial {3}, {4})"),
                       {in.name, who.subject, who.issuer, who.serial, who.algorithm})
          << '\n';
    ctx.err << one.str();
  }
  if (a.format == "json") ctx.out << results.dump(2) << '\n';
  return tally.exit_code();
}

}  // namespace

void setup_sign(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<SignArgs>();
  sub.footer(help_footer("ozg-sign"));
  sub.add_option("inputs", a->inputs, "messages or folders to sign")->required();
  sub.add_option("-o,--output", a->output,
                 "signed message (default: stdout), or the folder for several; written atomically");
  sub.add_option("--key", a->key, "PEM private key");
  sub.add_option("--cert", a->cert, "PEM signer certificate");
  sub.add_option("--chain", a->chain, "PEM certificates to add to KeyInfo (repeatable)")
      ->allow_extra_args(false);
  sub.add_option("--p12", a->p12, "PKCS#12 file with key and certificates instead of --key/--cert");
  sub.add_option("--pass-file", a->pass_file,
                 "file whose first line is the key or PKCS#12 password");
  sub.add_flag("--replace", a->replace, "replace an existing signature (default: refuse, SIG409)");
  sub.add_option("--detached", a->detached,
                 "write a detached signature to this file and leave the message unchanged "
                 "(for schemas without a ds:Signature place)");
  sub.callback([&ctx, a] { ctx.status = do_sign(ctx, *a); });
}

void setup_verify(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<VerifyArgs>();
  sub.footer(help_footer("ozg-verify"));
  sub.add_option("inputs", a->operands, "signed messages or folders")->required();
  sub.add_option("--trust", a->trust, "PEM file with trusted CA certificates (repeatable)")
      ->allow_extra_args(false);
  sub.add_option("--trust-dir", a->trust_dir, "OpenSSL certificate directory, e.g. /etc/ssl/certs");
  sub.add_option("-f,--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  sub.add_flag("--allow-weak", a->allow_weak, "accept SHA-1 and RSA keys below 2048 bits");
  sub.add_option("--detached", a->detached, "the detached signature file of the (one) message");
  sub.callback([&ctx, a] { ctx.status = do_verify(ctx, *a); });
}

}  // namespace xoev::cli
