#include "mapping/source.hpp"

#include <libxml/parser.h>
#include <libxml/xmlstring.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>

#include "xoev/diag/i18n.hpp"

namespace xoev::mapping {

namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxSourceBytes = 512ull << 20;
constexpr std::size_t kMaxDepth = 256;

const xmlChar* X(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
const xmlChar* X(const std::string& s) { return X(s.c_str()); }

/// A JSON key or CSV column as an XML element name: characters that an NCName cannot hold
/// become '_', and a name that cannot start one gets a leading '_'.
std::string element_name(std::string_view key) {
  std::string out;
  for (unsigned char c : key) {
    const bool ok = std::isalnum(c) || c == '_' || c == '-' || c == '.' || c >= 0x80;
    out += ok ? static_cast<char>(c) : '_';
  }
  if (out.empty() || !(std::isalpha(static_cast<unsigned char>(out[0])) || out[0] == '_' ||
                       static_cast<unsigned char>(out[0]) >= 0x80))
    out.insert(out.begin(), '_');
  return out;
}

/// Collects libxml2's parse errors for one document; the first fatal one is reported.
/// Input iterator over a buffer that publishes how far the JSON lexer has read, so that SAX
/// events can be located.
class CountingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  CountingIterator(const char* p, const char* base, std::size_t* pos)
      : p_(p), base_(base), pos_(pos) {}
  reference operator*() const { return *p_; }
  CountingIterator& operator++() {
    ++p_;
    *pos_ = static_cast<std::size_t>(p_ - base_);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const CountingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char* base_;
  std::size_t* pos_;
};

}  // namespace

/// Builds the tree from nlohmann's SAX events.
class JsonBuilder {
 public:
  JsonBuilder(SourceDoc& src, std::size_t* pos) : src_(src), pos_(pos) {}

  bool null() {
    pending_.clear();
    advance_array();
    return true;
  }
  bool boolean(bool v) { return scalar(v ? "true" : "false"); }
  bool number_integer(std::int64_t v) { return scalar(std::to_string(v)); }
  bool number_unsigned(std::uint64_t v) { return scalar(std::to_string(v)); }
  bool number_float(double, const std::string& raw) { return scalar(raw); }
  bool string(std::string& v) { return scalar(v); }
  bool binary(nlohmann::json::binary_t&) { return scalar(""); }
  bool start_object(std::size_t) {
    if (frames_.empty()) {
      xmlNode* root = xmlNewDocNode(src_.doc(), nullptr, X("json"), nullptr);
      xmlDocSetRootElement(src_.doc(), root);
      src_.offsets_[root] = *pos_ > 0 ? *pos_ - 1 : 0;
      frames_.push_back({root, false, {}});
      return true;
    }
    xmlNode* n = open_child();
    if (n == nullptr) return false;
    frames_.push_back({n, false, {}});
    return depth_ok();
  }
  bool end_object() {
    frames_.pop_back();
    advance_array();
    return true;
  }
  bool key(std::string& k) {
    pending_ = element_name(k);
    key_offset_ = key_start();
    return true;
  }
  bool start_array(std::size_t) {
    if (frames_.empty()) {
      // A top-level array: <json> holds <item>s.
      xmlNode* root = xmlNewDocNode(src_.doc(), nullptr, X("json"), nullptr);
      xmlDocSetRootElement(src_.doc(), root);
      src_.offsets_[root] = 0;
      src_.array_containers_.insert(root);
      frames_.push_back({root, true, "item"});
      return true;
    }
    if (frames_.back().array) {
      // An array in an array: an element for the inner one, holding <item>s.
      xmlNode* n = open_child();
      if (n == nullptr) return false;
      src_.array_containers_.insert(n);
      frames_.push_back({n, true, "item"});
      return depth_ok();
    }
    frames_.push_back({frames_.back().node, true, pending_});
    pending_.clear();
    return depth_ok();
  }
  bool end_array() {
    frames_.pop_back();
    advance_array();
    return true;
  }
  bool parse_error(std::size_t position, const std::string&, const nlohmann::json::exception& e) {
    error_offset = position > 0 ? position - 1 : 0;
    error_message = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error ..."
    if (auto p = error_message.find("syntax error"); p != std::string::npos)
      error_message = error_message.substr(p);
    return false;
  }

