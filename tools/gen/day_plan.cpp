// The days step of the plan: what happens in the school on each day of the period.
//
// Each school day every student is marked present, remote or ill. Illness comes in spells of 3–7
// school days and learning from home in spells of 1–4, which gives about 5% ill and 3% remote
// marks; a student without access to electronic resources cannot learn remotely. Each class gets
// about one assignment a day, about a third of the students hand in a recent one and get it
// back reviewed, and about one student in twenty asks a teacher for a consultation (one a month
// each), most answered within the working day allowed, some late, a few never.
#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <tuple>

#include "assignment_texts.h"
#include "consultation_texts.h"
#include "plan_steps.h"
#include "review_remarks.h"

namespace parta::gen {
namespace {

constexpr int kIllSpellStartPerMille = 11;
constexpr int kRemoteSpellStartPerMille = 12;
constexpr int kNoAssignmentPerMille = 100;
constexpr int kTwoAssignmentsPerMille = 100;
// School days simulated before the period so that it starts with the usual share of students
// already ill or at home, not with everyone present.
constexpr int kAttendanceWarmUpDays = 20;
constexpr int kHandInPerMille = 333;
constexpr int kConsultationPerMille = 50;
// Work is handed in for assignments issued at most this many days before.
constexpr int kHandInWindowDays = 14;

constexpr int minutes(int hours, int minutes_past = 0) { return hours * 60 + minutes_past; }

// How well a student usually does: weights of the scores 5, 4, 3, 2 (per mille).
constexpr int kScoreWeights[][4] = {
    {100, 350, 450, 100},  // weak
    {300, 450, 220, 30},   // average
    {600, 300, 100, 0},    // strong
};

struct StudentState {
  int ill_days_left = 0;
  int remote_days_left = 0;
  int ability = 1;             // row of kScoreWeights
  std::vector<int> handed_in;  // assignments, oldest first
};

class DayPlanner {
 public:
  DayPlanner(SeededRandom& random, SchoolPlan& plan)
      : random_(random),
        plan_(plan),
        students_(plan.students.size()),
        recent_by_class_(plan.classes.size()) {
    for (StudentState& student : students_) {
      int draw = random_.pick_between(0, 3);  // a quarter weak, half average, a quarter strong
      student.ability = draw == 0 ? 0 : (draw == 3 ? 2 : 1);
    }
    for (int day = 0; day < kAttendanceWarmUpDays; ++day) {
      for (size_t student = 0; student < students_.size(); ++student) {
        (void)mark(static_cast<int>(student));
      }
    }
  }

  void plan_day(Date date) {
    PlannedDay day{date, plan_.calendar.is_school_day(date), {}, {}, {}, {}, {}};
    if (day.school_day) {
      for (size_t student = 0; student < students_.size(); ++student) {
        day.attendance.push_back({static_cast<int>(student), mark(static_cast<int>(student))});
      }
      issue_assignments(day);
      hand_in_work(day);
      open_consultations(day);
    }
    answer_consultations(day);
    plan_.days.push_back(std::move(day));
  }

 private:
  AttendanceStatus mark(int student_index) {
    StudentState& student = students_[student_index];
    if (student.ill_days_left == 0 && student.remote_days_left == 0) {
      if (random_.chance_per_mille(kIllSpellStartPerMille)) {
        student.ill_days_left = random_.pick_between(3, 7);
      } else if (plan_.students[student_index].has_access &&
                 random_.chance_per_mille(kRemoteSpellStartPerMille)) {
        student.remote_days_left = random_.pick_between(1, 4);
      }
    }
    if (student.ill_days_left > 0) {
      --student.ill_days_left;
      return AttendanceStatus::kIll;
    }
    if (student.remote_days_left > 0) {
      --student.remote_days_left;
      return AttendanceStatus::kRemote;
    }
    return AttendanceStatus::kPresent;
  }

  const ClassSubject& draw_subject(const PlannedClass& planned) {
    int total = 0;
    for (const ClassSubject& subject : planned.subjects) total += subject.lessons_per_week;
    int draw = random_.pick_between(0, total - 1);
    for (const ClassSubject& subject : planned.subjects) {
      if (draw < subject.lessons_per_week) return subject;
      draw -= subject.lessons_per_week;
    }
    assert(false && "the draw is below the total of the weights");
    return planned.subjects.front();
  }

  Date next_working_day(Date date) const {
    do {
      date = add_days(date, 1);
    } while (!plan_.calendar.is_working_day(date));
    return date;
  }

  void issue_assignments(PlannedDay& day) {
    for (size_t class_index = 0; class_index < plan_.classes.size(); ++class_index) {
      const PlannedClass& planned = plan_.classes[class_index];
      int draw = random_.pick_between(0, 999);
      int count = draw < kNoAssignmentPerMille ? 0 : draw < 1000 - kTwoAssignmentsPerMille ? 1 : 2;
      std::string_view first_subject;
      for (int issued = 0; issued < count; ++issued) {
        const ClassSubject* subject = &draw_subject(planned);
        while (subject->subject == first_subject) subject = &draw_subject(planned);
        first_subject = subject->subject;
        Date due = add_days(day.date, random_.pick_between(2, 5));
        if (!plan_.calendar.is_working_day(due)) due = next_working_day(due);
        AssignmentText text =
            draw_assignment_text(random_, subject->subject, planned.name.grade, due);
        int index = static_cast<int>(plan_.assignments.size());
        plan_.assignments.push_back({static_cast<int>(class_index), subject->teacher,
                                     subject->subject, std::move(text.title), std::move(text.body),
                                     day.date, due});
        day.assignments_issued.push_back(index);
        recent_by_class_[class_index].push_back(index);
      }
      std::vector<int>& recent = recent_by_class_[class_index];
      std::erase_if(recent, [&](int index) {
        return plan_.assignments[index].issue_date.days_since_epoch <
               day.date.days_since_epoch - kHandInWindowDays;
      });
    }
  }

