// libcurl, loaded when a command first needs it.
//
// Linking libcurl costs every start of ozg about 3.5 ms (measured: an empty program linked with
// -lcurl starts in 4.1 ms instead of 0.6 ms): libcurl brings about 25 libraries (GnuTLS through
// librtmp, LDAP, Kerberos, libssh2, nghttp2, …) and their 4,500 symbol bindings. `ozg validate`
// never needs it, and scripts start it once per message (issue 13). So ozg does not link
// libcurl: this file defines the libcurl functions ozg and Xerces-C++ (its net accessor, which
// ozg never uses) call, and loads libcurl.so.4 with dlopen on the first call that needs the
// library. curl_global_init is only recorded until then, because Xerces calls it at every start.
//
// The variadic functions pass their argument on by the option's type, as libcurl itself reads
// it: options below CURLOPTTYPE_OBJECTPOINT are long, from CURLOPTTYPE_OFF_T on curl_off_t
// (up to CURLOPTTYPE_BLOB), all others pointers; every getinfo argument is a pointer.
//
// Packaging: dpkg-shlibdeps cannot see a dlopen'ed library; the package must depend on libcurl4.

#define CURL_DISABLE_TYPECHECK  // this file defines the functions the macros would wrap
#include "curl_loader.hpp"

#include <curl/curl.h>

#include <atomic>
#include <cstdarg>
#include <mutex>
#include <string>
#include <vector>

#include "xoev/util/on_demand.hpp"

