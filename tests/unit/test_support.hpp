#pragma once
// Shared helpers for the unit tests: temporary folders, file writing, the corpus path.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "xoev/repo/schema_repo.hpp"

namespace ozg_test {

/// A fresh temporary folder, removed with its contents on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  /// Writes `content` to path()/name and returns the full path.
  std::filesystem::path write(const std::string& name, const std::string& content) const;

 private:
  std::filesystem::path path_;
};

/// A valid delivery with one person for the testbundle's urn:ozg:test:person:1 schema.
inline constexpr std::string_view kOnePersonDelivery = R"(<?xml version="1.0" encoding="UTF-8"?>
<delivery xmlns="urn:ozg:test:person:1">
  <header>
    <senderId xmlns="urn:ozg:test:common:1">T1-123456-1</senderId>
    <messageId xmlns="urn:ozg:test:common:1">m-1</messageId>
  </header>
  <person id="p1">
    <name>Anna Muster</name>
    <birthDate>1985-04-12</birthDate>
  </person>
</delivery>
)";

/// tests/data in the source tree.
std::filesystem::path data_dir();

/// The corpus ($OZG_CORPUS, else the configured default), or nullopt if it is not there.
std::optional<std::filesystem::path> corpus_dir();

std::string read_file(const std::filesystem::path& p);

/// A repository in dir/repo holding tests/data/schemas/testbundle (4 documents, one broken).
/// Throws if that fails, which fails the calling test.
xoev::SchemaRepository testbundle_repo(const TempDir& dir, xoev::AddReport* report = nullptr);

}  // namespace ozg_test
