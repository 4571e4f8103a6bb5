#pragma once
// `ozg inspect` output: the labelled text of one message, its JSON object, the verdict line.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>

#include "context.hpp"
#include "xoev/inspect/inspect.hpp"
#include "xoev/validate/validator.hpp"

namespace xoev::cli {

struct Inspected {
  std::string name;
  MessageFacts facts;
  std::optional<FileReport> report;
  std::optional<std::pair<std::string, MessageFacts>> envelope;  // sedex partner
  std::optional<Error> error;  ///< The message could not be read: its row says why.
};

/// "eCH-0020 v3.0", or the name alone when the namespace gives no version.
std::string standard_of(const MessageFacts& f);
/// "a, b, c".
std::string joined(const std::vector<std::string>& v);
/// "valid", "invalid", "unreadable" or "-" (not validated): the VERDICT column.
std::string short_verdict(const Inspected& i);
/// "valid against X", or "invalid: N error(s), first: line:col: message [CODE]".
std::string verdict_line(const FileReport& r);
/// The labelled rows of one message, in the user's language, to ctx.out.
void print_inspected(Context& ctx, const Inspected& i);
/// One message as `ozg inspect -f json` lists it.
nlohmann::ordered_json inspect_json(const Inspected& i);

}  // namespace xoev::cli
