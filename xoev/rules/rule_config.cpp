#include <yaml-cpp/yaml.h>

#include <filesystem>

#include "xoev/diag/codes.hpp"
#include "xoev/rules/rules.hpp"

namespace xoev {

namespace {

std::optional<std::optional<Severity>> level(std::string_view v) {
  if (v == "off") return std::optional<Severity>{};
  if (v == "note") return Severity::Note;
  if (v == "warning") return Severity::Warning;
  if (v == "error") return Severity::Error;
  return std::nullopt;
}

/// What is wrong with CODE=LEVEL, the setting named first ("HDR605=loud: level must be ...").
Result<void> apply_setting(std::string_view setting, SeverityOverrides& out) {
  const auto eq = setting.find('=');
  if (eq == std::string_view::npos)
    return fail(ErrorKind::Usage, "CFG001", N_("{0}: expected CODE=LEVEL"), {std::string(setting)},
                N_("for example --rule HDR605=error (levels: off, note, warning, error)"));
  std::string code(setting.substr(0, eq));
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto lvl = level(setting.substr(eq + 1));
  if (find_code(code) == nullptr)
    return fail(ErrorKind::Usage, "CFG001", N_("{0}: unknown code {1}"),
                {std::string(setting), code}, N_("'ozg explain' lists the codes"));
  if (!lvl)
    return fail(ErrorKind::Usage, "CFG001", N_("{0}: level must be off, note, warning or error"),
                {std::string(setting)});
  out[code] = *lvl;
  return {};
}

}  // namespace

Result<void> parse_rule_setting(std::string_view setting, SeverityOverrides& out) {
  if (auto r = apply_setting(setting, out); !r)
    return std::unexpected(within(r.error(), N_("--rule {0}")));
  return {};
}

Result<SeverityOverrides> read_rule_config(const std::filesystem::path& file, bool optional) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    if (optional) return SeverityOverrides{};
    return fail(ErrorKind::Config, "CFG002", N_("{0}: no such file"), {file.string()});
  }
  SeverityOverrides out;
  try {
    const YAML::Node root = YAML::LoadFile(file.string());
    const YAML::Node rules = root["rules"];
    if (!rules) return out;
    if (!rules.IsMap())
      return fail(ErrorKind::Config, "CFG002",
                  N_("{0}:{1}: 'rules' must map codes to off, note, warning or error"),
                  {file.string(), std::to_string(rules.Mark().line + 1)});
    for (const auto& kv : rules) {
      const std::string setting = kv.first.as<std::string>() + "=" + kv.second.as<std::string>();
      if (auto r = apply_setting(setting, out); !r) {
        // A position and the problem: no words of its own to translate.
        Error e = within(r.error(), "{0}:{1}:{2}: {3}",
                         {file.string(), std::to_string(kv.first.Mark().line + 1),
                          std::to_string(kv.first.Mark().column + 1)});
        e.kind = ErrorKind::Config;
        e.code = "CFG002";
        return std::unexpected(std::move(e));
      }
    }
  } catch (const YAML::Exception& e) {
    return fail(
        ErrorKind::Config, "CFG002", N_("{0}:{1}:{2}: YAML syntax error: {3}"),
        {file.string(), std::to_string(e.mark.line + 1), std::to_string(e.mark.column + 1), e.msg});
  }
  return out;
}

}  // namespace xoev
