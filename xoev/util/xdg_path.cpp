#include "xoev/util/xdg_path.hpp"

#include <cstdlib>

namespace xoev {

namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != 0 ? v : nullptr;
}

}  // namespace

std::filesystem::path xdg_path(XdgBase base, const char* override_env, std::string_view name,
                               const std::filesystem::path& fallback) {
  if (const char* o = env(override_env)) return o;
  const char* var = base == XdgBase::Config ? "XDG_CONFIG_HOME"
                    : base == XdgBase::Data ? "XDG_DATA_HOME"
                                            : "XDG_STATE_HOME";
  const char* below_home = base == XdgBase::Config ? ".config"
                           : base == XdgBase::Data ? ".local/share"
                                                   : ".local/state";
  std::filesystem::path dir;
  if (const char* x = env(var))
    dir = std::filesystem::path(x) / "ozg";
  else if (const char* h = env("HOME"))
    dir = std::filesystem::path(h) / below_home / "ozg";
  else
    return fallback;
  return name.empty() ? dir : dir / name;
}

}  // namespace xoev
