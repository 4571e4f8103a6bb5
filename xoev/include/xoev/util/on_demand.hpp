#pragma once
/// Shared libraries that ozg loads with dlopen when a command first needs them, so that they
/// cost nothing at the start of the commands that do not: each library linked at build time
/// costs every start its own and its dependencies' symbol bindings (libcurl alone 3.5 ms, with
/// about 25 libraries), and scripts start `ozg validate` once per message.

#include <string>
#include <vector>

namespace xoev {

struct OnDemandLibrary {
  void* handle = nullptr;
  std::string error;  ///< Why it is not there (and what to install); empty once loaded.
  /// `error` as an English template with its arguments, for xoev::fail (result.hpp).
  const char* error_id = nullptr;
  std::vector<std::string> error_args;

  /// Loads $`env` if set, else `soname`; on failure `error` names the library and the Debian
  /// `package` to install.
  static OnDemandLibrary load(const char* soname, const char* env, const char* package);

  /// The symbol `name`, or null, with `error` set: the library is older than ozg needs
  /// (`needs` names the version, e.g. "libcurl 7.85").
  void* symbol(const char* name, const char* needs);
};

}  // namespace xoev
