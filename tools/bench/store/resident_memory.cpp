// Reads this process's resident file pages; see resident_memory.h.
#include "resident_memory.h"

#include <fstream>
#include <string>

namespace parta::bench {

uint64_t resident_file_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (!line.starts_with("RssFile:")) continue;
    return std::stoull(line.substr(line.find_first_of("0123456789"))) * 1024;  // "NNN kB"
  }
  return 0;
}

}  // namespace parta::bench
