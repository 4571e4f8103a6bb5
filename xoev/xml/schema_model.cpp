#include "xml/schema_model.hpp"

#include <xercesc/framework/XMLGrammarPool.hpp>
#include <xercesc/framework/psvi/XSAttributeDeclaration.hpp>
#include <xercesc/framework/psvi/XSAttributeUse.hpp>
#include <xercesc/framework/psvi/XSComplexTypeDefinition.hpp>
#include <xercesc/framework/psvi/XSElementDeclaration.hpp>
#include <xercesc/framework/psvi/XSModel.hpp>
#include <xercesc/framework/psvi/XSModelGroup.hpp>
#include <xercesc/framework/psvi/XSParticle.hpp>

#include "xml/xstr.hpp"

XERCES_CPP_NAMESPACE_USE

namespace xoev::xml {

const ChildDecl* ElementModel::child(std::string_view ns, std::string_view local) const {
  for (const auto& c : children)
    if (c.local == local && c.ns == ns) return &c;
  return nullptr;
}

struct SchemaModel::Impl {
  std::shared_ptr<CompiledSchema> schema;
  XSModel* xs = nullptr;
  mutable std::mutex mu;
  mutable std::map<const void*, std::unique_ptr<ElementModel>> cache;

  void flatten(XSParticle* p, bool required, ElementModel& m, std::size_t& order) const {
    if (p == nullptr) return;
    const bool here = required && p->getMinOccurs() > 0;
    switch (p->getTermType()) {
      case XSParticle::TERM_ELEMENT: {
        const XSElementDeclaration* e = p->getElementTerm();
        ChildDecl c;
        c.ns = to_utf8(e->getNamespace());
        c.local = to_utf8(e->getName());
        c.order = order++;
        c.required = here;
        c.decl = e;
        if (m.child(c.ns, c.local) == nullptr) m.children.push_back(std::move(c));
        break;
      }
      case XSParticle::TERM_MODELGROUP: {
        XSModelGroup* g = p->getModelGroupTerm();
        const bool choice = g->getCompositor() == XSModelGroup::COMPOSITOR_CHOICE;
        XSParticleList* list = g->getParticles();
        if (list == nullptr) break;
        for (XMLSize_t i = 0; i < list->size(); ++i)
          flatten(list->elementAt(i), here && !choice, m, order);
        break;
      }
      case XSParticle::TERM_WILDCARD:
        if (!m.any_element) {
          m.any_element = true;
          m.any_order = order;
        }
        ++order;
        break;
      default:
        break;
    }
  }

  std::unique_ptr<ElementModel> build(const XSElementDeclaration* e) const {
    auto m = std::make_unique<ElementModel>();
    const XSTypeDefinition* t = e->getTypeDefinition();
    if (t == nullptr || t->getTypeCategory() != XSTypeDefinition::COMPLEX_TYPE) {
      return m;
    }
    auto* ct = const_cast<XSComplexTypeDefinition*>(static_cast<const XSComplexTypeDefinition*>(t));
    std::size_t order = 0;
    flatten(ct->getParticle(), true, *m, order);
    if (const XSAttributeUseList* uses = ct->getAttributeUses()) {
      for (XMLSize_t i = 0; i < uses->size(); ++i) {
        const XSAttributeUse* u = uses->elementAt(i);
        const XSAttributeDeclaration* a = u->getAttrDeclaration();
        m->attributes.push_back(
            {to_utf8(a->getNamespace()), to_utf8(a->getName()), u->getRequired()});
      }
    }
    m->any_attribute = ct->getAttributeWildcard() != nullptr;
    return m;
  }
};

SchemaModel::SchemaModel(std::shared_ptr<CompiledSchema> schema) : impl_(std::make_unique<Impl>()) {
  impl_->schema = std::move(schema);
  bool changed = false;
  impl_->xs = impl_->schema->pool()->getXSModel(changed);
}

SchemaModel::~SchemaModel() = default;

const void* SchemaModel::global_element(const std::string& ns, const std::string& local) const {
  if (impl_->xs == nullptr) return nullptr;
  return impl_->xs->getElementDeclaration(XStr(local).c_str(),
                                          ns.empty() ? nullptr : XStr(ns).c_str());
}

const ElementModel& SchemaModel::model(const void* decl) const {
  std::lock_guard lock(impl_->mu);
  auto& slot = impl_->cache[decl];
  if (!slot) slot = impl_->build(static_cast<const XSElementDeclaration*>(decl));
  return *slot;
}

}  // namespace xoev::xml
