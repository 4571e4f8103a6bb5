#include "xoev/util/on_demand.hpp"

#include <dlfcn.h>

#include <cstdlib>

namespace xoev {

OnDemandLibrary OnDemandLibrary::load(const char* soname, const char* env, const char* package) {
  OnDemandLibrary lib;
  const char* name = std::getenv(env);  // another build, or a test of its absence
  if (name == nullptr || *name == 0) name = soname;
  lib.handle = dlopen(name, RTLD_NOW | RTLD_LOCAL);
  if (lib.handle == nullptr) {
    const char* why = dlerror();
    lib.error = std::string(name) + " could not be loaded (" +
                (why != nullptr ? why : "unknown reason") + "); install the package " + package;
  }
  return lib;
}

void* OnDemandLibrary::symbol(const char* name, const char* needs) {
  if (handle == nullptr) return nullptr;
  void* s = dlsym(handle, name);
  if (s == nullptr && error.empty())
    error = std::string("the loaded library lacks ") + name + ": ozg needs " + needs + " or newer";
  return s;
}

}  // namespace xoev
