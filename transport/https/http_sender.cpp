#include "xoev/transport/https/http_sender.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>

#include "curl_loader.hpp"

namespace xoev::transport {

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kMaxBody = 64 * 1024;

struct Transfer {
  CURL* easy = nullptr;
  curl_slist* headers = nullptr;
  std::size_t index = 0;
  int attempt = 0;
  const std::string* content = nullptr;
  std::size_t offset = 0;
  std::string body;
  std::string started;
  Clock::time_point t0;
  char errbuf[CURL_ERROR_SIZE] = {0};

  ~Transfer() {
    if (headers != nullptr) curl_slist_free_all(headers);
    if (easy != nullptr) curl_easy_cleanup(easy);
  }
};

size_t on_read(char* buf, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t k = std::min(t->content->size() - t->offset, size * n);
  std::memcpy(buf, t->content->data() + t->offset, k);
  t->offset += k;
  return k;
}

int on_seek(void* user, curl_off_t offset, int origin) {
  auto* t = static_cast<Transfer*>(user);
  if (origin != SEEK_SET || offset < 0 || static_cast<std::size_t>(offset) > t->content->size())
    return CURL_SEEKFUNC_CANTSEEK;
  t->offset = static_cast<std::size_t>(offset);
  return CURL_SEEKFUNC_OK;
}

size_t on_write(char* ptr, size_t size, size_t n, void* user) {
  auto* t = static_cast<Transfer*>(user);
  const size_t k = size * n;
  if (t->body.size() < kMaxBody) t->body.append(ptr, std::min(k, kMaxBody - t->body.size()));
  return k;
}

void configure(CURL* c, const HttpOptions& o) {
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "ozg");
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, on_read);
  curl_easy_setopt(c, CURLOPT_SEEKFUNCTION, on_seek);
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_write);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(o.connect_timeout.count()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(o.timeout.count()));
  const auto& t = o.tls;
  if (!t.cert.empty()) {
    curl_easy_setopt(c, CURLOPT_SSLCERT, t.cert.c_str());
    curl_easy_setopt(c, CURLOPT_SSLCERTTYPE, t.cert_type.c_str());
  }
  if (!t.key.empty()) curl_easy_setopt(c, CURLOPT_SSLKEY, t.key.c_str());
  if (!t.password.empty()) curl_easy_setopt(c, CURLOPT_KEYPASSWD, t.password.c_str());
  if (!t.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, t.ca_file.c_str());
  if (!t.pin.empty()) curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, t.pin.c_str());
  if (t.insecure) {
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
}

bool mentions_alert(const char* text) { return std::strstr(text, "alert") != nullptr; }

/// The peer's own words for a refusal: an RFC 9457 title/detail when it sent one, else the
/// <title> of an HTML error page (nginx: "400 The SSL certificate error").
std::string peer_words(const std::string& body) {
  auto j = nlohmann::json::parse(body, nullptr, false);
  if (!j.is_object()) {
    const auto open = body.find("<title>");
    const auto close = body.find("</title>");
    if (open == std::string::npos || close == std::string::npos || close < open) return {};
    return body.substr(open + 7, std::min<std::size_t>(close - open - 7, 200));
  }
  std::string s;
  if (j.contains("title") && j["title"].is_string()) s = j["title"].get<std::string>();
  if (j.contains("detail") && j["detail"].is_string()) {
    if (!s.empty()) s += ": ";
    s += j["detail"].get<std::string>();
  }
  return s;
}

