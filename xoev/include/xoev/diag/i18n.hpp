#pragma once
/// What ozg says, in the user's language: English by default, German and French from the
/// catalogs in po/ (GNU gettext, glibc's libintl; msgfmt builds them). Texts are English
/// templates with numbered arguments ("element '{0}' is incomplete"), so that the meaning
/// survives translation; the English template is the catalog key (the msgid). A text without
/// a template is its own key, which suits fixed sentences.
///
/// The language comes from --lang, else the first of LANGUAGE, LC_ALL, LC_MESSAGES, LANG that
/// is set, whether or not the system has generated that locale: minimal Debian images and CI
/// often have only C.UTF-8, and a German employee's terminal says LANG=de_CH.UTF-8 all the same.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/diag/diag.hpp"
#include "xoev/util/result.hpp"

// N_(text), which marks a template for extraction, comes with result.hpp.

namespace xoev {

namespace i18n {

/// "de", "fr" or "en" for a value like "de_CH.UTF-8", "fr", "C" (en) or "" (nullopt).
std::optional<std::string> language_of(std::string_view locale_name);

/// --lang if given, else the environment as described above; "en" when nothing says otherwise.
std::string choose_language(std::string_view requested = {});

/// Says everything from now on in `language` ("en", "de" or "fr"), with the catalogs under
/// `locale_dir` (<dir>/<lang>/LC_MESSAGES/ozg.mo). Call once, before other threads start.
void set_language(const std::string& language, const std::filesystem::path& locale_dir);

/// The language set_language chose ("en" before).
const std::string& language();

/// Where the catalogs are: $OZG_LOCALEDIR, else `locale` beside the build tree's binary
/// (build/cli/ozg -> build/locale), else the installed share/locale.
std::filesystem::path locale_dir(const std::filesystem::path& executable);

/// The translation of a template (or fixed text), or the text itself.
std::string tr(std::string_view text);
/// The singular or plural template for `n`, translated.
std::string tr_n(const char* singular, const char* plural, unsigned long n);

/// `tmpl` with {0}…{9} replaced by `args` (a brace without a digit, and {n} beyond the last
/// argument, stay as they are: "([0-9]{4})" in a hint about regular expressions).
std::string fill(std::string_view tmpl, const std::vector<std::string>& args);

/// The template translated, then filled: fill(tr(tmpl), args). Mark `tmpl` with N_().
std::string fmt(const char* tmpl, const std::vector<std::string>& args = {});
/// The singular or plural template for `n` ("{0} file", "{0} files"), translated, with {0} = n.
std::string count(const char* one, const char* many, std::size_t n);

/// A phrase (result.hpp) in the current language, and in English.
std::string text(const Phrase& p);
std::string english(const Phrase& p);

/// Sets the diagnostic's message to the English template `tmpl` filled with `args`, and keeps
/// both for translation.
void say(Diagnostic& d, const char* tmpl, std::vector<std::string> args);
/// The same for its hint.
void advise(Diagnostic& d, const char* tmpl, std::vector<std::string> args);

/// A diagnostic whose message is `tmpl` filled with `args` (as say), with an optional hint
/// template (as advise; nullptr: none) and its arguments. Mark both templates with N_().
Diagnostic make(Severity severity, std::string code, Location loc, const char* tmpl,
                std::vector<std::string> args, std::string path = {},
                const char* hint_tmpl = nullptr, std::vector<std::string> hint_args = {});

/// The diagnostic's message and hint in the current language (English: as stored). A finding
/// with a Remedy and no hint of its own is worded by the front end's RemedyWording.
std::string message(const Diagnostic& d);
std::optional<std::string> hint(const Diagnostic& d);

/// A hint as an English template with its arguments.
struct Words {
  const char* tmpl;  ///< Marked with N_().
  std::vector<std::string> args = {};
};
/// How a front end tells its user what to do about a finding whose remedy lies with whoever
/// runs ozg (diag.hpp, Remedy): the core knows what is missing, not which commands or options
/// the user has. ozg's command line installs its words at start (cli/remedy_words.cpp);
/// `ozg receive` words remedies for the remote sender instead. nullopt: no hint.
using RemedyWording = std::optional<Words> (*)(const Diagnostic& d);
/// Installs `wording` for every hint() from now on (nullptr: remedies get no hint). Call once,
/// before other threads start.
void set_remedy_wording(RemedyWording wording);

/// An operational error's message and hint (empty: none) in the current language.
std::string message(const Error& e);
std::string hint(const Error& e);

/// The diagnostic as an operational error of `kind`: its code, message and hint, templates kept.
Error error_of(ErrorKind kind, const Diagnostic& d);

/// The error as a diagnostic of `severity` at `loc`, its templates kept for translation (an
/// inner error is said in the current language as the last argument).
Diagnostic diagnostic(Severity severity, const Error& e, Location loc, std::string path = {});

}  // namespace i18n
}  // namespace xoev
