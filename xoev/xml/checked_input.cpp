#include "xml/checked_input.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string_view>
#include <tuple>
#include <xercesc/util/BinInputStream.hpp>
#include <xercesc/util/OutOfMemoryException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/RuntimeException.hpp>

#include "xml/xstr.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/util/text.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev::xml {

using namespace XERCES_CPP_NAMESPACE;

namespace {

class CheckedStream final : public BinInputStream {
 public:
  CheckedStream(std::string_view memory, std::uint64_t max_run, InputStop* stop)
      : memory_(memory), max_run_(max_run), stop_(stop) {}
  CheckedStream(int fd, std::uint64_t max_run, InputStop* stop)
      : fd_(fd), max_run_(max_run), stop_(stop) {}
  ~CheckedStream() override {
    if (fd_ >= 0) ::close(fd_);
  }
  CheckedStream(const CheckedStream&) = delete;
  CheckedStream& operator=(const CheckedStream&) = delete;

  XMLFilePos curPos() const override { return pos_; }
  const XMLCh* getContentType() const override { return nullptr; }

  XMLSize_t readBytes(XMLByte* const to, const XMLSize_t max) override {
    if (ended_) return 0;
    std::size_t n = 0;
    if (fd_ < 0) {
      n = std::min<std::size_t>(max, memory_.size() - static_cast<std::size_t>(pos_));
      std::memcpy(to, memory_.data() + pos_, n);
    } else {
      ssize_t got = 0;
      do got = ::read(fd_, to, max);
      while (got < 0 && errno == EINTR);
      if (got < 0) ThrowXML(RuntimeException, XMLExcepts::File_CouldNotReadFromFile);
      n = static_cast<std::size_t>(got);
    }
    const auto* bytes = reinterpret_cast<const char*>(to);
    if (pos_ == 0 && n > 0) {
      wide_ = wide_encoding(std::string_view(reinterpret_cast<const char*>(to), n));
    }
    if (!wide_) {
      if (const void* z = std::memchr(bytes, 0, n); z != nullptr) {
        n = static_cast<std::size_t>(static_cast<const char*>(z) - bytes);
        stop(InputStop::Why::Nul);
      }
      const std::string_view chunk(bytes, n);
      const std::size_t lt = chunk.rfind('<');
      if (fd_ < 0) {
        // In memory, positions are counted only when one is needed.
        if (lt != std::string_view::npos) {
          run_at_ = pos_ + lt;
          run_ = n - lt;
        } else {
          run_ += n;
        }
        if (ended_) {
          std::tie(stop_->line, stop_->column) = position_at(pos_ + n);
        } else if (run_ > max_run_) {
          stop(InputStop::Why::LongValue);
          std::tie(stop_->line, stop_->column) = position_at(run_at_);
        }
      } else {
        if (lt != std::string_view::npos) {
          advance(chunk.substr(0, lt));
          run_line_ = line_;
          run_column_ = column_;
          advance(chunk.substr(lt));
          run_ = n - lt;
        } else {
          advance(chunk);
          run_ += n;
        }
        if (ended_) {
          stop_->line = line_;
          stop_->column = column_;
        } else if (run_ > max_run_) {
          stop(InputStop::Why::LongValue);
          stop_->line = run_line_;
          stop_->column = run_column_;
        }
      }
    }
    pos_ += n;
    return n;
  }

 private:
  void stop(InputStop::Why why) {
    ended_ = true;
    stop_->why = why;
  }

  /// Characters (UTF-8 lead bytes) in `s`.
  static uint32_t lead(std::string_view s) { return static_cast<uint32_t>(utf8_length(s)); }

  /// Line and column (in characters) of the byte at `offset` of the input in memory.
  std::pair<uint32_t, uint32_t> position_at(std::uint64_t offset) const {
    const std::string_view before = memory_.substr(0, static_cast<std::size_t>(offset));
    const auto newlines = static_cast<uint32_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t nl = before.rfind('\n');
    return {1 + newlines, 1 + lead(nl == std::string_view::npos ? before : before.substr(nl + 1))};
  }

  /// Keeps line and column (in characters) of the next byte.
  void advance(std::string_view chunk) {
    const auto newlines = static_cast<uint32_t>(std::count(chunk.begin(), chunk.end(), '\n'));
    if (newlines == 0) {
      column_ += lead(chunk);
      return;
    }
    line_ += newlines;
    column_ = 1 + lead(chunk.substr(chunk.rfind('\n') + 1));
  }

  std::string_view memory_;
  int fd_ = -1;
  std::uint64_t max_run_;
  InputStop* stop_;
  XMLFilePos pos_ = 0;
  bool wide_ = false;
  bool ended_ = false;
  uint32_t line_ = 1;
  uint32_t column_ = 1;
  std::uint64_t run_ = 0;  // bytes since the last '<'
  uint32_t run_line_ = 1;  // where that '<' is (read from a file)
  uint32_t run_column_ = 1;
  std::uint64_t run_at_ = 0;  // the offset of that '<' (in memory)
};

class CheckedSource final : public InputSource {
 public:
  CheckedSource(const Document& doc, std::uint64_t max_run, InputStop* stop)
      : doc_(doc), max_run_(max_run), stop_(stop) {
    setSystemId(XStr(doc.file().string()).c_str());
  }
  BinInputStream* makeStream() const override {
    if (doc_.in_memory()) return new CheckedStream(doc_.bytes(), max_run_, stop_);
    const int fd = ::open(doc_.file().c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    return fd < 0 ? nullptr : new CheckedStream(fd, max_run_, stop_);
  }

 private:
  const Document& doc_;
  std::uint64_t max_run_;
  InputStop* stop_;
};

class BoundedMemory final : public MemoryManager {
 public:
  explicit BoundedMemory(std::size_t max_allocation) : max_(max_allocation) {}
  MemoryManager* getExceptionMemoryManager() override { return XMLPlatformUtils::fgMemoryManager; }
  void* allocate(XMLSize_t size) override {
    if (size > max_) throw OutOfMemoryException();
    return ::operator new(size);  // as Xerces' own MemoryManagerImpl
  }
  void deallocate(void* p) override { ::operator delete(p); }

