#pragma once
// The CLI's view of the process: injected streams, terminal facts and the exit-code contract.
// Subcommands write only to these streams and return an exit code, so tests can run them
// in-process.

#include <cstddef>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "xoev/util/result.hpp"

namespace CLI {
class App;
}

namespace xoev::cli {

/// Exit codes (documented in man/ozg.1). Never a count.
enum Exit : int {
  kOk = 0,          ///< Everything valid / done.
  kFindings = 1,    ///< Error-severity findings (a message is invalid).
  kUsage = 2,       ///< Bad command line.
  kUnreadable = 3,  ///< Input or configuration unreadable (missing file, broken repository).
  kSignature = 4,   ///< Signing or verification failed.
  kTransport = 5,   ///< Transfer failed.
  kInternal = 70,   ///< A bug in ozg.
};

enum class ColorMode { Auto, Always, Never };

struct Context {
  Context(std::ostream& o, std::ostream& e) : out(o), err(e) {}
  std::ostream& out;
  std::ostream& err;
  bool out_is_tty = false;
  bool err_is_tty = false;
  bool no_color_env = false;  ///< NO_COLOR is set.
  ColorMode color = ColorMode::Auto;
  std::string repo;  ///< --repo; empty: SchemaRepository::default_root().
  int status = kOk;
  /// Set by the executable (not by tests, which call run() in-process): ends the process with
  /// the given code once a command has written everything, without tearing down what it built
  /// (freeing a compiled grammar and the libraries' exit handlers cost milliseconds per run).
  std::function<void(int)> finish;

  [[nodiscard]] bool color_err() const {
    return color == ColorMode::Always || (color == ColorMode::Auto && err_is_tty && !no_color_env);
  }
  [[nodiscard]] std::filesystem::path repo_root() const;
  /// Prints "ozg: error: message" and the hint to err, and returns the exit code for the kind.
  int report(const Error& e) const;
  /// Prints "ozg: LEVEL: text" to err, LEVEL ("error", "warning", "note") and the fixed text
  /// `text` (mark it with N_) in the user's language.
  void say(const char* level, const char* text) const;
  /// The same for the template `tmpl` (N_) filled with `args`, then " [code]" if given.
  void say(const char* level, const char* tmpl, const std::vector<std::string>& args,
           const char* code = nullptr) const;
  /// Prints "    hint: text" (translated) to err.
  void hint(const char* text) const;
};

int exit_code(ErrorKind kind);

/// The inputs of a run counted by outcome, and the one rule that turns them into the exit code
/// of every command that handles several inputs: the most serious outcome wins, which is the
/// highest code (70 internal, 5 transport, 4 signature, 3 unreadable, 2 usage, 1 invalid, 0).
/// The status is never a count.
struct Tally {
  std::size_t invalid = 0;     ///< error-severity findings: kFindings
  std::size_t usage = 0;       ///< kUsage (e.g. a sedex envelope field missing)
  std::size_t unreadable = 0;  ///< input or configuration unreadable: kUnreadable
  std::size_t signature = 0;   ///< signing or verification failed: kSignature
  std::size_t transport = 0;   ///< transfer failed: kTransport
  std::size_t internal = 0;    ///< kInternal
  /// Counts one input by the exit code of what happened to it; kOk counts nothing.
  void count(int exit_code);
  [[nodiscard]] int exit_code() const;
};

/// $OZG_CONFIG, else $XDG_CONFIG_HOME/ozg/config.yaml, else ~/.config/ozg/config.yaml.
std::filesystem::path default_config_path();

// One function per subcommand file: each adds its options to `sub` and sets its callback,
// which stores the exit code in ctx.status.
void setup_validate(CLI::App& sub, Context& ctx);
void setup_schemas(CLI::App& sub, Context& ctx);
void setup_codelists(CLI::App& sub, Context& ctx);
void setup_schematron(CLI::App& sub, Context& ctx);
void setup_inspect(CLI::App& sub, Context& ctx);
void setup_sign(CLI::App& sub, Context& ctx);
void setup_verify(CLI::App& sub, Context& ctx);
void setup_explain(CLI::App& sub, Context& ctx);
void setup_completion(CLI::App& sub, Context& ctx);
void setup_transform(CLI::App& sub, Context& ctx);
void setup_mapping(CLI::App& sub, Context& ctx);
void setup_send(CLI::App& sub, Context& ctx);
void setup_receive(CLI::App& sub, Context& ctx);
void setup_status(CLI::App& sub, Context& ctx);

/// Entry point shared by main() and the in-process tests.
int run(int argc, const char* const* argv, Context& ctx);

}  // namespace xoev::cli
