#include "xoev/model/standard.hpp"

#include <re2/re2.h>

namespace xoev {

StandardInfo describe_namespace(std::string_view ns) {
  // RE2: the namespace comes from the message, so matching must stay linear in it.
  static const RE2 kEch(R"(^https?://www\.ech\.ch/xmlns/(eCH-\d{4})(-f)?/(\d+))");
  static const RE2 kXoevUrn(R"(^urn:xoev-de:([A-Za-z0-9-]+):[A-Za-z]+:(\d+(?:\.\d+)*))");
  static const RE2 kDef(R"(/def/([A-Za-z]+)/(\d+(?:\.\d+)*)/)");
  static const RE2 kXoevPath(R"(/xoev/([A-Za-z]+)/.*V(\d+)_(\d+)_(\d+))");
  const std::string s(ns);
  std::string a, b, c, d;
  if (RE2::PartialMatch(s, kEch, &a, nullptr, &b)) return {a, b};
  if (RE2::PartialMatch(s, kXoevUrn, &a, &b)) return {a, b};
  if (RE2::PartialMatch(s, kDef, &a, &b)) return {a, b};
  if (RE2::PartialMatch(s, kXoevPath, &a, &b, &c, &d)) return {a, b + "." + c + "." + d};
  return {s, {}};
}

}  // namespace xoev
