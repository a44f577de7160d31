// Reading and writing DIR/parta.toml with toml++; see node_config.h.
#include "node_config.h"

#include <sstream>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "parta/storage/atomic_file.h"

namespace parta::cli {

Result<NodeConfig> read_node_config(const std::filesystem::path& dir) {
  auto path = dir / kConfigFileName;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Status::not_found(fmt::format(
        "{} is missing; is {} a Parta node? Create one with 'parta init'", path.string(),
        dir.string()));
  }
  toml::table table;
  try {  // Debian's toml++ reports parse errors as exceptions; they stop here
    table = toml::parse_file(path.string());
  } catch (const toml::parse_error& error) {
    return Status::invalid(fmt::format("{} line {}: {}", path.string(), error.source().begin.line,
                                       error.description()));
  }
  NodeConfig config;
  config.name = table["name"].value_or(std::string());
  config.role = table["role"].value_or(std::string());
  config.listen = table["listen"].value_or(std::string());
  if (const toml::array* holidays = table["holidays"].as_array()) {
    for (const auto& item : *holidays) {
      auto text = item.value<std::string>();
      auto date = text ? parse_date(*text) : Result<Date>(Status::invalid("not a string"));
      if (!date) {
        return Status::invalid(fmt::format(
            "{} line {}: holidays must be dates like \"2026-12-31\" ({})", path.string(),
            item.source().begin.line, date.status().message()));
      }
      config.holidays.push_back(*date);
    }
  }
  return config;
}

Status write_node_config(const std::filesystem::path& dir, const NodeConfig& config) {
  toml::array holidays;
  for (Date day : config.holidays) holidays.push_back(format_iso(day));
  toml::table table{{"name", config.name},
                    {"role", config.role},
                    {"listen", config.listen},
                    {"holidays", holidays}};
  std::ostringstream text;
  text << "# Parta node configuration. Edit with care; 'parta --help' describes each setting.\n"
       << "# holidays: days off besides weekends, skipped by consultation deadlines.\n"
       << table << "\n";
  return write_file_atomically(dir / kConfigFileName, text.str());
}

}  // namespace parta::cli
