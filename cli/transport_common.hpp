#pragma once
// Shared by ozg send and ozg receive: the validator both use before anything travels or is
// stored, and the hints for transport failures.

#include <memory>
#include <string>

#include "context.hpp"
#include "xoev/codelist/codelist.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::cli {

/// The repository, code lists and validator of `ozg validate` with its defaults (rules from
/// the config file). Keeps the repository alive for the validator.
struct ValidationSetup {
  std::unique_ptr<SchemaRepository> repo;
  std::unique_ptr<CodeListRepository> lists;
  std::unique_ptr<Validator> validator;
};
Result<ValidationSetup> make_validation(const Context& ctx, unsigned jobs);

/// What to do about a failed transfer, by code and the cause's wording.
std::string transport_hint(const std::string& code, long http_status, const std::string& error);

}  // namespace xoev::cli
