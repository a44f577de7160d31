// Renders Morango's push bodies and pull pages; see buffer_chunks.h.
#include "buffer_chunks.h"

#include <fmt/format.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "python_json.h"

namespace parta::bench {
namespace {

constexpr std::string_view kProfile = "facilitydata";

using Members = std::vector<std::pair<std::string_view, std::string>>;

std::string object(const Members& members, const JsonStyle& style) {
  std::string out = "{";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i > 0) out += style.item_separator;
    out += quote_json(members[i].first, style);
    out += style.key_separator;
    out += members[i].second;
  }
  out.push_back('}');
  return out;
}

std::string array(const std::vector<std::string>& items, const JsonStyle& style) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += style.item_separator;
    out += items[i];
  }
  out.push_back(']');
  return out;
}

std::string boolean(bool value) { return value ? "true" : "false"; }

// BufferSerializer's fields, in its order, with RecordMaxCounterBufferSerializer's inside.
std::string row_json(const BufferRow& row, std::string_view transfer_session,
                     const JsonStyle& style) {
  const std::string session = quote_json(transfer_session, style);
  const std::string model_uuid = quote_json(row.model_uuid, style);
  std::vector<std::string> counters;
  for (const InstanceCounter& counter : row.rmcb_list) {
    counters.push_back(object({{"transfer_session", session},
                               {"model_uuid", model_uuid},
                               {"instance_id", quote_json(counter.instance_id, style)},
                               {"counter", std::to_string(counter.counter)}},
                              style));
  }
  return object({{"serialized", quote_json(row.serialized, style)},
                 {"deleted", boolean(row.deleted)},
                 {"last_saved_instance", quote_json(row.last_saved_instance, style)},
                 {"last_saved_counter", std::to_string(row.last_saved_counter)},
                 {"hard_deleted", boolean(false)},
                 {"partition", quote_json(row.partition, style)},
                 {"source_id", quote_json(row.source_id, style)},
                 {"model_name", quote_json(row.model_name, style)},
                 {"conflicting_serialized_data", quote_json("", style)},
                 {"model_uuid", model_uuid},
                 {"transfer_session", session},
                 {"profile", quote_json(kProfile, style)},
                 {"rmcb_list", array(counters, style)},
                 {"_self_ref_fk", quote_json("", style)}},
                style);
}

std::string rows_json(std::span<const BufferRow> rows, size_t first, Direction direction,
                      const JsonStyle& style) {
  const std::string session = transfer_session_id(direction);
  std::vector<std::string> items;
  for (size_t i = first; i < std::min(rows.size(), first + kChunkRows); ++i) {
    items.push_back(row_json(rows[i], session, style));
  }
  return array(items, style);
}

// A page link as LimitOffsetPagination writes it: its query sorted, offset 0 left out.
std::string page_link(std::string_view origin, size_t offset) {
  const std::string session = transfer_session_id(Direction::kPull);
  if (offset == 0) {
    return fmt::format("{}{}?limit={}&transfer_session_id={}", origin, kBufferPath, kChunkRows,
                       session);
  }
  return fmt::format("{}{}?limit={}&offset={}&transfer_session_id={}", origin, kBufferPath,
                     kChunkRows, offset, session);
}

}  // namespace

std::string transfer_session_id(Direction direction) {
  return uuid_hex(direction == Direction::kPush ? "push transfer session"
                                                : "pull transfer session");
}

size_t chunk_count(size_t rows) { return (rows + kChunkRows - 1) / kChunkRows; }

std::string push_chunk_json(std::span<const BufferRow> rows, size_t first) {
  return rows_json(rows, first, Direction::kPush, kPythonDumps);
}

std::string pull_target(size_t offset) {
  return fmt::format("{}?limit={}&offset={}&transfer_session_id={}", kBufferPath, kChunkRows,
                     offset, transfer_session_id(Direction::kPull));
}

std::string pull_page_json(std::span<const BufferRow> rows, size_t offset,
                           std::string_view origin) {
  const JsonStyle& style = kRestFramework;
  const std::string next = offset + kChunkRows < rows.size()
                               ? quote_json(page_link(origin, offset + kChunkRows), style)
                               : "null";
  const std::string previous =
      offset == 0
          ? "null"
          : quote_json(page_link(origin, offset > kChunkRows ? offset - kChunkRows : 0), style);
  return object({{"count", std::to_string(rows.size())},
                 {"next", next},
                 {"previous", previous},
                 {"results", rows_json(rows, offset, Direction::kPull, style)}},
                style);
}

}  // namespace parta::bench
