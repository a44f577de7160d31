#include "parta/storage/civil_date.h"

#include <gtest/gtest.h>

namespace parta {
namespace {

Date date(std::string_view text) {
  Result<Date> parsed = parse_date(text);
  EXPECT_TRUE(parsed.is_ok()) << parsed.status().message();
  return parsed ? *parsed : Date{};
}

void expect_invalid(std::string_view text, std::string_view message) {
  Result<Date> parsed = parse_date(text);
  ASSERT_FALSE(parsed.is_ok()) << text;
  EXPECT_EQ(parsed.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(parsed.status().message(), message);
}

TEST(CivilDate, EpochIsDayZero) {
  EXPECT_EQ(date("1970-01-01").days_since_epoch, 0);
  EXPECT_EQ(date("02.01.1970").days_since_epoch, 1);
  EXPECT_EQ(date("31.12.1969").days_since_epoch, -1);
}

TEST(CivilDate, ParsesRussianAndIsoFormsToTheSameDay) {
  EXPECT_EQ(date("25.11.2026"), date("2026-11-25"));
  EXPECT_EQ(date("5.3.2015"), date("05.03.2015"));
  EXPECT_EQ(date("  05.03.2015 "), date("2015-03-05"));
  EXPECT_EQ(date("\t05.03.2015\xC2\xA0"), date("2015-03-05"));
}

TEST(CivilDate, FormatsIsoAndRussian) {
  EXPECT_EQ(format_iso(date("5.3.2015")), "2015-03-05");
  EXPECT_EQ(format_ru(date("2026-11-25")), "25.11.2026");
  EXPECT_EQ(format_iso(Date{0}), "1970-01-01");
  EXPECT_EQ(format_ru(date("01.01.1900")), "01.01.1900");
}

TEST(CivilDate, LeapDaysExistOnlyInLeapYears) {
  EXPECT_EQ(format_iso(date("29.02.2024")), "2024-02-29");
  EXPECT_EQ(format_iso(date("29.02.2000")), "2000-02-29");
  expect_invalid("29.02.2023", "date \"29.02.2023\" is not a real date");
  expect_invalid("29.02.1900", "date \"29.02.1900\" is not a real date");
}

TEST(CivilDate, RejectsDaysThatDoNotExist) {
  expect_invalid("31.02.2015", "date \"31.02.2015\" is not a real date");
  expect_invalid(" 31.04.2015 ", "date \"31.04.2015\" is not a real date");
  expect_invalid("2015-13-01", "date \"2015-13-01\" is not a real date");
  expect_invalid("00.01.2015", "date \"00.01.2015\" is not a real date");
}

TEST(CivilDate, AcceptsYearsFrom1900To2100Only) {
  EXPECT_EQ(format_iso(date("01.01.1900")), "1900-01-01");
  EXPECT_EQ(format_iso(date("31.12.2100")), "2100-12-31");
  expect_invalid("31.12.1899", "date \"31.12.1899\" has a year outside 1900 to 2100");
  expect_invalid("2101-01-01", "date \"2101-01-01\" has a year outside 1900 to 2100");
}

TEST(CivilDate, RejectsOtherForms) {
  expect_invalid("", "date is empty");
  expect_invalid("   ", "date is empty");
  for (std::string_view text :
       {"05.03.15", "2015/03/05", "05-03-2015", "2015-3-5", "05.03.2015x", "5.3.2015.1",
        "+5.03.2015", "005.03.2015", "05..2015", "сегодня", "05.03.2015 0:00:00", "42068"}) {
    expect_invalid(
        text, "date \"" + std::string(text) + "\" is not in the form DD.MM.YYYY or YYYY-MM-DD");
  }
}

TEST(CivilDate, IsoWeekdayCountsFromMonday) {
  EXPECT_EQ(iso_weekday(Date{0}), 4);  // 1970-01-01 was a Thursday
  EXPECT_EQ(iso_weekday(date("23.11.2026")), 1);
  EXPECT_EQ(iso_weekday(date("25.11.2026")), 3);
  EXPECT_EQ(iso_weekday(date("29.11.2026")), 7);
  EXPECT_EQ(iso_weekday(date("31.12.1969")), 3);
}

TEST(CivilDate, AgeGrowsOnTheBirthday) {
  EXPECT_EQ(age_in_years(date("25.11.2010"), date("24.11.2026")), 15);
  EXPECT_EQ(age_in_years(date("25.11.2010"), date("25.11.2026")), 16);
  EXPECT_EQ(age_in_years(date("25.11.2010"), date("25.11.2010")), 0);
  EXPECT_EQ(age_in_years(date("29.02.2012"), date("28.02.2026")), 13);
  EXPECT_EQ(age_in_years(date("29.02.2012"), date("01.03.2026")), 14);
}

TEST(CivilDate, WorkingCalendarTakesWeekendsAndHolidaysOff) {
  const WorkingCalendar calendar({date("04.11.2026")});
  EXPECT_TRUE(calendar.is_working_day(date("03.11.2026")));   // Tuesday
  EXPECT_FALSE(calendar.is_working_day(date("04.11.2026")));  // Wednesday, a holiday
  EXPECT_TRUE(calendar.is_working_day(date("06.11.2026")));   // Friday
  EXPECT_FALSE(calendar.is_working_day(date("07.11.2026")));  // Saturday
  EXPECT_FALSE(calendar.is_working_day(date("08.11.2026")));  // Sunday
}

TEST(CivilDate, NextWorkingDaySkipsWeekendsAndHolidays) {
  const WorkingCalendar calendar({date("04.11.2026")});
  EXPECT_EQ(calendar.next_working_day_after(date("02.11.2026")), date("03.11.2026"));
  EXPECT_EQ(calendar.next_working_day_after(date("03.11.2026")), date("05.11.2026"));
  EXPECT_EQ(calendar.next_working_day_after(date("06.11.2026")), date("09.11.2026"));
  EXPECT_EQ(calendar.next_working_day_after(date("07.11.2026")), date("09.11.2026"));
}

TEST(CivilDate, NewYearHolidaysPushTheNextWorkingDayIntoJanuary) {
  std::vector<Date> holidays;
  for (int day = 1; day <= 8; ++day) holidays.push_back(date(std::to_string(day) + ".01.2027"));
  holidays.push_back(date("2027-01-01"));  // listed twice: no harm
  const WorkingCalendar calendar(std::move(holidays));
  EXPECT_EQ(calendar.next_working_day_after(date("31.12.2026")), date("11.01.2027"));
}

TEST(CivilDate, WithoutHolidaysOnlyWeekendsAreOff) {
  const WorkingCalendar calendar({});
  EXPECT_EQ(calendar.next_working_day_after(date("31.12.2026")), date("01.01.2027"));
}

}  // namespace
}  // namespace parta
