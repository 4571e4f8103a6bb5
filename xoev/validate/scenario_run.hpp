#pragma once
// Private to xoev/validate: the steps of a KoSIT scenario that the validator runs around its
// own schema step (which validates against the scenario's XSD): scenario selection, the
// Schematron stylesheets (SVRL), the report and its acceptance. KoSIT's names for the steps are
// ScenarioSelectionAction, SchematronValidationAction, CreateReportAction and
// ComputeAcceptanceAction; the order and the rules are theirs.

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/diag/diag.hpp"
#include "xoev/model/report.hpp"
#include "xoev/schematron/schematron.hpp"
#include "xoev/validate/scenarios.hpp"

namespace xoev {

/// A Schematron finding as a diagnostic of `file` (SCH201/SCH202, severity from its flag or
/// role); shared by the installed-rules step and the scenario step.
Diagnostic schematron_diagnostic(SchematronFinding f, const std::string& file);

/// The findings of an SVRL document (failed-assert, successful-report), in document order, with
/// the namespace bindings its ns-prefix-in-attribute-values declare (for their locations).
/// Error SCH213 when `svrl` is not well-formed or not SVRL.
Result<std::vector<SchematronFinding>> parse_svrl(std::string_view svrl,
                                                  NamespaceBindings* bindings = nullptr);

class ScenarioRunner {
 public:
  ScenarioRunner(std::shared_ptr<const ScenarioSet> set, SchematronEngineSettings engine,
                 bool allow_doctype)
      : set_(std::move(set)), engine_settings_(std::move(engine)), allow_doctype_(allow_doctype) {}

  /// One message's state between the steps.
  struct Run {
    SchematronEngine* engine = nullptr;
    std::shared_ptr<const SaxonDocument> doc;
    const Scenario* scenario = nullptr;  ///< Null: none matched (SCH233 reported).
    std::vector<std::string> svrl;       ///< One SVRL per Schematron resource, in order.
    bool failed = false;     ///< A stylesheet failed: KoSIT stops, the acceptance stays undefined.
    std::string unreadable;  ///< Saxon could not read the message: why (nothing reported yet).
  };

  /// Parses the message with Saxon and selects its scenario; sets r.scenario. Returns false
  /// when the message's verdict must stay unknown: no engine (SCH210, an error here: without it
  /// no scenario can be chosen), a match that does not compile (SCH230), Saxon cannot read it
  /// (then `run.unreadable` says why and nothing is reported: the caller's own parser names the
  /// well-formedness error better; SCH213 if it finds none).
  bool select(const std::filesystem::path& path, FileReport& r, DiagnosticSink& sink, Run& run);

  /// The scenario's Schematron stylesheets, after the schema step (skipped with SCH211 when it
  /// failed). True if a stylesheet could not be compiled (verdict unknown).
  bool check_schematron(Run& run, FileReport& r, DiagnosticSink& sink, bool schema_failed);

  /// The acceptance: rejected when a stylesheet failed (KoSIT leaves it undefined); else
  /// acceptMatch on the created report when the scenario has both and the schema step passed
  /// (SCH234 when it does not hold, SCH235 when the report cannot be made), else no errors. Sets
  /// r.scenario->acceptance.
  void accept(const Run& run, const std::filesystem::path& path, FileReport& r,
              DiagnosticSink& sink, bool schema_failed);

  /// The createReportInput document KoSIT gives a report stylesheet (public for tests).
  static std::string report_input(const Scenario& s, const std::string& document_name,
                                  const std::string& sha256_hex, const std::string& timestamp,
                                  const std::vector<std::string>& svrl);

 private:
  Result<std::shared_ptr<const CompiledXPath>> xpath(SchematronEngine& engine, const Scenario& s,
                                                     const std::string& expr);
  std::shared_ptr<const ScenarioSet> set_;
  SchematronEngineSettings engine_settings_;
  bool allow_doctype_;
  std::mutex mu_;
  std::map<std::string, Result<std::shared_ptr<const CompiledXPath>>> xpaths_;  // by scenario+expr
};

}  // namespace xoev
