// Counts over a plan for the generator's report: how many of each record, and whether the
// shares come out as intended (ill and remote marks, consultations answered late or never).
//
// Thread safety: a pure function.
#pragma once

#include "school_plan.h"

namespace parta::gen {

struct PlanCounts {
  int days = 0;
  int school_days = 0;
  int students = 0;
  int classes = 0;
  int teachers = 0;
  int assignments = 0;
  int results = 0;
  int results_on_paper = 0;
  int attendance_marks = 0;
  int marks_ill = 0;
  int marks_remote = 0;
  int consultations = 0;
  int consultations_answered = 0;
  int consultations_answered_late = 0;  // after the deadline of one working day
};

PlanCounts count_plan(const SchoolPlan& plan);

}  // namespace parta::gen
