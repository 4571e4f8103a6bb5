#include "mapping/schema_order.hpp"

#include <algorithm>
#include <vector>

namespace xoev::mapping {

namespace {

std::string ns_of(const xmlNode* n) {
  return n->ns != nullptr && n->ns->href != nullptr ? reinterpret_cast<const char*>(n->ns->href)
                                                    : "";
}

}  // namespace

void SchemaOrder::apply(xmlNode* root) const {
  if (root != nullptr && root_ != nullptr) sort(root, root_);
}

void SchemaOrder::sort(xmlNode* el, const void* decl) const {
  const xml::ElementModel& m = model_->model(decl);
  struct Item {
    xmlNode* node;
    std::size_t order;
    const void* decl;
  };
  std::vector<Item> items;
  constexpr std::size_t kUnknown = static_cast<std::size_t>(-1);
  for (xmlNode* c = el->children; c != nullptr; c = c->next) {
    if (c->type != XML_ELEMENT_NODE) continue;
    const auto* d = m.child(ns_of(c), reinterpret_cast<const char*>(c->name));
    if (d != nullptr)
      items.push_back({c, d->order, d->decl});
    else
      items.push_back({c, m.any_element ? m.any_order : kUnknown, nullptr});
  }
  std::stable_sort(items.begin(), items.end(),
                   [](const Item& a, const Item& b) { return a.order < b.order; });
  for (const auto& it : items) {
    xmlUnlinkNode(it.node);
    xmlAddChild(el, it.node);
  }
  for (const auto& it : items)
    if (it.decl != nullptr) sort(it.node, it.decl);
}

}  // namespace xoev::mapping
