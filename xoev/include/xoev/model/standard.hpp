#pragma once
/// Which standard and version a namespace belongs to: read by the XML layer's header scan,
/// inspect, the mapping engine and the command line alike.

#include <string>
#include <string_view>

namespace xoev {

/// "eCH-0020" + "2" from http://www.ech.ch/xmlns/eCH-0020/2, "xdomea" + "3.0.0" from
/// urn:xoev-de:xdomea:schema:3.0.0, ...; the namespace itself when no pattern matches.
struct StandardInfo {
  std::string name;
  std::string version;
};
StandardInfo describe_namespace(std::string_view ns);

}  // namespace xoev
