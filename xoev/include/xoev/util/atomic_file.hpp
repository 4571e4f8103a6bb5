#pragma once
/// Writing a file so that readers see either the old content or the complete new one: the text
/// goes to a uniquely named temporary file in the same folder, which is flushed to disk and
/// renamed over the target. A target that is not a regular file (/dev/null, /dev/stdout, a FIFO)
/// is written in place instead: renaming over a device would replace it.

#include <filesystem>
#include <sstream>
#include <string>

#include "xoev/util/result.hpp"

namespace xoev {

/// Writes `content` to `target` atomically (see above). Errors name the file (REPO006).
Result<void> write_file_atomically(const std::filesystem::path& target, std::string_view content);

/// A file written under a temporary name in the target's folder, flushed to disk, and renamed
/// over the target only by commit(), so that it can be checked (validated) before anyone sees
/// it. Destroyed without commit(), the temporary file is removed.
class StagedFile {
 public:
  /// Writes `content` to a new temporary file beside `target` (REPO006 if that fails).
  static Result<StagedFile> create(const std::filesystem::path& target, std::string_view content);
  StagedFile(StagedFile&& o) noexcept : target_(std::move(o.target_)), temp_(std::move(o.temp_)) {
    o.temp_.clear();
  }
  StagedFile& operator=(StagedFile&&) = delete;
  ~StagedFile();

  /// The temporary file, complete and on disk.
  [[nodiscard]] const std::filesystem::path& path() const { return temp_; }
  /// Renames it over the target and makes the rename durable.
  Result<void> commit();

 private:
  StagedFile(std::filesystem::path target, std::filesystem::path temp)
      : target_(std::move(target)), temp_(std::move(temp)) {}
  std::filesystem::path target_;
  std::filesystem::path temp_;
};

/// Collects output in memory and writes it with write_file_atomically on commit(); nothing is
/// written if commit() is never called.
class AtomicFile {
 public:
  explicit AtomicFile(std::filesystem::path target) : target_(std::move(target)) {}
  std::ostream& stream() { return buffer_; }
  Result<void> commit() { return write_file_atomically(target_, buffer_.str()); }

 private:
  std::filesystem::path target_;
  std::ostringstream buffer_;
};

}  // namespace xoev