/// Fills code/error for a failed attempt and says whether it is worth retrying.
FailureClass judge(CURLcode rc, long status, Transfer& t, Attempt& a) {
  const char* words = t.errbuf[0] != 0 ? t.errbuf : curl_easy_strerror(rc);
  if (rc == CURLE_OK) {
    const FailureClass fc = classify_status(status);
    if (fc == FailureClass::None) return fc;
    a.code = fc == FailureClass::Transient ? "TRN504" : "TRN503";
    a.error = "HTTP " + std::to_string(status);
    const std::string w = peer_words(t.body);
    if (!w.empty()) a.error += " (" + w + ")";
    // nginx checks the client certificate after the handshake and answers 400; ozg receive
    // once answered 403 "client certificate ..."; it now refuses in the TLS handshake.
    if ((status == 400 && (w.find("SSL certificate") != std::string::npos ||
                           w.find("No required SSL certificate") != std::string::npos)) ||
        (status == 403 && w.starts_with("client certificate"))) {
      a.code = "TRN502";
      a.error += ": the server refused the client certificate";
    }
    return fc;
  }
  a.error = words;
  switch (rc) {
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_SSL_ENGINE_NOTFOUND:
    case CURLE_SSL_ENGINE_SETFAILED:
    case CURLE_SSL_ENGINE_INITFAILED:
      a.code = "TRN510";
      return FailureClass::Permanent;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_INVALIDCERTSTATUS:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CLIENTCERT:
      a.code = "TRN502";
      return FailureClass::Permanent;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
      // A TLS alert from the peer (unknown ca, bad certificate, certificate required) is a
      // verdict on our certificate; a reset without one is a dying or restarting peer.
      if (mentions_alert(words)) {
        a.code = "TRN502";
        return FailureClass::Permanent;
      }
      a.code = "TRN501";
      return FailureClass::Transient;
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_AGAIN:
      a.code = "TRN501";
      return FailureClass::Transient;
    default:
      a.code = "TRN501";
      return FailureClass::Permanent;
  }
}

}  // namespace

Result<void> check_url(const std::string& url) {
  if (auto loaded = load_curl("NET003"); !loaded) return std::unexpected(loaded.error());
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> u(curl_url(), curl_url_cleanup);
  if (!u) return fail(ErrorKind::Internal, "TRN508", N_("libcurl could not start"));
  if (const CURLUcode rc = curl_url_set(u.get(), CURLUPART_URL, url.c_str(), 0); rc != CURLUE_OK)
    return fail(ErrorKind::Usage, "TRN508", "--to {0}: {1}", {url, curl_url_strerror(rc)},
                N_("give https://HOST[:PORT]/PATH"));
  char* scheme = nullptr;
  curl_url_get(u.get(), CURLUPART_SCHEME, &scheme, 0);
  const bool https = scheme != nullptr && std::string_view(scheme) == "https";
  curl_free(scheme);
  if (!https)
    return fail(ErrorKind::Usage, "TRN508", N_("--to {0}: not an https URL"), {url},
                N_("give https://HOST[:PORT]/PATH"));
  return {};
}

std::string upload_url(std::string_view base, std::string_view id) {
  std::string url(base);
  while (!url.empty() && url.back() == '/') url.pop_back();
  url += '/';
  url += id;
  url += ".xml";
  return url;
}

