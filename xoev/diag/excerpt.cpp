#include "diag/excerpt.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <string>

#include "xoev/util/text.hpp"

namespace xoev::diag {

namespace {
constexpr std::size_t kMaxExcerpt = 160;
}  // namespace

namespace {

/// get()/peek() of an input stream, a block at a time (istream::get costs a call per byte),
/// and a quick skip to the next line feed.
class BlockReader {
 public:
  explicit BlockReader(std::ifstream& in) : in_(in) {}
  bool get(char& c) {
    if (pos_ == len_ && !fill()) return false;
    c = buf_[pos_++];
    return true;
  }
  int peek() {
    if (pos_ == len_ && !fill()) return std::char_traits<char>::eof();
    return static_cast<unsigned char>(buf_[pos_]);
  }
  /// Consumes everything up to and including the next '\n'; false at the end of the input.
  bool skip_line() {
    while (pos_ < len_ || fill()) {
      const void* nl = std::memchr(buf_.data() + pos_, '\n', len_ - pos_);
      if (nl != nullptr) {
        pos_ = static_cast<std::size_t>(static_cast<const char*>(nl) - buf_.data()) + 1;
        return true;
      }
      pos_ = len_;
    }
    return false;
  }

 private:
  bool fill() {
    pos_ = 0;
    len_ = static_cast<std::size_t>(
        std::max<std::streamsize>(0, in_.rdbuf()->sgetn(buf_.data(), buf_.size())));
    return len_ > 0;
  }
  std::ifstream& in_;
  std::array<char, 16384> buf_{};
  std::size_t pos_ = 0, len_ = 0;
};

}  // namespace

std::map<uint32_t, Excerpt> read_excerpts(const std::string& file,
                                          const std::map<uint32_t, uint32_t>& wanted) {
  std::map<uint32_t, Excerpt> out;
  if (wanted.empty()) return out;
  std::ifstream in(file, std::ios::binary);
  if (!in) return out;
  BlockReader reader(in);
  uint32_t line = 1;
  auto it = wanted.begin();
  std::string buf;
  std::size_t col = 0, from = 0;
  char c;
  auto window_start = [](uint32_t column) -> std::size_t {
    return column > kMaxExcerpt / 2 ? column - kMaxExcerpt / 2 : 0;
  };
  from = window_start(it->second);
  while (it != wanted.end()) {
    // Before a wanted line only line feeds count.
    if (line < it->first) {
      if (!reader.skip_line()) break;
      ++line;
      continue;
    }
    if (!reader.get(c)) break;
    if (c == '\n' || c == '\r') {
      out[line] = {buf, from};
      buf.clear();
      col = 0;
      ++it;
      if (c == '\r' && reader.peek() == '\n') reader.get(c);
      ++line;
      if (it != wanted.end()) from = window_start(it->second);
      continue;
    }
    if (col >= from && col < from + kMaxExcerpt) buf.push_back(c == '\t' ? ' ' : c);
    ++col;
  }
  if (it != wanted.end() && line == it->first && !buf.empty()) out[line] = {buf, from};
  return out;
}

std::string printable(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80                   ? 1
                      : (c >= 0xC2 && c <= 0xDF) ? 2
                      : (c >= 0xE0 && c <= 0xEF) ? 3
                      : (c >= 0xF0 && c <= 0xF4) ? 4
                                                 : 0;
    bool ok = len > 0 && i + len <= s.size();
    for (std::size_t k = 1; ok && k < len; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!ok) {
      out.push_back('?');
      ++i;
      continue;
    }
    out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

std::size_t display_width(std::string_view s, std::size_t bytes) {
  return utf8_length(s.substr(0, std::min(bytes, s.size())));
}

SourceLines source_lines(const FileReport& r) {
  std::map<std::string, std::map<uint32_t, uint32_t>> wanted;  // file -> line -> column
  for (const auto& d : r.diagnostics) {
    if (d.loc.line == 0 || (d.loc.file == r.input.name && r.input.is_stdin)) continue;
    wanted[d.loc.file].emplace(d.loc.line, d.loc.column);
  }
  SourceLines out;
  for (const auto& [file, lines] : wanted)
    out[file] = read_excerpts(file == r.input.name ? r.input.path.string() : file, lines);
  return out;
}

}  // namespace xoev::diag
