#pragma once
/// Value types of code lists, shared by the XML layer (which reads them) and the code-list
/// repository (which stores and checks them).

#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "xoev/diag/diag.hpp"

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
