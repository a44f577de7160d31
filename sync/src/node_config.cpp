// Reading and writing DIR/parta.toml with toml++; see node_config.h. The file is edited by
// people, so every mistake is Invalid naming the line and the key, and an unknown key in
// [sync] is an error rather than a setting silently ignored.
#include "parta/sync/node_config.h"

#include <cassert>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "parta/storage/atomic_file.h"
#include "toml_file.h"

namespace parta {
namespace {

constexpr int kMinutesPerDay = 24 * 60;
constexpr int64_t kIntervalSecondsMax = 24 * 60 * 60;  // at least daily
constexpr int64_t kUploadKbitMax = 10'000'000;         // 10 Gbit/s: no school link is faster
constexpr int64_t kHandshakesMaxLimit = 4096;
constexpr size_t kUploadWindowsMax = 24;

// "08:30-14:30" as minutes after midnight; nullopt unless it is exactly HH:MM-HH:MM.
std::optional<UploadWindow> parse_hours(std::string_view text) {
  auto two_digits = [&](size_t at, int max) -> std::optional<int> {
    if (text[at] < '0' || text[at] > '9' || text[at + 1] < '0' || text[at + 1] > '9') {
      return std::nullopt;
    }
    int value = (text[at] - '0') * 10 + (text[at + 1] - '0');
    return value <= max ? std::optional<int>(value) : std::nullopt;
  };
  if (text.size() != 11 || text[2] != ':' || text[5] != '-' || text[8] != ':') return std::nullopt;
  auto start_hour = two_digits(0, 23), start_minute = two_digits(3, 59);
  auto end_hour = two_digits(6, 23), end_minute = two_digits(9, 59);
  if (!start_hour || !start_minute || !end_hour || !end_minute) return std::nullopt;
  return UploadWindow{*start_hour * 60 + *start_minute, *end_hour * 60 + *end_minute, 0};
}

std::string hours_text(const UploadWindow& window) {
  return fmt::format("{:02}:{:02}-{:02}:{:02}", window.start_minute / 60, window.start_minute % 60,
                     window.end_minute / 60, window.end_minute % 60);
}

Status read_window(const TomlTable& table, UploadWindow* out) {
  PARTA_RETURN_IF_ERROR(table.check_known_keys({"hours", "upload_kbit"}));
  std::string hours;
  PARTA_RETURN_IF_ERROR(table.string("hours", &hours));
  auto window = parse_hours(hours);
  if (!window) {
    return table.error("hours", fmt::format("must be \"HH:MM-HH:MM\" in 24-hour local time, like "
                                            "\"08:30-14:30\", not \"{}\"",
                                            hours));
  }
  if (window->start_minute == window->end_minute) {
    return table.error("hours", fmt::format("\"{}\" starts and ends at the same time", hours));
  }
  PARTA_RETURN_IF_ERROR(table.integer("upload_kbit", &window->upload_kbit, 0, kUploadKbitMax));
  *out = *window;
  return Status::ok();
}

Status read_sync_settings(const TomlTable& sync, SyncSettings* out) {
  PARTA_RETURN_IF_ERROR(
      sync.check_known_keys({"interval_seconds", "upload_kbit", "handshakes_max", "window"}));
  PARTA_RETURN_IF_ERROR(
      sync.optional_integer("interval_seconds", &out->interval_seconds, 1, kIntervalSecondsMax));
  PARTA_RETURN_IF_ERROR(sync.optional_integer("upload_kbit", &out->upload_kbit, 0, kUploadKbitMax));
  PARTA_RETURN_IF_ERROR(
      sync.optional_integer("handshakes_max", &out->handshakes_max, 1, kHandshakesMaxLimit));
  const toml::node* windows = sync.table().get("window");
  if (windows == nullptr) return Status::ok();
  const toml::array* array = windows->as_array();
  if (array == nullptr || !array->is_array_of_tables()) {
    return sync.error("window", "must be written as [[sync.window]] tables");
  }
  if (array->size() > kUploadWindowsMax) {
    return sync.error("window", fmt::format("has {} entries; at most {} are allowed", array->size(),
                                            kUploadWindowsMax));
  }
  for (const toml::node& item : *array) {
    TomlTable window(sync.file(), *item.as_table(), &item, "sync.window ");
    PARTA_RETURN_IF_ERROR(read_window(window, &out->windows.emplace_back()));
  }
  return Status::ok();
}

Status read_holidays(const TomlTable& root, std::vector<Date>* out) {
  const toml::node* holidays = root.table().get("holidays");
  if (holidays == nullptr) return Status::ok();
  if (!holidays->is_array()) return root.error("holidays", "must be a list like [\"2026-12-31\"]");
  for (const toml::node& item : *holidays->as_array()) {
    auto text = item.value<std::string>();
    auto date = text ? parse_date(*text) : Result<Date>(Status::invalid("not a string"));
    if (!date) {
      return root.file().error(&item, fmt::format("holidays must be dates like \"2026-12-31\" ({})",
                                                  date.status().message()));
    }
    out->push_back(*date);
  }
  return Status::ok();
}

std::string sync_settings_text(const SyncSettings& sync) {
  std::string text = fmt::format(
      "\n# How partad uses the link between this node and its peers.\n"
      "[sync]\n"
      "# A school dials its hub this often, in seconds (and at once on 'parta sync').\n"
      "interval_seconds = {}\n"
      "# Upload cap in kbit/s outside the windows below; 0 = no cap.\n"
      "upload_kbit = {}\n"
      "# Hub only: how many connections may be authenticating at once; more are closed at\n"
      "# once (their schools retry), so a flood of connections never starves the others.\n"
      "handshakes_max = {}\n"
      "\n"
      "# Parts of the day (local time) with their own upload cap, so sync never crowds out\n"
      "# lessons on the school's only link. Add one block per part; the first that holds the\n"
      "# time applies, e.g.:\n"
      "#   [[sync.window]]\n"
      "#   hours = \"08:30-14:30\"   # HH:MM-HH:MM; \"22:00-06:00\" runs past midnight\n"
      "#   upload_kbit = 200       # 0 = no cap in this part of the day\n",
      sync.interval_seconds, sync.upload_kbit, sync.handshakes_max);
  for (const UploadWindow& window : sync.windows) {
    text += fmt::format("[[sync.window]]\nhours = \"{}\"\nupload_kbit = {}\n", hours_text(window),
                        window.upload_kbit);
  }
  return text;
}

}  // namespace

Result<NodeConfig> read_node_config(const std::filesystem::path& dir) {
  auto path = dir / kConfigFileName;
  auto toml = TomlFile::read(path, &Status::invalid);
  if (toml.status().kind() == Status::Kind::kNotFound) {
    return Status::not_found(
        fmt::format("{} is missing; is {} a Parta node? Create one with 'parta init'",
                    path.string(), dir.string()));
  }
  if (!toml) return toml.status();
  const TomlTable root = toml->root();
  NodeConfig config;
  PARTA_RETURN_IF_ERROR(root.optional_string("name", &config.name));
  PARTA_RETURN_IF_ERROR(root.optional_string("role", &config.role));
  PARTA_RETURN_IF_ERROR(root.optional_string("listen", &config.listen));
  PARTA_RETURN_IF_ERROR(read_holidays(root, &config.holidays));
  if (const toml::node* sync = root.table().get("sync")) {
    if (!sync->is_table()) return root.error("sync", "must be a [sync] table");
    PARTA_RETURN_IF_ERROR(
        read_sync_settings(TomlTable(*toml, *sync->as_table(), sync, "sync."), &config.sync));
  }
  return config;
}

Status write_node_config(const std::filesystem::path& dir, const NodeConfig& config) {
  std::string holidays;
  for (Date day : config.holidays) {
    holidays += fmt::format("{}\"{}\"", holidays.empty() ? "" : ", ", format_iso(day));
  }
  std::string text = fmt::format(
      "# Parta node configuration. Edit with care; 'parta --help' describes each setting.\n"
      "name = {}\n"
      "role = {}\n"
      "# Hub: HOST:PORT its schools dial. A school dials out and listens nowhere.\n"
      "listen = {}\n"
      "# Days off besides weekends, skipped by consultation deadlines.\n"
      "holidays = [{}]\n",
      toml_quoted(config.name), toml_quoted(config.role), toml_quoted(config.listen), holidays);
  return write_file_atomically(dir / kConfigFileName, text + sync_settings_text(config.sync));
}

uint32_t upload_kbit_at(const SyncSettings& settings, int minute_of_day) {
  assert(minute_of_day >= 0 && minute_of_day < kMinutesPerDay);
  for (const UploadWindow& window : settings.windows) {
    const bool inside =
        window.start_minute < window.end_minute
            ? minute_of_day >= window.start_minute && minute_of_day < window.end_minute
            : minute_of_day >= window.start_minute || minute_of_day < window.end_minute;
    if (inside) return window.upload_kbit;
  }
  return settings.upload_kbit;
}

}  // namespace parta
