// The node's configuration file, DIR/parta.toml: written by `parta init`, read by every
// `parta` command and by partad. Holds what the LMDB environment does not: settings a school's
// IT person may edit by hand, such as the holidays that consultation deadlines skip and how
// partad uses the school's link.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "parta/storage/civil_date.h"
#include "parta/storage/status.h"

namespace parta {

// A part of the day (local time) with its own upload cap, e.g. lessons 08:30–14:30 at
// 200 kbit/s so sync never crowds out the school's only link. `end_minute` may be below
// `start_minute` for a window across midnight.
struct UploadWindow {
  int start_minute = 0;   // minutes after local midnight, 0..1439
  int end_minute = 0;
  uint32_t upload_kbit = 0;
};

// [sync] in parta.toml.
struct SyncSettings {
  uint32_t interval_seconds = 60;   // a school dials its hub this often (and on `parta sync`)
  uint32_t upload_kbit = 0;         // upload cap outside the windows; 0 = none
  std::vector<UploadWindow> windows;
  uint32_t handshakes_max = 32;     // a hub's connections still in their handshake, at most
};

struct NodeConfig {
  std::string name;
  std::string role;               // "hub" or "school"
  std::string listen;             // HOST:PORT peers dial (a hub's; a school dials out)
  std::vector<Date> holidays;     // days off besides weekends
  SyncSettings sync;
};

inline constexpr std::string_view kConfigFileName = "parta.toml";

// Invalid with the file, line and key when the file is malformed.
Result<NodeConfig> read_node_config(const std::filesystem::path& dir);
// Replaces the file whole (atomic_file.h).
Status write_node_config(const std::filesystem::path& dir, const NodeConfig& config);

// The upload cap in force at `minute_of_day` (local time): the first window holding it, else
// the default; 0 = no cap.
uint32_t upload_kbit_at(const SyncSettings& settings, int minute_of_day);

}  // namespace parta
