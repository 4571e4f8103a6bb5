#pragma once
/// Operational failures (a missing file, an unreadable repository, a failed download) are values:
/// functions return Result<T>, which holds either the value or an Error. Findings about a message
/// are not errors in this sense; they are Diagnostics.

#include <expected>
#include <memory>
#include <string>
#include <vector>

/// Marks a template for extraction into po/ozg.pot (scripts/update-po) without translating it.
#define N_(text) text

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
  std::string message;  ///< What went wrong, naming the file or URL (English).
  std::string hint;     ///< What to do about it (English); may be empty.
  /// The message and the hint as English templates with their arguments ("cannot read {0}"),
  /// so that the CLI says them in the user's language (i18n::message, xoev/diag/i18n.hpp);
  /// `message` and `hint` are the templates filled in English. An empty id: the text is fixed
  /// and its own catalog key.
  std::string message_id = {};
  std::vector<std::string> args = {};
  std::string hint_id = {};
  std::vector<std::string> hint_args = {};
  /// An error this one puts in context ("--schema {0}"): its message, said in the user's
  /// language, is the last argument of this one's (see `within`).
  std::shared_ptr<const Error> inner = {};
};

template <typename T>
using Result = std::expected<T, Error>;

/// A sentence of ozg's own that is not an error (why a schema was chosen, how complete a code
/// list is): an English template (N_) and its arguments, said in the user's language where it
/// is printed (i18n::text) and in English in machine output (i18n::english). `parts` are
/// phrases said after it, joined with "; ".
struct Phrase {
  std::string id;
  std::vector<std::string> args = {};
  std::vector<Phrase> parts = {};
};

/// An Error whose message is the English template `message` (marked with N_(), see
/// xoev/diag/i18n.hpp) filled with `args` ({0}, {1}, ...), and the same for the hint (nullptr:
/// none). Arguments are names, values, numbers and texts from outside ozg (strerror, libcurl,
/// OpenSSL); every word of ozg's own belongs in the template.
Error make_error(ErrorKind kind, std::string code, const char* message,
                 std::vector<std::string> args = {}, const char* hint = nullptr,
                 std::vector<std::string> hint_args = {});

/// make_error as the failure of a Result.
inline std::unexpected<Error> fail(ErrorKind kind, std::string code, const char* message,
                                   std::vector<std::string> args = {}, const char* hint = nullptr,
                                   std::vector<std::string> hint_args = {}) {
  return std::unexpected(
      make_error(kind, std::move(code), message, std::move(args), hint, std::move(hint_args)));
}

/// An Error whose message (and hint) is English text built at run time, not a template: said as
/// it is in every language, unless the whole text is a catalog entry. For code not yet converted
/// to make_error; grep for it to find what is still English.
inline std::unexpected<Error> fail_untranslated(ErrorKind kind, std::string code,
                                                std::string message, std::string hint = {}) {
  return std::unexpected(Error{kind, std::move(code), std::move(message), std::move(hint)});
}

/// `inner` put in context: the template `message` with `args` and then inner's message as its
/// last argument (N_("--schema {0}"), {}); kind, code and hint are inner's.
Error within(Error inner, const char* message, std::vector<std::string> args = {});

}  // namespace xoev