  std::size_t error_offset = 0;
  std::string error_message;
  bool too_deep = false;

 private:
  struct Frame {
    xmlNode* node;
    bool array;
    std::string item_name;
    std::size_t index = 0;
  };
  SourceDoc& src_;
  std::size_t* pos_;
  std::vector<Frame> frames_;
  std::string pending_;
  std::size_t key_offset_ = 0;

  bool depth_ok() {
    if (frames_.size() > kMaxDepth) {
      too_deep = true;
      return false;
    }
    return true;
  }

  /// The offset of the opening quote of the key just read.
  std::size_t key_start() const {
    std::size_t p = std::min(*pos_, src_.bytes_.size());
    while (p > 0 && src_.bytes_[p - 1] != '"') --p;  // the closing quote
    if (p > 0) --p;
    while (p > 0 && !(src_.bytes_[p - 1] == '"' && (p < 2 || src_.bytes_[p - 2] != '\\'))) --p;
    return p > 0 ? p - 1 : 0;
  }

  /// A new element for the value being read: named by the pending key, or the array's name.
  xmlNode* open_child() {
    Frame& f = frames_.back();
    const std::string& name = f.array ? f.item_name : pending_;
    if (name.empty()) return nullptr;
    xmlNode* n = xmlNewChild(f.node, nullptr, X(name), nullptr);
    src_.offsets_[n] = f.array ? (*pos_ > 0 ? *pos_ - 1 : 0) : key_offset_;
    if (f.array) src_.array_index_[n] = f.index;
    pending_.clear();
    return n;
  }

  void advance_array() {
    if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
  }

  bool scalar(const std::string& v) {
    if (frames_.empty()) {
      // A bare scalar as the whole document: <json>value</json>.
      xmlNode* root = xmlNewDocNode(src_.doc(), nullptr, X("json"), nullptr);
      xmlDocSetRootElement(src_.doc(), root);
      xmlAddChild(root, xmlNewDocTextLen(src_.doc(), X(v), static_cast<int>(v.size())));
      src_.offsets_[root] = 0;
      return true;
    }
    xmlNode* n = open_child();
    if (n == nullptr) return false;
    xmlAddChild(n, xmlNewDocTextLen(src_.doc(), X(v), static_cast<int>(v.size())));
    advance_array();
    return true;
  }
};

/// RFC 4180 records, with ',' or ';' as the delimiter (whichever the header uses more).
class CsvReader {
 public:
  explicit CsvReader(SourceDoc& src) : src_(src), s_(src.bytes_) {}

  bool read(DiagnosticSink& sink) {
    // The text goes into an XML tree: it must be UTF-8 without NUL bytes.
    for (std::size_t i = 0; i < s_.size();) {
      int len = static_cast<int>(std::min<std::size_t>(4, s_.size() - i));
      const int c = xmlGetUTF8Char(reinterpret_cast<const unsigned char*>(s_.data() + i), &len);
      if (c <= 0 || len <= 0) {
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(s_[i]));
        sink.add(i18n::make(Severity::Error, "XML004", src_.location_at(i),
                            N_("CSV input is not UTF-8 (byte {0})"), {byte}, {},
                            N_("convert it first, e.g. iconv -f WINDOWS-1252 -t UTF-8 (Excel's "
                               "CSV)")));
        return false;
      }
      i += static_cast<std::size_t>(len);
    }
    xmlNode* root = xmlNewDocNode(src_.doc(), nullptr, X("csv"), nullptr);
    xmlDocSetRootElement(src_.doc(), root);
    src_.offsets_[root] = 0;
    const std::string first_line = s_.substr(0, s_.find('\n'));
    delim_ = std::count(first_line.begin(), first_line.end(), ';') >
                     std::count(first_line.begin(), first_line.end(), ',')
                 ? ';'
                 : ',';
    std::vector<std::string> header;
    std::vector<std::size_t> offsets;
    if (!record(header, offsets, sink)) return false;
    std::vector<std::string> names;
    for (const auto& h : header) names.push_back(element_name(h));
    std::vector<std::string> fields;
    while (pos_ < s_.size()) {
      const std::size_t row_start = pos_;
      if (!record(fields, offsets, sink)) return false;
      if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
      if (fields.size() != names.size()) {
        sink.add(i18n::make(Severity::Error, "MAP317", src_.location_at(row_start),
                            N_("CSV record has {0} fields, the header {1}"),
                            {std::to_string(fields.size()), std::to_string(names.size())}));
        return false;
      }
      xmlNode* row = xmlNewChild(root, nullptr, X("row"), nullptr);
      src_.offsets_[row] = row_start;
      for (std::size_t i = 0; i < fields.size(); ++i) {
        xmlNode* f = xmlNewChild(row, nullptr, X(names[i]), nullptr);
        xmlAddChild(f,
                    xmlNewDocTextLen(src_.doc(), X(fields[i]), static_cast<int>(fields[i].size())));
        src_.offsets_[f] = offsets[i];
      }
    }
    return true;
  }

