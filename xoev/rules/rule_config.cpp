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

}  // namespace

Result<void> parse_rule_setting(std::string_view setting, SeverityOverrides& out) {
  const auto eq = setting.find('=');
  if (eq == std::string_view::npos)
    return fail(ErrorKind::Usage, "CFG001",
                "--rule " + std::string(setting) + ": expected CODE=LEVEL",
                "for example --rule HDR605=error (levels: off, note, warning, error)");
  std::string code(setting.substr(0, eq));
  for (auto& c : code) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto lvl = level(setting.substr(eq + 1));
  if (find_code(code) == nullptr)
    return fail(ErrorKind::Usage, "CFG001",
                "--rule " + std::string(setting) + ": unknown code " + code,
                "'ozg explain' lists the codes");
  if (!lvl)
    return fail(ErrorKind::Usage, "CFG001",
                "--rule " + std::string(setting) + ": level must be off, note, warning or error");
  out[code] = *lvl;
  return {};
}

Result<SeverityOverrides> read_rule_config(const std::filesystem::path& file, bool optional) {
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    if (optional) return SeverityOverrides{};
    return fail(ErrorKind::Config, "CFG002", file.string() + ": no such file");
  }
  SeverityOverrides out;
  try {
    const YAML::Node root = YAML::LoadFile(file.string());
    const YAML::Node rules = root["rules"];
    if (!rules) return out;
    if (!rules.IsMap())
      return fail(ErrorKind::Config, "CFG002",
                  file.string() + ":" + std::to_string(rules.Mark().line + 1) +
                      ": 'rules' must map codes to off, note, warning or error");
    for (const auto& kv : rules) {
      const std::string setting = kv.first.as<std::string>() + "=" + kv.second.as<std::string>();
      if (auto r = parse_rule_setting(setting, out); !r)
        return fail(ErrorKind::Config, "CFG002",
                    file.string() + ":" + std::to_string(kv.first.Mark().line + 1) + ":" +
                        std::to_string(kv.first.Mark().column + 1) + ": " +
                        r.error().message.substr(std::string("--rule ").size()),
                    r.error().hint);
    }
  } catch (const YAML::Exception& e) {
    return fail(ErrorKind::Config, "CFG002",
                file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                    std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  return out;
}

}  // namespace xoev
