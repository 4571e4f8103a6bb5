// Signature verification on hostile signed messages (structure, KeyInfo, transforms).
#include "fuzz_common.hpp"
#include "xoev/sign/signature.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static auto verifier = xoev::Verifier::create({});
  xoev::DiagnosticSink sink;
  verifier->verify(fuzz_file(data, size, ".xml"), "fuzz.xml", sink);
  if (sink.error_count() == 0) __builtin_trap();  // no trust anchors: never good
  return 0;
}
