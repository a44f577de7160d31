// The roster step of the plan: which classes the school has and who is in them.
#include <algorithm>
#include <cassert>
#include <set>
#include <tuple>

#include "plan_steps.h"

namespace parta::gen {
namespace {

constexpr std::string_view kLetters[] = {"А", "Б", "В"};
constexpr int kThreeClassGradePerMille = 450;
constexpr int kNoPatronymicPerMille = 10;
constexpr int kConsentPerMille = 900;
constexpr int kAccessPerMille = 950;
constexpr int kSpacedSpellingPerMille = 120;
constexpr int kHyphenSpellingPerMille = 80;

std::vector<ClassName> plan_class_names(SeededRandom& random, SchoolSize size) {
  if (size == SchoolSize::kSmall) {
    // One younger and one older class: both lesson lengths, primary and subject teachers.
    return {{random.pick_between(1, 5), std::string(random.pick_from(kLetters))},
            {random.pick_between(6, 11), std::string(random.pick_from(kLetters))}};
  }
  std::vector<ClassName> names;
  for (int grade = grade_min; grade <= grade_max; ++grade) {
    // Fewer pupils stay on for grades 10–11, so those have two classes at most.
    int letters = grade < 10 && random.chance_per_mille(kThreeClassGradePerMille) ? 3 : 2;
    for (int letter = 0; letter < letters; ++letter) {
      names.push_back({grade, std::string(kLetters[letter])});
    }
  }
  return names;
}

// About 7 years old on 1 September in grade 1: born 6½ to 7½ years before.
Date draw_birth_date(SeededRandom& random, int school_year, int grade) {
  return add_days(make_date(school_year - 5 - grade, 9, 1), -random.pick_between(183, 547));
}

ClassSpelling draw_spelling(SeededRandom& random) {
  int draw = random.pick_between(0, 999);
  if (draw < kHyphenSpellingPerMille) return ClassSpelling::kHyphenLowercase;
  if (draw < kHyphenSpellingPerMille + kSpacedSpellingPerMille) return ClassSpelling::kSpaced;
  return ClassSpelling::kJoined;
}

// Alphabetical as a class register lists names: «ё» sorts with «е».
std::string collation_key(const PersonName& name) {
  std::string key = name.last_name + " " + name.first_name + " " + name.middle_name;
  for (size_t at = key.find("ё"); at != std::string::npos; at = key.find("ё", at)) {
    key.replace(at, std::string_view("ё").size(), "е");
  }
  return key;
}

PlannedStudent draw_student(SeededRandom& random, int school_year, int class_index, int grade) {
  Gender gender = random.pick(2) == 0 ? Gender::kMale : Gender::kFemale;
  PlannedStudent student{draw_person_name(random, gender, Generation::kChild),
                         class_index,
                         draw_birth_date(random, school_year, grade),
                         std::nullopt,
                         true,
                         ClassSpelling::kJoined};
  if (random.chance_per_mille(kNoPatronymicPerMille)) student.name.middle_name.clear();
  if (random.chance_per_mille(kConsentPerMille)) {
    student.consent_date = add_days(make_date(school_year, 9, 1), -random.pick_between(1, 400));
  }
  student.has_access = random.chance_per_mille(kAccessPerMille);
  student.spelling = draw_spelling(random);
  return student;
}

}  // namespace

void plan_roster(SeededRandom& random, SchoolSize size, SchoolPlan& plan) {
  const int school_year = plan.calendar.first_year();
  // The roster importer treats equal names and birth dates as one student: keep them apart.
  std::set<std::tuple<std::string, std::string, std::string, int32_t>> seen;
  for (ClassName& name : plan_class_names(random, size)) {
    const int class_index = static_cast<int>(plan.classes.size());
    const int grade = name.grade;
    int class_size =
        size == SchoolSize::kSmall ? random.pick_between(18, 22) : random.pick_between(19, 27);
    std::vector<PlannedStudent> students;
    while (static_cast<int>(students.size()) < class_size) {
      PlannedStudent student = draw_student(random, school_year, class_index, grade);
      auto identity =
          std::make_tuple(student.name.last_name, student.name.first_name, student.name.middle_name,
                          student.birth_date.days_since_epoch);
      if (seen.insert(identity).second) students.push_back(std::move(student));
    }
    std::stable_sort(students.begin(), students.end(), [](const auto& a, const auto& b) {
      return collation_key(a.name) < collation_key(b.name);
    });
    PlannedClass planned{std::move(name), {}, {}};
    for (PlannedStudent& student : students) {
      planned.students.push_back(static_cast<int>(plan.students.size()));
      plan.students.push_back(std::move(student));
    }
    plan.classes.push_back(std::move(planned));
  }
}

}  // namespace parta::gen
