// The receiver's request handling on arbitrary bytes: what an authenticated client sends on one
// connection, parsed, checked, spooled, validated against tests/data/schemas/testbundle and
// stored, without TLS or sockets (answer_requests, the code the connections run).
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "xoev/repo/schema_repo.hpp"
#include "xoev/transport/receiver.hpp"
#include "xoev/validate/validator.hpp"

namespace {

namespace fs = std::filesystem;

struct Receiving {
  std::optional<xoev::SchemaRepository> repo;
  std::unique_ptr<xoev::Validator> validator;
  std::unique_ptr<xoev::Validator::Session> session;
  xoev::transport::ReceiverOptions opts;

  Receiving() {
    // In memory where there is /dev/shm: the receiver fsyncs every body it stores.
    const fs::path base =
        fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
    const fs::path dir = base / ("ozg-fuzz-http-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    auto r = xoev::SchemaRepository::open(dir / "repo");
    if (!r || !r->add(fs::path(OZG_TEST_DATA) / "schemas" / "testbundle"))
      throw std::runtime_error("cannot set up the test schemas");
    repo.emplace(std::move(*r));
    auto v = xoev::Validator::create(*repo, {});
    if (!v) throw std::runtime_error(v.error().message);
    validator = std::move(*v);
    session = validator->session();
    opts.inbox = dir / "inbox";
    opts.max_bytes = 8192;  // small, so that inputs reach the limits
    fs::create_directories(opts.inbox);
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Receiving r;
  const std::string out = xoev::transport::answer_requests(
      std::string_view(reinterpret_cast<const char*>(data), size), r.opts, *r.session);
  if (!out.empty() && !out.starts_with("HTTP/1.1 ")) __builtin_trap();
  // A spool file outlives its request only if the receiver lost it.
  if (!fs::is_empty(r.opts.inbox / ".incoming")) __builtin_trap();
  // Every input starts with an empty inbox.
  for (const auto& e : fs::directory_iterator(r.opts.inbox))
    if (e.is_regular_file()) fs::remove(e.path());
  return 0;
}
