#pragma once
// Passwords for keys and PKCS#12 files: from --pass-file (its first line) or the environment,
// never from the command line. The one reader behind sign, send's client key and send --sign.

#include <initializer_list>
#include <string>

#include "xoev/util/result.hpp"

namespace xoev::cli {

/// The first line of `pass_file` (without a trailing CR) if given, else the first of `env` that
/// is set, else empty. An unreadable file is an Error with `code` (kind Input).
Result<std::string> read_secret(const std::string& pass_file,
                                std::initializer_list<const char*> env, const char* code);

/// Asks for a secret on the terminal without echo, as ssh and gpg do: `prompt` on stderr, the
/// line from stdin. Empty when stdin or stderr is not a terminal.
std::string ask_secret(const std::string& prompt);

}  // namespace xoev::cli
