#include "xoev/diag/i18n.hpp"

#include <libintl.h>
#include <locale.h>

#include <cstdlib>

#include "xoev/diag/diag.hpp"

#ifndef OZG_INSTALLED_LOCALEDIR
#define OZG_INSTALLED_LOCALEDIR "/usr/share/locale"
#endif

namespace xoev::i18n {

namespace {

constexpr const char* kDomain = "ozg";

std::string& current() {
  static std::string lang = "en";
  return lang;
}

}  // namespace

std::optional<std::string> language_of(std::string_view name) {
  if (name.empty()) return std::nullopt;
  const std::string_view lang = name.substr(0, name.find_first_of("_.@:-"));
  if (lang == "de" || lang == "fr") return std::string(lang);
  return "en";  // C, POSIX, en_*, and languages ozg has no catalog for
}

std::string choose_language(std::string_view requested) {
  if (auto l = language_of(requested)) return *l;
  for (const char* var : {"LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v == nullptr || *v == 0) continue;
    // LANGUAGE is a list ("de_CH:de:en"); its first entry counts.
    if (auto l = language_of(std::string_view(v).substr(0, std::string_view(v).find(':'))))
      return *l;
  }
  return "en";
}

void set_language(const std::string& language, const std::filesystem::path& locale_dir) {
  current() = language == "de" || language == "fr" ? language : "en";
  if (current() == "en") return;
  // gettext translates nothing while LC_MESSAGES is "C" (or the named locale does not exist):
  // any other locale lets LANGUAGE choose the catalog, and C.UTF-8 is always there.
  const char* got = setlocale(LC_MESSAGES, "");
  if (got == nullptr || std::string_view(got) == "C" || std::string_view(got) == "POSIX")
    setlocale(LC_MESSAGES, "C.UTF-8");
  setenv("LANGUAGE", current().c_str(), 1);
  bindtextdomain(kDomain, locale_dir.c_str());
  bind_textdomain_codeset(kDomain, "UTF-8");
}

const std::string& language() { return current(); }

std::filesystem::path locale_dir(const std::filesystem::path& executable) {
  if (const char* d = std::getenv("OZG_LOCALEDIR"); d != nullptr && *d != 0) return d;
  std::error_code ec;
  const auto beside = executable.parent_path().parent_path() / "locale";
  if (!executable.empty() && std::filesystem::is_directory(beside / "de" / "LC_MESSAGES", ec))
    return beside;
  return OZG_INSTALLED_LOCALEDIR;
}

std::string tr(std::string_view text) {
  if (current() == "en" || text.empty()) return std::string(text);
  const std::string key(text);
  return dgettext(kDomain, key.c_str());
}

std::string tr_n(const char* singular, const char* plural, unsigned long n) {
  if (current() == "en") return n == 1 ? singular : plural;
  return dngettext(kDomain, singular, plural, n);
}

std::string fill(std::string_view tmpl, const std::vector<std::string>& args) {
  std::string out;
  out.reserve(tmpl.size() + 32);
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] == '{' && i + 2 < tmpl.size() && tmpl[i + 1] >= '0' && tmpl[i + 1] <= '9' &&
        tmpl[i + 2] == '}') {
      // A number beyond the arguments is text, as in a regular expression's {4}.
      if (const auto n = static_cast<std::size_t>(tmpl[i + 1] - '0'); n < args.size()) {
        out += args[n];
        i += 2;
        continue;
      }
    }
    out += tmpl[i];
  }
  return out;
}

std::string fmt(const char* tmpl, const std::vector<std::string>& args) {
  return fill(tr(tmpl), args);
}

std::string text(const Phrase& p) {
  std::string s = fill(tr(p.id), p.args);
  for (const auto& part : p.parts) s += "; " + text(part);
  return s;
}

std::string english(const Phrase& p) {
  std::string s = fill(p.id, p.args);
  for (const auto& part : p.parts) s += "; " + english(part);
  return s;
}

std::string count(const char* one, const char* many, std::size_t n) {
  return fill(tr_n(one, many, n), {std::to_string(n)});
}

void say(Diagnostic& d, const char* tmpl, std::vector<std::string> args) {
  d.message = fill(tmpl, args);
  d.message_id = tmpl;
  d.args = std::move(args);
}

