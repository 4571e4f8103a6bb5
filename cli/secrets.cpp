#include "secrets.hpp"

#include <cstdlib>
#include <fstream>

namespace xoev::cli {

Result<std::string> read_secret(const std::string& pass_file,
                                std::initializer_list<const char*> env, const char* code) {
  if (!pass_file.empty()) {
    std::ifstream in(pass_file);
    std::string line;
    if (!in || !std::getline(in, line))
      return fail(ErrorKind::Input, code, N_("{0}: cannot read the password file"), {pass_file});
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  for (const char* var : env)
    if (const char* v = std::getenv(var); v != nullptr) return std::string(v);
  return std::string();
}

}  // namespace xoev::cli
