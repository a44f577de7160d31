// The facts about the machine a benchmark ran on that its figures depend on: processors,
// the file system under the scratch directory (fsync cost), kernel, SQLite release.
#pragma once

#include <filesystem>
#include <string>

namespace parta::bench {

struct MachineFacts {
  long processors = 0;               // online, as nproc counts them
  std::string cpu_model;             // empty when /proc/cpuinfo does not say
  std::string kernel;                // uname: system and release
  std::string filesystem;            // type, device and mount point holding the scratch directory
  bool volatile_filesystem = false;  // tmpfs/ramfs: fsync is free, durability figures are not
  std::string sqlite_version;
};

// Best effort: a fact that cannot be found is left empty, never an error.
MachineFacts machine_facts(const std::filesystem::path& scratch_dir);

}  // namespace parta::bench
