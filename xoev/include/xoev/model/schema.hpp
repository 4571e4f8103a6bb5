#pragma once
/// What the XML layer needs to know about schema documents without depending on the
/// repository: references between documents, and the interface that resolves them locally.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace xoev {

/// An xs:import, xs:include or xs:redefine of a schema document.
struct SchemaRef {
  std::string kind;      ///< "import", "include" or "redefine".
  std::string ns;        ///< Namespace of an import; empty otherwise.
  std::string location;  ///< schemaLocation as written.
};

/// Answers schema-document lookups (import/include/redefine) from local files only.
class SchemaResolver {
 public:
  virtual ~SchemaResolver() = default;
  /// `location` as written in the schema (import, include or redefine), `base` the absolute path of
  /// the referring document, `ns` the imported namespace (may be empty). Returns a local file, or
  /// nullopt if unknown.
  [[nodiscard]] virtual std::optional<std::filesystem::path> resolve(
      std::string_view ns, std::string_view location, const std::filesystem::path& base) const = 0;
};

}  // namespace xoev
