#pragma once
/// KoSIT validator configurations ("scenarios.xml", namespace
/// http://www.xoev.de/de/validator/framework/1/scenarios), run by ozg's validator.
///
/// A configuration lists scenarios. For each message the one scenario whose `match` (XPath 2.0,
/// with the scenario's namespace prefixes) holds on the message is chosen; none, or more than
/// one, and the message is rejected (SCH233), as KoSIT's ScenarioRepository does. The chosen
/// scenario names the message's XSD (validateWithXmlSchema), XSLT stylesheets that Schematron
/// was compiled to (validateWithSchematron, producing SVRL), and optionally a report stylesheet
/// (createReport, with customLevel severities) and an `acceptMatch` XPath evaluated on the
/// report it creates. Resource locations are relative to a repository folder and must stay in it
/// (SCH232); the stylesheets' own xsl:include/xsl:import must too.
///
/// The file itself is untrusted: it is read with the hardened tree loader (no DOCTYPE, depth
/// and size limits).

#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "xoev/diag/diag.hpp"
#include "xoev/schematron/schematron.hpp"
#include "xoev/util/result.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev {

struct ScenarioResource {
  std::string name;
  std::string location;        ///< As written, relative to the repository.
  std::filesystem::path path;  ///< The repository joined with the location, normalised.
  uint32_t line = 0;           ///< Of its <location> in the scenarios file.
  uint32_t column = 0;
};

struct Scenario {
  std::string name;
  NamespaceBindings namespaces;  ///< Its <namespace prefix="..."> declarations, in order.
  std::string match;
  std::vector<ScenarioResource> schemas;     ///< validateWithXmlSchema (exactly one here).
  std::vector<ScenarioResource> schematron;  ///< validateWithSchematron, in order.
  std::optional<ScenarioResource> report;    ///< createReport.
  /// customLevel: Schematron assertion id -> the severity its failure is reported with.
  std::map<std::string, Severity, std::less<>> custom_levels;
  std::optional<std::string> accept_match;
  std::string xml;  ///< The <scenario> element as XML (for the createReportInput).
  uint32_t line = 0, column = 0;
  std::pair<uint32_t, uint32_t> match_at, accept_at;  ///< Line and column of each.
};

class ScenarioSet {
 public:
  /// Reads `file`; `repository` is the folder resource locations are relative to. Error SCH230
  /// (kind Config) when the file cannot be read, is not well-formed or hostile, is not a KoSIT
  /// scenarios document, or a scenario lacks a required part (name, match, exactly one XSD
  /// resource, a resource's location) or has an unknown customLevel; the message names the
  /// line. Resources are not looked at (see problems()).
  static Result<ScenarioSet> load(const std::filesystem::path& file,
                                  const std::filesystem::path& repository,
                                  const xml::XmlLimits& limits);

  /// What keeps the configuration from running, one diagnostic each, located in the scenarios
  /// file, each file once: SCH232 a location (or a stylesheet's xsl:include/xsl:import) outside the
  /// repository, absolute or with a URI scheme; SCH231 a resource that is missing, unreadable or
  /// not well-formed (the message says when its location holds an unexpanded build placeholder such
  /// as @xrechnung.version@); SCH236 a placeholder in a match or acceptMatch.
  [[nodiscard]] std::vector<Diagnostic> problems() const;

  [[nodiscard]] const std::filesystem::path& file() const { return file_; }
  [[nodiscard]] const std::filesystem::path& repository() const { return repository_; }
  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] const std::string& author() const { return author_; }
  [[nodiscard]] const std::string& date() const { return date_; }
  [[nodiscard]] const std::vector<Scenario>& scenarios() const { return scenarios_; }
  [[nodiscard]] const std::optional<ScenarioResource>& no_scenario_report() const {
    return no_scenario_report_;
  }
  /// Unexpanded build placeholders (@name@) anywhere in the file, each once, in order: the
  /// file is the source of a configuration, not a built one.
  [[nodiscard]] const std::vector<std::string>& placeholders() const { return placeholders_; }
  /// The limits the file was read with; its stylesheets are read with them too.
  [[nodiscard]] const xml::XmlLimits& limits() const { return limits_; }

 private:
  std::filesystem::path file_, repository_;
  std::string name_, author_, date_;
  std::vector<Scenario> scenarios_;
  std::optional<ScenarioResource> no_scenario_report_;
  std::vector<std::string> placeholders_;
  xml::XmlLimits limits_;
};

/// The scenarios and their resources, for `ozg validate --list-scenarios`: text (one block per
/// scenario, each resource marked "missing" when problems() has one for it) or, with `json`,
/// {"file", "name", "repository", "placeholders", "scenarios": [{"name", "match", "namespaces",
/// "schemas", "schematron", "report", "accept_match"}], "problems": [diagnostics]}.
void write_scenario_list(std::ostream& out, const ScenarioSet& set,
                         const std::vector<Diagnostic>& problems, bool json);

}  // namespace xoev
