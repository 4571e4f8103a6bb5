#pragma once
/// The validation policy of one run, loaded once: the schema repository and its code lists, the
/// rule severities (config file, then --rule), and the limits for hostile input. Every command
/// that validates (validate, inspect, transform, mapping test, sign, send, receive) takes its
/// validator from here, so that one setting means the same in all of them.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xoev/codelist/codelist.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/rules/rules.hpp"
#include "xoev/schematron/schematron.hpp"
#include "xoev/util/result.hpp"
#include "xoev/validate/validator.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev {

struct ProfileSettings {
  std::filesystem::path root;  ///< The repository (schemas and code lists).
  /// --config FILE; without it the default config file is read if it exists.
  std::optional<std::filesystem::path> config;
  std::filesystem::path default_config;
  std::vector<std::string> rules;  ///< --rule CODE=LEVEL, applied after the config file.
  xml::XmlLimits limits;
};

class Profile {
 public:
  /// Errors: an unreadable repository (REPO0xx), config file or rule setting (CFG0xx).
  static Result<Profile> load(const ProfileSettings& settings);

  [[nodiscard]] const SchemaRepository& schemas() const { return *schemas_; }
  [[nodiscard]] const CodeListRepository& codelists() const { return *codelists_; }
  [[nodiscard]] const SchematronRepository& schematron() const { return *schematron_; }
  [[nodiscard]] const xml::XmlLimits& limits() const { return options_.limits; }

  /// Options carrying the profile's severities and limits; callers add what is theirs (jobs,
  /// --schema, the envelope, code-list strictness) and pass them to validator().
  [[nodiscard]] ValidateOptions options() const { return options_; }
  /// A validator over the profile's repository and code lists (unless options say not to
  /// check code lists). It must not outlive the profile.
  [[nodiscard]] Result<std::unique_ptr<Validator>> validator(ValidateOptions options) const;

 private:
  std::unique_ptr<SchemaRepository> schemas_;  // stable addresses: validators point into them
  std::unique_ptr<CodeListRepository> codelists_;
  std::unique_ptr<SchematronRepository> schematron_;
  ValidateOptions options_;
};

}  // namespace xoev
