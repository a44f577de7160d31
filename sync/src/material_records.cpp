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

// The keys of the records `index` lists under `prefix`.
Result<std::vector<std::string>> indexed_keys(const ReadView& view, IndexId index,
                                              std::string_view prefix) {
  std::vector<std::string> keys;
  PARTA_RETURN_IF_ERROR(view.for_each_indexed(index, prefix, [&](auto, std::string_view key) {
    keys.emplace_back(key);
    return true;
  }));
  return keys;
}

// A record gone since its index entry was read, or one that does not parse as its type (a
// peer's, kept and relayed), names no material.
bool names_nothing(const Status& read) {
  return read.kind() == Status::Kind::kNotFound || read.kind() == Status::Kind::kCorrupt;
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
  auto name_assignment = [&](std::string_view key, const records::Assignment& assignment) {
    if (assignment.material_refs().empty() || !is_commit_id(assignment.material_refs(0))) return;
    auto record = RecordKey::from_bytes(key);
    auto group = RecordKey::from_bytes(assignment.group());
    if (!record || !group || !in_scopes(scopes, group_scope(*group))) return;
    named.push_back({assignment.material_refs(0),
                     assignment_materials_ref(id_of(RecordType::kAssignment, *record))});
  };
  if (!scopes) {
    PARTA_RETURN_IF_ERROR(view.for_each(
        RecordType::kAssignment, "", [&](std::string_view key, std::string_view value) {
          records::Assignment assignment;
          if (assignment.ParseFromArray(value.data(), static_cast<int>(value.size()))) {
            name_assignment(key, assignment);
          }
          return true;
        }));
  } else {
    // A hub answering one school: only the assignments of that school's groups, through the
    // index, not every assignment of every school.
    for (const std::string& scope : *scopes) {
      std::optional<RecordKey> group = group_of_scope(scope);
      if (!group) continue;
      auto keys = indexed_keys(view, IndexId::kAssignmentByGroup, group->bytes());
      if (!keys) return keys.status();
      for (const std::string& key : *keys) {
        records::Assignment assignment;
        Status read = view.get(RecordType::kAssignment, key, &assignment);
        if (names_nothing(read)) continue;
        PARTA_RETURN_IF_ERROR(read);
        name_assignment(key, assignment);
      }
    }
  }
  // Audio reviews are few: the index holds just them.
  auto reviews = indexed_keys(view, IndexId::kReviewWithAudio, "");
  if (!reviews) return reviews.status();
  for (const std::string& key : *reviews) {
    records::Review review;
    Status read = view.get(RecordType::kReview, key, &review);
    if (names_nothing(read)) continue;
    PARTA_RETURN_IF_ERROR(read);
    if (!is_commit_id(review.audio_ref())) continue;
    auto place = audio_place(view, review);
    if (!place) return place.status();
    if (*place && in_scopes(scopes, (*place)->second)) {
      named.push_back({review.audio_ref(), (*place)->first});
    }
  }
  return named;
}

}  // namespace parta