 private:
  std::size_t max_;
};

std::uint64_t value_limit_bytes(const XmlLimits& limits) {
  return std::uint64_t{std::max(1u, limits.max_value_mib)} << 20;
}

/// The hint of XML011: the limit to raise to.
void advise_value_limit(Diagnostic& d, const XmlLimits& limits) {
  i18n::advise(d,
               N_("if the message is genuine (a large inline attachment), raise the limit with "
                  "--max-value-mb {0}; memory use grows by about 6 bytes per character of the "
                  "longest value"),
               {std::to_string(std::max(1u, limits.max_value_mib) * 4)});
}

}  // namespace

namespace {
bool contains(std::string_view haystack, std::string_view needle) {
  return haystack.find(needle) != std::string_view::npos;
}
}  // namespace

std::string_view classify_fatal(std::string_view m) {
  if (contains(m, "schemaLocation")) return "XML008";
  if (contains(m, "entity expansion") || contains(m, "entityExpansionLimit") ||
      (contains(m, "more than") && contains(m, "entit")))
    return "XML006";
  if (contains(m, "encoding") || contains(m, "byte") || contains(m, "transcod") ||
      contains(m, "UTF-8") || contains(m, "bytes") || contains(m, "Encoding"))
    return "XML004";
  return "XML001";
}

std::optional<BadByte> first_invalid_utf8(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  BadByte at;
  BadByte lead;  // where the sequence being read started: the byte to blame when it breaks
  int need = 0;  // continuation bytes still expected
  char ch;
  while (in.get(ch)) {
    const auto c = static_cast<unsigned char>(ch);
    if (need > 0) {
      if ((c & 0xC0) != 0x80) return lead;  // Latin-1 "ß" (0xDF) before 'e', not the 'e'
      --need;
      continue;
    }
    lead = BadByte{at.line, at.column, c};
    if (c == '\n') {
      ++at.line;
      at.column = 1;
      continue;
    }
    if (c < 0x80) {
      ++at.column;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF)
      need = 1;
    else if (c >= 0xE0 && c <= 0xEF)
      need = 2;
    else if (c >= 0xF0 && c <= 0xF4)
      need = 3;
    else
      return BadByte{at.line, at.column, c};
    ++at.column;
  }
  return std::nullopt;
}

/// True if the file is empty or holds only white space (checked on at most its first 64 KiB).
void say_bad_byte(Diagnostic& d, const BadByte& bad) {
  char hex[8];
  std::snprintf(hex, sizeof hex, "0x%02X", bad.byte);
  i18n::say(d,
            N_("byte {0} is not valid UTF-8 (the file looks like Latin-1 or Windows-1252 text "
               "declared as UTF-8)"),
            {hex});
}

std::string describe(const BadByte& bad) {
  Diagnostic d;
  say_bad_byte(d, bad);
  return d.message;
}

bool is_blank(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char buf[65536];
  in.read(buf, sizeof buf);
  const auto n = in.gcount();
  if (in.peek() != std::char_traits<char>::eof()) return false;
  for (std::streamsize i = 0; i < n; ++i) {
    if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t') return false;
  }
  return true;
}

std::unique_ptr<InputSource> checked_source(const Document& doc, const XmlLimits& limits,
                                            InputStop* stop) {
  return std::make_unique<CheckedSource>(doc, value_limit_bytes(limits), stop);
}

Diagnostic stop_diagnostic(const InputStop& stop, const std::string& display,
                           const XmlLimits& limits) {
  if (stop.why == InputStop::Why::Nul)
    return i18n::make(Severity::Error, "XML001", {display, stop.line, stop.column},
                      N_("NUL byte (0x00): XML does not allow it, and nothing after it was read"),
                      {}, {},
                      N_("the file was cut, padded or concatenated with something else; remove "
                         "everything from this byte on"));
  Diagnostic d = i18n::make(Severity::Error, "XML011", {display, stop.line, stop.column},
                            N_("more than {0} MiB without markup from here on: a text node, "
                               "attribute value or tag this long is refused, and nothing after "
                               "it was read"),
                            {std::to_string(std::max(1u, limits.max_value_mib))});
  advise_value_limit(d, limits);
  return d;
}

Diagnostic value_too_long(const std::string& display, uint32_t line, uint32_t column,
                          const XmlLimits& limits) {
  Diagnostic d = i18n::make(Severity::Error, "XML011", {display, line, column},
                            N_("a value here (text, attribute value, comment or CDATA section) is "
                               "longer than {0} MiB; it is refused, and nothing after it was read"),
                            {std::to_string(std::max(1u, limits.max_value_mib))});
  advise_value_limit(d, limits);
  return d;
}

std::unique_ptr<MemoryManager> bounded_memory(const XmlLimits& limits) {
  // Xerces grows a value's buffer to twice what it needs, in UTF-16: 4 bytes per character of
  // the value, plus the 1 Mi-character chunk in which the scanner hands text on.
  return std::make_unique<BoundedMemory>(4 * value_limit_bytes(limits) + (std::size_t{4} << 20));
}

}  // namespace xoev::xml
