// The generated school as files a school's own software would export: DIR/roster.csv (students,
// in the columns and form parse_roster_csv reads: Фамилия;Имя;Отчество;Класс;Дата рождения;
// Согласие;Доступ with DD.MM.YYYY dates) and DIR/teachers.csv (Фамилия;Имя;Отчество;Предметы).
// Both are `;`-separated with CRLF line ends, in UTF-8 with a byte order mark (Excel's «CSV
// UTF-8») or in Windows-1251 (Excel's and 1C's «CSV» on a Russian Windows).
//
// Thread safety: free functions; concurrent calls must not write the same directory.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "parta/storage/status.h"
#include "school_plan.h"

namespace parta::gen {

enum class CsvEncoding { kUtf8WithBom, kWindows1251 };

// The files' text in UTF-8 without a byte order mark.
std::string roster_csv_text(const SchoolPlan& plan);
std::string teachers_csv_text(const SchoolPlan& plan);

// `utf8` in the file encoding. Invalid, naming the byte offset, if a character has no
// Windows-1251 code; IO if this system's iconv lacks the converter.
Result<std::string> encode_csv(std::string_view utf8, CsvEncoding encoding);

// Writes DIR/roster.csv and DIR/teachers.csv, creating DIR if needed; each file appears whole
// (written beside, then renamed) or not at all. Before writing, the roster is read back with
// parse_roster_csv: Corrupt, naming the first differing line, if it does not give the plan's
// rows. IO, naming the file, if a file cannot be written.
Status write_school_csv(const SchoolPlan& plan, const std::filesystem::path& dir,
                        CsvEncoding encoding);

}  // namespace parta::gen
