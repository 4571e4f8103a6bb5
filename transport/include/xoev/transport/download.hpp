#pragma once
/// Downloads with libcurl: schema bundles for `ozg schemas fetch`. Only http and https, TLS
/// verification on, bounded size and time; the file appears only when complete.

#include <chrono>
#include <filesystem>
#include <string>

#include "xoev/util/result.hpp"

namespace xoev::transport {

struct DownloadOptions {
  std::chrono::seconds timeout{120};
  std::uintmax_t max_bytes = 256ull << 20;
  std::string ca_file;  ///< Extra CA bundle (PEM); empty: the system's.
};

struct Downloaded {
  std::filesystem::path file;
  std::string content_type;
  std::uintmax_t bytes = 0;
};

/// Fetches `url` into `dest_dir` under the last segment of the URL path (or "download").
/// HTTP status >= 400, DNS/connect/TLS failures and oversize bodies are Errors of kind Network
/// (code NET001) naming the URL and the cause; nothing is left behind on failure.
Result<Downloaded> download(const std::string& url, const std::filesystem::path& dest_dir,
                            const DownloadOptions& options = {});

}  // namespace xoev::transport