  uint32_t draw_score(int ability) {
    int draw = random_.pick_between(0, 999);
    for (int column = 0; column < 4; ++column) {
      draw -= kScoreWeights[ability][column];
      if (draw < 0) return static_cast<uint32_t>(5 - column);
    }
    return 2;
  }

  std::string draw_answer() {
    switch (random_.pick(3)) {
      case 0:
        return "Фото работы во вложении.";
      case 1:
        return fmt::format("1) {}; 2) {}; 3) {}", random_.pick_between(2, 99),
                           random_.pick(2) == 0 ? "б" : "в", random_.pick_between(2, 99));
      default:
        return fmt::format("Ответы: {}, {}.", random_.pick_between(2, 99),
                           random_.pick(2) == 0 ? "а" : "б");
    }
  }

  void hand_in_work(PlannedDay& day) {
    for (const PlannedMark& mark : day.attendance) {
      if (mark.status == AttendanceStatus::kIll || !random_.chance_per_mille(kHandInPerMille)) {
        continue;
      }
      const PlannedStudent& student = plan_.students[mark.student];
      StudentState& state = students_[mark.student];
      std::vector<int> open;
      for (int index : recent_by_class_[student.class_index]) {
        if (std::find(state.handed_in.begin(), state.handed_in.end(), index) ==
            state.handed_in.end()) {
          open.push_back(index);
        }
      }
      if (open.empty()) continue;
      int assignment = random_.pick_from(open);
      state.handed_in.push_back(assignment);
      if (state.handed_in.size() > 64) state.handed_in.erase(state.handed_in.begin());
      uint32_t score = draw_score(state.ability);
      bool on_paper = !student.has_access;
      // Paper work is handed in and checked at school; online work comes in the evening.
      LocalTime when{day.date, on_paper ? random_.pick_between(minutes(12), minutes(14, 59))
                                        : random_.pick_between(minutes(15), minutes(21, 59))};
      std::string remark =
          draw_review_remark(random_, plan_.assignments[assignment].subject, score);
      day.results.push_back({mark.student, assignment, score, std::move(remark), on_paper,
                             on_paper ? std::string() : draw_answer(), when});
    }
  }

  // When a consultation opened at `opened` on a working day is answered, or nullopt for never.
  std::optional<LocalTime> draw_answer_time(LocalTime opened) {
    int draw = random_.pick_between(0, 999);
    const int evening_end = minutes(21, 30);
    if (draw < 500 && opened.minute_of_day + 30 <= evening_end) {  // the same evening
      int latest = std::min(opened.minute_of_day + 240, evening_end);
      return LocalTime{opened.date, random_.pick_between(opened.minute_of_day + 20, latest)};
    }
    if (draw < 850) {  // the next working day, before the deadline at the same time
      return LocalTime{next_working_day(opened.date),
                       random_.pick_between(minutes(8), opened.minute_of_day - 1)};
    }
    if (draw < 970) {  // late: two to four working days on
      Date date = next_working_day(next_working_day(opened.date));
      for (int more = random_.pick_between(0, 2); more > 0; --more) date = next_working_day(date);
      return LocalTime{date, random_.pick_between(minutes(8), minutes(20))};
    }
    return std::nullopt;
  }

  void open_consultations(PlannedDay& day) {
    for (size_t student_index = 0; student_index < plan_.students.size(); ++student_index) {
      if (!random_.chance_per_mille(kConsultationPerMille)) continue;
      const PlannedStudent& student = plan_.students[student_index];
      const PlannedClass& planned = plan_.classes[student.class_index];
      const ClassSubject& subject = random_.pick_from(planned.subjects);
      std::string_view topic = draw_topic(random_, subject.subject, planned.name.grade);
      LocalTime opened{day.date, random_.pick_between(minutes(14), minutes(20, 59))};
      ConsultationText text = draw_consultation_text(
          random_, student.name.gender, plan_.teachers[subject.teacher].name.gender, topic);
      const int index = static_cast<int>(plan_.consultations.size());
      plan_.consultations.push_back({static_cast<int>(student_index), subject.teacher,
                                     std::move(text.question), opened, std::nullopt,
                                     std::move(text.answer)});
      day.consultations_opened.push_back(index);
      if (std::optional<LocalTime> answer = draw_answer_time(opened)) {
        pending_answers_.push_back({*answer, index});
      }
    }
  }

  void answer_consultations(PlannedDay& day) {
    std::vector<std::pair<LocalTime, int>> today;
    std::erase_if(pending_answers_, [&](const std::pair<LocalTime, int>& pending) {
      if (pending.first.date != day.date) return false;
      today.push_back(pending);
      return true;
    });
    std::sort(today.begin(), today.end(), [](const auto& a, const auto& b) {
      return std::tie(a.first.minute_of_day, a.second) < std::tie(b.first.minute_of_day, b.second);
    });
    for (const auto& [when, index] : today) {
      plan_.consultations[index].answered = when;
      day.consultations_answered.push_back(index);
    }
  }

  SeededRandom& random_;
  SchoolPlan& plan_;
  std::vector<StudentState> students_;
  std::vector<std::vector<int>> recent_by_class_;           // assignments open for hand-in
  std::vector<std::pair<LocalTime, int>> pending_answers_;  // answer time, consultation
};

}  // namespace

void plan_days(SeededRandom& random, Date first, Date last, SchoolPlan& plan) {
  DayPlanner planner(random, plan);
  for (Date date = first; date <= last; date = add_days(date, 1)) planner.plan_day(date);
}

}  // namespace parta::gen
