// ozg explain CODE: the explanation of a diagnostic code, in the user's language.

#include <CLI/CLI.hpp>
#include <memory>

#include "context.hpp"
#include "help_footer.hpp"
#include "xoev/diag/codes.hpp"
#include "xoev/diag/i18n.hpp"

namespace xoev::cli {

void setup_explain(CLI::App& sub, Context& ctx) {
  auto code = std::make_shared<std::string>();
  sub.add_option("code", *code, "a code such as XSD101; without it, all codes are listed");
  sub.footer(help_footer("ozg-explain"));
  sub.callback([&ctx, code] {
    if (code->empty()) {
      for (const auto& c : all_codes()) ctx.out << c.code << "  " << i18n::tr(c.title) << '\n';
      ctx.status = kOk;
      return;
    }
    std::string upper = *code;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const CodeInfo* info = find_code(upper);
    if (info == nullptr) {
      ctx.err << "ozg: " << i18n::tr("error") << ": "
              << i18n::fill(i18n::tr(N_("unknown code '{0}'; 'ozg explain' lists them all")),
                            {*code})
              << '\n';
      ctx.status = kUsage;
      return;
    }
    ctx.out << info->code << ": " << i18n::tr(info->title) << "\n\n"
            << i18n::tr(info->explanation) << '\n';
    ctx.status = kOk;
  });
}

}  // namespace xoev::cli
