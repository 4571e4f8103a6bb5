#pragma once
// Private to xoev/mapping: the target schema's view of the produced tree: children put in the
// order of the content model, and target paths looked up for `ozg mapping check`.

#include <libxml/tree.h>

#include <memory>
#include <string>

#include "xml/schema_model.hpp"

namespace xoev::mapping {

class SchemaOrder {
 public:
  SchemaOrder(std::shared_ptr<xml::SchemaModel> model, const void* root_decl, std::string schema)
      : model_(std::move(model)), root_(root_decl), schema_(std::move(schema)) {}

  /// Sorts the element children of every element below (and including) `root` stably by their
  /// position in the content model; elements the schema does not know keep their place after
  /// the known ones (validation reports them).
  void apply(xmlNode* root) const;

  [[nodiscard]] const xml::SchemaModel& model() const { return *model_; }
  [[nodiscard]] const void* root() const { return root_; }
  /// Repository path or file of the schema used.
  [[nodiscard]] const std::string& schema() const { return schema_; }

 private:
  std::shared_ptr<xml::SchemaModel> model_;
  const void* root_;
  std::string schema_;

  void sort(xmlNode* el, const void* decl) const;
};

}  // namespace xoev::mapping
