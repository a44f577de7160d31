// Reading a class set from the store; see class_set_reader.h.
#include "class_set_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "parta/storage/local_time.h"

namespace parta::paper {
namespace {

struct Candidate {
  RecordKey key;
  records::Student student;
  records::Group class_group;
};

// Roster order, as `parta list students` prints it.
bool roster_less(const Candidate& a, const Candidate& b) {
  return std::make_pair(roster_sort_key(a.student, a.class_group), a.key) <
         std::make_pair(roster_sort_key(b.student, b.class_group), b.key);
}

class Reader {
 public:
  Reader(SchoolRecords& records, const ExportRequest& request, const ReadView& view)
      : records_(records), request_(request), view_(view) {}

  Status read(ClassSet* set) {
    records::Assignment assignment;
    Status found = view_.get(RecordType::kAssignment, request_.assignment.bytes(), &assignment);
    if (found.kind() == Status::Kind::kNotFound) {
      return Status::not_found(fmt::format("no assignment {}; see 'parta list assignments'",
                                           id(RecordType::kAssignment, request_.assignment)));
    }
    PARTA_RETURN_IF_ERROR(found);
    records::Group group;
    found = view_.get(RecordType::kGroup, assignment.group(), &group);
    if (found.kind() == Status::Kind::kNotFound) {
      return Status::not_found(fmt::format(
          "the group of assignment {} is not on this node; sync with the base school first",
          id(RecordType::kAssignment, request_.assignment)));
    }
    PARTA_RETURN_IF_ERROR(found);
    PARTA_RETURN_IF_ERROR(fill_sheet(assignment, group, &set->sheet));
    std::vector<Candidate> chosen;
    PARTA_RETURN_IF_ERROR(choose_students(assignment.group(), group, &chosen));
    std::sort(chosen.begin(), chosen.end(), roster_less);
    for (const Candidate& candidate : chosen) {
      set->student_keys.push_back(candidate.key);
      auto school = school_name(candidate.student.home_school());
      if (!school) return school.status();
      set->students.push_back(
          StudentPacket{.student_id = id(RecordType::kStudent, candidate.key),
                        .full_name = student_full_name(candidate.student),
                        .class_name = candidate.class_group.name(),
                        .school_name = *school,
                        .grade = static_cast<int>(candidate.class_group.grade())});
    }
    return Status::ok();
  }

 private:
  std::string id(RecordType type, const RecordKey& key) const {
    return records_.id_text(type, key);
  }

  Status fill_sheet(const records::Assignment& assignment, const records::Group& group,
                    AssignmentSheet* sheet) {
    sheet->assignment_id = id(RecordType::kAssignment, request_.assignment);
    sheet->subject = assignment.subject();
    sheet->title = assignment.title();
    sheet->body_markdown = assignment.body();
    sheet->group_name = group.name();
    sheet->school_name = records_.store().node().name;
    sheet->issue_date = local_day_and_seconds(request_.issued_ms).first;
    sheet->due_date = Date{assignment.due_date()};
    sheet->expected_minutes = assignment.expected_minutes();
    sheet->max_score = assignment.max_score();
    if (!assignment.teacher().empty()) {
      records::Teacher teacher;
      Status found = view_.get(RecordType::kTeacher, assignment.teacher(), &teacher);
      if (found.is_ok()) sheet->teacher_name = teacher_full_name(teacher);
      if (!found.is_ok() && found.kind() != Status::Kind::kNotFound) return found;
    }
    return Status::ok();
  }

  Status choose_students(std::string_view group_key, const records::Group& group,
                         std::vector<Candidate>* chosen) {
    if (request_.student) {
      PARTA_RETURN_IF_ERROR(
          records_.check_assignment_is_for(view_, request_.assignment, *request_.student));
    }
    auto keys = group_members(view_, group_key, group);
    if (!keys) return keys.status();
    for (const std::string& key : *keys) {
      if (request_.student && key != request_.student->bytes()) continue;
      Candidate candidate{RecordKey::from_bytes(key).value(), {}, {}};
      PARTA_RETURN_IF_ERROR(view_.get(RecordType::kStudent, key, &candidate.student));
      if (request_.no_access_only && candidate.student.has_access() != 2) continue;
      if (!candidate.student.class_group().empty()) {
        Status has_class =
            view_.get(RecordType::kGroup, candidate.student.class_group(), &candidate.class_group);
        if (!has_class.is_ok() && has_class.kind() != Status::Kind::kNotFound) return has_class;
      }
      chosen->push_back(std::move(candidate));
    }
    if (chosen->empty()) {
      if (keys->empty()) {
        return Status::invalid(
            fmt::format("group «{}» of assignment {} has no students; "
                        "nothing to print",
                        group.name(), id(RecordType::kAssignment, request_.assignment)));
      }
      return Status::invalid(fmt::format(
          "no student of group «{}» is marked as having no access; mark them with 'parta "
          "student access ID no', or export for everyone without --no-access-only",
          group.name()));
    }
    return Status::ok();
  }

  Result<std::string> school_name(const std::string& school_key) {
    auto cached = schools_.find(school_key);
    if (cached != schools_.end()) return cached->second;
    records::School school;
    Status found = school_key.empty() ? Status::not_found("no school")
                                      : view_.get(RecordType::kSchool, school_key, &school);
    if (!found.is_ok() && found.kind() != Status::Kind::kNotFound) return found;
    // A student's school this node has not received yet: the node's own name is the best known.
    std::string name = found.is_ok() ? school.name() : records_.store().node().name;
    schools_.emplace(school_key, name);
    return name;
  }

  SchoolRecords& records_;
  const ExportRequest& request_;
  const ReadView& view_;
  std::map<std::string, std::string> schools_;
};

}  // namespace

Result<ClassSet> read_class_set(SchoolRecords& records, const ExportRequest& request) {
  ClassSet set;
  PARTA_RETURN_IF_ERROR(records.store().read([&](const ReadView& view) -> Status {
    set = ClassSet{};
    return Reader(records, request, view).read(&set);
  }));
  return set;
}

}  // namespace parta::paper
