// ozg explain CODE: the explanation of a diagnostic code.

#include <CLI/CLI.hpp>
#include <memory>

#include "context.hpp"
#include "xoev/diag/codes.hpp"

namespace xoev::cli {

void setup_explain(CLI::App& sub, Context& ctx) {
  auto code = std::make_shared<std::string>();
  sub.add_option("code", *code, "a code such as XSD101; without it, all codes are listed");
  sub.callback([&ctx, code] {
    if (code->empty()) {
      for (const auto& c : all_codes()) ctx.out << c.code << "  " << c.title << '\n';
      ctx.status = kOk;
      return;
    }
    std::string upper = *code;
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    const CodeInfo* info = find_code(upper);
    if (info == nullptr) {
      ctx.err << "ozg: error: unknown code '" << *code << "'; 'ozg explain' lists them all\n";
      ctx.status = kUsage;
      return;
    }
    ctx.out << info->code << ": " << info->title << "\n\n" << info->explanation << '\n';
    ctx.status = kOk;
  });
}

}  // namespace xoev::cli
