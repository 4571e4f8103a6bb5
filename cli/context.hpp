#pragma once
// The CLI's view of the process: injected streams, terminal facts and the exit-code contract.
// Subcommands write only to these streams and return an exit code, so tests can run them
// in-process.

#include <filesystem>
#include <iosfwd>
#include <string>

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

  [[nodiscard]] bool color_err() const {
    return color == ColorMode::Always || (color == ColorMode::Auto && err_is_tty && !no_color_env);
  }
  [[nodiscard]] std::filesystem::path repo_root() const;
  /// Prints "ozg: error: message" and the hint to err, and returns the exit code for the kind.
  int report(const Error& e) const;
};

int exit_code(ErrorKind kind);

/// $OZG_CONFIG, else $XDG_CONFIG_HOME/ozg/config.yaml, else ~/.config/ozg/config.yaml.
std::filesystem::path default_config_path();

// One function per subcommand file: each adds its options to `sub` and sets its callback,
// which stores the exit code in ctx.status.
void setup_validate(CLI::App& sub, Context& ctx);
void setup_schemas(CLI::App& sub, Context& ctx);
void setup_codelists(CLI::App& sub, Context& ctx);
void setup_inspect(CLI::App& sub, Context& ctx);
void setup_sign(CLI::App& sub, Context& ctx);
void setup_verify(CLI::App& sub, Context& ctx);
void setup_explain(CLI::App& sub, Context& ctx);
void setup_transform(CLI::App& sub, Context& ctx);
void setup_mapping(CLI::App& sub, Context& ctx);
void setup_send(CLI::App& sub, Context& ctx);
void setup_receive(CLI::App& sub, Context& ctx);
void setup_status(CLI::App& sub, Context& ctx);

/// Entry point shared by main() and the in-process tests.
int run(int argc, const char* const* argv, Context& ctx);

}  // namespace xoev::cli
