// Dispatch: one table of subcommands drives registration, `ozg help` and "did you mean".

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <regex>
#include <string_view>

#include "context.hpp"
#include "help_footer.hpp"
#include "remedy_words.hpp"
#include "version.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev::cli {

namespace {

struct Command {
  std::string_view name;
  std::string_view summary;
  void (*setup)(CLI::App&, Context&);
};

constexpr std::array kCommands{
    Command{"validate", N_("validate messages against their XÖV/eCH schemas"), setup_validate},
    Command{"inspect",
            N_("standard, ids, sender, recipient, date, signature and verdict of messages"),
            setup_inspect},
    Command{"schemas", N_("manage the local schema repository (add, list, show, remove, fetch)"),
            setup_schemas},
    Command{"transform",
            N_("transform messages with a YAML mapping (JSON/XML/CSV to XML/JSON/CSV)"),
            setup_transform},
    Command{"mapping", N_("check mapping files and run their examples (check, test)"),
            setup_mapping},
    Command{"sign", N_("sign a message (XML Signature, X.509)"), setup_sign},
    Command{"verify", N_("verify signed messages against trusted CAs"), setup_verify},
    Command{"codelists", N_("manage genericode code lists (add, list, show)"), setup_codelists},
    Command{"schematron", N_("manage the standards' Schematron rules (add, list, remove)"),
            setup_schematron},
    Command{"explain", N_("explain a diagnostic code"), setup_explain},
    Command{"send",
            N_("validate and deliver messages (HTTPS with mutual TLS, sedex outbox, folder)"),
            setup_send},
    Command{"receive",
            N_("HTTPS inbox: validate and store messages sent by clients with certificates"),
            setup_receive},
    Command{"status", N_("what happened to a message: journal of attempts and sedex receipts"),
            setup_status},
    Command{"completion", N_("shell completion for bash, zsh or fish"), setup_completion},
};

void print_help(std::ostream& out) {
  out << "ozg " << kVersion << " - "
      << i18n::tr(N_("validate, inspect and exchange XÖV and eCH messages")) << "\n\n"
      << i18n::tr(N_("usage: ozg [--repo DIR] [--color auto|always|never] COMMAND [ARGS...]"))
      << "\n\n"
      << i18n::tr(N_("commands:")) << '\n';
  for (const auto& c : kCommands) {
    out << "  " << c.name << std::string(12 - c.name.size(), ' ') << i18n::tr(c.summary) << '\n';
  }
  out << '\n'
      << i18n::tr(N_(
             "'ozg COMMAND --help' describes a command; 'man ozg' describes exit codes and files."))
      << '\n';
}

/// CLI11's messages in ozg's words: "--max-errors: Value 0 not in range 0.000000 to 1.8e308"
/// becomes "--max-errors: expected a positive number, got 0"; "--color: At Most 1 required but
/// received 2" becomes "--color: given 2 times; give it once".
std::string worded(const std::string& m) {
  using i18n::fmt;
  static const std::regex range(R"(^(.*): Value (\S+) not in range (\S+) to (\S+)$)");
  static const std::regex once(R"(^(.*): At Most 1 required but received (\d+)$)");
  std::smatch g;
  if (std::regex_match(m, g, range)) {
    const auto whole = [](std::string v) {
      if (const auto dot = v.find('.'); dot != std::string::npos) v.erase(dot);
      return v;
    };
    if (g[4].length() > 20)
      return fmt(N_("{0}: expected a positive number, got {1}"), {g[1].str(), g[2].str()});
    return fmt(N_("{0}: expected a number from {1} to {2}, got {3}"),
               {g[1].str(), whole(g[3]), whole(g[4]), g[2].str()});
  }
  if (std::regex_match(m, g, once))
    return fmt(N_("{0}: given {1} times; give it once"), {g[1].str(), g[2].str()});
  static const std::regex required(R"(^(\S+) is required$)");
  if (std::regex_match(m, g, required))
    return g[1].str().starts_with("-") ? fmt(N_("missing option {0}"), {g[1].str()})
                                       : fmt(N_("missing operand: {0}"), {g[1].str()});
  // CLI11's words for a value outside a set and for extra arguments.
  static const std::regex member(R"(^(\S+): (.*) not in (\{.*\})$)");
  if (std::regex_match(m, g, member))
    return fmt(N_("{0}: {1} not in {2}"), {g[1].str(), g[2].str(), g[3].str()});
  static const std::regex extra(R"(^The following argument was not expected: (.*)$)");
  if (std::regex_match(m, g, extra))
    return fmt(N_("The following argument was not expected: {0}"), {g[1].str()});
  static const std::regex extras(R"(^The following arguments were not expected: (.*)$)");
  if (std::regex_match(m, g, extras))
    return fmt(N_("The following arguments were not expected: {0}"), {g[1].str()});
  return m;
}

}  // namespace

