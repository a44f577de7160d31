// SchoolCalendar: the days of one Russian school year, from 1 September to the end of May —
// which are school days, which are public holidays, which fall in the vacations. The pattern is
// the usual one of the Ministry of Education (autumn, winter and spring vacations) and the Labour
// Code's public holidays; it is fixed, not drawn at random, so every seed shares it.
//
// Public holidays are days off for the working-day rule of consultation deadlines
// (WorkingCalendar); vacations are not: teachers work during the pupils' vacations.
//
// Thread safety: a value; const methods only.
#pragma once

#include <vector>

#include "parta/storage/civil_date.h"

namespace parta::gen {

// The date of a day of the Gregorian calendar; `month` 1..12, `day` valid for that month.
Date make_date(int year, unsigned month, unsigned day);
Date add_days(Date date, int days);

class SchoolCalendar {
 public:
  // The school year that starts on 1 September of `first_year` (2025 for 2025/26).
  explicit SchoolCalendar(int first_year);
  // The school year a date belongs to: September to August.
  static SchoolCalendar containing(Date date);

  int first_year() const { return first_year_; }
  Date first_day() const { return first_day_; }  // 1 September
  Date last_day() const { return last_day_; }    // the last lesson day in May
  // Monday to Friday, within the year, not a public holiday, not in a vacation.
  bool is_school_day(Date date) const;
  // Monday to Friday and not a public holiday (the consultation deadline rule).
  bool is_working_day(Date date) const;
  // Public holidays of the school year that fall on weekdays, sorted.
  const std::vector<Date>& public_holidays() const { return public_holidays_; }

 private:
  struct Vacation {
    Date first, last;
  };
  int first_year_;
  Date first_day_;
  Date last_day_;
  std::vector<Date> public_holidays_;
  std::vector<Vacation> vacations_;
};

}  // namespace parta::gen
