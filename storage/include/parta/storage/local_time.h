// The machine's local time zone, for rules that speak of school days: "today", and a
// consultation's deadline one working day later. Stored times stay unix milliseconds (UTC).
#pragma once

#include <cstdint>
#include <utility>

#include "parta/storage/civil_date.h"

namespace parta {

// The local calendar day of `unix_ms` and the seconds since its local midnight.
std::pair<Date, int64_t> local_day_and_seconds(int64_t unix_ms);
// Unix milliseconds of `seconds_since_midnight` on local `day` (DST handled by mktime).
int64_t local_time_ms(Date day, int64_t seconds_since_midnight);

}  // namespace parta
