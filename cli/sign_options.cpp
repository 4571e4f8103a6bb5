#include "sign_options.hpp"

#include <CLI/CLI.hpp>

#include "secrets.hpp"
#include "xoev/diag/i18n.hpp"

namespace xoev::cli {

void add_sign_options(CLI::App& sub, SignKeyArgs& a) {
  sub.add_flag("--sign", a.sign,
               "sign each message (XML Signature, as ozg sign) before validating and sending it");
  sub.add_option("--sign-key", a.key, "--sign: signer key (PEM)");
  sub.add_option("--sign-cert", a.cert, "--sign: signer certificate (PEM)");
  sub.add_option("--sign-p12", a.p12, "--sign: signer key and certificate as PKCS#12");
  sub.add_option(
      "--sign-pass-file", a.pass_file,
      "--sign: file whose first line is the signing key's password (else OZG_SIGN_PASS)");
}

std::optional<Signer> load_signer(const Context& ctx, const SignKeyArgs& a) {
  if (a.p12.empty() && (a.key.empty() || a.cert.empty())) {
    ctx.say("error", N_("--sign needs --sign-key and --sign-cert, or --sign-p12"));
    return std::nullopt;
  }
  for (const auto& f : {a.key, a.cert, a.p12}) {
    std::error_code ec;
    if (!f.empty() && !std::filesystem::is_regular_file(f, ec)) {
      ctx.report(make_error(ErrorKind::Signature, "SIG410", N_("{0}: cannot read (--sign)"), {f}));
      return std::nullopt;
    }
  }
  auto password = read_secret(a.pass_file, {"OZG_SIGN_PASS"}, "SIG411");
  if (!password) {
    ctx.report(password.error());
    return std::nullopt;
  }
  SignOptions o;
  if (!a.p12.empty()) o.p12 = a.p12;
  o.key = a.key;
  o.cert = a.cert;
  o.password = std::move(*password);
  auto signer = Signer::create(o);
  if (!signer) {
    ctx.report(signer.error());
    return std::nullopt;
  }
  return std::move(*signer);
}

}  // namespace xoev::cli
