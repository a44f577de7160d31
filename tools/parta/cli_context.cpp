// Shared pieces of the parta commands; see cli_context.h.
#include "cli_context.h"

#include "parta/storage/local_time.h"

#include <fmt/format.h>

namespace parta::cli {

Result<OpenNode> open_node(const CliContext& context) {
  if (context.dir.empty()) {
    return Status::invalid("no node selected: pass --dir DIR or set PARTA_DIR");
  }
  auto config = read_node_config(context.dir);
  if (!config) return config.status();
  auto store = Store::open(StoreOptions{.dir = context.dir});
  if (!store) return store.status();
  OpenNode node{std::move(*store), std::move(*config), nullptr};
  node.records = std::make_unique<SchoolRecords>(*node.store, WorkingCalendar(node.config.holidays));
  return node;
}

int64_t now_unix_ms() { return SystemClock::instance().now_unix_ms(); }

Date today_local() { return local_day_and_seconds(now_unix_ms()).first; }

Result<Date> parse_date_option(std::string_view text) {
  if (text == "today") return today_local();
  return parse_date(text);
}

}  // namespace parta::cli