namespace {

constexpr const char* kLibrary = "libcurl.so.4";

struct Library {
// clang-format off
#define OZG_CURL_FUNCTIONS(X)                                                                  \
  X(curl_global_init) X(curl_global_cleanup) X(curl_easy_init) X(curl_easy_cleanup)           \
  X(curl_easy_setopt) X(curl_easy_getinfo) X(curl_easy_perform) X(curl_easy_strerror)         \
  X(curl_multi_init) X(curl_multi_cleanup) X(curl_multi_setopt) X(curl_multi_add_handle)      \
  X(curl_multi_remove_handle) X(curl_multi_perform) X(curl_multi_info_read)                   \
  X(curl_multi_fdset) X(curl_multi_timeout) X(curl_multi_poll) X(curl_multi_wakeup)           \
  X(curl_multi_strerror) X(curl_slist_append) X(curl_slist_free_all) X(curl_url)              \
  X(curl_url_cleanup) X(curl_url_get) X(curl_url_set) X(curl_url_strerror) X(curl_free)
// clang-format on
#define OZG_CURL_POINTER(name) decltype(&::name) name = nullptr;
  OZG_CURL_FUNCTIONS(OZG_CURL_POINTER)
#undef OZG_CURL_POINTER
  std::string error;               ///< Why the library is not there; empty once loaded.
  const char* error_id = nullptr;  ///< `error` as a template (N_) with its arguments.
  std::vector<std::string> error_args;
};

std::atomic<long> g_init_flags{-1};  // curl_global_init's flags, until the library is loaded
std::atomic<bool> g_loaded{false};

/// The library, loaded on first call (every thread sees the same outcome).
Library& state() {
  static Library lib;
  static std::once_flag once;
  std::call_once(once, [] {
    xoev::OnDemandLibrary so = xoev::OnDemandLibrary::load(kLibrary, "OZG_LIBCURL", "libcurl4");
#define OZG_CURL_RESOLVE(name)                                                       \
  lib.name = reinterpret_cast<decltype(lib.name)>(so.symbol(#name, "libcurl 7.85")); \
  if (lib.name == nullptr) {                                                         \
    lib.error = so.error;                                                            \
    lib.error_id = so.error_id;                                                      \
    lib.error_args = so.error_args;                                                  \
    return;                                                                          \
  }
    OZG_CURL_FUNCTIONS(OZG_CURL_RESOLVE)
#undef OZG_CURL_RESOLVE
    const long flags = g_init_flags.load();
    if (flags >= 0 && lib.curl_global_init(flags) != CURLE_OK) {
      lib.error_id = N_("{0}: curl_global_init failed");
      lib.error_args = {kLibrary};
      lib.error = std::string(kLibrary) + ": curl_global_init failed";
      return;
    }
    g_loaded = true;
  });
  return lib;
}

/// The loaded library, or null when it cannot be loaded.
const Library* library() { return state().error.empty() ? &state() : nullptr; }

const char* unavailable() { return "libcurl is not available"; }

/// Passes a setopt argument on as the type its option number says (as libcurl reads it).
template <class Setopt, class Handle, class Option>
auto pass_option(Setopt setopt, Handle* handle, Option option, va_list ap) {
  if (option < CURLOPTTYPE_OBJECTPOINT) return setopt(handle, option, va_arg(ap, long));
  if (option >= CURLOPTTYPE_OFF_T && option < CURLOPTTYPE_BLOB)
    return setopt(handle, option, va_arg(ap, curl_off_t));
  return setopt(handle, option, va_arg(ap, void*));
}

}  // namespace

namespace xoev::transport {

Result<void> load_curl(const char* code) {
  const Library& lib = state();
  if (lib.error.empty()) return {};
  return fail(ErrorKind::Config, code, lib.error_id, lib.error_args);
}

}  // namespace xoev::transport

extern "C" {

CURLcode curl_global_init(long flags) {
  if (!g_loaded) {
    g_init_flags = flags;
    return CURLE_OK;
  }
  return library()->curl_global_init(flags);
}

void curl_global_cleanup() {
  if (g_loaded) library()->curl_global_cleanup();
}

CURL* curl_easy_init() {
  const Library* l = library();
  return l ? l->curl_easy_init() : nullptr;
}

void curl_easy_cleanup(CURL* curl) {
  if (const Library* l = library(); l && curl) l->curl_easy_cleanup(curl);
}

CURLcode curl_easy_setopt(CURL* curl, CURLoption option, ...) {
  const Library* l = library();
  if (l == nullptr) return CURLE_FAILED_INIT;
  va_list ap;
  va_start(ap, option);
  const CURLcode rc = pass_option(l->curl_easy_setopt, curl, option, ap);
  va_end(ap);
  return rc;
}

CURLcode curl_easy_getinfo(CURL* curl, CURLINFO info, ...) {
  const Library* l = library();
  if (l == nullptr) return CURLE_FAILED_INIT;
  va_list ap;
  va_start(ap, info);
  const CURLcode rc = l->curl_easy_getinfo(curl, info, va_arg(ap, void*));
  va_end(ap);
  return rc;
}

CURLcode curl_easy_perform(CURL* curl) {
  const Library* l = library();
  return l ? l->curl_easy_perform(curl) : CURLE_FAILED_INIT;
}

const char* curl_easy_strerror(CURLcode code) {
  const Library* l = library();
  return l ? l->curl_easy_strerror(code) : unavailable();
}

CURLM* curl_multi_init() {
  const Library* l = library();
  return l ? l->curl_multi_init() : nullptr;
}

CURLMcode curl_multi_cleanup(CURLM* multi) {
  const Library* l = library();
  return l ? l->curl_multi_cleanup(multi) : CURLM_BAD_HANDLE;
}

CURLMcode curl_multi_setopt(CURLM* multi, CURLMoption option, ...) {
  const Library* l = library();
  if (l == nullptr) return CURLM_BAD_HANDLE;
  va_list ap;
  va_start(ap, option);
  const CURLMcode rc = pass_option(l->curl_multi_setopt, multi, option, ap);
  va_end(ap);
  return rc;
}

CURLMcode curl_multi_add_handle(CURLM* multi, CURL* easy) {
  const Library* l = library();
  return l ? l->curl_multi_add_handle(multi, easy) : CURLM_BAD_HANDLE;
}

CURLMcode curl_multi_remove_handle(CURLM* multi, CURL* easy) {
  const Library* l = library();
  return l ? l->curl_multi_remove_handle(multi, easy) : CURLM_BAD_HANDLE;
}

CURLMcode curl_multi_perform(CURLM* multi, int* running) {
  const Library* l = library();
  return l ? l->curl_multi_perform(multi, running) : CURLM_BAD_HANDLE;
}

CURLMsg* curl_multi_info_read(CURLM* multi, int* left) {
  const Library* l = library();
  return l ? l->curl_multi_info_read(multi, left) : nullptr;
}

CURLMcode curl_multi_fdset(CURLM* multi, fd_set* read, fd_set* write, fd_set* except, int* max_fd) {
  const Library* l = library();
  return l ? l->curl_multi_fdset(multi, read, write, except, max_fd) : CURLM_BAD_HANDLE;
}

CURLMcode curl_multi_timeout(CURLM* multi, long* timeout) {
  const Library* l = library();
  return l ? l->curl_multi_timeout(multi, timeout) : CURLM_BAD_HANDLE;
}

CURLMcode curl_multi_poll(CURLM* multi, struct curl_waitfd extra[], unsigned int extra_nfds,
                          int timeout_ms, int* ret) {
  const Library* l = library();
  return l ? l->curl_multi_poll(multi, extra, extra_nfds, timeout_ms, ret) : CURLM_BAD_HANDLE;
}

CURLMcode curl_multi_wakeup(CURLM* multi) {
  const Library* l = library();
  return l ? l->curl_multi_wakeup(multi) : CURLM_BAD_HANDLE;
}

const char* curl_multi_strerror(CURLMcode code) {
  const Library* l = library();
  return l ? l->curl_multi_strerror(code) : unavailable();
}

struct curl_slist* curl_slist_append(struct curl_slist* list, const char* text) {
  const Library* l = library();
  return l ? l->curl_slist_append(list, text) : nullptr;
}

void curl_slist_free_all(struct curl_slist* list) {
  if (const Library* l = library(); l && list) l->curl_slist_free_all(list);
}

CURLU* curl_url() {
  const Library* l = library();
  return l ? l->curl_url() : nullptr;
}

void curl_url_cleanup(CURLU* url) {
  if (const Library* l = library(); l && url) l->curl_url_cleanup(url);
}

CURLUcode curl_url_get(CURLU* url, CURLUPart what, char** part, unsigned int flags) {
  const Library* l = library();
  return l ? l->curl_url_get(url, what, part, flags) : CURLUE_OUT_OF_MEMORY;
}

CURLUcode curl_url_set(CURLU* url, CURLUPart what, const char* part, unsigned int flags) {
  const Library* l = library();
  return l ? l->curl_url_set(url, what, part, flags) : CURLUE_OUT_OF_MEMORY;
}

const char* curl_url_strerror(CURLUcode code) {
  const Library* l = library();
  return l ? l->curl_url_strerror(code) : unavailable();
}

void curl_free(void* p) {
  if (const Library* l = library(); l && p) l->curl_free(p);
}

}  // extern "C"