 private:
  SourceDoc& src_;
  const std::string& s_;
  std::size_t pos_ = 0;
  char delim_ = ',';

  bool record(std::vector<std::string>& fields, std::vector<std::size_t>& offsets,
              DiagnosticSink& sink) {
    fields.assign(1, {});
    offsets.assign(1, pos_);
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      if (c == '"' && fields.back().empty()) {
        const std::size_t open = pos_++;
        for (;;) {
          if (pos_ >= s_.size()) {
            sink.error("MAP317", src_.location_at(open), N_("unterminated quoted CSV field"));
            return false;
          }
          if (s_[pos_] == '"') {
            if (pos_ + 1 < s_.size() && s_[pos_ + 1] == '"') {
              fields.back() += '"';
              pos_ += 2;
              continue;
            }
            ++pos_;
            break;
          }
          fields.back() += s_[pos_++];
        }
      } else if (c == delim_) {
        fields.emplace_back();
        offsets.push_back(++pos_);
      } else if (c == '\r' || c == '\n') {
        if (c == '\r' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '\n') ++pos_;
        ++pos_;
        return true;
      } else {
        fields.back() += c;
        ++pos_;
      }
    }
    return true;
  }
};

void SourceDoc::index_lines() {
  line_starts_.assign(1, 0);
  for (std::size_t i = 0; i < bytes_.size(); ++i)
    if (bytes_[i] == '\n') line_starts_.push_back(i + 1);
}

Location SourceDoc::location_at(std::size_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  const std::size_t line = static_cast<std::size_t>(it - line_starts_.begin());
  const std::size_t start = line_starts_[line - 1];
  // Columns count characters, not bytes.
  std::size_t col = 1;
  for (std::size_t i = start; i < offset && i < bytes_.size(); ++i)
    if ((static_cast<unsigned char>(bytes_[i]) & 0xC0) != 0x80) ++col;
  return Location{display_, static_cast<uint32_t>(line), static_cast<uint32_t>(col)};
}

Location SourceDoc::location(const xmlNode* node) const {
  for (const xmlNode* n = node; n != nullptr && n->type != XML_DOCUMENT_NODE; n = n->parent) {
    if (format_ == DataFormat::Xml) {
      if (n->type != XML_ELEMENT_NODE) continue;
      const long line = xmlGetLineNo(n);
      if (line <= 0) continue;
      // libxml2 keeps the line on which the start tag ends; the tag itself is the last
      // "<prefix:name" before the end of that line.
      std::string tag = "<";
      if (n->ns != nullptr && n->ns->prefix != nullptr)
        tag += reinterpret_cast<const char*>(n->ns->prefix) + std::string(":");
      tag += reinterpret_cast<const char*>(n->name);
      const auto l = static_cast<std::size_t>(line);
      const std::size_t end = l < line_starts_.size() ? line_starts_[l] : bytes_.size();
      const std::size_t at =
          end >= tag.size() ? bytes_.rfind(tag, end - tag.size()) : std::string::npos;
      if (at != std::string::npos) return location_at(at);
      return Location{display_, static_cast<uint32_t>(line), 0};
    }
    if (auto it = offsets_.find(n); it != offsets_.end()) return location_at(it->second);
  }
  return Location{display_, 0, 0};
}

