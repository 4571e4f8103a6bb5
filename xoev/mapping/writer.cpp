#include "mapping/writer.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

namespace xoev::mapping {

namespace {

std::string S(const xmlChar* s) { return s != nullptr ? reinterpret_cast<const char*>(s) : ""; }

nlohmann::ordered_json to_json(const xmlNode* n, const TargetShape& shape) {
  bool has_elements = false;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next)
    if (c->type == XML_ELEMENT_NODE) has_elements = true;
  if (!has_elements) {
    xmlChar* t = xmlNodeGetContent(n);
    const std::string s = S(t);
    xmlFree(t);
    auto it = shape.types.find(n);
    if (it != shape.types.end()) {
      if (it->second == ValueType::Boolean) return s == "true" || s == "1";
      if (it->second == ValueType::Number) {
        auto j = nlohmann::ordered_json::parse(s, nullptr, false);
        if (j.is_number()) return j;
      }
    }
    if (n->parent != nullptr && n->parent->type == XML_DOCUMENT_NODE)
      return nlohmann::ordered_json::object();
    return s;
  }
  nlohmann::ordered_json obj = nlohmann::ordered_json::object();
  std::map<std::string, std::size_t> counts;
  for (const xmlNode* c = n->children; c != nullptr; c = c->next)
    if (c->type == XML_ELEMENT_NODE) ++counts[S(c->name)];
  for (const xmlNode* c = n->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const std::string name = S(c->name);
    if (counts[name] > 1 || shape.arrays.count(c) != 0) {
      if (!obj.contains(name)) obj[name] = nlohmann::ordered_json::array();
      obj[name].push_back(to_json(c, shape));
    } else {
      obj[name] = to_json(c, shape);
    }
  }
  return obj;
}

/// Whether `s` is a plain decimal number (-12.5, +3, 0,75): data that a spreadsheet reads as a
/// number, never as a formula, so it is written as it is.
bool plain_number(std::string_view s) {
  std::size_t i = s.starts_with('-') || s.starts_with('+') ? 1 : 0;
  const std::size_t digits = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == digits) return false;
  if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
    const std::size_t fraction = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == fraction) return false;
  }
  return i == s.size();
}

/// One CSV field, quoted as RFC 4180 requires. Unless `keep_formulas`, a value that a
/// spreadsheet would run as a formula (it starts with =, +, -, @, a tab or a carriage return;
/// OWASP "CSV injection") gets a leading ' so that it shows as the text it is: the values come
/// from messages, and staff open the CSV in a spreadsheet. Plain numbers stay as they are.
std::string csv_field(const std::string& s, bool keep_formulas) {
  std::string v;
  if (!keep_formulas && !s.empty() &&
      std::string_view("=+-@\t\r").find(s[0]) != std::string_view::npos && !plain_number(s))
    v = "'" + s;
  else
    v = s;
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string element_text(const xmlNode* n) {
  xmlChar* t = xmlNodeGetContent(n);
  std::string s = S(t);
  xmlFree(t);
  return s;
}

/// target.columns, else the names of the row children in order of first appearance.
std::vector<std::string> csv_columns(const MappingDoc& doc, const xmlNode* root) {
  std::vector<std::string> columns = doc.columns;
  if (!columns.empty()) return columns;
  for (const xmlNode* row = root->children; row != nullptr; row = row->next)
    for (const xmlNode* f = row->children; f != nullptr; f = f->next)
      if (f->type == XML_ELEMENT_NODE &&
          std::find(columns.begin(), columns.end(), S(f->name)) == columns.end())
        columns.push_back(S(f->name));
  return columns;
}

}  // namespace

std::string write_csv_header(const MappingDoc& doc, const xmlNode* root, bool keep_formulas) {
  std::string out;
  const auto columns = csv_columns(doc, root);
  for (std::size_t i = 0; i < columns.size(); ++i)
    out += (i > 0 ? "," : "") + csv_field(columns[i], keep_formulas);
  return out + "\n";
}

std::string write_csv_rows(const MappingDoc& doc, const xmlNode* root, bool keep_formulas) {
  const auto columns = csv_columns(doc, root);
  std::string out;
  for (const xmlNode* row = root->children; row != nullptr; row = row->next) {
    if (row->type != XML_ELEMENT_NODE) continue;
    std::string line;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      std::string v;
      for (const xmlNode* f = row->children; f != nullptr; f = f->next)
        if (f->type == XML_ELEMENT_NODE && S(f->name) == columns[i]) {
          v = element_text(f);
          break;
        }
      line += (i > 0 ? "," : "") + csv_field(v, keep_formulas);
    }
    out += line + "\n";
  }
  return out;
}

std::string write_xml(xmlDoc* doc) {
  xmlChar* mem = nullptr;
  int size = 0;
  xmlDocDumpFormatMemoryEnc(doc, &mem, &size, "UTF-8", 1);
  std::string out(reinterpret_cast<const char*>(mem), static_cast<std::size_t>(size));
  xmlFree(mem);
  return out;
}

std::string write_json(const xmlNode* root, const TargetShape& shape) {
  // Sources are UTF-8 (checked when read); replace rather than throw all the same.
  return to_json(root, shape)
             .dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
         "\n";
}

}  // namespace xoev::mapping
