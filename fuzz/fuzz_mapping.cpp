// The mapping loader (YAML, extends/include confinement, expressions).
#include "fuzz_common.hpp"
#include "xoev/mapping/mapping.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  xoev::DiagnosticSink sink;
  auto m = xoev::Mapping::load(fuzz_file(data, size, ".yaml"), sink);
  if (!m && sink.error_count() == 0 && m.error().code.empty()) __builtin_trap();
  return 0;
}
