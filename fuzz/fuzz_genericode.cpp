// The genericode reader behind 'ozg codelists add'.
#include "fuzz_common.hpp"
#include "xml/xerces.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto table = xoev::xml::read_genericode(fuzz_file(data, size, ".xml"));
  if (!table && table.error().code.empty()) __builtin_trap();
  return 0;
}
