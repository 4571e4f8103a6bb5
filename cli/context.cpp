// The exit-code contract and the Context's ways of saying things on stderr.

#include "context.hpp"

#include <ostream>

#include "xoev/diag/i18n.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/util/xdg_path.hpp"

namespace xoev::cli {

int exit_code(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Usage:
      return kUsage;
    case ErrorKind::Input:
    case ErrorKind::Config:
      return kUnreadable;
    case ErrorKind::Network:
      return kTransport;
    case ErrorKind::Signature:
      return kSignature;
    case ErrorKind::Internal:
      return kInternal;
  }
  return kInternal;
}

void Tally::count(int code) {
  switch (code) {
    case kOk:
      return;
    case kFindings:
      ++invalid;
      return;
    case kUsage:
      ++usage;
      return;
    case kUnreadable:
      ++unreadable;
      return;
    case kSignature:
      ++signature;
      return;
    case kTransport:
      ++transport;
      return;
    default:
      ++internal;
  }
}

int Tally::exit_code() const {
  if (internal > 0) return kInternal;
  if (transport > 0) return kTransport;
  if (signature > 0) return kSignature;
  if (unreadable > 0) return kUnreadable;
  if (usage > 0) return kUsage;
  if (invalid > 0) return kFindings;
  return kOk;
}

std::filesystem::path default_config_path() {
  return xdg_path(XdgBase::Config, "OZG_CONFIG", "config.yaml", {});
}

std::filesystem::path Context::repo_root() const {
  return repo.empty() ? SchemaRepository::default_root() : std::filesystem::path(repo);
}

int Context::report(const Error& e) const {
  err << "ozg: " << i18n::tr("error") << ": " << i18n::message(e);
  if (!e.code.empty()) err << " [" << e.code << "]";
  err << '\n';
  if (!e.hint.empty()) err << "    " << i18n::tr("hint") << ": " << i18n::hint(e) << '\n';
  return exit_code(e.kind);
}

void Context::say(const char* level, const char* text) const {
  err << "ozg: " << i18n::tr(level) << ": " << i18n::tr(text) << '\n';
}

void Context::say(const char* level, const char* tmpl, const std::vector<std::string>& args,
                  const char* code) const {
  err << "ozg: " << i18n::tr(level) << ": " << i18n::fmt(tmpl, args);
  if (code != nullptr) err << " [" << code << "]";
  err << '\n';
}

void Context::hint(const char* text) const {
  err << "    " << i18n::tr("hint") << ": " << i18n::tr(text) << '\n';
}

}  // namespace xoev::cli
