#pragma once
// Private to xoev/mapping: what a loaded Mapping holds.

#include <memory>
#include <string>

#include "mapping/model.hpp"
#include "mapping/schema_order.hpp"
#include "xoev/mapping/mapping.hpp"

namespace xoev {

struct Mapping::Impl {
  mapping::MappingDoc doc;
  std::string root_prefix;
  std::string root_local;
  std::string root_ns;
  std::shared_ptr<const mapping::SchemaOrder> order;  ///< Set by use_target_schema.

  /// Compiles every expression and checks what can be checked without inputs.
  void compile(DiagnosticSink& sink);
  void check_step_prefix(const mapping::Step& s, const Location& loc, DiagnosticSink& sink) const;
};

}  // namespace xoev
