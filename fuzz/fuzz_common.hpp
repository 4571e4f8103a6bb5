#pragma once
// The bytes of one fuzz input in a file, for loaders that read files.

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

inline std::filesystem::path fuzz_file(const uint8_t* data, size_t size, const char* suffix) {
  static const std::filesystem::path path = [&] {
    return std::filesystem::temp_directory_path() /
           ("ozg-fuzz-" + std::to_string(::getpid()) + suffix);
  }();
  std::ofstream(path, std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return path;
}
