// eCH-0071 (municipalities and cantons) and eCH-0072 (countries) files, read with Xerces SAX2 into
// the tables the code-list repository stores. Neither is genericode: each is a plain record list
// in its own namespace, so one small handler reads both.

#include <algorithm>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/sax2/Attributes.hpp>
#include <xercesc/sax2/DefaultHandler.hpp>

#include "xml/xerces.hpp"
#include "xml/xstr.hpp"

namespace xoev::xml {

using namespace XERCES_CPP_NAMESPACE;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kNs0071 = "http://www.ech.ch/xmlns/eCH-0071/";
constexpr std::string_view kNs0072 = "http://www.ech.ch/xmlns/eCH-0072/";

struct NotEch {};

/// One kind of record: its element, the element it sits in, and the columns kept.
struct RecordKind {
  const char* parent;
  const char* record;
  const char* uri;
  const char* short_name;
  const char* long_name;
  const char* key;
  std::vector<std::string> columns;
};

const std::vector<RecordKind>& kinds_0071() {
  static const std::vector<RecordKind> k{
      {"cantons",
       "canton",
       "eCH-0071:cantons",
       "eCH-0071 cantons",
       "Kantone (eCH-0071)",
       "cantonAbbreviation",
       {"cantonId", "cantonAbbreviation", "cantonLongName"}},
      {"municipalities",
       "municipality",
       "eCH-0071:municipalities",
       "eCH-0071 municipalities",
       "Historisiertes Gemeindeverzeichnis (eCH-0071)",
       "municipalityId",
       {"municipalityId", "historyMunicipalityId", "cantonAbbreviation", "municipalityLongName",
        "municipalityAdmissionDate", "municipalityAbolitionDate"}}};
  return k;
}

const std::vector<RecordKind>& kinds_0072() {
  static const std::vector<RecordKind> k{
      {"countries",
       "country",
       "eCH-0072:countries",
       "eCH-0072 countries",
       "Staaten und Gebiete (eCH-0072)",
       "id",
       {"id", "iso2Id", "iso3Id", "shortNameDe", "shortNameEn", "entryValid"}}};
  return k;
}

class EchHandler final : public DefaultHandler {
 public:
  EchListFile result;
  std::vector<CodeListTable> tables;

  void startElement(const XMLCh* const uri, const XMLCh* const local, const XMLCh* const,
                    const Attributes&) override {
    std::string name = to_utf8(local);
    if (stack_.empty()) {
      const std::string ns = to_utf8(uri);
      if (ns.starts_with(kNs0071) && name == "nomenclature") {
        result.standard = "eCH-0071";
        kinds_ = &kinds_0071();
      } else if (ns.starts_with(kNs0072) && name == "countries") {
        result.standard = "eCH-0072";
        kinds_ = &kinds_0072();
      } else {
        throw NotEch{};
      }
      for (const auto& k : *kinds_) {
        CodeListTable t;
        t.uri = k.uri;
        t.short_name = k.short_name;
        t.long_name = k.long_name;
        t.key_column = k.key;
        t.columns = k.columns;
        tables.push_back(std::move(t));
      }
    } else {
      const std::string& parent = stack_.back();
      for (std::size_t i = 0; i < kinds_->size(); ++i) {
        if (name == (*kinds_)[i].record && parent == (*kinds_)[i].parent) {
          record_ = i;
          record_depth_ = stack_.size() + 1;
          tables[i].rows.emplace_back(tables[i].columns.size());
        }
      }
    }
    text_.clear();
    stack_.push_back(std::move(name));
  }

  void endElement(const XMLCh* const, const XMLCh* const, const XMLCh* const) override {
    const std::string name = std::move(stack_.back());
    stack_.pop_back();
    if (stack_.size() == 1 && name == "validFrom") result.valid_from = trimmed();
    if (record_ && stack_.size() == record_depth_) {  // a field of the current record
      CodeListTable& t = tables[*record_];
      auto it = std::find(t.columns.begin(), t.columns.end(), name);
      if (it != t.columns.end())
        t.rows.back()[static_cast<std::size_t>(it - t.columns.begin())] = trimmed();
    } else if (record_ && stack_.size() + 1 == record_depth_) {
      record_.reset();
    }
    text_.clear();
  }

  void characters(const XMLCh* const chars, const XMLSize_t length) override {
    if (text_.size() < 4096) text_ += to_utf8(chars, length);
  }

  void fatalError(const SAXParseException& e) override { throw e; }

 private:
  std::string trimmed() const {
    const auto b = text_.find_first_not_of(" \t\r\n");
    if (b == std::string::npos) return {};
    std::string s = text_.substr(b, text_.find_last_not_of(" \t\r\n") - b + 1);
    std::replace_if(
        s.begin(), s.end(), [](char c) { return c == '\t' || c == '\n' || c == '\r'; }, ' ');
    return s;
  }

  const std::vector<RecordKind>* kinds_ = nullptr;
  std::vector<std::string> stack_;
  std::string text_;
  std::optional<std::size_t> record_;
  std::size_t record_depth_ = 0;
};

}  // namespace

Result<EchListFile> read_ech_list(const fs::path& file) {
  EchHandler handler;
  try {
    // Code lists come from publishers' downloads: read with the limits of messages (no DOCTYPE,
    // bounded depth and values), as every other file from outside the repository.
    const XmlLimits limits;
    if (auto r = parse_plain(file, handler, "REPO011", {}, &limits); !r)
      return std::unexpected(r.error());
  } catch (const NotEch&) {
    return fail(ErrorKind::Input, "REPO011",
                N_("{0}: not a code list (genericode, eCH-0071 or eCH-0072)"), {file.string()});
  }
  EchListFile& f = handler.result;
  if (f.valid_from.empty())
    return fail(ErrorKind::Input, "REPO011", N_("{0}: {1} without validFrom"),
                {file.string(), f.standard});
  for (auto& t : handler.tables) {
    t.version = f.valid_from;
    if (t.uri == std::string_view("eCH-0071:municipalities") && t.rows.size() <= 1) continue;
    if (t.rows.empty()) continue;
    f.tables.push_back(std::move(t));
  }
  return std::move(f);
}

}  // namespace xoev::xml
