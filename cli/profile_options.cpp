#include "profile_options.hpp"

#include <CLI/CLI.hpp>

namespace xoev::cli {

void add_profile_options(CLI::App& sub, ProfileArgs& a) {
  sub.add_option("--rule", a.rules,
                 "CODE=off|note|warning|error: change the severity of a finding (repeatable)")
      ->allow_extra_args(false);
  sub.add_option("--config", a.config,
                 "YAML file with 'rules: {CODE: LEVEL}' (default: $OZG_CONFIG, else "
                 "$XDG_CONFIG_HOME/ozg/config.yaml, if present)");
  // Every command that validates streams messages the same way, so each takes the one limit
  // that bounds its memory (XML011 beyond it).
  sub.add_option("--max-value-mb", a.limits.max_value_mib,
                 "longest text node or attribute value, in MiB (default 4; memory grows with it)")
      ->check(CLI::Range(1u, 4096u));
}

Result<Profile> load_profile(const Context& ctx, const ProfileArgs& a) {
  ProfileSettings s;
  s.root = ctx.repo_root();
  if (!a.config.empty()) s.config = a.config;
  s.default_config = default_config_path();
  s.rules = a.rules;
  s.limits = a.limits;
  return Profile::load(s);
}

}  // namespace xoev::cli
