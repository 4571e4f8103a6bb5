#pragma once
// Private to xoev: what a compiled schema says about the content of its elements (children in
// content-model order, which are required, attributes), read from Xerces' XSModel for the
// mapping engine (ordering produced elements, checking target paths). No Xerces types here.

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "xml/xerces.hpp"

namespace xoev::xml {

struct ChildDecl {
  std::string ns;
  std::string local;
  std::size_t order = 0;       ///< Position in the content model (document order of particles).
  bool required = false;       ///< minOccurs > 0, not in a choice, not in an optional group.
  const void* decl = nullptr;  ///< For SchemaModel::model().
};

struct AttrDecl {
  std::string ns;
  std::string local;
  bool required = false;
};

struct ElementModel {
  std::vector<ChildDecl> children;
  std::vector<AttrDecl> attributes;
  bool any_element = false;  ///< xs:any in the content model.
  std::size_t any_order = 0;
  bool any_attribute = false;  ///< xs:anyAttribute.

  [[nodiscard]] const ChildDecl* child(std::string_view ns, std::string_view local) const;
};

class SchemaModel {
 public:
  /// The component model of a compiled schema (built once, on first use).
  explicit SchemaModel(std::shared_ptr<CompiledSchema> schema);
  ~SchemaModel();

  /// The declaration of a global element, or nullptr.
  [[nodiscard]] const void* global_element(const std::string& ns, const std::string& local) const;
  /// The content of an element declaration (cached).
  [[nodiscard]] const ElementModel& model(const void* decl) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace xoev::xml
