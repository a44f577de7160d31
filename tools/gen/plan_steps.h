// The steps plan_school() takes, one file each, in this order: the roster (roster_plan.cpp:
// classes and students), the staff (staff_plan.cpp: teachers and who teaches which class what),
// the days (day_plan.cpp: everything that happens from `first` to `last`). Each step draws
// only from the generator it is given, so one step's draws never shift another's.
// Internal to parta-gen.
#pragma once

#include "school_plan.h"
#include "seeded_random.h"

namespace parta::gen {

// Fills plan.classes and plan.students. plan.calendar must be set.
void plan_roster(SeededRandom& random, SchoolSize size, SchoolPlan& plan);
// Fills plan.teachers and every class's subjects with their teachers. Needs the roster.
void plan_staff(SeededRandom& random, SchoolPlan& plan);
// Fills plan.days (every calendar day from `first` to `last`), plan.assignments and
// plan.consultations. Needs the roster and the staff.
void plan_days(SeededRandom& random, Date first, Date last, SchoolPlan& plan);

}  // namespace parta::gen
