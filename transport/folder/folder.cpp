#include "xoev/transport/folder/folder.hpp"

#include <chrono>

#include "stored_files.hpp"

namespace xoev::transport {

namespace fs = std::filesystem;

Result<Stored> write_drop(const fs::path& dir, const std::string& id, std::string_view data) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return fail(ErrorKind::Config, "TRN506", N_("{0}: no such folder"), {dir.string()},
                N_("create it, or check the destination"));
  const fs::path target = dir / (id + ".xml");
  if (fs::exists(target, ec)) {
    auto old = read_stored(target);
    if (!old) return std::unexpected(old.error());
    if (*old == data) return Stored::AlreadyThere;
    return fail(ErrorKind::Config, "TRN506",
                N_("{0} already exists with other content (same message id, different bytes)"),
                {target.string()},
                N_("a message id is used once; give the new message its own id"));
  }
  if (auto w = store_file(target, data); !w) return std::unexpected(w.error());
  return Stored::New;
}

namespace {

class FolderDestination final : public Destination {
 public:
  FolderDestination(const std::string& url, std::string dir) : Destination(url, std::move(dir)) {}

  Result<void> deliver(OutgoingQueue& queue, const DeliveryBatch& on_batch) override {
    for (std::size_t i = 0; queue.wait(i); ++i) {
      const Outgoing& m = queue.at(i);
      Delivery d;
      d.index = i;
      d.started = utc_now_iso();
      const auto t0 = std::chrono::steady_clock::now();
      if (auto w = write_drop(where(), m.id, m.content); !w) {
        d.outcome = Outcome::NotStored;
        d.error = w.error();
      } else {
        d.files = {m.id + ".xml"};
        d.already_there = *w == Stored::AlreadyThere;
      }
      d.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!on_batch(std::span(&d, 1))) break;
    }
    return {};
  }
};

}  // namespace

Result<std::unique_ptr<Destination>> open_folder(const std::string& url, std::string_view rest,
                                                 const DestinationOptions&) {
  std::string dir(rest);
  if (dir.starts_with("//")) dir = dir.substr(2);
  if (dir.empty()) return fail(ErrorKind::Usage, "TRN508", N_("--to {0}: no folder given"), {url});
  return std::make_unique<FolderDestination>(url, std::move(dir));
}

}  // namespace xoev::transport
