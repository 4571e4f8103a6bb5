#pragma once
// libcurl is loaded on first use (curl_loader.cpp); this says why it could not be.

#include "xoev/util/result.hpp"

namespace xoev::transport {

/// Loads libcurl if that has not been tried yet. Nothing when it is there; otherwise an Error
/// (kind Config, `code`) that gives the reason and what to install.
Result<void> load_curl(const char* code);

}  // namespace xoev::transport
