#pragma once
// The command line's words for the remedies the core reports (cli/remedy_words.cpp).

#include <optional>

#include "xoev/diag/i18n.hpp"

namespace xoev::cli {

/// The hint for a finding with a Remedy, for the person running ozg here; installed with
/// i18n::set_remedy_wording at start.
std::optional<i18n::Words> local_words(const Diagnostic& d);

}  // namespace xoev::cli
