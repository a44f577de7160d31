// Listing output: rows of named values printed as an aligned table for people, or with --json
// as an array of objects with snake_case keys for scripts (the contract other tools rely on).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace parta::cli {

using Cell = std::variant<std::monostate, std::string, int64_t, bool>;

struct Listing {
  std::vector<std::string> columns;          // keys, in display order
  std::vector<std::vector<Cell>> rows;       // one Cell per column

  void add(std::vector<Cell> row) { rows.push_back(std::move(row)); }
};

void print_listing(const Listing& listing, bool json);
// "2026-11-25 14:05" in this machine's time zone; "" for 0 (not happened yet).
std::string local_time_text(int64_t unix_ms);
// One record as "key: value" lines, or a JSON object.
void print_record(const Listing& listing, bool json);

}  // namespace parta::cli
