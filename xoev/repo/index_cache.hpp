#pragma once
// A flat binary copy of the schema repository's index.json (cache/index.bin), read on every
// run instead of parsing the JSON: index.json stays the record, the copy is derived from it.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "xoev/repo/schema_repo.hpp"

namespace xoev::index_cache {

/// What index.json holds.
struct Contents {
  std::vector<Bundle> bundles;
  std::vector<SchemaEntry> entries;
  std::vector<CatalogMapping> catalog;
};

/// The copy of `index` (index.json) in `root`/cache, if it was made from index.json as it is
/// now (same size, modification time and inode) and reads back whole; otherwise nullopt.
std::optional<Contents> load(const std::filesystem::path& root, const std::filesystem::path& index);

/// Writes the copy of `index` for `contents`; a repository that cannot be written keeps none.
void store(const std::filesystem::path& root, const std::filesystem::path& index,
           const Contents& contents);

}  // namespace xoev::index_cache
