#include "xoev/transport/message.hpp"

#include <openssl/evp.h>

#include <chrono>
#include <cstdio>
#include <ctime>

#include "xoev/util/digest.hpp"

namespace xoev::transport {

bool is_safe_id(std::string_view id) {
  if (id.empty() || id.size() > 36) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
      return false;
  return true;
}

std::string message_key(std::string_view header_id, std::string_view sha256) {
  if (is_safe_id(header_id)) return std::string(header_id);
  std::string h(sha256.substr(0, 32));
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string sender_folder(std::string_view sender) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (sender.starts_with("sedex://") && sender.size() > 8) sender.remove_prefix(8);
  std::string out;
  for (std::size_t i = 0; i < sender.size(); ++i) {
    const auto c = static_cast<unsigned char>(sender[i]);
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '_' || (c == '.' && i > 0);
    if (plain) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  if (out.empty()) out = "%00";  // no sender at all: the callers always pass one
  if (out.size() > 120) out = out.substr(0, 100) + "~" + sha256_hex(sender).substr(0, 16);
  return out;
}

std::string utc_now_iso() {
  const auto now = std::chrono::system_clock::now();
  const auto t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()) % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms.count()));
  return buf;
}

OutgoingQueue::OutgoingQueue(std::vector<Outgoing> messages) {
  for (auto& m : messages) items_.push_back(std::make_unique<Outgoing>(std::move(m)));
  closed_ = true;
}

void OutgoingQueue::push(Outgoing m) {
  std::lock_guard lock(mu_);
  items_.push_back(std::make_unique<Outgoing>(std::move(m)));
  if (wake_) wake_();
  changed_.notify_all();
}

void OutgoingQueue::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  if (wake_) wake_();
  changed_.notify_all();
}

const Outgoing& OutgoingQueue::at(std::size_t index) const {
  std::lock_guard lock(mu_);
  return *items_.at(index);
}

std::size_t OutgoingQueue::size() const {
  std::lock_guard lock(mu_);
  return items_.size();
}

OutgoingQueue::Available OutgoingQueue::available() const {
  std::lock_guard lock(mu_);
  return {items_.size(), closed_};
}

bool OutgoingQueue::wait(std::size_t index) const {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return index < items_.size() || closed_; });
  return index < items_.size();
}

void OutgoingQueue::on_change(std::function<void()> wake) {
  std::lock_guard lock(mu_);
  wake_ = std::move(wake);
}

}  // namespace xoev::transport
