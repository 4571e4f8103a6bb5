#pragma once
// `ozg status` words: a message's standing (transport::standing) as a state and what to do, in
// English for -f json and in the user's language for the terminal.

#include <nlohmann/json_fwd.hpp>
#include <string>

#include "xoev/transport/history.hpp"

namespace xoev::cli {

struct StatusWords {
  std::string state, advice;            ///< English (-f json)
  std::string state_text, advice_text;  ///< In the user's language (text output)
};

StatusWords status_words(const transport::Standing& s);

/// A journal verdict as a word of the user's language.
std::string verdict_word(transport::JournalVerdict v);

/// The message as `ozg status -f json` lists it (snake_case keys, English texts).
nlohmann::json status_json(const transport::MessageRecord& m, const transport::Standing& s,
                           const StatusWords& w);

}  // namespace xoev::cli
