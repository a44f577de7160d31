// Local time conversions through the C library's time zone rules; see local_time.h.
#include "parta/storage/local_time.h"

#include <chrono>
#include <ctime>

namespace parta {

std::pair<Date, int64_t> local_day_and_seconds(int64_t unix_ms) {
  time_t seconds = static_cast<time_t>(unix_ms / 1000);
  tm local{};
  localtime_r(&seconds, &local);
  using namespace std::chrono;
  auto day = sys_days(year(local.tm_year + 1900) / month(local.tm_mon + 1) / local.tm_mday);
  return {Date{static_cast<int32_t>(day.time_since_epoch().count())},
          local.tm_hour * 3600 + local.tm_min * 60 + local.tm_sec};
}

int64_t local_time_ms(Date day, int64_t seconds_since_midnight) {
  using namespace std::chrono;
  year_month_day ymd{sys_days(days(day.days_since_epoch))};
  tm local{};
  local.tm_year = static_cast<int>(ymd.year()) - 1900;
  local.tm_mon = static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
  local.tm_mday = static_cast<int>(static_cast<unsigned>(ymd.day()));
  local.tm_sec = static_cast<int>(seconds_since_midnight);  // mktime normalises the overflow
  local.tm_isdst = -1;
  return static_cast<int64_t>(mktime(&local)) * 1000;
}

}  // namespace parta
