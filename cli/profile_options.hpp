#pragma once
// The options that shape the validation profile (--rule, --config), shared by every command
// that validates, and the Profile they load.

#include <string>
#include <vector>

#include "context.hpp"
#include "xoev/validate/profile.hpp"

namespace xoev::cli {

struct ProfileArgs {
  std::vector<std::string> rules;
  std::string config;
  xml::XmlLimits limits;
};

/// Adds --rule, --config and --max-value-mb to `sub`, writing into `a`.
void add_profile_options(CLI::App& sub, ProfileArgs& a);

/// The profile for this run: ctx's repository, the config file and rules of `a`.
Result<Profile> load_profile(const Context& ctx, const ProfileArgs& a);

}  // namespace xoev::cli
