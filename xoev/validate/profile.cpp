#include "xoev/validate/profile.hpp"

namespace xoev {

Result<Profile> Profile::load(const ProfileSettings& s) {
  Profile p;
  auto schemas = SchemaRepository::open(s.root);
  if (!schemas) return std::unexpected(schemas.error());
  p.schemas_ = std::make_unique<SchemaRepository>(std::move(*schemas));
  auto lists = CodeListRepository::open(s.root);
  if (!lists) return std::unexpected(lists.error());
  p.codelists_ = std::make_unique<CodeListRepository>(std::move(*lists));
  auto rules = SchematronRepository::open(s.root);
  if (!rules) return std::unexpected(rules.error());
  p.schematron_ = std::make_unique<SchematronRepository>(std::move(*rules));
  // Rule severities: the config file first, then --rule on top.
  auto severities = read_rule_config(s.config.value_or(s.default_config), !s.config.has_value());
  if (!severities) return std::unexpected(severities.error());
  p.options_.severities = std::move(*severities);
  for (const auto& setting : s.rules)
    if (auto r = parse_rule_setting(setting, p.options_.severities); !r)
      return std::unexpected(r.error());
  p.options_.limits = s.limits;
  return p;
}

Result<std::unique_ptr<Validator>> Profile::validator(ValidateOptions options) const {
  return Validator::create(*schemas_, std::move(options), codelists_.get(), schematron_.get());
}

}  // namespace xoev
