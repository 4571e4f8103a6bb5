#pragma once
/// Downloads with libcurl: schema bundles for `ozg schemas fetch`. Only http and https, TLS
/// verification on, bounded size and time; the file appears only when complete.

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "xoev/repo/schema_repo.hpp"
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

/// `ozg schemas fetch`: downloads `url` (an .xsd or an archive of schemas) into a work folder
/// of the repository, unpacks it and adds it as the bundle `name`, by default the file's name
/// without its extension ("eCH-0020-3-0.zip" gives "eCH-0020-3-0"). The work folder is
/// removed in every case.
Result<AddReport> fetch_schemas(SchemaRepository& repo, const std::string& url,
                                const std::optional<std::string>& name,
                                const DownloadOptions& options = {});

}  // namespace xoev::transport
