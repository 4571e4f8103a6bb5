#include "inspect_output.hpp"

#include <array>

#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"

namespace xoev::cli {

using nlohmann::ordered_json;

namespace {

std::string thousands(std::uintmax_t n) {
  const std::string digits = std::to_string(n);
  std::string s;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s += ',';
    s += digits[i];
  }
  return s;
}

}  // namespace

std::string standard_of(const MessageFacts& f) {
  const StandardInfo s = describe_namespace(f.root_namespace);
  return s.version.empty() ? s.name : s.name + " v" + s.version;
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
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

void print_inspected(Context& ctx, const Inspected& i) {
  const MessageFacts& f = i.facts;
  // The labels in the user's language, in a column as wide as the widest of them needs.
  static constexpr std::array kLabels{
      N_("file"),   N_("standard"),   N_("message"),  N_("message id"), N_("type"),
      N_("sender"), N_("recipient"),  N_("date"),     N_("test"),       N_("action"),
      N_("signed"), N_("code lists"), N_("envelope"), N_("verdict")};
  std::size_t width = 12;
  for (const char* l : kLabels) width = std::max(width, utf8_length(i18n::tr(l)) + 2);
  auto row = [&](const char* label, const std::string& value) {
    const std::string l = i18n::tr(label);
    ctx.out << l << std::string(width - utf8_length(l), ' ') << (value.empty() ? "-" : value)
            << '\n';
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

ordered_json inspect_json(const Inspected& i) {
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

}  // namespace xoev::cli
