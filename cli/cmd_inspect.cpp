// ozg inspect: what a person debugging a transfer asks first, for one message, a sedex
// data/envelope pair, or a folder (one line per message).

#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <memory>
#include <nlohmann/json.hpp>

#include "context.hpp"
#include "help_footer.hpp"
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

struct Inspected {
  std::string name;
  MessageFacts facts;
  std::optional<FileReport> report;
  std::optional<std::pair<std::string, MessageFacts>> envelope;  // sedex partner
  std::optional<Error> error;  ///< The message could not be read: its row says why.
};

std::string thousands(std::uintmax_t n) {
  std::string s = std::to_string(n);
  for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3)
    s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

std::string standard_of(const MessageFacts& f) {
  const StandardInfo s = describe_namespace(f.root_namespace);
  return s.version.empty() ? s.name : s.name + " v" + s.version;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

/// "valid against X", or "invalid: N error(s), first: line:col: message [CODE]"; the first
/// warning is named the same way.
/// Columns a UTF-8 text takes (one per character; labels have no wide characters).
std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

std::string verdict_line(const FileReport& r) {
  auto first = [&](Severity sev) -> std::string {
    for (const auto& d : r.diagnostics) {
      if (d.severity != sev) continue;
      const std::string what = i18n::message(d) + " [" + d.code + "]";
      if (d.loc.line == 0) return i18n::fmt(N_(", first: {0}"), {what});
      return i18n::fmt(N_(", first: {0}:{1}: {2}"),
                       {std::to_string(d.loc.line), std::to_string(d.loc.column), what});
    }
    return {};
  };
  std::string s;
  if (r.verdict == Verdict::Valid) {
    s = i18n::fmt(N_("valid against {0}"), {r.schema});
    if (r.warnings > 0)
      s += "; " + i18n::fmt(N_("{0} warning(s)"), {std::to_string(r.warnings)}) +
           first(Severity::Warning);
  } else {
    s = i18n::fmt(r.verdict == Verdict::Invalid ? N_("invalid: {0} error(s)")
                                                : N_("not checked: {0} error(s)"),
                  {std::to_string(r.errors)}) +
        first(Severity::Error);
  }
  return s;
}

std::string short_verdict(const Inspected& i) {
  if (i.error) return i.error->code == "XML007" ? "unreadable" : "invalid";
  return i.report ? std::string(to_string(i.report->verdict)) : "-";
}

void print_text(Context& ctx, const Inspected& i) {
  const MessageFacts& f = i.facts;
  // The labels in the user's language, in a column as wide as the widest of them needs.
  static constexpr std::array kLabels{
      N_("file"),   N_("standard"),   N_("message"),  N_("message id"), N_("type"),
      N_("sender"), N_("recipient"),  N_("date"),     N_("test"),       N_("action"),
      N_("signed"), N_("code lists"), N_("envelope"), N_("verdict")};
  std::size_t width = 12;
  for (const char* l : kLabels) width = std::max(width, columns(i18n::tr(l)) + 2);
  auto row = [&](const char* label, const std::string& value) {
    const std::string l = i18n::tr(label);
    ctx.out << l << std::string(width - columns(l), ' ') << (value.empty() ? "-" : value) << '\n';
  };
  const auto yes_no = [](bool yes) { return i18n::tr(yes ? N_("yes") : N_("no")); };
  row(kLabels[0], i18n::fmt(N_("{0} ({1} bytes, {2} elements)"),
                            {i.name, thousands(f.bytes), thousands(f.elements)}));
  row(kLabels[1], standard_of(f) + "  (" + f.root_namespace + ")");
  row(kLabels[2], f.root + (f.content.empty() ? "" : " / " + f.content));
  row(kLabels[3], f.message_id);
  row(kLabels[4], f.message_type);
  row(kLabels[5], f.sender);
  row(kLabels[6], joined(f.recipients));
  row(kLabels[7], f.date);
  row(kLabels[8],
      f.test.empty() ? "" : yes_no(f.test == "true" || f.test == "1") + " (" + f.test + ")");
  row(kLabels[9], f.action);
  row(kLabels[10], !f.signed_         ? yes_no(false)
                   : f.signer.empty() ? i18n::tr(N_("yes (not verified)"))
                                      : i18n::fmt(N_("yes, by {0} (not verified)"), {f.signer}));
  if (i.report) {
    std::string lists;
    for (const auto& [key, installed] : i.report->codes.lists) {
      const std::string version = key.second.empty() ? i18n::tr(N_("(no version)")) : key.second;
      lists += (lists.empty() ? "" : ", ") +
               i18n::fmt(installed ? N_("{0} {1} (installed)") : N_("{0} {1} (NOT installed)"),
                         {key.first, version});
    }
    if (!lists.empty()) row(kLabels[11], lists);
  }
  if (i.envelope) {
    const MessageFacts& e = i.envelope->second;
    auto dash = [](const std::string& v) { return v.empty() ? std::string("-") : v; };
    row(kLabels[12], i18n::fmt(N_("{0}: id {1}, type {2}, {3} -> {4}"),
                               {i.envelope->first, dash(e.message_id), dash(e.message_type),
                                dash(e.sender), joined(e.recipients)}));
  }
  if (i.report) row(kLabels[13], verdict_line(*i.report));
}

ordered_json to_json(const Inspected& i) {
  if (i.error)
    return {{"file", i.name},
            {"verdict", short_verdict(i)},
            {"error", {{"code", i.error->code}, {"message", i.error->message}}}};
  const MessageFacts& f = i.facts;
  const StandardInfo s = describe_namespace(f.root_namespace);
  ordered_json j{{"file", i.name},
                 {"bytes", f.bytes},
                 {"elements", f.elements},
                 {"standard", s.name},
                 {"version", s.version},
                 {"namespace", f.root_namespace},
                 {"root", f.root},
                 {"content", f.content},
                 {"message_id", f.message_id},
                 {"message_type", f.message_type},
                 {"sender", f.sender},
                 {"recipients", f.recipients},
                 {"date", f.date},
                 {"test", f.test},
                 {"action", f.action},
                 {"signed", f.signed_},
                 {"signer", f.signer}};
  if (i.report) {
    ordered_json lists = ordered_json::array();
    for (const auto& [key, installed] : i.report->codes.lists)
      lists.push_back({{"uri", key.first}, {"version", key.second}, {"installed", installed}});
    j["code_lists"] = std::move(lists);
    j["verdict"] = std::string(to_string(i.report->verdict));
    j["schema"] = i.report->schema;
    j["errors"] = i.report->errors;
    j["warnings"] = i.report->warnings;
    j["summary"] = verdict_line(*i.report);
  }
  if (i.envelope) {
    const MessageFacts& e = i.envelope->second;
    j["envelope"] = {{"file", i.envelope->first},      {"message_id", e.message_id},
                     {"message_type", e.message_type}, {"sender", e.sender},
                     {"recipients", e.recipients},     {"date", e.date}};
  }
  return j;
}

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
    for (const auto& i : all) out.push_back(to_json(i));
    ctx.out << (table ? out.dump(2) : (out.empty() ? std::string("null") : out[0].dump(2))) << '\n';
  } else if (!table) {
    for (const auto& i : all)
      if (!i.error) print_text(ctx, i);
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
