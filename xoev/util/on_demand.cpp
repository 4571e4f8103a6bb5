#include "xoev/util/on_demand.hpp"

#include <dlfcn.h>

#include <cstdlib>

#include "xoev/util/result.hpp"  // N_

namespace xoev {

OnDemandLibrary OnDemandLibrary::load(const char* soname, const char* env, const char* package) {
  OnDemandLibrary lib;
  const char* name = std::getenv(env);  // another build, or a test of its absence
  if (name == nullptr || *name == 0) name = soname;
  lib.handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (lib.handle == nullptr) {
    const char* why = dlerror();
    lib.error_id = N_("{0} could not be loaded ({1}); install the package {2}");
    lib.error_args = {name, why != nullptr ? why : "unknown reason", package};
    lib.error = std::string(name) + " could not be loaded (" + lib.error_args[1] +
                "); install the package " + package;
  }
  return lib;
}

void* OnDemandLibrary::symbol(const char* name, const char* needs) {
  if (handle == nullptr) return nullptr;
  void* s = dlsym(handle, name);
  if (s == nullptr && error.empty()) {
    error_id = N_("the loaded library lacks {0}: ozg needs {1} or newer");
    error_args = {name, needs};
    error = std::string("the loaded library lacks ") + name + ": ozg needs " + needs + " or newer";
  }
  return s;
}

}  // namespace xoev
