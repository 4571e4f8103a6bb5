#pragma once
// Private to xoev/mapping: an input (XML, JSON or CSV) read into one libxml2 tree, so that the
// rules address every format with XPath, with the positions needed to locate problems in the
// original file.
//
//   XML   as parsed (no DTD, no entities, no network; a DOCTYPE is refused)
//   JSON  <json> holds the top-level object's members; a member is an element named by its key,
//         an array a run of elements with the member's name, null is left out
//   CSV   <csv> holds one <row> per record, whose children are named by the header's columns

#include <libxml/tree.h>

#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "xoev/diag/diag.hpp"
#include "xoev/mapping/mapping.hpp"
#include "xoev/xml/tree.hpp"

namespace xoev::mapping {

using XmlDocPtr = xml::DocPtr;

class SourceDoc {
 public:
  /// Reads `file`; problems go to `sink` (located at `display`) and the result is then null.
  static std::unique_ptr<SourceDoc> load(const std::filesystem::path& file,
                                         const std::string& display, DataFormat format,
                                         DiagnosticSink& sink);

  [[nodiscard]] xmlDoc* doc() const { return doc_.get(); }
  [[nodiscard]] xmlNode* root() const { return xmlDocGetRootElement(doc_.get()); }
  /// Where `node` (or its nearest located ancestor) is in the input.
  [[nodiscard]] Location location(const xmlNode* node) const;
  /// The node's path as its format spells it: an XPath for XML, a JSON Pointer for JSON,
  /// "row N/column" for CSV.
  [[nodiscard]] std::string path(const xmlNode* node) const;
  /// The line and column of a byte offset (JSON and CSV).
  [[nodiscard]] Location location_at(std::size_t offset) const;

 private:
  friend class JsonBuilder;
  friend class CsvReader;
  DataFormat format_ = DataFormat::Xml;
  std::string display_;
  XmlDocPtr doc_;
  std::string bytes_;                                            // the input text, for positions
  std::vector<std::size_t> line_starts_;                         // offsets where lines start
  std::unordered_map<const xmlNode*, std::size_t> offsets_;      // JSON/CSV node -> byte offset
  std::unordered_map<const xmlNode*, std::size_t> array_index_;  // JSON array items
  std::unordered_set<const xmlNode*> array_containers_;          // elements of unnamed arrays

  void index_lines();
};

}  // namespace xoev::mapping
