// ozg inspect: what a person debugging a transfer asks first, for one message, a sedex
// data/envelope pair, or a folder (one line per message).

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>

#include "context.hpp"
#include "help_footer.hpp"
#include "inspect_output.hpp"
#include "profile_options.hpp"
#include "xoev/codelist/codelist.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/inspect/inspect.hpp"
#include "xoev/repo/schema_repo.hpp"
#include "xoev/util/stdin_spool.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::cli {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

struct InspectArgs {
  std::vector<std::string> operands;
  std::string format = "text";
  std::string sort = "file";
  bool no_validate = false;
  ProfileArgs profile;
};

int do_inspect(Context& ctx, const InspectArgs& a) {
  auto profile = load_profile(ctx, a.profile);
  if (!profile) return ctx.report(profile.error());
  auto validator = profile->validator(profile->options());
  if (!validator) return ctx.report(validator.error());

  const auto inputs = collect_inputs(a.operands);
  const bool table = inputs.size() > 1 ||
                     std::any_of(a.operands.begin(), a.operands.end(), [](const std::string& o) {
                       std::error_code ec;
                       return fs::is_directory(o, ec);
                     });
  std::vector<Inspected> all;
  Tally tally;
  StdinSpool spool;  // "-": the message from standard input, read twice (facts, validation)
  for (auto in : inputs) {
    if (in.is_stdin) {
      auto spooled = spool.fill_from_stdin();
      if (!spooled) return ctx.report(spooled.error());
      in = Input("<stdin>", *spooled, false);
    }
    // In a folder, an envelope is shown with its data file, not on a line of its own.
    if (table && in.path.filename().string().starts_with("envl_") && sedex_partner(in.path))
      continue;
    auto facts = in.unreadable.empty()
                     ? read_message_facts(in.path, profile->limits())
                     : Result<MessageFacts>(
                           fail(ErrorKind::Input, "XML007", "{0}: {1}", {in.name, in.unreadable}));
    if (!facts) {
      // Every input gets its row, with the code `ozg validate` gives the same file.
      ctx.report(facts.error());
      const bool unreadable = facts.error().code == "XML007";
      tally.count(unreadable ? kUnreadable : kFindings);
      all.push_back({in.name, {}, std::nullopt, std::nullopt, facts.error()});
      continue;
    }
    Inspected i{in.name, std::move(*facts), std::nullopt, std::nullopt, std::nullopt};
    if (!a.no_validate) i.report = (*validator)->validate(in);
    if (auto partner = sedex_partner(in.path)) {
      if (auto e = read_message_facts(*partner, profile->limits()))
        i.envelope.emplace(partner->filename().string(), std::move(*e));
    }
    if (i.report && i.report->verdict != Verdict::Valid) ++tally.invalid;
    all.push_back(std::move(i));
  }

  const auto key = [&](const Inspected& i) -> std::string {
    if (a.sort == "date") return i.facts.date;
    if (a.sort == "sender") return i.facts.sender;
    if (a.sort == "type") return i.facts.message_type;
    if (a.sort == "standard") return standard_of(i.facts);
    if (a.sort == "verdict") return short_verdict(i);
    return i.name;
  };
  std::stable_sort(all.begin(), all.end(),
                   [&](const Inspected& x, const Inspected& y) { return key(x) < key(y); });

  if (a.format == "json") {
    ordered_json out = ordered_json::array();
    for (const auto& i : all) out.push_back(inspect_json(i));
    ctx.out << (table ? out.dump(2) : (out.empty() ? std::string("null") : out[0].dump(2))) << '\n';
  } else if (!table) {
    for (const auto& i : all)
      if (!i.error) print_inspected(ctx, i);
  } else {
    ctx.out << "VERDICT\tSTANDARD\tMESSAGE\tTYPE\tSENDER\tRECIPIENT\tDATE\tID\tFILE\n";
    for (const auto& i : all) {
      const MessageFacts& f = i.facts;
      auto dash = [](const std::string& s) { return s.empty() ? std::string("-") : s; };
      ctx.out << short_verdict(i) << '\t' << standard_of(f) << '\t'
              << f.root + (f.content.empty() ? "" : "/" + f.content) << '\t' << dash(f.message_type)
              << '\t' << dash(f.sender) << '\t' << dash(joined(f.recipients)) << '\t'
              << dash(f.date) << '\t' << dash(f.message_id) << '\t' << i.name << '\n';
    }
  }
  return tally.exit_code();
}

}  // namespace

void setup_inspect(CLI::App& sub, Context& ctx) {
  auto a = std::make_shared<InspectArgs>();
  sub.footer(help_footer("ozg-inspect"));
  sub.add_option("inputs", a->operands, "message files or folders")->required();
  sub.add_option("-f,--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  sub.add_option("--sort", a->sort,
                 "order of the lines: file, date, sender, type, standard, verdict")
      ->check(CLI::IsMember({"file", "date", "sender", "type", "standard", "verdict"}));
  sub.add_flag("--no-validate", a->no_validate, "skip the validation verdict (faster)");
  add_profile_options(sub, a->profile);
  sub.callback([&ctx, a] { ctx.status = do_inspect(ctx, *a); });
}

}  // namespace xoev::cli
