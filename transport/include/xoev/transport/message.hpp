#pragma once
/// An outgoing or incoming message as transport sees it: its bytes, their SHA-256 and the id it
/// travels under. The id is the message's own header id (eCH-0058 messageId, XÖV
/// nachrichtenUUID) when that is safe as a file name and an eCH-0090 messageId; otherwise a
/// UUID-shaped id derived from the content hash, so that sending the same bytes twice always
/// uses the same id (and the peer stores them once).

#include <condition_variable>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "xoev/model/facts.hpp"
#include "xoev/util/digest.hpp"

namespace xoev::transport {

struct Outgoing {
  std::filesystem::path source;       ///< The file it was read from.
  std::string content;                ///< The exact bytes sent.
  std::string sha256;                 ///< Lower-case hex of content.
  std::string id;                     ///< See message_key().
  bool id_from_hash = false;          ///< The header had no usable id.
  std::optional<MessageFacts> facts;  ///< What its header says (sedex builds its envelope).
};

/// Messages for a Destination that may still be arriving: a producer (such as the thread that
/// validates them) pushes each as soon as it is ready and finally closes the queue, and the
/// destination starts each transfer as soon as its message is there, so validating and sending
/// can overlap. Thread-safe; a message's index is its push order, and references from at() stay
/// valid for the queue's lifetime.
class OutgoingQueue {
 public:
  OutgoingQueue() = default;
  /// A closed queue holding `messages`.
  explicit OutgoingQueue(std::vector<Outgoing> messages);
  void push(Outgoing m);
  void close();
  [[nodiscard]] const Outgoing& at(std::size_t index) const;
  [[nodiscard]] std::size_t size() const;
  /// How many messages are there, and whether the queue is closed, read together.
  struct Available {
    std::size_t size = 0;
    bool closed = false;
  };
  [[nodiscard]] Available available() const;
  /// Blocks until message `index` is there (true) or the queue closed without it (false).
  bool wait(std::size_t index) const;
  /// `wake` is called (under the queue's lock, so it must not call back) on every push and on
  /// close, for a consumer that sleeps elsewhere (send_http's curl poll); empty: none.
  void on_change(std::function<void()> wake);

 private:
  mutable std::mutex mu_;
  mutable std::condition_variable changed_;
  std::vector<std::unique_ptr<Outgoing>> items_;
  bool closed_ = false;
  std::function<void()> wake_;
};

using xoev::sha256_hex;  // the one SHA-256 helper (xoev/util/digest.hpp)

/// True for ids that can name a file and travel in an eCH-0090 envelope: 1 to 36 characters,
/// letters, digits and '-' (the eCH-0090 messageIdType).
bool is_safe_id(std::string_view id);

/// The header id if is_safe_id(), else the first 128 bits of the hash as 8-4-4-4-12 hex.
std::string message_key(std::string_view header_id, std::string_view sha256);

/// A message id is unique per sender (eCH-0058, sedex), so a store keys a message on its sender
/// and its id. The sender is the header's (senderId, the XÖV authority id of autor/Absender);
/// for a message that names none, the caller passes who delivered it ("client " + the client
/// certificate's subject).
///
/// The sender as one path component of an inbox (<inbox>/<sender>/<id>.xml), without the
/// "sedex://" that eCH-0058 senderIds often carry (sedex://T4-900001-1 and T4-900001-1 are one
/// participant): letters, digits,
/// '.', '_' and '-' as they are, every other byte as %XX ("psw:01234567" -> "psw%3A01234567"),
/// a leading '.' as %2E (never "." or "..", never hidden); longer than 120 characters: the first
/// 100, '~' and 16 hex digits of the sender's SHA-256. Distinct senders get distinct folders.
std::string sender_folder(std::string_view sender);

/// Current UTC time as 2026-01-31T12:34:56.789Z.
std::string utc_now_iso();

}  // namespace xoev::transport
