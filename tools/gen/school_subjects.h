// What a Russian school teaches: the subjects of each grade with their lessons a week (after
// the federal curriculum, ФГОС, trimmed to the subjects that get written work), and which
// subjects one teacher usually teaches together.
//
// Thread safety: constant tables.
#pragma once

#include <span>
#include <string_view>

namespace parta::gen {

struct Subject {
  std::string_view name;  // «Математика»
  int lessons_per_week;
};

// A teacher's speciality: the subjects of the grades it covers that one teacher takes in a
// class. A primary-school teacher (начальные классы) teaches a class everything but English.
struct Speciality {
  std::string_view title;  // «русский язык и литература», for messages
  std::span<const std::string_view> subjects;
  int grade_min, grade_max;
  bool one_teacher_per_class;  // primary classes: the class's own teacher
};

// Subjects of `grade` (1..11), in timetable order.
std::span<const Subject> subjects_of_grade(int grade);

// Every speciality; each subject of each grade belongs to exactly one of them.
std::span<const Speciality> specialities();

// How many lessons a week a subject teacher takes at most (one and a half rates, common where
// teachers are short).
inline constexpr int teacher_lessons_per_week_max = 30;

// Whether answers in this subject are computed (remarks then speak of calculations).
bool is_computational(std::string_view subject);

}  // namespace parta::gen
