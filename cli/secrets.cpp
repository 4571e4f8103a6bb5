#include "secrets.hpp"

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iostream>

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

std::string ask_secret(const std::string& prompt) {
  if (isatty(STDIN_FILENO) == 0 || isatty(STDERR_FILENO) == 0) return std::string();
  std::cerr << prompt << std::flush;
  termios old{};
  tcgetattr(STDIN_FILENO, &old);
  termios quiet = old;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  std::getline(std::cin, line);
  tcsetattr(STDIN_FILENO, TCSANOW, &old);
  std::cerr << '\n';
  return line;
}

}  // namespace xoev::cli
