#pragma once
// `send --sign`: the options that name the signing key (--sign-key, --sign-cert, --sign-p12,
// --sign-pass-file) and the Signer they load.

#include <optional>
#include <string>

#include "context.hpp"
#include "xoev/sign/signature.hpp"

namespace xoev::cli {

struct SignKeyArgs {
  bool sign = false;
  std::string key, cert, p12, pass_file;
};

/// Adds --sign and the --sign-* options to `sub`, writing into `a`.
void add_sign_options(CLI::App& sub, SignKeyArgs& a);

/// The signer `a` names (key and certificate, or PKCS#12; password from --sign-pass-file or
/// OZG_SIGN_PASS); nullopt after reporting to ctx.err why not.
std::optional<Signer> load_signer(const Context& ctx, const SignKeyArgs& a);

}  // namespace xoev::cli
