#include "xoev/transport/download.hpp"

#include <curl/curl.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <mutex>
#include <string_view>

#include "curl_loader.hpp"

namespace xoev::transport {

namespace fs = std::filesystem;

namespace {

struct Sink {
  std::FILE* file = nullptr;
  std::uintmax_t bytes = 0;
  std::uintmax_t max = 0;
  bool too_big = false;
};

size_t on_data(char* ptr, size_t size, size_t nmemb, void* user) {
  auto* s = static_cast<Sink*>(user);
  const size_t n = size * nmemb;
  if (s->bytes + n > s->max) {
    s->too_big = true;
    return 0;
  }
  s->bytes += n;
  return std::fwrite(ptr, 1, n, s->file);
}

std::string file_name_of(const std::string& url) {
  std::string path = url;
  if (auto q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
  auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  if (name.empty() || name.find("..") != std::string::npos || name.find(':') != std::string::npos)
    name = "download";
  return name;
}

}  // namespace

Result<Downloaded> download(const std::string& url, const fs::path& dest_dir,
                            const DownloadOptions& options) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    return fail(ErrorKind::Usage, "NET002",
                N_("{0}: only http:// and https:// URLs can be fetched"), {url},
                N_("for a local folder or file use 'ozg schemas add'"));

  Downloaded result;
  result.file = dest_dir / file_name_of(url);
  const fs::path partial = result.file.string() + ".part";
  Sink sink;
  sink.max = options.max_bytes;
  sink.file = std::fopen(partial.c_str(), "wb");
  if (sink.file == nullptr)
    return fail(ErrorKind::Config, "NET001", N_("cannot write {0}"), {partial.string()});

  if (auto loaded = load_curl("NET003"); !loaded) {
    std::fclose(sink.file);
    std::filesystem::remove(partial);
    return std::unexpected(loaded.error());
  }
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_MAXREDIRS, 5L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT, static_cast<long>(options.timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT, 20L);
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(curl.get(), CURLOPT_USERAGENT, "ozg");
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, on_data);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &sink);
  if (!options.ca_file.empty())
    curl_easy_setopt(curl.get(), CURLOPT_CAINFO, options.ca_file.c_str());
  const CURLcode rc = curl_easy_perform(curl.get());
  std::fclose(sink.file);
  long status = 0;
  curl_easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &status);
  const char* ctype = nullptr;
  curl_easy_getinfo(curl.get(), CURLINFO_CONTENT_TYPE, &ctype);
  std::error_code ec;
  if (sink.too_big) {
    fs::remove(partial, ec);
    return fail(ErrorKind::Network, "NET001", N_("{0}: larger than {1} MiB; refused"),
                {url, std::to_string(options.max_bytes >> 20)});
  }
  if (rc != CURLE_OK) {
    fs::remove(partial, ec);
    return fail(
        ErrorKind::Network, "NET001", "{0}: {1}",
        {url, errbuf[0] ? errbuf : curl_easy_strerror(rc)},
        N_("check the URL and the network; 'ozg schemas add DIR' installs from a local copy"));
  }
  if (status >= 400) {
    fs::remove(partial, ec);
    return fail(ErrorKind::Network, "NET001", "{0}: HTTP {1}", {url, std::to_string(status)},
                N_("check the URL; the publisher may have moved the file"));
  }
  fs::rename(partial, result.file, ec);
  if (ec) return fail(ErrorKind::Config, "NET001", N_("cannot write {0}"), {result.file.string()});
  result.bytes = sink.bytes;
  if (ctype != nullptr) result.content_type = ctype;
  return result;
}

Result<AddReport> fetch_schemas(SchemaRepository& repo, const std::string& url,
                                const std::optional<std::string>& name,
                                const DownloadOptions& options) {
  std::error_code ec;
  const fs::path work = repo.root() / (".fetch-" + std::to_string(::getpid()));
  fs::remove_all(work, ec);
  fs::create_directories(work / "unpacked", ec);
  if (ec)
    return fail(ErrorKind::Config, "REPO006", N_("cannot create {0}: {1}"),
                {work.string(), ec.message()});
  struct Cleanup {
    fs::path p;
    ~Cleanup() {
      std::error_code e;
      fs::remove_all(p, e);
    }
  } cleanup{work};
  auto got = download(url, work, options);
  if (!got) return std::unexpected(got.error());
  fs::path source = got->file;
  if (got->file.extension() != ".xsd") {
    auto n = extract_archive(got->file, work / "unpacked");
    if (!n) return std::unexpected(n.error());
    source = work / "unpacked";
  }
  std::string stem = got->file.filename().string();
  for (const std::string_view ext :
       {".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar", ".zip", ".xsd"}) {
    if (stem.size() > ext.size() && stem.ends_with(ext)) {
      stem.resize(stem.size() - ext.size());
      break;
    }
  }
  return repo.add(source, name.value_or(stem), url);
}

}  // namespace xoev::transport
