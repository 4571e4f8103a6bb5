// Canonical comparison of expected and actual outputs for `ozg mapping test`, with a unified
// diff of the canonical forms when they differ.

#include <libxml/parser.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "mapping/source.hpp"
#include "xoev/diag/i18n.hpp"
#include "xoev/mapping/mapping.hpp"

namespace xoev {

namespace {

std::string S(const xmlChar* s) { return s != nullptr ? reinterpret_cast<const char*>(s) : ""; }

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

/// Renders XML as one line per element and text, with namespace URIs shown by one prefix per
/// URI (shared by both documents), attributes sorted, whitespace between elements dropped.
class XmlCanon {
 public:
  std::vector<std::string> render(xmlNode* root) {
    std::vector<std::string> lines;
    node(root, 0, lines);
    return lines;
  }
  void learn(xmlNode* n) {
    for (; n != nullptr; n = n->next) {
      if (n->type != XML_ELEMENT_NODE) continue;
      for (xmlNs* ns = n->nsDef; ns != nullptr; ns = ns->next)
        if (ns->prefix != nullptr) prefixes_.emplace(S(ns->href), S(ns->prefix));
      learn(n->children);
    }
  }

 private:
  std::map<std::string, std::string> prefixes_;

  std::string name(const xmlNs* ns, const xmlChar* local) {
    if (ns == nullptr) return S(local);
    const std::string uri = S(ns->href);
    auto it = prefixes_.find(uri);
    if (it == prefixes_.end())
      it = prefixes_.emplace(uri, "ns" + std::to_string(prefixes_.size() + 1)).first;
    return it->second + ":" + S(local);
  }

  void node(xmlNode* n, int depth, std::vector<std::string>& lines) {
    const std::string indent(static_cast<std::size_t>(depth) * 2, ' ');
    std::string line = indent + "<" + name(n->ns, n->name);
    std::vector<std::string> attrs;
    for (xmlAttr* a = n->properties; a != nullptr; a = a->next) {
      xmlChar* v = xmlNodeListGetString(n->doc, a->children, 1);
      attrs.push_back(name(a->ns, a->name) + "=\"" + S(v) + "\"");
      xmlFree(v);
    }
    std::sort(attrs.begin(), attrs.end());
    for (const auto& a : attrs) line += " " + a;
    bool has_elements = false;
    std::string text;
    for (xmlNode* c = n->children; c != nullptr; c = c->next) {
      if (c->type == XML_ELEMENT_NODE)
        has_elements = true;
      else if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)
        text += S(c->content);
    }
    text = trim(text);
    if (!has_elements) {
      lines.push_back(line + ">" + text);
      return;
    }
    lines.push_back(line + ">");
    if (!text.empty()) lines.push_back(indent + "  " + text);
    for (xmlNode* c = n->children; c != nullptr; c = c->next)
      if (c->type == XML_ELEMENT_NODE) node(c, depth + 1, lines);
  }
};

std::vector<std::string> split_lines(const std::string& s) {
  std::vector<std::string> out;
  std::istringstream in(s);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    out.push_back(line);
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

/// A unified diff (3 lines of context) of two line sequences, by longest common subsequence.
std::string unified_diff(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::pair<char, std::string>> ops;  // ' ', '-', '+'
  if (n * m <= 25'000'000) {
    std::vector<std::vector<std::uint32_t>> l(n + 1, std::vector<std::uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;)
      for (std::size_t j = m; j-- > 0;)
        l[i][j] = a[i] == b[j] ? l[i + 1][j + 1] + 1 : std::max(l[i + 1][j], l[i][j + 1]);
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[i] == b[j]) {
        ops.emplace_back(' ', a[i++]);
        ++j;
      } else if (i < n && (j == m || l[i + 1][j] >= l[i][j + 1])) {
        ops.emplace_back('-', a[i++]);
      } else {
        ops.emplace_back('+', b[j++]);
      }
    }
  } else {
    // Too large for a full diff: everything from the first difference on.
    std::size_t k = 0;
    while (k < n && k < m && a[k] == b[k]) ops.emplace_back(' ', a[k++]);
    for (std::size_t i = k; i < n; ++i) ops.emplace_back('-', a[i]);
    for (std::size_t j = k; j < m; ++j) ops.emplace_back('+', b[j]);
  }
  // Show every change with up to three lines of context around it; "..." marks a gap.
  constexpr std::size_t kContext = 3;
  std::vector<bool> show(ops.size(), false);
  for (std::size_t k = 0; k < ops.size(); ++k) {
    if (ops[k].first == ' ') continue;
    const std::size_t from = k >= kContext ? k - kContext : 0;
    const std::size_t to = std::min(ops.size(), k + kContext + 1);
    for (std::size_t c = from; c < to; ++c) show[c] = true;
  }
  std::string out = "--- expected\n+++ actual\n";
  bool gap = false;
  for (std::size_t k = 0; k < ops.size(); ++k) {
    if (!show[k]) {
      gap = true;
      continue;
    }
    if (gap) out += "...\n";
    gap = false;
    out += std::string(1, ops[k].first) + " " + ops[k].second + "\n";
  }
  if (gap) out += "...\n";
  return out;
}

Result<mapping::XmlDocPtr> parse_xml(const std::string& s, std::string_view which) {
  DiagnosticSink sink;
  const std::string name = "the " + std::string(which) + " output";
  auto d = xml::parse_tree(s, name, {}, sink, {.cdata_as_text = true, .drop_blanks = true});
  if (!d) {
    const Diagnostic& first = sink.diagnostics().front();
    Error e = within(i18n::error_of(ErrorKind::Input, first),
                     N_("{0} is not well-formed XML (line {1}: {2})"),
                     {name, std::to_string(first.loc.line)});
    e.code = "MAP316";
    return std::unexpected(std::move(e));
  }
  return d;
}

}  // namespace

Result<std::optional<std::string>> compare_outputs(DataFormat format, const std::string& expected,
                                                   const std::string& actual) {
  std::vector<std::string> a;
  std::vector<std::string> b;
  switch (format) {
    case DataFormat::Xml: {
      auto e = parse_xml(expected, "expected");
      if (!e) return std::unexpected(e.error());
      auto g = parse_xml(actual, "actual");
      if (!g) return std::unexpected(g.error());
      XmlCanon canon;
      canon.learn(xmlDocGetRootElement(e->get()));
      canon.learn(xmlDocGetRootElement(g->get()));
      a = canon.render(xmlDocGetRootElement(e->get()));
      b = canon.render(xmlDocGetRootElement(g->get()));
      break;
    }
    case DataFormat::Json: {
      auto e = nlohmann::json::parse(expected, nullptr, false);
      auto g = nlohmann::json::parse(actual, nullptr, false);
      if (e.is_discarded())
        return fail(ErrorKind::Input, "MAP316", N_("the expected output is not valid JSON"));
      if (g.is_discarded())
        return fail(ErrorKind::Input, "MAP316", N_("the actual output is not valid JSON"));
      if (e == g) return std::nullopt;
      a = split_lines(e.dump(2));
      b = split_lines(g.dump(2));
      break;
    }
    case DataFormat::Csv:
      a = split_lines(expected);
      b = split_lines(actual);
      break;
  }
  if (a == b) return std::nullopt;
  return unified_diff(a, b);
}

}  // namespace xoev
