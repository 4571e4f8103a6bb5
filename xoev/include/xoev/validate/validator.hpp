#pragma once
/// Validation of XÖV/eCH messages against the schemas of a SchemaRepository.
///
/// The steps for each input: read it (stdin is spooled to a temporary file), find the root
/// element without validating, pick the schema for the root's namespace (or --schema), compile
/// that schema once per run (shared by all files and threads), then stream the document through
/// a validating SAX2 reader. Findings are Diagnostics; a file is "invalid" when it has at least
/// one error.

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "xoev/codelist/codelist.hpp"
#include "xoev/diag/diag.hpp"
#include "xoev/inspect/inspect.hpp"
#include "xoev/model/report.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/rules/rules.hpp"
#include "xoev/schematron/schematron.hpp"
#include "xoev/util/result.hpp"
#include "xoev/validate/scenarios.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev {

struct ValidateOptions {
  std::size_t max_errors = 100;       ///< Errors stored per file (all are counted).
  std::optional<std::string> schema;  ///< --schema: a file on disk or a repository path/name.
  xml::XmlLimits limits;              ///< DOCTYPE, depth and size limits for hostile input.
  unsigned jobs = 1;                  ///< Worker threads.
  bool check_codelists = true;        ///< Check coded values against installed code lists.
  bool strict_codelists = false;      ///< A list or version that is not installed is an error.
  SeverityOverrides severities;       ///< --rule CODE=LEVEL and the config file.
  /// The sedex envelope to check the (single) data file against; without it, a data_<id>.xml
  /// is checked against the envl_<id>.xml beside it, if any.
  std::optional<std::filesystem::path> envelope;
  RuleContext rules;  ///< Clock for the header rules.
  /// Run the installed Schematron rules of the message's namespace after a successful schema
  /// step (SCH2xx).
  bool check_schematron = true;
  /// Without the engine (no Java VM or Saxon), SCH210 is an error instead of a note.
  bool strict_schematron = false;
  /// Where the engine comes from (libjvm.so, Saxon-HE.jar).
  SchematronEngineSettings schematron_engine = SchematronEngineSettings::defaults();
  /// --scenarios: each message is checked as its KoSIT scenario says (its XSD instead of the
  /// repository's, its Schematron stylesheets instead of the installed rules) and accepted or
  /// rejected (FileReport::scenario). Check ScenarioSet::problems() first.
  std::shared_ptr<const ScenarioSet> scenarios;
};

/// Expands command-line operands: files as given, folders recursively (*.xml, sorted), "-" as
/// standard input. Missing operands become inputs that report XML007, so that one bad name does
/// not hide the others.
std::vector<Input> collect_inputs(const std::vector<std::string>& operands);
/// The same walk for other files: folders are searched for files that `wanted` accepts. A
/// folder that cannot be read becomes an input whose `unreadable` says why.
std::vector<Input> collect_files(const std::vector<std::string>& operands,
                                 const std::function<bool(const std::filesystem::path&)>& wanted);

class Validator {
 public:
  /// Fails (kind Config, code XSD115) when options.schema names neither a readable file nor a
  /// repository document.
  /// `lists`, if given, must outlive the validator; coded values are then checked against it.
  /// `rules`, if given, must outlive it too; its Schematron files then run on the messages of
  /// their namespaces.
  static Result<std::unique_ptr<Validator>> create(const SchemaRepository& repo,
                                                   ValidateOptions options,
                                                   const CodeListRepository* lists = nullptr,
                                                   const SchematronRepository* rules = nullptr);
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  /// Validates `inputs` with options.jobs workers. `on_report` is called in input order, from the
  /// calling thread, as soon as each report and all before it are ready.
  void run(const std::vector<Input>& inputs,
           const std::function<void(std::size_t index, FileReport&&)>& on_report);

  /// Validates one input on the calling thread (compiling its schema for this call only).
  FileReport validate(const Input& input);

  /// Validates inputs one at a time, keeping the compiled schemas between calls: for a server
  /// that validates one message per request. Use a session from one thread at a time (handing
  /// it between threads under a mutex is fine); several sessions of one Validator may validate
  /// at the same time, each compiling its own schemas. It must not outlive its Validator.
  class Session {
   public:
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    FileReport validate(const Input& input);

   private:
    friend class Validator;
    struct State;
    explicit Session(std::unique_ptr<State> state);
    std::unique_ptr<State> state_;
  };
  std::unique_ptr<Session> session();

 private:
  struct Impl;
  explicit Validator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace xoev
