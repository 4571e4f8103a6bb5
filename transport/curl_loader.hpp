#pragma once
// libcurl is loaded on first use (curl_loader.cpp); this says why it could not be.

#include <string>

namespace xoev::transport {

/// Loads libcurl if that has not been tried yet. Empty when it is there; otherwise the reason
/// and what to install, for the message of the command that needed it.
std::string curl_load_error();

}  // namespace xoev::transport
