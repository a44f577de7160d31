// Calendar dates as schools write them, and the working-day rule for consultation deadlines.
//
// A Date is a day count from 1970-01-01 (day 0), with no time and no time zone: a birth date or
// the date on a parent's application. Arithmetic goes through std::chrono::sys_days.
//
// How it fails: parse_date returns Status::kInvalid with a message that starts with `date` and
// quotes the text (`date "31.02.2015" is not a real date`), so a caller can put the field's name
// in front of it: "birth " + message. Everything else is total.
//
// Thread safety: values and const methods; safe to share between threads.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/status.h"

namespace parta {

struct Date {
  int32_t days_since_epoch;  // 1970-01-01 is 0
  auto operator<=>(const Date&) const = default;
};

// Years a date may have; anything else is a typing mistake in a school's records.
inline constexpr int date_year_min = 1900;
inline constexpr int date_year_max = 2100;

// Reads `DD.MM.YYYY` (day and month may have one digit: `5.3.2015`) or `YYYY-MM-DD`, ignoring
// spaces around it. Fails (kInvalid) on any other form, on a day that does not exist
// (31.02.2015) and on a year outside date_year_min..date_year_max.
Result<Date> parse_date(std::string_view text);

// "2026-11-25".
std::string format_iso(Date date);
// "25.11.2026", the form Russian school documents use.
std::string format_ru(Date date);

// 1 = Monday .. 7 = Sunday.
int iso_weekday(Date date);

// Whole years from `birth_date` to `on`, as ages are counted. `on` must not be earlier.
int age_in_years(Date birth_date, Date on);

// The calendar year of `date`.
int year_of(Date date);

// Which days count for "answered within one working day": Monday to Friday, except the listed
// holidays. Holidays that fall on a weekend change nothing.
class WorkingCalendar {
 public:
  explicit WorkingCalendar(std::vector<Date> holidays);

  bool is_working_day(Date date) const;
  // The first working day strictly after `date`.
  Date next_working_day_after(Date date) const;

 private:
  std::vector<Date> holidays_;  // sorted, unique; constant after construction
};

}  // namespace parta
