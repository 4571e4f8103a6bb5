#pragma once
/// Value types of code lists, shared by the XML layer (which reads them) and the code-list
/// repository (which stores and checks them).

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "xoev/model/diagnostic.hpp"

namespace xoev {

/// A genericode list, in full (for `ozg codelists show`).
struct CodeListTable {
  std::string uri;      ///< Identification/CanonicalUri.
  std::string version;  ///< Identification/Version.
  std::string short_name;
  std::string long_name;
  std::vector<std::string> columns;            ///< Column ids, in order.
  std::string key_column;                      ///< The column the list declares as its key.
  std::vector<std::vector<std::string>> rows;  ///< One value per column ("" if absent).
};

/// A coded value found in a message: an element carrying listURI/listVersionID (given in the
/// message or fixed in the schema) and its <code> child.
struct CodeValue {
  std::string list_uri;
  std::string list_version;
  std::string value;
  Location loc;
  std::string path;
};

/// What an identifier found in a message is. eCH kinds are recognised by the XSD type of the
/// element (eCH-0007/0008/0010/0021/0044/0071/0097 types, so every version of every standard
/// using them is covered); IBAN and Steuer-IdNr, which XÖV schemas type as plain strings, by the
/// element's name.
enum class IdKind {
  CountryId,              ///< eCH-0008/0010 countryIdType: BFS country number (eCH-0072 id).
  CountryIso2,            ///< eCH-0008/0010 countryIdISO2Type (eCH-0072 iso2Id).
  MunicipalityId,         ///< eCH-0007/0071 municipalityIdType: BFS municipality number.
  HistoryMunicipalityId,  ///< eCH-0007 historyMunicipalityId, eCH-0071 histIdType.
  Canton,                 ///< eCH-0007/0071 cantonAbbreviationType.
  CantonFl,               ///< eCH-0007 cantonFlAbbreviationType (the cantons and FL).
  Vn,                     ///< eCH-0044 vnType: AHV number 756..., EAN-13 check digit.
  Uid,                    ///< eCH-0021/0097 uidOrganisationIdType: 9 digits, mod 11.
  Iban,                   ///< An element named iban (mod 97).
  SteuerId,               ///< German Steuer-IdNr (ISO 7064 MOD 11,10), by element name.
};

/// An identifier found while validating: its kind, the element's trimmed text and where.
struct TypedValue {
  IdKind kind = IdKind::CountryId;
  std::string value;
  Location loc;
  std::string path;
};

/// Counts of a code-list check, per file.
struct CodeStats {
  std::size_t checked = 0;  ///< Values whose list and version are installed.
  std::size_t valid = 0;
  std::size_t invalid = 0;
  std::size_t no_list = 0;  ///< List or version not installed (or no listURI known).
  /// Every (listURI, listVersionID) met, with whether it is installed.
  std::map<std::pair<std::string, std::string>, bool> lists;
};

}  // namespace xoev
