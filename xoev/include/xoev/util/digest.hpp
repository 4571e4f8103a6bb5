#pragma once
/// SHA-256 as lower-case hex (OpenSSL), the one digest ozg records for files and messages.

#include <filesystem>
#include <string>
#include <string_view>

#include "xoev/util/result.hpp"

namespace xoev {

std::string sha256_hex(std::string_view data);

/// The digest of a file's content, read in blocks; REPO002 if it cannot be read.
Result<std::string> sha256_file(const std::filesystem::path& file);

}  // namespace xoev
