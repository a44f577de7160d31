// Counting a plan's records; see plan_summary.h.
#include "plan_summary.h"

namespace parta::gen {
namespace {

bool answered_late(const SchoolCalendar& calendar, const PlannedConsultation& consultation) {
  // Consultations open on school days, so the deadline is the same minute of the next working
  // day (the rule SchoolRecords::consultation_deadline_ms applies).
  Date deadline = add_days(consultation.opened.date, 1);
  while (!calendar.is_working_day(deadline)) deadline = add_days(deadline, 1);
  const LocalTime& answered = *consultation.answered;
  return answered.date > deadline ||
         (answered.date == deadline && answered.minute_of_day > consultation.opened.minute_of_day);
}

}  // namespace

PlanCounts count_plan(const SchoolPlan& plan) {
  PlanCounts counts;
  counts.students = static_cast<int>(plan.students.size());
  counts.classes = static_cast<int>(plan.classes.size());
  counts.teachers = static_cast<int>(plan.teachers.size());
  counts.assignments = static_cast<int>(plan.assignments.size());
  counts.consultations = static_cast<int>(plan.consultations.size());
  for (const PlannedDay& day : plan.days) {
    ++counts.days;
    counts.school_days += day.school_day ? 1 : 0;
    counts.results += static_cast<int>(day.results.size());
    for (const PlannedResult& result : day.results) counts.results_on_paper += result.on_paper;
    counts.attendance_marks += static_cast<int>(day.attendance.size());
    for (const PlannedMark& mark : day.attendance) {
      counts.marks_ill += mark.status == AttendanceStatus::kIll;
      counts.marks_remote += mark.status == AttendanceStatus::kRemote;
    }
  }
  for (const PlannedConsultation& consultation : plan.consultations) {
    if (!consultation.answered) continue;
    ++counts.consultations_answered;
    counts.consultations_answered_late += answered_late(plan.calendar, consultation);
  }
  return counts;
}

}  // namespace parta::gen
