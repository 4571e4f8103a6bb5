#pragma once
/// When to try a transfer again, and how long to wait. Pure functions, so the policy can be
/// tested without a network.
///
/// Retried: connection failures and timeouts, HTTP 429 and 5xx. Never retried: other 4xx (the
/// peer understood and refused; sending again cannot help), TLS failures (a certificate problem
/// does not heal by waiting) and 2xx (done). The wait before attempt n+1 is exponential with
/// "equal jitter": uniform in [d/2, d] for d = min(cap, base * 2^(n-1)), so that many senders
/// that failed together do not come back together. A Retry-After from the peer (parsed by
/// libcurl, delta-seconds or HTTP-date) replaces the computed wait when it is longer.

#include <chrono>
#include <cstdint>
#include <optional>

namespace xoev::transport {

struct RetryPolicy {
  int max_attempts = 5;
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds cap{60000};
  /// Longest Retry-After honoured; a peer asking for more is treated as failed.
  std::chrono::seconds max_retry_after{600};
};

enum class FailureClass {
  None,       ///< Delivered (2xx).
  Transient,  ///< Connection error, timeout, 429, 5xx: retry.
  Permanent,  ///< 4xx other than 408/429, 3xx, TLS or local configuration problems: do not retry.
};

/// Class of an HTTP response status (no transport error).
FailureClass classify_status(long status);

/// The wait before the attempt after `attempt` (1-based), given a uniformly random `r` in
/// [0, 2^64): see the file comment.
std::chrono::milliseconds backoff(const RetryPolicy& p, int attempt, std::uint64_t r);

/// The wait actually used: the longer of backoff and the peer's Retry-After; nullopt when the
/// peer asks for longer than max_retry_after (give up now rather than hang).
std::optional<std::chrono::milliseconds> next_delay(
    const RetryPolicy& p, int attempt, std::uint64_t r,
    std::optional<std::chrono::seconds> retry_after);

}  // namespace xoev::transport
