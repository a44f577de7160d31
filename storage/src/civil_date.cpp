#include "parta/storage/civil_date.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <chrono>
#include <optional>

#include "parta/storage/text_encoding.h"

namespace parta {
namespace {

namespace chrono = std::chrono;

struct DigitCount {
  size_t min;
  size_t max;
};

struct DayMonthYear {
  int day;
  int month;
  int year;
};

// Splits `text` at `separator` into exactly three runs of ASCII digits of the given lengths.
std::optional<std::array<int, 3>> parse_three_numbers(std::string_view text, char separator,
                                                      const std::array<DigitCount, 3>& digits) {
  std::array<int, 3> numbers{};
  for (size_t i = 0; i < numbers.size(); ++i) {
    const bool last = i + 1 == numbers.size();
    const size_t end = last ? text.size() : text.find(separator);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view part = text.substr(0, end);
    if (part.size() < digits[i].min || part.size() > digits[i].max) return std::nullopt;
    if (!std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    std::from_chars(part.data(), part.data() + part.size(), numbers[i]);
    text.remove_prefix(last ? end : end + 1);
  }
  return numbers;
}

std::optional<DayMonthYear> split_date(std::string_view text) {
  if (auto n = parse_three_numbers(text, '.', {{{1, 2}, {1, 2}, {4, 4}}})) {
    return DayMonthYear{(*n)[0], (*n)[1], (*n)[2]};
  }
  if (auto n = parse_three_numbers(text, '-', {{{4, 4}, {2, 2}, {2, 2}}})) {
    return DayMonthYear{(*n)[2], (*n)[1], (*n)[0]};
  }
  return std::nullopt;
}

chrono::year_month_day to_year_month_day(Date date) {
  return chrono::year_month_day{chrono::sys_days{chrono::days{date.days_since_epoch}}};
}

Date from_year_month_day(chrono::year_month_day ymd) {
  assert(ymd.ok());
  return Date{static_cast<int32_t>(chrono::sys_days{ymd}.time_since_epoch().count())};
}

}  // namespace

Result<Date> parse_date(std::string_view text) {
  text = trim_whitespace(text);
  if (text.empty()) return Status::invalid("date is empty");
  const std::optional<DayMonthYear> parts = split_date(text);
  if (!parts) {
    return Status::invalid(
        fmt::format("date \"{}\" is not in the form DD.MM.YYYY or YYYY-MM-DD", text));
  }
  if (parts->year < date_year_min || parts->year > date_year_max) {
    return Status::invalid(
        fmt::format("date \"{}\" has a year outside {} to {}", text, date_year_min, date_year_max));
  }
  const chrono::year_month_day ymd{chrono::year{parts->year},
                                   chrono::month{static_cast<unsigned>(parts->month)},
                                   chrono::day{static_cast<unsigned>(parts->day)}};
  if (!ymd.ok()) return Status::invalid(fmt::format("date \"{}\" is not a real date", text));
  return from_year_month_day(ymd);
}

std::string format_iso(Date date) {
  const chrono::year_month_day ymd = to_year_month_day(date);
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

std::string format_ru(Date date) {
  const chrono::year_month_day ymd = to_year_month_day(date);
  return fmt::format("{:02}.{:02}.{:04}", static_cast<unsigned>(ymd.day()),
                     static_cast<unsigned>(ymd.month()), static_cast<int>(ymd.year()));
}

int year_of(Date date) { return static_cast<int>(to_year_month_day(date).year()); }

int iso_weekday(Date date) {
  const chrono::weekday weekday{chrono::sys_days{chrono::days{date.days_since_epoch}}};
  return static_cast<int>(weekday.iso_encoding());
}

int age_in_years(Date birth_date, Date on) {
  assert(birth_date <= on);
  const chrono::year_month_day born = to_year_month_day(birth_date);
  const chrono::year_month_day now = to_year_month_day(on);
  const bool birthday_still_ahead =
      chrono::month_day{now.month(), now.day()} < chrono::month_day{born.month(), born.day()};
  return static_cast<int>(now.year()) - static_cast<int>(born.year()) -
         (birthday_still_ahead ? 1 : 0);
}

WorkingCalendar::WorkingCalendar(std::vector<Date> holidays) : holidays_(std::move(holidays)) {
  std::sort(holidays_.begin(), holidays_.end());
  holidays_.erase(std::unique(holidays_.begin(), holidays_.end()), holidays_.end());
}

bool WorkingCalendar::is_working_day(Date date) const {
  constexpr int kFriday = 5;
  return iso_weekday(date) <= kFriday &&
         !std::binary_search(holidays_.begin(), holidays_.end(), date);
}

Date WorkingCalendar::next_working_day_after(Date date) const {
  // Every day after the last holiday that is not a weekend works, so this ends.
  Date next{date.days_since_epoch + 1};
  while (!is_working_day(next)) ++next.days_since_epoch;
  return next;
}

}  // namespace parta
