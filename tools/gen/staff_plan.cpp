// The staff step of the plan: how many teachers of each speciality the school needs for its
// classes' lessons, who they are, and which class each of them teaches.
#include <algorithm>
#include <cassert>
#include <set>

#include "plan_steps.h"
#include "school_subjects.h"

namespace parta::gen {
namespace {

// Most Russian teachers are women; in primary school nearly all.
constexpr int kPrimaryFemalePerMille = 970;
constexpr int kSubjectFemalePerMille = 800;

// A class's lessons of one speciality.
struct ClassLoad {
  int class_index;
  int lessons_per_week;
};

std::vector<ClassLoad> loads_of(const SchoolPlan& plan, const Speciality& speciality) {
  std::vector<ClassLoad> loads;
  for (size_t index = 0; index < plan.classes.size(); ++index) {
    const PlannedClass& planned = plan.classes[index];
    if (planned.name.grade < speciality.grade_min || planned.name.grade > speciality.grade_max) {
      continue;
    }
    int lessons = 0;
    for (const ClassSubject& subject : planned.subjects) {
      if (std::find(speciality.subjects.begin(), speciality.subjects.end(), subject.subject) !=
          speciality.subjects.end()) {
        lessons += subject.lessons_per_week;
      }
    }
    if (lessons > 0) loads.push_back({static_cast<int>(index), lessons});
  }
  return loads;
}

// Which of `loads` each of `teacher_count` teachers takes: consecutive classes (a teacher keeps
// parallel classes of a grade), about equal lessons each.
std::vector<int> share_out(const std::vector<ClassLoad>& loads, int teacher_count) {
  int total = 0;
  for (const ClassLoad& load : loads) total += load.lessons_per_week;
  std::vector<int> teacher_of_load;
  int before = 0;
  for (const ClassLoad& load : loads) {
    teacher_of_load.push_back(before * teacher_count / total);
    before += load.lessons_per_week;
  }
  return teacher_of_load;
}

bool teaches(const SchoolPlan& plan, int teacher, std::string_view subject_name) {
  for (const PlannedClass& planned : plan.classes) {
    for (const ClassSubject& subject : planned.subjects) {
      if (subject.teacher == teacher && subject.subject == subject_name) return true;
    }
  }
  return false;
}

PersonName draw_teacher_name(SeededRandom& random, bool primary, std::set<std::string>& taken) {
  for (;;) {
    Gender gender =
        random.chance_per_mille(primary ? kPrimaryFemalePerMille : kSubjectFemalePerMille)
            ? Gender::kFemale
            : Gender::kMale;
    PersonName name = draw_person_name(random, gender, Generation::kAdult);
    if (taken.insert(name.last_name + " " + name.first_name + " " + name.middle_name).second) {
      return name;
    }
  }
}

void staff_speciality(SeededRandom& random, const Speciality& speciality,
                      std::set<std::string>& taken, SchoolPlan& plan) {
  std::vector<ClassLoad> loads = loads_of(plan, speciality);
  if (loads.empty()) return;
  int total = 0;
  for (const ClassLoad& load : loads) total += load.lessons_per_week;
  int teacher_count =
      speciality.one_teacher_per_class
          ? static_cast<int>(loads.size())
          : (total + teacher_lessons_per_week_max - 1) / teacher_lessons_per_week_max;
  std::vector<int> teacher_of_load = share_out(loads, teacher_count);
  const int first_teacher = static_cast<int>(plan.teachers.size());
  for (int teacher = 0; teacher < teacher_count; ++teacher) {
    plan.teachers.push_back(
        {draw_teacher_name(random, speciality.one_teacher_per_class, taken), {}});
  }
  for (size_t index = 0; index < loads.size(); ++index) {
    const int teacher = first_teacher + teacher_of_load[index];
    for (ClassSubject& subject : plan.classes[loads[index].class_index].subjects) {
      if (std::find(speciality.subjects.begin(), speciality.subjects.end(), subject.subject) ==
          speciality.subjects.end()) {
        continue;
      }
      subject.teacher = teacher;
    }
  }
  // Each teacher's subjects in the speciality's order («Химия, Биология»), as taught anywhere.
  for (int teacher = first_teacher; teacher < static_cast<int>(plan.teachers.size()); ++teacher) {
    for (std::string_view subject : speciality.subjects) {
      if (teaches(plan, teacher, subject)) plan.teachers[teacher].subjects.emplace_back(subject);
    }
  }
}

}  // namespace

void plan_staff(SeededRandom& random, SchoolPlan& plan) {
  for (PlannedClass& planned : plan.classes) {
    for (const Subject& subject : subjects_of_grade(planned.name.grade)) {
      planned.subjects.push_back({std::string(subject.name), subject.lessons_per_week, -1});
    }
  }
  std::set<std::string> taken;
  for (const Speciality& speciality : specialities()) {
    staff_speciality(random, speciality, taken, plan);
  }
  for (const PlannedClass& planned : plan.classes) {
    for (const ClassSubject& subject : planned.subjects) {
      assert(subject.teacher >= 0 && "every subject of a grade belongs to one speciality");
      (void)subject;
    }
  }
}

}  // namespace parta::gen
