#pragma once
/// The one way ozg reads untrusted XML into a libxml2 tree: signatures (`sign`, `verify`),
/// mapping inputs and golden files (`transform`, `mapping test`), sedex envelopes and receipts.
/// Xerces streams messages for validation; whatever needs a tree comes through here.
///
/// Guarantees, whatever the input: no DTD is read and no DOCTYPE accepted (XML003), no entity
/// is substituted, nothing is fetched from a network or a file, elements nest at most
/// `max_depth` levels (XML005), at most `max_tree_bytes` are read (XML010), only regular files
/// are opened (a FIFO or device is XML007, so nothing blocks), and every problem is a diagnostic
/// with line and column in the sink: libxml2 prints nothing by itself.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "xoev/diag/diag.hpp"

struct _xmlDoc;

namespace xoev::xml {

/// Limits for every parser of untrusted XML: the validating Xerces stream and libxml2 trees.
struct XmlLimits {
  /// Validation only: accept an internal DTD subset (entities bounded below). Trees never do.
  bool allow_doctype = false;
  unsigned max_depth = 256;
  unsigned entity_expansion_limit = 10000;
  /// Streaming validation: the longest text node, attribute value, comment or CDATA section, in
  /// MiB (XML011 beyond). Xerces holds each such value whole while it checks it, so this bounds
  /// a validation's memory: about 25 MB plus 6 bytes per character of the longest value.
  unsigned max_value_mib = 4;
  /// Largest document read into a tree (the tree itself takes several times as much).
  std::uint64_t max_tree_bytes = std::uint64_t{512} << 20;
};

struct DocFree {
  void operator()(_xmlDoc* d) const;
};
using DocPtr = std::unique_ptr<_xmlDoc, DocFree>;

/// How the tree is built, for callers that compare or map content.
struct TreeOptions {
  bool cdata_as_text = false;  ///< CDATA sections become text nodes.
  bool drop_blanks = false;    ///< White-space-only text between elements is dropped.
};

/// Parses `bytes` (named `display` in diagnostics). Returns null after reporting at least one
/// error to `sink`: XML002 empty, XML001 not well-formed, XML003 DOCTYPE, XML004 encoding,
/// XML005 too deep, XML010 too large.
DocPtr parse_tree(std::string_view bytes, const std::string& display, const XmlLimits& limits,
                  DiagnosticSink& sink, TreeOptions options = {});

/// Reads `file` (a regular file; XML007 otherwise) and parses it as parse_tree does.
DocPtr load_tree(const std::filesystem::path& file, const std::string& display,
                 const XmlLimits& limits, DiagnosticSink& sink, TreeOptions options = {});

/// Reads a whole regular file of at most `max_bytes`: XML007 (missing, not a regular file, not
/// readable) or XML010 (too large) in `sink` and nullopt otherwise. Opening never blocks.
std::optional<std::string> read_regular_file(const std::filesystem::path& file,
                                             const std::string& display, std::uint64_t max_bytes,
                                             DiagnosticSink& sink);

/// True if a document starting with `head` is UTF-16 or UTF-32 (XML 1.0 appendix F: a byte
/// order mark, or '<' in a 16- or 32-bit unit), where 0x00 bytes are normal. In every other
/// encoding a NUL byte is not XML, and parsers would take it for the end of the input.
bool wide_encoding(std::string_view head);

/// Makes libxml2 report nothing by itself on this thread (and on threads started later).
/// parse_tree calls it; code that uses other libxml2 modules (C14N, XPath) on a tree calls it
/// once per thread too.
void silence_libxml();

}  // namespace xoev::xml
