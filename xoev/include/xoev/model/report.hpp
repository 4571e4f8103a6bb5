#pragma once
/// The result of checking one input: its verdict and findings. Produced by the validator,
/// rendered by the reporters, which need nothing else from the validator.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/model/codes.hpp"
#include "xoev/model/diagnostic.hpp"
#include "xoev/model/facts.hpp"
#include "xoev/util/result.hpp"

namespace xoev {

/// One input as named on the command line ("-" is standard input).
struct Input {
  Input() = default;
  Input(std::string n, std::filesystem::path p, bool in = false, std::string why = {})
      : name(std::move(n)), path(std::move(p)), is_stdin(in), unreadable(std::move(why)) {}

  std::string name;  ///< As shown in reports ("<stdin>" for "-").
  std::filesystem::path path;
  bool is_stdin = false;
  /// Set by the input walker for a folder it could not read; the input then reports XML007.
  std::string unreadable;
};

enum class Verdict {
  Valid,      ///< No errors.
  Invalid,    ///< Findings of error severity about the message.
  Unchecked,  ///< Could not be checked: unreadable input or unusable schema.
};

std::string_view to_string(Verdict v);

/// One Schematron file that applies to a message, and what became of it.
struct SchematronUse {
  enum class Status {
    Checked,      ///< The rules ran (their findings are diagnostics).
    Skipped,      ///< Not run: the schema step failed (SCH211).
    Unavailable,  ///< Not run: no Java VM or Saxon (SCH210).
    Failed,       ///< The rules do not compile or failed on the message (SCH212, SCH213).
  };
  std::string name;     ///< As installed (`ozg schematron list`).
  std::string file;     ///< Repository path of the .sch.
  std::string version;  ///< May be empty.
  std::string sha256;
  Status status = Status::Checked;
};

/// "checked", "skipped", "unavailable" or "failed".
std::string_view to_string(SchematronUse::Status s);

/// The KoSIT scenario a message was checked with (`ozg validate --scenarios`), and whether it is
/// accepted: KoSIT's policy, kept apart from the verdict (an acceptMatch may accept a message
/// with errors, or reject one without).
struct ScenarioUse {
  enum class Acceptance { Accepted, Rejected };
  std::string name;  ///< Empty when no scenario matched.
  Acceptance acceptance = Acceptance::Rejected;
  bool by_accept_match = false;  ///< Decided by the scenario's acceptMatch, else by the errors.
};

/// "accepted" or "rejected".
std::string_view to_string(ScenarioUse::Acceptance a);

struct FileReport {
  Input input;
  Verdict verdict = Verdict::Valid;
  std::string root_namespace;
  std::string root_element;
  std::string schema;    ///< Repository path (or file) of the schema used; empty if none.
  Phrase schema_reason;  ///< Why that schema was chosen (empty id: not said).
  std::vector<Diagnostic> diagnostics;
  std::size_t errors = 0;  ///< All errors, including those beyond the cap.
  std::size_t warnings = 0;
  std::uintmax_t bytes = 0;
  double seconds = 0;
  CodeStats codes;                        ///< Code-list check of this file.
  std::optional<MessageFacts> facts;      ///< Header facts, read in the validating pass.
  std::vector<SchematronUse> schematron;  ///< The Schematron files for its namespace.
  std::optional<ScenarioUse> scenario;    ///< With --scenarios only.
};

}  // namespace xoev
