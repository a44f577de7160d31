// Texts of generated assignments: a title and a Markdown body in Russian, as a teacher would
// post them — a heading, one line saying what to do and by when, and a numbered list of 3 to 6
// tasks, some of them multiple-choice with lettered options. Tasks fit the subject and grade;
// arithmetic ones get fresh numbers each time, so bodies rarely repeat.
//
// Thread safety: free functions over constant tables.
#pragma once

#include <string>
#include <string_view>

#include "parta/storage/civil_date.h"
#include "seeded_random.h"

namespace parta::gen {

struct AssignmentText {
  std::string title;
  std::string body;  // Markdown
};

// `subject` must be one of subjects_of_grade(grade).
AssignmentText draw_assignment_text(SeededRandom& random, std::string_view subject, int grade,
                                    Date due_date);

// A topic of `subject` for `grade`, such as a student names when asking for help.
std::string_view draw_topic(SeededRandom& random, std::string_view subject, int grade);

}  // namespace parta::gen