std::string SourceDoc::path(const xmlNode* node) const {
  if (node == nullptr) return {};
  if (format_ == DataFormat::Xml) {
    xmlChar* p = xmlGetNodePath(node);
    std::string s = p != nullptr ? reinterpret_cast<const char*>(p) : "";
    xmlFree(p);
    return s;
  }
  std::vector<std::string> parts;
  for (const xmlNode* n = node;
       n != nullptr && n->parent != nullptr && n->parent->type != XML_DOCUMENT_NODE;
       n = n->parent) {
    if (n->type != XML_ELEMENT_NODE) continue;
    std::string part = reinterpret_cast<const char*>(n->name);
    if (format_ == DataFormat::Json) {
      if (auto it = array_index_.find(n); it != array_index_.end()) {
        // "members": [..] items are "members" elements: /members/1
        parts.push_back(std::to_string(it->second));
        if (array_containers_.count(n->parent) != 0) continue;  // <item>s of an unnamed array
      }
    } else if (format_ == DataFormat::Csv && part == "row") {
      std::size_t i = 1;
      for (const xmlNode* s = n->prev; s != nullptr; s = s->prev)
        if (s->type == XML_ELEMENT_NODE) ++i;
      part = "row " + std::to_string(i);
    }
    parts.push_back(part);
  }
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) out += "/" + *it;
  return out.empty() ? "/" : out;
}

std::unique_ptr<SourceDoc> SourceDoc::load(const fs::path& file, const std::string& display,
                                           DataFormat format, DiagnosticSink& sink) {
  auto src = std::make_unique<SourceDoc>();
  src->format_ = format;
  src->display_ = display;
  auto bytes = xml::read_regular_file(file, display, kMaxSourceBytes, sink);
  if (!bytes) return nullptr;
  src->bytes_ = std::move(*bytes);
  if (format == DataFormat::Xml) {
    xml::XmlLimits limits;
    limits.max_tree_bytes = kMaxSourceBytes;
    src->doc_ = xml::parse_tree(src->bytes_, display, limits, sink, {.cdata_as_text = true});
    if (!src->doc_) return nullptr;
    src->index_lines();  // the text stays for columns, which libxml2 does not keep
    return src;
  }

  if (src->bytes_.empty()) {
    sink.error("XML002", Location{display, 0, 0}, N_("input is empty"));
    return nullptr;
  }
  src->index_lines();
  src->doc_.reset(xmlNewDoc(X("1.0")));
  if (format == DataFormat::Json) {
    std::size_t pos = 0;
    JsonBuilder builder(*src, &pos);
    const char* b = src->bytes_.data();
    const char* e = b + src->bytes_.size();
    bool ok = false;
    try {
      ok = nlohmann::json::sax_parse(CountingIterator(b, b, &pos), CountingIterator(e, b, &pos),
                                     &builder);
    } catch (const nlohmann::json::exception& ex) {
      builder.error_message = ex.what();
    }
    if (!ok) {
      if (builder.too_deep)
        sink.error("XML005", src->location_at(pos), N_("JSON nested more than 256 levels deep"));
      else
        sink.add(i18n::make(Severity::Error, "MAP317", src->location_at(builder.error_offset),
                            N_("not valid JSON: {0}"), {builder.error_message}));
      return nullptr;
    }
    if (src->root() == nullptr) {
      sink.error("MAP317", Location{display, 1, 1}, N_("not valid JSON: no value"));
      return nullptr;
    }
    return src;
  }
  CsvReader csv(*src);
  if (!csv.read(sink)) return nullptr;
  return src;
}

}  // namespace xoev::mapping
