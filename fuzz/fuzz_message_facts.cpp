// The untrusted Xerces plain parse behind inspect and the sedex envelope check.
#include "fuzz_common.hpp"
#include "xoev/inspect/inspect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto facts = xoev::read_message_facts(fuzz_file(data, size, ".xml"), {});
  if (!facts && facts.error().code.empty()) __builtin_trap();
  return 0;
}
