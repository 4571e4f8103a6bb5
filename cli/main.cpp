// The ozg executable: forwards argv and the process streams to the CLI library.

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <iostream>

#include "context.hpp"

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  xoev::cli::Context ctx(std::cout, std::cerr);
  ctx.out_is_tty = isatty(STDOUT_FILENO) != 0;
  ctx.err_is_tty = isatty(STDERR_FILENO) != 0;
#if !defined(__SANITIZE_ADDRESS__)  // sanitizer builds keep the teardown: LeakSanitizer checks it
  ctx.finish = [](int code) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
  };
#endif
  try {
    const int rc = xoev::cli::run(argc, argv, ctx);
    std::cout.flush();
    return rc;
  } catch (const std::exception& e) {
    std::cerr << "ozg: internal error: " << e.what()
              << "\nPlease report this with the command line and input that caused it.\n";
  } catch (...) {
    std::cerr << "ozg: internal error\n";
  }
  return xoev::cli::kInternal;
}
