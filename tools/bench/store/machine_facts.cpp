// Finds the machine facts printed beside the figures; see machine_facts.h.
#include "machine_facts.h"

#include <sqlite3.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <fmt/format.h>

namespace parta::bench {
namespace {

std::string cpu_model() {
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    if (!line.starts_with("model name")) continue;
    auto colon = line.find(':');
    if (colon != std::string::npos) return line.substr(line.find_first_not_of(' ', colon + 1));
  }
  return "";
}

std::string kernel() {
  struct utsname name;
  if (::uname(&name) != 0) return "";
  return fmt::format("{} {} {}", name.sysname, name.release, name.machine);
}

struct Mount {
  std::string device, point, type;
};

// The mount whose point is the longest prefix of `dir` (the last one listed wins a tie, as
// the kernel's mount stacking does).
Mount mount_of(const std::filesystem::path& dir) {
  std::error_code error;
  std::string path = std::filesystem::canonical(dir, error).string();
  std::ifstream mounts("/proc/self/mounts");
  std::string line;
  Mount best;
  while (std::getline(mounts, line)) {
    std::istringstream fields(line);
    Mount mount;
    fields >> mount.device >> mount.point >> mount.type;
    bool contains =
        path == mount.point || mount.point == "/" || path.starts_with(mount.point + "/");
    if (contains && mount.point.size() >= best.point.size()) best = mount;
  }
  return best;
}

}  // namespace

MachineFacts machine_facts(const std::filesystem::path& scratch_dir) {
  MachineFacts facts;
  facts.processors = ::sysconf(_SC_NPROCESSORS_ONLN);
  facts.cpu_model = cpu_model();
  facts.kernel = kernel();
  Mount mount = mount_of(scratch_dir);
  if (!mount.type.empty()) {
    facts.filesystem =
        fmt::format("{} on {} (mounted at {})", mount.type, mount.device, mount.point);
  }
  facts.volatile_filesystem = mount.type == "tmpfs" || mount.type == "ramfs";
  facts.sqlite_version = sqlite3_libversion();
  return facts;
}

}  // namespace parta::bench
