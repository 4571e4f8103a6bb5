// The hardened libxml2 loader (xml::parse_tree): every input ends in a tree or a diagnostic.
#include "xoev/xml/tree.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  xoev::DiagnosticSink sink;
  auto doc = xoev::xml::parse_tree(std::string_view(reinterpret_cast<const char*>(data), size),
                                   "fuzz.xml", {}, sink);
  if (!doc && sink.error_count() == 0) __builtin_trap();  // refused without saying why
  return 0;
}
