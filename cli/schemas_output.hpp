#pragma once
// `ozg schemas` output: what `add`/`fetch` added, the `list` table or JSON, one `show` entry.

#include <vector>

#include "context.hpp"
#include "xoev/repo/schema_repo.hpp"

namespace xoev::cli {

/// The bundle added, the schemas of it that do not compile (the first five), and a hint.
void print_add(Context& ctx, const SchemaRepository& repo, const AddReport& r);
/// The rows as `ozg schemas list` shows them: a table and a summary line, or JSON.
void print_schema_list(Context& ctx, const SchemaRepository& repo,
                       const std::vector<const SchemaEntry*>& rows, bool json);
/// Everything about one schema file: where, what, imports and where they resolve, users.
void show_entry(Context& ctx, const SchemaRepository& repo, const SchemaEntry& e);

}  // namespace xoev::cli
