// Helpers the materials tests share: stores in temporary directories, deterministic bytes,
// and `git fsck --full` run on a repository.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <random>
#include <string>

#include "parta/materials/material_store.h"
#include "temp_dir.h"

namespace parta::testing {

inline std::unique_ptr<MaterialStore> open_materials(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  auto store = MaterialStore::open(dir);
  EXPECT_TRUE(store.is_ok()) << store.status().message();
  return store.is_ok() ? std::move(*store) : nullptr;
}

// Bytes that do not compress, as a scanned page or a recording.
inline std::string random_bytes(size_t size, uint64_t seed) {
  std::mt19937_64 random(seed);
  std::string bytes(size, '\0');
  for (size_t i = 0; i < size; i += 8) {
    uint64_t word = random();
    for (size_t j = 0; j < 8 && i + j < size; ++j)
      bytes[i + j] = static_cast<char>(word >> (8 * j));
  }
  return bytes;
}

struct CommandOutput {
  int exit_code;
  std::string text;  // stdout and stderr
};

inline CommandOutput run_command(const std::string& command) {
  std::string text;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  for (size_t got; (got = fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, got);
  int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, text};
}

inline CommandOutput git_fsck(const std::filesystem::path& repo) {
  return run_command("git --git-dir='" + repo.string() + "' fsck --full --strict");
}

}  // namespace parta::testing
