// Shared pieces of the parta commands; see cli_context.h.
#include "cli_context.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "parta/storage/local_time.h"

#include <fmt/format.h>

namespace parta::cli {

Status check_node_selected(const CliContext& context) {
  if (context.dir.empty()) {
    return Status::invalid("no node selected: pass --dir DIR or set PARTA_DIR");
  }
  return Status::ok();
}

Result<OpenNode> open_node(const CliContext& context) {
  PARTA_RETURN_IF_ERROR(check_node_selected(context));
  auto config = read_node_config(context.dir);
  if (!config) return config.status();
  auto store = Store::open(StoreOptions{.dir = context.dir});
  if (!store) return store.status();
  OpenNode node{std::move(*store), std::move(*config), nullptr};
  node.records = std::make_unique<SchoolRecords>(*node.store, WorkingCalendar(node.config.holidays));
  return node;
}

int exit_code_for(const Status& status) {
  switch (status.kind()) {
    case Status::Kind::kOk: return 0;
    case Status::Kind::kCorrupt:
    case Status::Kind::kIO: return 3;
    default: return 1;
  }
}

std::string acting_user(const std::string& by) {
  if (!by.empty()) return by;
  const passwd* user = getpwuid(geteuid());
  return user ? user->pw_name : "";
}

int64_t now_unix_ms() { return SystemClock::instance().now_unix_ms(); }

Date today_local() { return local_day_and_seconds(now_unix_ms()).first; }

Result<std::string> read_whole_file(const std::string& path, size_t bytes_max) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // A file named wrongly is a mistake in the command (exit 1); one that cannot be read is
    // the system's (exit 3: permissions, a failing disk).
    const int error = errno;
    std::string message = fmt::format("cannot read {}: {}", path, std::strerror(error));
    return error == ENOENT || error == ENOTDIR ? Status::not_found(std::move(message))
                                               : Status::io(std::move(message));
  }
  std::string bytes;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<size_t>(in.gcount()));
    if (bytes.size() > bytes_max) {
      return Status::invalid(fmt::format("{} is larger than {} MiB, more than this file can be",
                                         path, bytes_max >> 20));
    }
  }
  if (in.bad()) return Status::io(fmt::format("cannot read {}: {}", path, std::strerror(errno)));
  return bytes;
}

Result<Date> parse_date_option(std::string_view text) {
  if (text == "today") return today_local();
  return parse_date(text);
}

Result<std::optional<RecordKey>> filter_key(OpenNode& node, const std::string& text,
                                            RecordType type) {
  if (text.empty()) return std::optional<RecordKey>();
  auto key = node.records->parse_key(text, type);
  if (!key) return key.status();
  Result<bool> held = false;
  PARTA_RETURN_IF_ERROR(node.store->read([&](const ReadView& view) {
    held = view.exists(type, key->bytes());
    return held.status();
  }));
  if (!*held) return no_such_record(node, type, text);
  return std::optional<RecordKey>(*key);
}

Status no_such_record(const OpenNode& node, RecordType type, std::string_view text) {
  const std::string_view kind = record_type_info(type).name;
  std::string message = fmt::format("no {} {} on this node", kind, text);
  if (text.find('-') == std::string_view::npos) {
    message += fmt::format(
        "; a short id names a record made on this node ({:08x}): one made elsewhere or before a "
        "restore needs its full id, like {}-1a2b3c4d",
        node.store->node().origin, text);
  }
  switch (type) {
    case RecordType::kStudent:
    case RecordType::kGroup:
    case RecordType::kTeacher:
    case RecordType::kAssignment:
    case RecordType::kConsultation:
      return Status::not_found(message + fmt::format("; see 'parta list {}s'", kind));
    case RecordType::kSubmission:
    case RecordType::kReview:
      return Status::not_found(message + "; see 'parta list results'");
    case RecordType::kPacket:
      return Status::not_found(message + "; see 'parta packets'");
    default:
      return Status::not_found(message);
  }
}

}  // namespace parta::cli