void advise(Diagnostic& d, const char* tmpl, std::vector<std::string> args) {
  d.hint = fill(tmpl, args);
  d.hint_id = tmpl;
  d.hint_args = std::move(args);
}

Diagnostic make(Severity severity, std::string code, Location loc, const char* tmpl,
                std::vector<std::string> args, std::string path, const char* hint_tmpl,
                std::vector<std::string> hint_args) {
  Diagnostic d;
  d.severity = severity;
  d.code = std::move(code);
  d.loc = std::move(loc);
  d.path = std::move(path);
  say(d, tmpl, std::move(args));
  if (hint_tmpl != nullptr) advise(d, hint_tmpl, std::move(hint_args));
  return d;
}

std::string message(const Diagnostic& d) {
  if (current() == "en") return d.message;
  return d.message_id.empty() ? tr(d.message) : fill(tr(d.message_id), d.args);
}

namespace {
RemedyWording remedy_wording = nullptr;
}

void set_remedy_wording(RemedyWording wording) { remedy_wording = wording; }

std::optional<std::string> hint(const Diagnostic& d) {
  if (!d.hint && d.remedy && remedy_wording != nullptr) {
    const std::optional<Words> w = remedy_wording(d);
    if (!w) return std::nullopt;
    return fill(current() == "en" ? std::string(w->tmpl) : tr(w->tmpl), w->args);
  }
  if (!d.hint || current() == "en") return d.hint;
  return d.hint_id.empty() ? tr(*d.hint) : fill(tr(d.hint_id), d.hint_args);
}

std::string message(const Error& e) {
  if (current() == "en") return e.message;
  if (e.message_id.empty()) return tr(e.message);
  if (!e.inner) return fill(tr(e.message_id), e.args);
  auto args = e.args;
  args.push_back(message(*e.inner));
  return fill(tr(e.message_id), args);
}

std::string hint(const Error& e) {
  if (current() == "en" || e.hint.empty()) return e.hint;
  return e.hint_id.empty() ? tr(e.hint) : fill(tr(e.hint_id), e.hint_args);
}

Error error_of(ErrorKind kind, const Diagnostic& d) {
  Error e{kind, d.code, d.message, d.hint.value_or("")};
  e.message_id = d.message_id;
  e.args = d.args;
  if (d.hint) {
    e.hint_id = d.hint_id;
    e.hint_args = d.hint_args;
  } else if (d.remedy && remedy_wording != nullptr) {  // the front end's words for a remedy
    if (const std::optional<Words> w = remedy_wording(d)) {
      e.hint = fill(w->tmpl, w->args);
      e.hint_id = w->tmpl;
      e.hint_args = w->args;
    }
  }
  return e;
}

Diagnostic diagnostic(Severity severity, const Error& e, Location loc, std::string path) {
  Diagnostic d;
  d.severity = severity;
  d.code = e.code;
  d.loc = std::move(loc);
  d.path = std::move(path);
  d.message = e.message;
  d.message_id = e.message_id;
  d.args = e.args;
  if (e.inner) d.args.push_back(message(*e.inner));
  if (!e.hint.empty()) {
    d.hint = e.hint;
    d.hint_id = e.hint_id;
    d.hint_args = e.hint_args;
  }
  return d;
}

}  // namespace xoev::i18n

namespace xoev {

Error make_error(ErrorKind kind, std::string code, const char* message,
                 std::vector<std::string> args, const char* hint,
                 std::vector<std::string> hint_args) {
  Error e{kind, std::move(code), i18n::fill(message, args), {}};
  e.message_id = message;
  e.args = std::move(args);
  if (hint != nullptr) {
    e.hint = i18n::fill(hint, hint_args);
    e.hint_id = hint;
    e.hint_args = std::move(hint_args);
  }
  return e;
}

Error within(Error inner, const char* message, std::vector<std::string> args) {
  Error e{inner.kind, inner.code, {}, inner.hint};
  auto english = args;
  english.push_back(inner.message);
  e.message = i18n::fill(message, english);
  e.message_id = message;
  e.args = std::move(args);
  e.hint_id = inner.hint_id;
  e.hint_args = inner.hint_args;
  e.inner = std::make_shared<const Error>(std::move(inner));
  return e;
}

}  // namespace xoev
