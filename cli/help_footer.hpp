#pragma once
// The --help footer of each command comes from its man page (one doc source per command).

#include <string>
#include <string_view>

namespace xoev::cli {

/// The footer of `ozg CMD --help` for the man page PAGE (e.g. "ozg-send"): its marked summary,
/// EXIT STATUS and EXAMPLES, rendered by groff at build time (man/help_footer.py).
std::string help_footer(std::string_view page);

}  // namespace xoev::cli
