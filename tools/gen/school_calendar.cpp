// The days of a Russian school year; see school_calendar.h.
#include "school_calendar.h"

#include <algorithm>
#include <cassert>
#include <chrono>

namespace parta::gen {
namespace {

constexpr unsigned kLastLessonDayOfMay = 26;

struct MonthDay {
  unsigned month, day;
};

// Labour Code, article 112: New Year holidays and Christmas, Defender of the Fatherland Day,
// Women's Day, Spring and Labour Day, Victory Day, Russia Day, National Unity Day.
constexpr MonthDay kPublicHolidays[] = {
    {1, 1}, {1, 2},  {1, 3}, {1, 4}, {1, 5}, {1, 6},  {1, 7},
    {1, 8}, {2, 23}, {3, 8}, {5, 1}, {5, 9}, {6, 12}, {11, 4},
};

bool is_weekday(Date date) { return iso_weekday(date) <= 5; }

// The last Monday of a month.
Date last_monday(int year, unsigned month) {
  using namespace std::chrono;
  sys_days month_end{std::chrono::year(year) / std::chrono::month(month) / std::chrono::last};
  Date date{static_cast<int32_t>(month_end.time_since_epoch().count())};
  return add_days(date, -(iso_weekday(date) - 1));
}

}  // namespace

Date make_date(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  year_month_day ymd{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  assert(ymd.ok());
  return Date{static_cast<int32_t>(sys_days(ymd).time_since_epoch().count())};
}

Date add_days(Date date, int days) { return Date{date.days_since_epoch + days}; }

SchoolCalendar::SchoolCalendar(int first_year)
    : first_year_(first_year),
      first_day_(make_date(first_year, 9, 1)),
      last_day_(make_date(first_year + 1, 5, kLastLessonDayOfMay)) {
  for (int year : {first_year, first_year + 1}) {
    for (MonthDay holiday : kPublicHolidays) {
      Date date = make_date(year, holiday.month, holiday.day);
      if (date >= first_day_ && date < make_date(first_year + 1, 9, 1) && is_weekday(date)) {
        public_holidays_.push_back(date);
      }
    }
  }
  std::sort(public_holidays_.begin(), public_holidays_.end());
  Date autumn = last_monday(first_year, 10);
  Date spring = last_monday(first_year + 1, 3);
  vacations_ = {
      {autumn, add_days(autumn, 8)},  // to the Tuesday after, which takes in 4 November
      {make_date(first_year, 12, 29), make_date(first_year + 1, 1, 11)},
      {spring, add_days(spring, 6)},
  };
}

SchoolCalendar SchoolCalendar::containing(Date date) {
  using namespace std::chrono;
  year_month_day ymd{sys_days(days(date.days_since_epoch))};
  int year = static_cast<int>(ymd.year());
  return SchoolCalendar(ymd.month() >= September ? year : year - 1);
}

bool SchoolCalendar::is_working_day(Date date) const {
  return is_weekday(date) &&
         !std::binary_search(public_holidays_.begin(), public_holidays_.end(), date);
}

bool SchoolCalendar::is_school_day(Date date) const {
  if (date < first_day_ || date > last_day_ || !is_working_day(date)) return false;
  return std::none_of(vacations_.begin(), vacations_.end(), [date](const Vacation& vacation) {
    return date >= vacation.first && date <= vacation.last;
  });
}

}  // namespace parta::gen
