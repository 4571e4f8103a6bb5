#include "xoev/transport/retry.hpp"

#include <algorithm>

namespace xoev::transport {

FailureClass classify_status(long status) {
  if (status >= 200 && status < 300) return FailureClass::None;
  if (status == 429 || status == 408 || status >= 500) return FailureClass::Transient;
  return FailureClass::Permanent;
}

std::chrono::milliseconds backoff(const RetryPolicy& p, int attempt, std::uint64_t r) {
  const int shift = std::clamp(attempt - 1, 0, 30);
  const long long base = std::max<long long>(p.base.count(), 1);
  const long long d = std::min<long long>(p.cap.count(), base << shift);
  const long long half = d / 2;
  const long long span = d - half + 1;  // [d/2, d]
  return std::chrono::milliseconds(half +
                                   static_cast<long long>(r % static_cast<std::uint64_t>(span)));
}

std::optional<std::chrono::milliseconds> next_delay(
    const RetryPolicy& p, int attempt, std::uint64_t r,
    std::optional<std::chrono::seconds> retry_after) {
  auto d = backoff(p, attempt, r);
  if (retry_after) {
    if (*retry_after > p.max_retry_after) return std::nullopt;
    d = std::max<std::chrono::milliseconds>(d, *retry_after);
  }
  return d;
}

}  // namespace xoev::transport
