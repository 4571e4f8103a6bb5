// OASIS genericode 1.0 reading with Xerces SAX2 (no DOM: the AGS list has 11,000 rows).

#include <algorithm>
#include <xercesc/parsers/SAX2XMLReaderImpl.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>
#include <xercesc/util/XMLUni.hpp>

#include "xml/xerces.hpp"
#include "xml/xstr.hpp"

namespace xoev::xml {

using namespace XERCES_CPP_NAMESPACE;
namespace fs = std::filesystem;

namespace {

constexpr const char* kGenericodeNs = "http://docs.oasis-open.org/codelist/ns/genericode/1.0/";

struct NotGenericode {};

class GenericodeHandler final : public DefaultHandler {
 public:
  CodeListTable table;

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const Attributes& attrs) override {
    std::string name = to_utf8(local);
    if (stack_.empty() && !(name == "CodeList" && to_utf8(uri) == kGenericodeNs))
      throw NotGenericode{};
    auto attr = [&](const char* n) { return to_utf8(attrs.getValue(XStr(n).c_str())); };
    const std::string parent = stack_.empty() ? "" : stack_.back();
    if (parent == "ColumnSet" && name == "Column") {
      table.columns.push_back(attr("Id"));
    } else if (parent == "Key" && name == "ColumnRef" && table.key_column.empty()) {
      table.key_column = attr("Ref");
    } else if (parent == "SimpleCodeList" && name == "Row") {
      table.rows.emplace_back(table.columns.size());
      next_column_ = 0;
    } else if (parent == "Row" && name == "Value") {
      const std::string ref = attr("ColumnRef");
      if (!ref.empty()) {
        auto it = std::find(table.columns.begin(), table.columns.end(), ref);
        next_column_ = static_cast<std::size_t>(it - table.columns.begin());
      }
      column_ = next_column_++;
    }
    text_.clear();
    stack_.push_back(std::move(name));
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    const std::string name = std::move(stack_.back());
    stack_.pop_back();
    const std::string parent = stack_.empty() ? "" : stack_.back();
    if (parent == "Identification") {
      if (name == "ShortName")
        table.short_name = trimmed();
      else if (name == "LongName")
        table.long_name = trimmed();
      else if (name == "Version")
        table.version = trimmed();
      else if (name == "CanonicalUri")
        table.uri = trimmed();
    } else if (parent == "Value" && name == "SimpleValue" && !table.rows.empty() &&
               column_ < table.rows.back().size()) {
      table.rows.back()[column_] = trimmed();
    }
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    text_ += to_utf8(chars, length);
  }

  void fatalError(const SAXParseException& e) override { throw e; }

 private:
  std::string trimmed() const {
    const auto b = text_.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    return text_.substr(b, text_.find_last_not_of(" \t\r\n") - b + 1);
  }

  std::vector<std::string> stack_;
  std::string text_;
  std::size_t next_column_ = 0;
  std::size_t column_ = 0;
};

}  // namespace

Result<CodeListTable> read_genericode(const fs::path& file) {
  GenericodeHandler handler;
  try {
    // Code lists come from publishers' downloads: read with the limits of messages (no DOCTYPE,
    // bounded depth and values), as every other file from outside the repository.
    const XmlLimits limits;
    if (auto r = parse_plain(file, handler, "REPO011", {}, &limits); !r)
      return std::unexpected(r.error());
  } catch (const NotGenericode&) {
    return fail(ErrorKind::Input, "REPO011", N_("{0}: not a genericode code list"),
                {file.string()});
  }
  CodeListTable& t = handler.table;
  if (t.uri.empty() || t.version.empty())
    return fail(ErrorKind::Input, "REPO011",
                N_("{0}: genericode list without CanonicalUri or Version"), {file.string()});
  if (t.key_column.empty() && !t.columns.empty()) t.key_column = t.columns.front();
  return std::move(t);
}

}  // namespace xoev::xml