Result<void> send_http(OutgoingQueue& queue, const HttpOptions& options,
                       const AttemptBatch& on_batch) {
  static std::once_flag init;
  std::call_once(init, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  if (auto loaded = load_curl("NET003"); !loaded) return std::unexpected(loaded.error());
  std::unique_ptr<CURLM, decltype(&curl_multi_cleanup)> multi(curl_multi_init(),
                                                              curl_multi_cleanup);
  if (!multi) return fail(ErrorKind::Internal, "TRN501", N_("libcurl could not start"));
  const unsigned jobs = std::clamp(options.jobs, 1u, 64u);
  curl_multi_setopt(multi.get(), CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(jobs));
  curl_multi_setopt(multi.get(), CURLMOPT_MAXCONNECTS, static_cast<long>(jobs));

  std::vector<std::unique_ptr<Transfer>> pool;
  std::vector<Transfer*> idle;
  for (unsigned i = 0; i < jobs; ++i) {
    auto t = std::make_unique<Transfer>();
    t->easy = curl_easy_init();
    if (t->easy == nullptr)
      return fail(ErrorKind::Internal, "TRN501", N_("libcurl could not start"));
    configure(t->easy, options);
    curl_easy_setopt(t->easy, CURLOPT_READDATA, t.get());
    curl_easy_setopt(t->easy, CURLOPT_SEEKDATA, t.get());
    curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(t->easy, CURLOPT_ERRORBUFFER, t->errbuf);
    curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t.get());
    idle.push_back(t.get());
    pool.push_back(std::move(t));
  }

  struct Pending {
    std::size_t index;
    int attempt;
  };
  std::deque<Pending> ready;
  std::multimap<Clock::time_point, Pending> waiting;
  std::size_t taken = 0;        // messages taken from the queue
  std::size_t outstanding = 0;  // taken, without a final attempt yet
  bool closed = false;
  // Take what the producer has pushed since; true once it closed the queue and all is taken.
  auto take = [&] {
    const auto there = queue.available();
    for (; taken < there.size; ++taken, ++outstanding) ready.push_back({taken, 1});
    closed = there.closed;
  };
  queue.on_change([multi = multi.get()] { curl_multi_wakeup(multi); });
  struct Unhook {
    OutgoingQueue& q;
    ~Unhook() { q.on_change(nullptr); }
  } unhook{queue};
  std::size_t active = 0;
  bool stopping = false;
  std::mt19937_64 rng(std::random_device{}());

  auto start = [&](Transfer* t, const Pending& p) {
    const Outgoing& m = queue.at(p.index);
    t->index = p.index;
    t->attempt = p.attempt;
    t->content = &m.content;
    t->offset = 0;
    t->body.clear();
    t->errbuf[0] = 0;
    if (t->headers != nullptr) curl_slist_free_all(t->headers);
    t->headers = nullptr;
    t->headers = curl_slist_append(t->headers, "Content-Type: application/xml");
    t->headers = curl_slist_append(t->headers, ("Idempotency-Key: " + m.id).c_str());
    t->headers = curl_slist_append(t->headers, "Expect:");
    const std::string url = upload_url(options.base_url, m.id);
    curl_easy_setopt(t->easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
    curl_easy_setopt(t->easy, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(m.content.size()));
    t->started = utc_now_iso();
    t->t0 = Clock::now();
    curl_multi_add_handle(multi.get(), t->easy);
    ++active;
  };

  take();
  while (!closed || outstanding > 0) {
    const auto now = Clock::now();
    while (!waiting.empty() && waiting.begin()->first <= now) {
      ready.push_back(waiting.begin()->second);
      waiting.erase(waiting.begin());
    }
    while (!stopping && !idle.empty() && !ready.empty()) {
      Transfer* t = idle.back();
      idle.pop_back();
      start(t, ready.front());
      ready.pop_front();
    }
    if (stopping && active == 0) break;
    int running = 0;
    curl_multi_perform(multi.get(), &running);
    std::vector<Attempt> batch;
    int queued = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &queued)) {
      if (msg->msg != CURLMSG_DONE) continue;
      Transfer* t = nullptr;
      curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, reinterpret_cast<char**>(&t));
      const CURLcode rc = msg->data.result;
      curl_multi_remove_handle(multi.get(), t->easy);
      --active;
      Attempt a;
      a.index = t->index;
      a.attempt = t->attempt;
      a.started = t->started;
      a.seconds = std::chrono::duration<double>(Clock::now() - t->t0).count();
      long status = 0;
      if (rc == CURLE_OK) curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
      a.http_status = status;
      const FailureClass fc = judge(rc, status, *t, a);
      a.body = std::move(t->body);
      t->body.clear();
      if (fc == FailureClass::None) {
        a.delivered = true;
        a.final = true;
      } else if (fc == FailureClass::Transient && t->attempt < options.retry.max_attempts) {
        std::optional<std::chrono::seconds> after;
        curl_off_t ra = -1;
        if (rc == CURLE_OK && curl_easy_getinfo(t->easy, CURLINFO_RETRY_AFTER, &ra) == CURLE_OK &&
            ra > 0)
          after = std::chrono::seconds(ra);
        if (auto d = next_delay(options.retry, t->attempt, rng(), after)) {
          a.next_delay = *d;
          waiting.emplace(Clock::now() + *d, Pending{t->index, t->attempt + 1});
        } else {
          a.final = true;
          a.error += " (the peer asked to retry after " + std::to_string(ra) + " s; not waiting)";
        }
      } else {
        a.final = true;
      }
      if (a.final) --outstanding;
      batch.push_back(std::move(a));
      idle.push_back(t);
    }
    if (!batch.empty() && !on_batch(batch)) stopping = true;
    if (stopping && active == 0) break;
    take();
    if (closed && outstanding == 0) break;

    int timeout_ms = 1000;
    if (!idle.empty() && !ready.empty() && !stopping) {
      timeout_ms = 0;
    } else if (!waiting.empty() && !idle.empty()) {
      const auto until = std::chrono::duration_cast<std::chrono::milliseconds>(
                             waiting.begin()->first - Clock::now())
                             .count();
      timeout_ms = static_cast<int>(std::clamp<long long>(until, 0, 1000));
    }
    // Sleeps until a transfer progresses, a retry is due or the producer pushes (wakeup).
    if (timeout_ms > 0 || active > 0) curl_multi_poll(multi.get(), nullptr, 0, timeout_ms, nullptr);
    take();
  }
  for (auto& t : pool) curl_multi_remove_handle(multi.get(), t->easy);
  return {};
}

}  // namespace xoev::transport
