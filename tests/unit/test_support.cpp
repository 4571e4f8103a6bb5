#include "test_support.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace ozg_test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "ozg-test-XXXXXX").string();
  if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = tmpl;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

fs::path TempDir::write(const std::string& name, const std::string& content) const {
  const fs::path p = path_ / name;
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << content;
  return p;
}

fs::path data_dir() { return OZG_TEST_DATA; }

std::optional<fs::path> corpus_dir() {
  const char* env = std::getenv("OZG_CORPUS");
  fs::path p = (env != nullptr && *env != 0) ? fs::path(env) : fs::path(OZG_DEFAULT_CORPUS);
  std::error_code ec;
  if (!fs::is_directory(p / "ech" / "schemas", ec)) return std::nullopt;
  return p;
}

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

xoev::SchemaRepository testbundle_repo(const TempDir& dir, xoev::AddReport* report) {
  auto repo = xoev::SchemaRepository::open(dir.path() / "repo");
  if (!repo) throw std::runtime_error(repo.error().message);
  auto added = repo->add(data_dir() / "schemas" / "testbundle");
  if (!added) throw std::runtime_error(added.error().message);
  if (report != nullptr) *report = *added;
  return std::move(*repo);
}

}  // namespace ozg_test
