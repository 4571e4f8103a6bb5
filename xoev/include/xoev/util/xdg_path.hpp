#pragma once
/// The one place that turns the XDG base directories into ozg's default paths: the schema
/// repository (data), the config file (config) and the send journal (state).

#include <filesystem>
#include <string_view>

namespace xoev {

/// The XDG base directory kinds ozg uses, each with its variable and its default below $HOME.
enum class XdgBase {
  Config,  ///< $XDG_CONFIG_HOME, else ~/.config
  Data,    ///< $XDG_DATA_HOME, else ~/.local/share
  State,   ///< $XDG_STATE_HOME, else ~/.local/state
};

/// $`override_env` if that variable is set and not empty; else BASE/ozg/`name` (BASE/ozg for an
/// empty name) with BASE the XDG variable of `base` if set and not empty, else its default below
/// $HOME; else `fallback` (no HOME either). Never fails; nothing is created.
std::filesystem::path xdg_path(XdgBase base, const char* override_env, std::string_view name,
                               const std::filesystem::path& fallback);

}  // namespace xoev