int run(int argc, const char* const* argv, Context& ctx) {
  if (const char* nc = std::getenv("NO_COLOR"); nc != nullptr && *nc != 0) ctx.no_color_env = true;

  // The language first, so that everything ozg says is in it, usage errors included; and the
  // words for what the user here can do about a finding (cli/remedy_words.cpp).
  i18n::set_remedy_wording(local_words);
  std::string lang;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--lang" && i + 1 < argc) lang = argv[i + 1];
    if (a.starts_with("--lang=")) lang = a.substr(7);
  }
  {
    std::error_code ec;
    i18n::set_language(i18n::choose_language(lang),
                       i18n::locale_dir(std::filesystem::read_symlink("/proc/self/exe", ec)));
  }

  // The first operand that is not an option names the command; catch typos before CLI11 does,
  // so the user gets the nearest command instead of "arguments were not expected".
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--repo" || a == "--color" || a == "--lang") {
      ++i;
      continue;
    }
    if (a.starts_with("-")) continue;
    if (a == "help") {
      if (i + 1 < argc) {  // "ozg help schemas add" = "ozg schemas add --help"
        std::vector<const char*> args(argv, argv + i);
        args.insert(args.end(), argv + i + 1, argv + argc);
        args.push_back("--help");
        return run(static_cast<int>(args.size()), args.data(), ctx);
      }
      print_help(ctx.out);
      return kOk;
    }
    const bool known = std::any_of(kCommands.begin(), kCommands.end(),
                                   [&](const Command& c) { return c.name == a; });
    if (!known) {
      std::vector<std::string_view> names;
      for (const auto& c : kCommands) names.push_back(c.name);
      ctx.err << "ozg: "
              << i18n::fill(i18n::tr(N_("'{0}' is not an ozg command.")), {std::string(a)});
      if (auto best = closest_match(a, names))
        ctx.err << ' ' << i18n::fill(i18n::tr(N_("Did you mean '{0}'?")), {std::string(*best)});
      ctx.err << '\n' << i18n::tr("See 'ozg help' for the list of commands.") << '\n';
      return kUsage;
    }
    break;
  }

  CLI::App app{"ozg - validate, inspect and exchange XÖV and eCH messages", "ozg"};
  app.set_version_flag("--version", std::string("ozg ") + kVersion);
  app.require_subcommand(0, 1);
  app.fallthrough();
  app.add_option("--repo", ctx.repo,
                 "schema repository folder (default: $OZG_HOME, "
                 "$XDG_DATA_HOME/ozg, ~/.local/share/ozg)");
  std::string color = "auto";
  app.add_option("--color", color, "colour in text output")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.add_option("--lang", lang,
                 "language of messages: en, de or fr (default: from LANGUAGE, LC_ALL, "
                 "LC_MESSAGES, LANG)")
      ->check(CLI::IsMember({"en", "de", "fr"}));
  app.footer(help_footer("ozg"));
  for (const auto& c : kCommands) {
    CLI::App* sub = app.add_subcommand(std::string(c.name), std::string(c.summary));
    c.setup(*sub, ctx);
  }
  app.parse_complete_callback([&] {
    ctx.color = color == "always"  ? ColorMode::Always
                : color == "never" ? ColorMode::Never
                                   : ColorMode::Auto;
  });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    ctx.out << app.help();
    return kOk;
  } catch (const CLI::CallForVersion& e) {
    ctx.out << e.what() << '\n';
    return kOk;
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {
      // --help of a subcommand
      const CLI::App* target = &app;
      for (const auto* sub : app.get_subcommands()) target = sub;
      ctx.out << target->help();
      return kOk;
    }
    ctx.err << "ozg: " << i18n::tr("error") << ": " << worded(e.what()) << '\n'
            << i18n::tr("See 'ozg help' or 'ozg COMMAND --help'.") << '\n';
    return kUsage;
  }
  if (app.get_subcommands().empty()) {
    print_help(ctx.out);
    return kUsage;
  }
  return ctx.status;
}

}  // namespace xoev::cli
