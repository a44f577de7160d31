// Fuzz target: roster CSV files (encodings, quoting, headers, dates, class names).
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_targets.h"
#include "parta/storage/roster_csv.h"

namespace parta::fuzz {

void roster_csv(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto rows = parse_roster_csv(bytes, "fuzz.csv", Date{20'600});  // 2026-05-26
  if (!rows) {
    if (rows.status().message().empty()) std::abort();  // every refusal must say why
    return;
  }
  std::set<std::string> students;
  for (const RosterRow& row : *rows) {
    // What the parser accepts, the store can rely on.
    if (row.last_name.empty() || row.first_name.empty() || row.line < 1) std::abort();
    if (row.class_name.grade < grade_min || row.class_name.grade > grade_max) std::abort();
    // Each student once: a second row for one is a bad row, never a row passed on.
    const std::string student =
        name_match_key(row.last_name + '\n' + row.first_name + '\n' + row.middle_name) + '\n' +
        std::to_string(row.birth_date.days_since_epoch);
    if (!students.insert(student).second) std::abort();
  }
}

}  // namespace parta::fuzz
