// Reading a school roster exported as CSV by Excel, 1C or "Сетевой город", all or nothing.
//
// Accepted input: UTF-8 (with or without a byte order mark) or Windows-1251; fields separated by
// `;`, `,` or tab, whichever the header line uses; RFC 4180 quoting (quoted fields may hold
// separators, doubled quotes and line breaks); CRLF, LF or CR line ends; empty lines skipped.
// The header names the columns, in Russian or English, in any case and order; up to
// roster_title_lines_max lines of a title above it are skipped:
//   Фамилия / last_name, Имя / first_name, Класс / class, Дата рождения / birth_date (required);
//   Отчество / middle_name, Согласие / consent, Доступ / access (optional);
//   ФИО / full_name in place of the name columns: "Фамилия Имя Отчество" in one cell, the words
//   after the first name being the middle name ("Рашид оглы"); initials, punctuation and the
//   order Имя Отчество Фамилия are bad rows.
// Classes may have the word «класс» or «кл.» after them («7Б класс»; «7-й класс» is grade 7).
// Other columns are ignored. Dates are DD.MM.YYYY or YYYY-MM-DD (civil_date.h), also as
// spreadsheets write them: with midnight after them ("01.03.2012 0:00:00") or a two-digit year
// ("01.03.12": the latest such year not after `today`'s). A consent date before the birth date
// is a bad row. So is a row naming the student of an earlier row (the same names in any case
// and with ё as е, name_match_key; the same birth date), even one repeating it exactly: a file
// lists each student once, and which of two rows is right (the class, above all) is for the
// school to say.
//
// How it fails: always Status::kInvalid (or the kIO of a missing iconv converter), and then no
// row at all is returned, so the caller imports nothing. The message names the file; for bad
// rows it lists each one with its line number and every reason, up to roster_bad_rows_listed_max:
//   roster.csv: 3 bad rows, nothing imported:
//     line 3: last name is empty
//     line 14: birth date "31.02.2015" is not a real date
//     line 15: the same student as line 2 (Иванов Иван Иванович, 01.03.2013)
//
// Thread safety: free functions without shared state; safe to call from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/civil_date.h"
#include "parta/storage/class_name.h"
#include "parta/storage/status.h"

namespace parta {

inline constexpr size_t roster_bytes_max = 64 * 1024 * 1024;
inline constexpr size_t roster_rows_max = 100'000;
inline constexpr size_t roster_columns_max = 100;
// Longest name, class, date or access value (and header cell); UTF-8 bytes.
inline constexpr size_t roster_value_bytes_max = 200;
inline constexpr size_t roster_bad_rows_listed_max = 20;
// Lines of a title that may stand above the header ("Список учащихся 7Б класса", a school's
// name, the date of the export), as spreadsheets export them.
inline constexpr size_t roster_title_lines_max = 10;
// Older than this on the day of import, a "student" is a typing mistake in the birth year.
inline constexpr int roster_student_age_years_max = 25;

struct RosterRow {
  int line;  // 1-based physical line where the record starts in the file
  std::string last_name, first_name, middle_name;  // trimmed, UTF-8; middle may be empty
  ClassName class_name;
  Date birth_date;
  std::optional<Date> consent_date;  // date of the parent's written application, if given
  std::optional<bool> has_access;  // column Доступ/access: да/нет/yes/no/1/0/+/-; empty = unknown
};

// Parses a whole roster file, judging birth and consent dates against `today` (a birth date
// after it, a student older than roster_student_age_years_max, a consent date after it are bad
// rows). `file_name` names the file in messages. Fails (kInvalid) on a file over
// roster_bytes_max or with more than roster_rows_max students, on a file that is empty, has no
// student rows, has a header wider than roster_columns_max, lacks a required column, or has any
// bad row (including a value over roster_value_bytes_max and a student named twice).
Result<std::vector<RosterRow>> parse_roster_csv(std::string_view file_bytes,
                                                std::string_view file_name, Date today);

// Why a parent's application dated `consent` cannot be right for a student born on
// `birth_date`, judged on `today`: `consent date "01.12.2030" is in the future` or `... is
// before the birth date`, quoting `written` (the date as the user wrote it); nullopt when it
// can be. The roster's rows and SchoolRecords::record_consent are checked with it.
std::optional<std::string> consent_date_problem(Date consent, std::string_view written,
                                                Date birth_date, Date today);

}  // namespace parta
