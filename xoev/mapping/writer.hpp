#pragma once
// Private to xoev/mapping: the target tree written as XML, JSON or CSV, the counterpart of
// source.hpp (which reads the three formats into a tree).
//
//   XML   as built (put in schema order before, by schema_order), UTF-8, indented
//   JSON  an element with element children is an object, else a string (or the number or
//         boolean its rule's type: says); repeated names and items of `each` become arrays
//   CSV   one line per row element; cells a spreadsheet would run as a formula get a leading '

#include <libxml/tree.h>

#include <string>
#include <unordered_map>
#include <unordered_set>

#include "mapping/model.hpp"

namespace xoev::mapping {

/// What rules said about target elements beyond their text: a JSON type (type: number or
/// boolean) and the items of an `each` (always a JSON array, even of one).
struct TargetShape {
  std::unordered_map<const xmlNode*, ValueType> types;
  std::unordered_set<const xmlNode*> arrays;
};

/// The document as XML (UTF-8, indented).
std::string write_xml(xmlDoc* doc);

/// The tree below `root` as JSON (two spaces, a final newline).
std::string write_json(const xmlNode* root, const TargetShape& shape);

/// The header line of a CSV target: target.columns, else the names of the row children in order
/// of first appearance. Unless `keep_formulas`, cells that a spreadsheet would run as a formula
/// (=, +, -, @, tab, CR first; plain numbers excepted) get a leading '.
std::string write_csv_header(const MappingDoc& doc, const xmlNode* root, bool keep_formulas);
/// One line per row element of `root`, the fields in column order, cells as in the header.
std::string write_csv_rows(const MappingDoc& doc, const xmlNode* root, bool keep_formulas);

}  // namespace xoev::mapping
