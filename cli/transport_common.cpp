#include "transport_common.hpp"

#include "xoev/diag/i18n.hpp"
#include "xoev/rules/rules.hpp"

namespace xoev::cli {

Result<ValidationSetup> make_validation(const Context& ctx, const ProfileArgs& a, unsigned jobs) {
  ValidationSetup s;
  auto profile = load_profile(ctx, a);
  if (!profile) return std::unexpected(profile.error());
  s.profile = std::make_unique<Profile>(std::move(*profile));
  ValidateOptions opts = s.profile->options();
  opts.jobs = jobs;
  auto v = s.profile->validator(opts);
  if (!v) return std::unexpected(v.error());
  s.validator = std::move(*v);
  return s;
}

namespace {
bool has(const std::string& s, const char* w) { return s.find(w) != std::string::npos; }
}  // namespace

std::string transport_hint(const std::string& code, long status, const std::string& error) {
  if (code == "TRN501")
    return N_(
        "the peer is down or unreachable; run the same command again later (the message id "
        "makes a resend safe: the peer stores it once). If the peer is up, it may be refusing "
        "the client certificate: over TLS 1.3 that can look like a reset");
  if (code == "TRN502") {
    if (has(error, "unknown ca") || has(error, "certificate required") ||
        has(error, "bad certificate") || has(error, "handshake failure") ||
        has(error, "certificate unknown") || has(error, "access denied") ||
        has(error, "refused the client certificate"))
      return N_(
          "the server refused our client certificate: --cert must be issued by a CA the "
          "server trusts (its --client-ca or ssl_client_certificate)");
    if (has(error, "pinned") || has(error, "public key does not match"))
      return N_(
          "the server's public key does not match --pin: the server changed its key, or this "
          "is not the server you meant");
    return N_(
        "the server's certificate is not trusted: give the CA that issued it with --ca "
        "(never switch verification off)");
  }
  if (code == "TRN503") {
    switch (status) {
      case 409:
        return N_("the peer holds a different message with this id; a new message needs a new id");
      case 413:
        return N_("the message is larger than the peer accepts; ask the peer for its limit");
      case 422:
        return N_("the peer found the message invalid; check it with 'ozg validate'");
      case 401:
      case 403:
        return N_("the peer does not accept this client certificate for this URL");
      case 404:
      case 405:
        return N_("the URL is wrong: the peer has no inbox there");
      default:
        return N_("the peer refused the message; sending it again will not help");
    }
  }
  if (code == "TRN504") return N_("the peer kept failing; run the same command again later");
  if (code == "TRN510")
    return N_(
        "check --cert, --key or --p12 and the password (--pass-file, OZG_P12_PASS, "
        "OZG_KEY_PASS)");
  return {};
}

}  // namespace xoev::cli
