// Prints listings. JSON values go through protobuf's JSON printer, which escapes every string
// correctly; only the object and array punctuation around them is written here, to keep keys
// in column order.
#include "listing.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <cassert>

#include <fmt/chrono.h>
#include <fmt/format.h>

namespace parta::cli {
namespace {

std::string cell_text(const Cell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* number = std::get_if<int64_t>(&cell)) return std::to_string(*number);
  if (const auto* flag = std::get_if<bool>(&cell)) return *flag ? "yes" : "no";
  return "-";
}

google::protobuf::Value cell_json(const Cell& cell) {
  google::protobuf::Value value;
  if (const auto* text = std::get_if<std::string>(&cell)) {
    value.set_string_value(*text);
  } else if (const auto* number = std::get_if<int64_t>(&cell)) {
    value.set_number_value(static_cast<double>(*number));
  } else if (const auto* flag = std::get_if<bool>(&cell)) {
    value.set_bool_value(*flag);
  } else {
    value.set_null_value(google::protobuf::NULL_VALUE);
  }
  return value;
}

// A JSON scalar, rendered by protobuf's JSON printer so strings are escaped correctly.
std::string scalar_json(const Cell& cell) {
  std::string out;
  auto status = google::protobuf::util::MessageToJsonString(cell_json(cell), &out);
  assert(status.ok());
  return out;
}

// One object with its keys in column order (google.protobuf.Struct would reorder them).
std::string row_json(const Listing& listing, const std::vector<Cell>& row,
                     std::string_view indent) {
  std::string out = "{";
  for (size_t i = 0; i < listing.columns.size(); ++i) {
    out += fmt::format("{}\n{}  \"{}\": {}", i == 0 ? "" : ",", indent, listing.columns[i],
                       scalar_json(row[i]));
  }
  return out + fmt::format("\n{}}}", indent);
}

// Table cells longer than this are cut with "…" (--json always gives the whole text).
constexpr size_t kTableCellWidthMax = 48;

// The first `width` code points of UTF-8 text.
std::string cut_to_width(const std::string& text, size_t width) {
  size_t points = 0;
  for (size_t at = 0; at < text.size(); ++at) {
    if ((static_cast<unsigned char>(text[at]) & 0xC0) != 0x80 && points++ == width) {
      return text.substr(0, at);
    }
  }
  return text;
}

// Display width of UTF-8 text: one column per code point (Cyrillic is single-width).
size_t display_width(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char byte) {
    return (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  }));
}

}  // namespace

std::string local_time_text(int64_t unix_ms) {
  if (unix_ms == 0) return "";
  time_t seconds = static_cast<time_t>(unix_ms / 1000);
  tm local{};
  localtime_r(&seconds, &local);
  return fmt::format("{:%Y-%m-%d %H:%M}", local);
}

void print_listing(const Listing& listing, bool json) {
  if (json) {
    std::string out = "[";
    for (size_t i = 0; i < listing.rows.size(); ++i) {
      out += fmt::format("{}\n  {}", i == 0 ? "" : ",", row_json(listing, listing.rows[i], "  "));
    }
    fmt::print("{}{}]\n", out, listing.rows.empty() ? "" : "\n");
    return;
  }
  std::vector<size_t> widths;
  for (const auto& column : listing.columns) widths.push_back(display_width(column));
  std::vector<std::vector<std::string>> texts;
  for (const auto& row : listing.rows) {
    auto& line = texts.emplace_back();
    for (size_t i = 0; i < row.size(); ++i) {
      std::string text = cell_text(row[i]);
      if (display_width(text) > kTableCellWidthMax) {
        text = cut_to_width(text, kTableCellWidthMax - 1) + "…";
      }
      line.push_back(std::move(text));
      widths[i] = std::max(widths[i], display_width(line.back()));
    }
  }
  auto print_line = [&](const std::vector<std::string>& cells) {
    std::string out;
    for (size_t i = 0; i < cells.size(); ++i) {
      out += cells[i];
      if (i + 1 < cells.size()) out.append(widths[i] - display_width(cells[i]) + 2, ' ');
    }
    fmt::print("{}\n", out);
  };
  print_line(listing.columns);
  for (const auto& line : texts) print_line(line);
  fmt::print("({} {})\n", listing.rows.size(), listing.rows.size() == 1 ? "row" : "rows");
}

void print_record(const Listing& listing, bool json) {
  assert(listing.rows.size() == 1);
  if (json) {
    fmt::print("{}\n", row_json(listing, listing.rows.front(), ""));
    return;
  }
  size_t width = 0;
  for (const auto& column : listing.columns) width = std::max(width, column.size());
  for (size_t i = 0; i < listing.columns.size(); ++i) {
    fmt::print("{:<{}}  {}\n", listing.columns[i] + ":", width + 1,
               cell_text(listing.rows.front()[i]));
  }
}

}  // namespace parta::cli
