// plan_school() and the roster view of a plan; see school_plan.h.
#include "school_plan.h"

#include <fmt/format.h>

#include <cassert>

#include "plan_steps.h"

namespace parta::gen {
namespace {

constexpr std::string_view kTowns[] = {
    "г. Кимры",        "г. Торжок",       "г. Вязьма",     "г. Кунгур",  "г. Бийск",
    "г. Великие Луки", "пос. Сосновка",   "с. Покровское", "г. Котлас",  "г. Шуя",
    "г. Ишим",         "пгт Октябрьский", "с. Никольское", "г. Россошь", "г. Белорецк",
};

std::string draw_school_name(SeededRandom& random) {
  return fmt::format("МБОУ «Средняя общеобразовательная школа № {}» {}", random.pick_between(1, 40),
                     random.pick_from(kTowns));
}

Status check_start_date(const SchoolCalendar& calendar, const PlanOptions& options) {
  if (options.start_date > calendar.last_day()) {
    return Status::invalid(fmt::format(
        "start date {} is in the summer holidays; the school year before it ran from {} to {}",
        format_iso(options.start_date), format_iso(calendar.first_day()),
        format_iso(calendar.last_day())));
  }
  if (options.size == SchoolSize::kDay && !calendar.is_school_day(options.start_date)) {
    return Status::invalid(fmt::format(
        "start date {} is not a school day (a weekend, a public holiday or in the vacations); "
        "pick a weekday in term time for --size day",
        format_iso(options.start_date)));
  }
  return Status::ok();
}

Date last_day_of_period(const SchoolCalendar& calendar, const PlanOptions& options) {
  switch (options.size) {
    case SchoolSize::kSmall:
      return std::min(add_days(options.start_date, 6), calendar.last_day());
    case SchoolSize::kDay:
      return options.start_date;
    case SchoolSize::kYear:
      return calendar.last_day();
  }
  return options.start_date;
}

}  // namespace

Result<SchoolPlan> plan_school(const PlanOptions& options) {
  SchoolPlan plan;
  plan.calendar = SchoolCalendar::containing(options.start_date);
  PARTA_RETURN_IF_ERROR(check_start_date(plan.calendar, options));
  SeededRandom school_random(options.seed, RandomStream::kSchool);
  plan.school_name = draw_school_name(school_random);
  SeededRandom roster_random(options.seed, RandomStream::kRoster);
  plan_roster(roster_random, options.size, plan);
  SeededRandom staff_random(options.seed, RandomStream::kStaff);
  plan_staff(staff_random, plan);
  SeededRandom days_random(options.seed, RandomStream::kDays);
  plan_days(days_random, options.start_date, last_day_of_period(plan.calendar, options), plan);
  return plan;
}

std::vector<RosterRow> roster_rows(const SchoolPlan& plan) {
  std::vector<RosterRow> rows;
  rows.reserve(plan.students.size());
  for (const PlannedClass& planned : plan.classes) {
    for (int index : planned.students) {
      const PlannedStudent& student = plan.students[index];
      rows.push_back({static_cast<int>(rows.size()) + 2, student.name.last_name,
                      student.name.first_name, student.name.middle_name, planned.name,
                      student.birth_date, student.consent_date, student.has_access});
    }
  }
  return rows;
}

std::string spell_class(const ClassName& name, ClassSpelling spelling) {
  struct LetterCase {
    std::string_view upper, lower;
  };
  constexpr LetterCase kLetterCases[] = {{"А", "а"}, {"Б", "б"}, {"В", "в"}, {"Г", "г"}};
  if (name.letter.empty()) return name.display();
  switch (spelling) {
    case ClassSpelling::kJoined:
      return name.display();
    case ClassSpelling::kSpaced:
      return fmt::format("{} {}", name.grade, name.letter);
    case ClassSpelling::kHyphenLowercase:
      for (const LetterCase& letter : kLetterCases) {
        if (letter.upper == name.letter) return fmt::format("{}-{}", name.grade, letter.lower);
      }
      assert(false && "generated classes use the letters А to Г");
  }
  return name.display();
}

}  // namespace parta::gen
