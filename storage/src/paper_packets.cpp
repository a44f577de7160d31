// Paper task packets over the store; see paper_packets.h.
#include "parta/storage/paper_packets.h"

#include <fmt/format.h>
#include <google/protobuf/message.h>

#include <set>

#include "parta/storage/local_time.h"
#include "parta/storage/packet_code.h"
#include "parta/storage/scopes.h"

namespace parta {
namespace {

// Draws before giving up on finding unused codes: with 10^10 codes, only a broken random
// source makes this many draws collide.
constexpr size_t kCodeDrawsPerCodeMax = 100;

std::string shown_code(const records::Packet& packet) {
  return packet.code().size() == kPacketCodeChars ? display_packet_code(packet.code())
                                                  : packet.code();
}

std::string day_of(int64_t unix_ms) { return format_ru(local_day_and_seconds(unix_ms).first); }

Result<bool> code_taken(const ReadView& view, std::string_view code) {
  bool taken = false;
  PARTA_RETURN_IF_ERROR(view.for_each_indexed(IndexId::kPacketByCode,
                                              packet_code_index_prefix(code), [&](auto, auto) {
                                                taken = true;
                                                return false;
                                              }));
  return taken;
}

constexpr uint32_t kSupersededFields[] = {records::Packet::kSupersededByFieldNumber,
                                          records::Packet::kSupersededMsFieldNumber};

// A packet still out: it may yet be handed out, returned or superseded.
bool still_out(const records::Packet& packet) {
  return packet.returned_ms() == 0 && packet.superseded_by().empty();
}

}  // namespace

std::string_view packet_stage_name(PacketStage stage) {
  switch (stage) {
    case PacketStage::kIssued:
      return "issued";
    case PacketStage::kHandedOut:
      return "handed_out";
    case PacketStage::kReturned:
      return "returned";
    case PacketStage::kReviewed:
      return "reviewed";
    case PacketStage::kSuperseded:
      return "superseded";
  }
  return "issued";
}

// Work that came back counts whatever happened to the packet since.
PacketStage packet_stage(const records::Packet& packet) {
  if (packet.reviewed_ms() != 0) return PacketStage::kReviewed;
  if (packet.returned_ms() != 0) return PacketStage::kReturned;
  if (!packet.superseded_by().empty()) return PacketStage::kSuperseded;
  if (packet.handed_out_ms() != 0) return PacketStage::kHandedOut;
  return PacketStage::kIssued;
}

int64_t packet_came_back_ms(const records::Packet& packet) {
  return packet.returned_ms() != 0 ? packet.returned_ms() : packet.reviewed_ms();
}

bool packet_overdue(const records::Packet& packet, const records::Assignment& assignment,
                    Date today) {
  return packet.returned_ms() == 0 && packet.superseded_by().empty() &&
         today.days_since_epoch > assignment.due_date();
}

Result<std::vector<std::string>> PaperPackets::unused_codes(
    size_t count, const std::function<uint64_t()>& random_bits) {
  std::vector<std::string> codes;
  std::set<std::string> drawn;
  Status status = records_.store().read([&](const ReadView& view) -> Status {
    for (size_t draws = 0; codes.size() < count; ++draws) {
      if (draws == count * kCodeDrawsPerCodeMax) {
        return Status::io("the random source keeps giving packet codes already in use");
      }
      std::string code = packet_code_from_bits(random_bits());
      if (!drawn.insert(code).second) continue;
      auto taken = code_taken(view, code);
      if (!taken) return taken.status();
      if (!*taken) codes.push_back(std::move(code));
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return codes;
}

Result<std::vector<RecordKey>> PaperPackets::record_export(const RecordKey& assignment_key,
                                                           std::span<const PacketIssue> issues,
                                                           int64_t issued_ms,
                                                           std::string_view issued_by) {
  if (issues.empty()) return Status::invalid("an export needs at least one student's packet");
  if (issues.size() > kExportPacketsMax) {
    return Status::invalid(fmt::format("an export may hold at most {} packets, not {}",
                                       kExportPacketsMax, issues.size()));
  }
  std::vector<RecordKey> keys;
  Status status = records_.store().write([&](WriteTxn& txn) -> Status {
    keys.clear();
    auto known = txn.exists(RecordType::kAssignment, assignment_key.bytes());
    if (!known) return known.status();
    if (!*known) {
      return Status::not_found(
          fmt::format("no assignment {}; see 'parta list assignments'",
                      records_.id_text(RecordType::kAssignment, assignment_key)));
    }
    auto earlier = earlier_packets(txn, assignment_key);
    if (!earlier) return earlier.status();
    for (const PacketIssue& issue : issues) {
      auto code = normalize_packet_code(issue.code);
      if (!code) return code.status();
      if (issue.page_count == 0 || issue.page_count % 2 != 0) {
        return Status::invalid(
            fmt::format("packet {} has {} pages; a packet has an even "
                        "number of pages, so that duplex printing never puts "
                        "two students on one sheet",
                        display_packet_code(*code), issue.page_count));
      }
      auto taken = code_taken(txn, *code);
      if (!taken) return taken.status();
      if (*taken) {
        return Status::refused(
            fmt::format("packet code {} was taken by another packet meanwhile; export again",
                        display_packet_code(*code)));
      }
      records::Student student;
      auto school = records_.student_scope_school(txn, issue.student, &student);
      if (!school) return school.status();
      if (auto handed_in = earlier->came_back.find(issue.student.to_string());
          handed_in != earlier->came_back.end()) {
        return Status::refused(fmt::format(
            "{} ({}) has handed in assignment {} already: packet {} came back on {}; a student "
            "whose work came back gets no new packet of it",
            student_full_name(student), records_.id_text(RecordType::kStudent, issue.student),
            records_.id_text(RecordType::kAssignment, assignment_key),
            shown_code(handed_in->second), day_of(packet_came_back_ms(handed_in->second))));
      }
      records::Packet packet;
      packet.set_assignment(assignment_key.to_string());
      packet.set_student(issue.student.to_string());
      packet.set_code(*code);
      packet.set_page_count(issue.page_count);
      packet.set_answers_first_page(issue.answers_first_page);
      packet.set_issued_ms(issued_ms);
      packet.set_issued_by(std::string(issued_by));
      RecordKey key = txn.new_key();
      PARTA_RETURN_IF_ERROR(
          txn.put(RecordType::kPacket, key.bytes(), packet, school_scope(*school)));
      keys.push_back(key);
      // The student's earlier packets of the assignment still out are replaced by this one.
      for (auto& [old_key, old_packet] : earlier->outstanding[issue.student.to_string()]) {
        old_packet.set_superseded_by(key.to_string());
        old_packet.set_superseded_ms(issued_ms);
        PARTA_RETURN_IF_ERROR(txn.put_fields(RecordType::kPacket, old_key, old_packet,
                                             kSupersededFields, school_scope(*school)));
      }
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return keys;
}

Result<PaperPackets::EarlierPackets> PaperPackets::earlier_packets(
    const ReadView& view, const RecordKey& assignment) const {
  EarlierPackets packets;
  Status failure = Status::ok();
  PARTA_RETURN_IF_ERROR(view.for_each_indexed(
      IndexId::kPacketByAssignment, assignment.bytes(), [&](auto, std::string_view key) {
        records::Packet packet;
        failure = view.get(RecordType::kPacket, key, &packet);
        if (!failure.is_ok()) return false;
        std::string student = packet.student();
        if (packet_came_back_ms(packet) != 0) {
          packets.came_back.emplace(std::move(student), std::move(packet));  // keeps the first
        } else if (still_out(packet)) {
          packets.outstanding[student].emplace_back(std::string(key), std::move(packet));
        }
        return true;
      }));
  PARTA_RETURN_IF_ERROR(failure);
  return packets;
}

Result<std::map<std::string, std::vector<std::string>>> PaperPackets::unreturned_codes(
    const RecordKey& assignment) const {
  std::map<std::string, std::vector<std::string>> codes;
  Status status = records_.store().read([&](const ReadView& view) -> Status {
    codes.clear();
    auto packets = earlier_packets(view, assignment);
    if (!packets) return packets.status();
    for (const auto& [student, held] : packets->outstanding) {
      for (const auto& [key, packet] : held) codes[student].push_back(packet.code());
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return codes;
}

Result<std::map<std::string, records::Packet>> PaperPackets::came_back(
    const RecordKey& assignment) const {
  std::map<std::string, records::Packet> packets;
  Status status = records_.store().read([&](const ReadView& view) -> Status {
    auto earlier = earlier_packets(view, assignment);
    if (!earlier) return earlier.status();
    packets = std::move(earlier->came_back);
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return packets;
}

Status PaperPackets::superseded_refusal(const ReadView& view,
                                        const records::Packet& packet) const {
  auto replacement_key = RecordKey::from_bytes(packet.superseded_by());
  if (!replacement_key) return replacement_key.status();
  auto replacement = get_packet(view, *replacement_key);
  if (!replacement) return replacement.status();
  return Status::refused(fmt::format(
      "packet {} was replaced by packet {} when the assignment was printed again ({}); the "
      "student works on {}: use that code (if the work came back on the old packet, record it "
      "with 'parta paper return {} --score N'), and throw the old packet away",
      shown_code(packet), shown_code(*replacement), day_of(packet.superseded_ms()),
      shown_code(*replacement), shown_code(*replacement)));
}

Result<RecordKey> PaperPackets::find_by_code(std::string_view typed_code) {
  auto code = normalize_packet_code(typed_code);
  if (!code) return code.status();
  std::vector<RecordKey> found;
  PARTA_RETURN_IF_ERROR(records_.store().read([&](const ReadView& view) -> Status {
    return view.for_each_indexed(IndexId::kPacketByCode, packet_code_index_prefix(*code),
                                 [&](auto, std::string_view record_key) {
                                   found.push_back(RecordKey::from_bytes(record_key).value());
                                   return true;
                                 });
  }));
  if (found.empty()) {
    return Status::not_found(fmt::format(
        "no packet with code {} on this node; check the code under the QR code on the page, "
        "or list the packets with 'parta packets'",
        display_packet_code(*code)));
  }
  if (found.size() > 1) {
    // Two nodes drew the same code (about one chance in 10^10 per pair of packets).
    return Status::refused(fmt::format(
        "code {} names {} packets ({} and {}); see them with 'parta show ID' and record the "
        "result with 'parta result record --channel paper'",
        display_packet_code(*code), found.size(), records_.id_text(RecordType::kPacket, found[0]),
        records_.id_text(RecordType::kPacket, found[1])));
  }
  return found.front();
}

Result<records::Packet> PaperPackets::get_packet(const ReadView& view, const RecordKey& key) const {
  records::Packet packet;
  Status status = view.get(RecordType::kPacket, key.bytes(), &packet);
  if (status.kind() == Status::Kind::kNotFound) {
    return Status::not_found(fmt::format("no packet {}; see 'parta packets'",
                                         records_.id_text(RecordType::kPacket, key)));
  }
  if (!status.is_ok()) return status;
  return packet;
}

Status PaperPackets::mark_handed_out(const RecordKey& key, int64_t when_ms, std::string_view by) {
  return records_.store().write([&](WriteTxn& txn) -> Status {
    auto packet = get_packet(txn, key);
    if (!packet) return packet.status();
    if (packet_stage(*packet) == PacketStage::kSuperseded) return superseded_refusal(txn, *packet);
    if (packet_stage(*packet) != PacketStage::kIssued) {
      return Status::refused(fmt::format("packet {} is {} already", shown_code(*packet),
                                         packet_stage_name(packet_stage(*packet))));
    }
    auto student_key = RecordKey::from_bytes(packet->student());
    if (!student_key) return student_key.status();
    records::Student student;
    auto school = records_.student_scope_school(txn, *student_key, &student);
    if (!school) return school.status();
    packet->set_handed_out_ms(when_ms);
    packet->set_handed_out_by(std::string(by));
    const uint32_t fields[] = {records::Packet::kHandedOutMsFieldNumber,
                               records::Packet::kHandedOutByFieldNumber};
    return txn.put_fields(RecordType::kPacket, key.bytes(), *packet, fields, school_scope(*school));
  });
}

Result<PacketReturn> PaperPackets::mark_returned(const RecordKey& key,
                                                 std::optional<uint32_t> score,
                                                 std::string_view review_text, int64_t when_ms,
                                                 std::string_view by) {
  PacketReturn outcome{key, std::nullopt};
  Status status = records_.store().write([&](WriteTxn& txn) -> Status {
    outcome.result.reset();
    auto packet = get_packet(txn, key);
    if (!packet) return packet.status();
    if (packet->reviewed_ms() != 0) {
      return Status::refused(
          fmt::format("packet {} was reviewed already ({}); a further result for it goes through "
                      "'parta result record --channel paper'",
                      shown_code(*packet), day_of(packet->reviewed_ms())));
    }
    if (packet_stage(*packet) == PacketStage::kSuperseded) return superseded_refusal(txn, *packet);
    if (packet->returned_ms() != 0 && !score) {
      return Status::refused(fmt::format(
          "packet {} was marked returned already ({}); give --score to record its result",
          shown_code(*packet), day_of(packet->returned_ms())));
    }
    auto student_key = RecordKey::from_bytes(packet->student());
    if (!student_key) return student_key.status();
    records::Student student;
    auto school = records_.student_scope_school(txn, *student_key, &student);
    if (!school) return school.status();
    std::vector<uint32_t> fields;
    if (packet->returned_ms() == 0) {
      packet->set_returned_ms(when_ms);
      packet->set_returned_to(std::string(by));
      fields = {records::Packet::kReturnedMsFieldNumber, records::Packet::kReturnedToFieldNumber};
    }
    if (score) {
      auto assignment = RecordKey::from_bytes(packet->assignment());
      if (!assignment) return assignment.status();
      auto result = records_.write_result(
          txn, ResultSpec{.student = *student_key,
                          .assignment = *assignment,
                          .score = *score,
                          .review_text = std::string(review_text),
                          .channel = "paper",
                          .answer = "paper packet " + display_packet_code(packet->code()),
                          .reviewer = std::string(by),
                          .when_ms = when_ms});
      if (!result) return result.status();
      outcome.result = *result;
      packet->set_reviewed_ms(when_ms);
      packet->set_submission(result->submission.to_string());
      fields.push_back(records::Packet::kReviewedMsFieldNumber);
      fields.push_back(records::Packet::kSubmissionFieldNumber);
    }
    return txn.put_fields(RecordType::kPacket, key.bytes(), *packet, fields, school_scope(*school));
  });
  if (!status.is_ok()) return status;
  return outcome;
}

Result<std::vector<PacketEntry>> PaperPackets::list(const PacketFilter& filter) const {
  std::vector<PacketEntry> entries;
  Status status = records_.store().read([&](const ReadView& view) -> Status {
    std::string prefix = filter.assignment ? filter.assignment->to_string() : "";
    Status failure = Status::ok();
    auto visit = [&](auto, std::string_view record_key) {
      PacketEntry entry;
      entry.key = RecordKey::from_bytes(record_key).value();
      failure = view.get(RecordType::kPacket, record_key, &entry.packet);
      if (!failure.is_ok()) return false;
      if (filter.student && entry.packet.student() != filter.student->bytes()) return true;
      // Records this node does not hold (yet) leave their part of the entry empty.
      auto held = [&](RecordType type, std::string_view key, google::protobuf::Message* out) {
        Status read = view.get(type, key, out);
        if (read.kind() != Status::Kind::kNotFound) failure = read;
        return read.is_ok();
      };
      records::Group group;
      bool has_assignment =
          held(RecordType::kAssignment, entry.packet.assignment(), &entry.assignment);
      if (!failure.is_ok()) return false;
      if (held(RecordType::kStudent, entry.packet.student(), &entry.student) &&
          !entry.student.class_group().empty()) {
        held(RecordType::kGroup, entry.student.class_group(), &group);
      }
      if (!failure.is_ok()) return false;
      entry.class_name = group.name();
      entry.stage = packet_stage(entry.packet);
      if (!entry.packet.superseded_by().empty()) {
        records::Packet replacement;
        if (held(RecordType::kPacket, entry.packet.superseded_by(), &replacement)) {
          entry.superseded_by_code = replacement.code();
        }
        if (!failure.is_ok()) return false;
      }
      entry.overdue =
          has_assignment && packet_overdue(entry.packet, entry.assignment, filter.today);
      if (filter.overdue_only && !entry.overdue) return true;
      entries.push_back(std::move(entry));
      return true;
    };
    PARTA_RETURN_IF_ERROR(view.for_each_indexed(IndexId::kPacketByAssignment, prefix, visit));
    return failure;
  });
  if (!status.is_ok()) return status;
  return entries;
}

}  // namespace parta
