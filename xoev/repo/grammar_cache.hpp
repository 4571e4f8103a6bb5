#pragma once
// Private to xoev: compiled grammars kept on disk, so that a validation run deserializes the
// schema it needs (a few milliseconds) instead of compiling it and its imports (tens).
//
// Layout: root/cache/grammars/<hash of the entry path>.grammar, each holding a header that says
// exactly what it was compiled from (Xerces version, the repository's fingerprint, the entry,
// and size and modification time of every document in the import closure) and then Xerces' own
// serialization of the grammar pool. An entry whose header does not match the repository and
// the files as they are now is a miss, never trusted; so is one that Xerces cannot read. The
// cache is filled by `schemas add` and on a miss; a repository the user cannot write simply has
// no cache.

#include <filesystem>
#include <memory>

#include "xml/xerces.hpp"

namespace xoev {

class SchemaRepository;

namespace grammar_cache {

/// The compiled schema of `entry` (an absolute path in the repository), or null.
std::shared_ptr<xml::CompiledSchema> load(const SchemaRepository& repo,
                                          const std::filesystem::path& entry);

/// Stores `schema`, compiled from `entry`; does nothing if the cache cannot be written.
void store(const SchemaRepository& repo, const std::filesystem::path& entry,
           const xml::CompiledSchema& schema);

}  // namespace grammar_cache
}  // namespace xoev
