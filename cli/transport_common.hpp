#pragma once
// Shared by ozg send and ozg receive: the validator both use before anything travels or is
// stored, and the hints for transport failures.

#include <memory>
#include <string>

#include "context.hpp"
#include "profile_options.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::cli {

/// The profile (--rule, --config) and a validator from it. Keeps the profile alive for the
/// validator.
struct ValidationSetup {
  std::unique_ptr<Profile> profile;  // declared first: outlives the validator
  std::unique_ptr<Validator> validator;
};
Result<ValidationSetup> make_validation(const Context& ctx, const ProfileArgs& profile,
                                        unsigned jobs);

/// What to do about a failed transfer, by code and the cause's wording.
std::string transport_hint(const std::string& code, long http_status, const std::string& error);

}  // namespace xoev::cli
