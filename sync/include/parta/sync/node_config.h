// The node's configuration file, DIR/parta.toml: written by `parta init`, read by every
// command (and later by partad). Holds what the LMDB environment does not: settings a school's
// IT person may edit by hand, such as the holidays that consultation deadlines skip.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "parta/storage/civil_date.h"
#include "parta/storage/status.h"

namespace parta::cli {

struct NodeConfig {
  std::string name;
  std::string role;               // "hub" or "school"
  std::string listen;             // HOST:PORT peers dial (used by the sync daemon)
  std::vector<Date> holidays;     // days off besides weekends
};

inline constexpr std::string_view kConfigFileName = "parta.toml";

// Invalid with the file, line and key when the file is malformed.
Result<NodeConfig> read_node_config(const std::filesystem::path& dir);
// Replaces the file whole (atomic_file.h).
Status write_node_config(const std::filesystem::path& dir, const NodeConfig& config);

}  // namespace parta::cli
