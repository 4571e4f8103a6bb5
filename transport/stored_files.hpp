#pragma once
// Private: how the file transports (folder/, sedex/) read and write the files they store. Both
// report failures as TRN506.

#include <filesystem>
#include <string>
#include <string_view>

#include "xoev/util/result.hpp"

namespace xoev::transport {

/// The bytes of a file already in the destination; TRN506 (kind Input) when it cannot be read.
Result<std::string> read_stored(const std::filesystem::path& p);

/// Writes `data` to `target` durably (xoev::write_file_atomically); TRN506 (kind Config).
Result<void> store_file(const std::filesystem::path& target, std::string_view data);

}  // namespace xoev::transport
