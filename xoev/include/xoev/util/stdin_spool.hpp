#pragma once
/// Standard input copied to a temporary file that is removed with the spool, so that it can be
/// read several times (root detection, then validation; or a parse for signing) without being
/// held in memory. The one way ozg reads "-".

#include <filesystem>

#include "xoev/util/result.hpp"

namespace xoev {

class StdinSpool {
 public:
  StdinSpool() = default;
  ~StdinSpool();
  StdinSpool(const StdinSpool&) = delete;
  StdinSpool& operator=(const StdinSpool&) = delete;

  /// Copies all of standard input; XML007 if the temporary file cannot be written.
  Result<std::filesystem::path> fill_from_stdin();

 private:
  std::filesystem::path path_;
};

}  // namespace xoev
