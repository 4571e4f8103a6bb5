#pragma once
/// The folder (file:) destination: each message is stored as <id>.xml in a folder, under a
/// hidden temporary name, fsynced, renamed and its folder fsynced (xoev::write_file_atomically).

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "xoev/transport/destination.hpp"
#include "xoev/util/result.hpp"

namespace xoev::transport {

/// Stores <id>.xml in `dir`; the same bytes already there is AlreadyThere, other bytes TRN506.
Result<Stored> write_drop(const std::filesystem::path& dir, const std::string& id,
                          std::string_view data);

/// The file: destination (registered in destination.cpp): `rest` is the folder, file:/DIR or
/// file:///DIR (TRN508, kind Usage, when empty). Each message is Delivered once it is stored.
Result<std::unique_ptr<Destination>> open_folder(const std::string& url, std::string_view rest,
                                                 const DestinationOptions& options);

}  // namespace xoev::transport
