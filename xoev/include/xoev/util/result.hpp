#pragma once
/// Operational failures (a missing file, an unreadable repository, a failed download) are values:
/// functions return Result<T>, which holds either the value or an Error. Findings about a message
/// are not errors in this sense; they are Diagnostics.

#include <expected>
#include <string>

namespace xoev {

/// Broad classes of operational failure; the CLI maps them to exit codes.
enum class ErrorKind {
  Usage,      ///< The caller asked for something impossible (bad option value).
  Input,      ///< An input file or stream cannot be read.
  Config,     ///< Repository, schema set or configuration is missing or unusable.
  Network,    ///< A download or transfer failed.
  Signature,  ///< Signing failed (key, password, document state).
  Internal,   ///< A bug.
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string code;     ///< Stable diagnostic code, e.g. "REPO002".
  std::string message;  ///< What went wrong, naming the file or URL.
  std::string hint;     ///< What to do about it; may be empty.
};

template <typename T>
using Result = std::expected<T, Error>;

inline std::unexpected<Error> fail(ErrorKind kind, std::string code, std::string message,
                                   std::string hint = {}) {
  return std::unexpected(Error{kind, std::move(code), std::move(message), std::move(hint)});
}

}  // namespace xoev
