// Material commits named by records; see material_records.h.
#include "material_records.h"

#include <algorithm>

#include "parta/materials/material_store.h"
#include "parta/storage/record_key.h"
#include "parta/storage/record_types.h"
#include "parta/storage/scopes.h"
#include "records.pb.h"

namespace parta {
namespace {

bool is_commit_id(const std::string& text) {
  return text.size() == 40 && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

bool in_scopes(const std::optional<std::vector<std::string>>& scopes, const std::string& scope) {
  return !scopes || std::binary_search(scopes->begin(), scopes->end(), scope);
}

std::string id_of(RecordType type, const RecordKey& key) {
  return format_id(record_type_info(type).id_prefix, key);
}

// The ref of a review's audio and the scope the review lives in; nullopt when the records it
// hangs on are not (yet) here.
using AudioPlace = std::optional<std::pair<std::string, std::string>>;

Result<AudioPlace> audio_place(const ReadView& view, const records::Review& review) {
  records::Submission submission;
  Status read = view.get(RecordType::kSubmission, review.submission(), &submission);
  if (read.kind() == Status::Kind::kNotFound) return AudioPlace();
  PARTA_RETURN_IF_ERROR(read);
  records::Student student;
  read = view.get(RecordType::kStudent, submission.student(), &student);
  if (read.kind() == Status::Kind::kNotFound) return AudioPlace();
  PARTA_RETURN_IF_ERROR(read);
  auto student_key = RecordKey::from_bytes(submission.student());
  auto assignment_key = RecordKey::from_bytes(submission.assignment());
  auto school = RecordKey::from_bytes(student.home_school());
  if (!student_key || !assignment_key || !school) return AudioPlace();
  return AudioPlace(std::pair{review_audio_ref(id_of(RecordType::kAssignment, *assignment_key),
                                               id_of(RecordType::kStudent, *student_key)),
                              school_scope(*school)});
}

}  // namespace

Result<std::vector<NamedMaterial>> materials_named(
    const ReadView& view, const std::optional<std::vector<std::string>>& scopes) {
  std::vector<NamedMaterial> named;
  Status failure = Status::ok();
  Status read = view.for_each(RecordType::kAssignment, "", [&](std::string_view key,
                                                                std::string_view value) {
    records::Assignment assignment;
    if (!assignment.ParseFromArray(value.data(), static_cast<int>(value.size()))) return true;
    if (assignment.material_refs().empty() || !is_commit_id(assignment.material_refs(0))) {
      return true;
    }
    auto record = RecordKey::from_bytes(key);
    auto group = RecordKey::from_bytes(assignment.group());
    if (!record || !group || !in_scopes(scopes, group_scope(*group))) return true;
    named.push_back({assignment.material_refs(0),
                     assignment_materials_ref(id_of(RecordType::kAssignment, *record))});
    return true;
  });
  PARTA_RETURN_IF_ERROR(read);
  read = view.for_each(RecordType::kReview, "", [&](std::string_view, std::string_view value) {
    records::Review review;
    if (!review.ParseFromArray(value.data(), static_cast<int>(value.size())) ||
        !is_commit_id(review.audio_ref())) {
      return true;
    }
    auto place = audio_place(view, review);
    if (!place) {
      failure = place.status();
      return false;
    }
    if (*place && in_scopes(scopes, (*place)->second)) {
      named.push_back({review.audio_ref(), (*place)->first});
    }
    return true;
  });
  PARTA_RETURN_IF_ERROR(read);
  PARTA_RETURN_IF_ERROR(failure);
  return named;
}

}  // namespace parta
