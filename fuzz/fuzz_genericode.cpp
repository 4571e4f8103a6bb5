// The code-list readers behind 'ozg codelists add': genericode, then eCH-0071/eCH-0072.
#include "fuzz_common.hpp"
#include "xml/xerces.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto file = fuzz_file(data, size, ".xml");
  auto table = xoev::xml::read_genericode(file);
  if (!table && table.error().code.empty()) __builtin_trap();
  auto ech = xoev::xml::read_ech_list(file);
  if (!ech && ech.error().code.empty()) __builtin_trap();
  return 0;
}
