// PaperPackets: what the school issued on paper and what came back (DESIGN.md §7). A student
// without a device or connection gets an assignment as a printed packet; every export records
// one Packet per student, and the packet goes issued → handed out → returned → reviewed. A
// returned packet's score and review are recorded as the student's result on channel "paper"
// (SchoolRecords::record_result), in the same transaction that marks it reviewed.
//
// Packets are in their student's school scope and sync like the student's other records. A
// packet's stage is derived from its times (records.proto), never stored on its own.
//
// Exporting an assignment again for a student whose earlier packet of it has not come back
// supersedes that packet (Packet.superseded_by): the student works on the new one, and the
// old code is refused with the new code to use instead. A student whose packet of it came
// back (returned, perhaps reviewed) gets no new one: the work is handed in, and a new packet
// would ask for it again and stand overdue.
//
// Each call is one durable transaction. Errors are Status values: NotFound names the code or
// id that was asked for, Refused says which stage the packet is in. Thread safety: as the
// Store it wraps.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/civil_date.h"
#include "parta/storage/school_records.h"
#include "records.pb.h"

namespace parta {

enum class PacketStage { kIssued, kHandedOut, kReturned, kReviewed, kSuperseded };
// "issued", "handed_out", "returned", "reviewed", "superseded".
std::string_view packet_stage_name(PacketStage stage);
PacketStage packet_stage(const records::Packet& packet);
// When the student handed the work in on `packet` (returned, or reviewed), whatever happened
// to the packet since; 0 if they have not.
int64_t packet_came_back_ms(const records::Packet& packet);
// Due date passed (the due day itself still counts) and the packet neither returned nor
// superseded.
bool packet_overdue(const records::Packet& packet, const records::Assignment& assignment,
                    Date today);

// Most packets one export records: a large distance group, several times over.
inline constexpr size_t kExportPacketsMax = 2000;

// One student's packet in an export.
struct PacketIssue {
  RecordKey student;
  std::string code;  // a stored code (packet_code.h), from PaperPackets::unused_codes
  uint32_t page_count = 0;
  uint32_t answers_first_page = 0;  // where the answer sheet begins; 0: not known
};

struct PacketFilter {
  std::optional<RecordKey> assignment;
  std::optional<RecordKey> student;
  bool overdue_only = false;
  Date today{};  // for "overdue"
};

// A packet with what a listing shows beside it, read in one snapshot. A referenced record
// this node does not hold (yet) is left empty.
struct PacketEntry {
  RecordKey key;
  records::Packet packet;
  records::Assignment assignment;
  records::Student student;
  std::string class_name;
  PacketStage stage = PacketStage::kIssued;
  bool overdue = false;
  std::string superseded_by_code;  // stored form; "" unless superseded
};

// What `parta paper return` did.
struct PacketReturn {
  RecordKey packet;
  std::optional<ResultKeys> result;  // set when a score was given
};

class PaperPackets {
 public:
  explicit PaperPackets(SchoolRecords& records) : records_(records) {}

  // `count` distinct codes no packet on this node holds, drawn from `random_bits`.
  Result<std::vector<std::string>> unused_codes(size_t count,
                                                const std::function<uint64_t()>& random_bits);
  // Records one packet per issue for `assignment`, all or none; returns their keys in the
  // order given. Each student's packets of the assignment that are neither returned nor
  // superseded are superseded by the new one, in the same transaction. NotFound for an unknown
  // assignment or student; Refused if a code is held by another packet (draw new codes and
  // export again) or if a student's packet of the assignment came back (see came_back);
  // Invalid for an odd or zero page count.
  Result<std::vector<RecordKey>> record_export(const RecordKey& assignment,
                                               std::span<const PacketIssue> issues,
                                               int64_t issued_ms, std::string_view issued_by);
  // The codes (stored form) of the packets of `assignment` that a new export would supersede,
  // by student key (bytes), in the order they were issued.
  Result<std::map<std::string, std::vector<std::string>>> unreturned_codes(
      const RecordKey& assignment) const;
  // The students whose packet of `assignment` came back (returned or reviewed, also after it
  // was superseded), by student key (bytes), each with the first such packet issued. A new
  // export leaves them out: record_export refuses them.
  Result<std::map<std::string, records::Packet>> came_back(const RecordKey& assignment) const;
  // The packet a typed or scanned code names. Invalid if it is not a code (normalize_packet_code);
  // NotFound if no packet here has it.
  Result<RecordKey> find_by_code(std::string_view typed_code);
  // Refused unless the packet is still only issued; for a superseded packet, the message names
  // the packet that replaced it.
  Status mark_handed_out(const RecordKey& packet, int64_t when_ms, std::string_view by);
  // Marks the packet returned (if it is not yet) and, with a score, records the student's
  // result on channel "paper" and marks it reviewed. Refused if it was returned already and no
  // score is given, if it was reviewed already, or if it was superseded (naming the code of the
  // packet that replaced it); Invalid for a score above the maximum.
  Result<PacketReturn> mark_returned(const RecordKey& packet, std::optional<uint32_t> score,
                                     std::string_view review_text, int64_t when_ms,
                                     std::string_view by);
  // Packets matching `filter`, by assignment then in the order they were issued.
  Result<std::vector<PacketEntry>> list(const PacketFilter& filter) const;

 private:
  // NotFound naming the packet's id when there is none.
  Result<records::Packet> get_packet(const ReadView& view, const RecordKey& key) const;
  // Refused naming the packet that replaced `packet`, which is superseded.
  Status superseded_refusal(const ReadView& view, const records::Packet& packet) const;
  // The packets of `assignment` by student key (bytes), in the order they were issued: those
  // neither returned nor superseded, each with its key, and the first that came back.
  struct EarlierPackets {
    std::map<std::string, std::vector<std::pair<std::string, records::Packet>>> outstanding;
    std::map<std::string, records::Packet> came_back;
  };
  Result<EarlierPackets> earlier_packets(const ReadView& view, const RecordKey& assignment) const;
  SchoolRecords& records_;
};

}  // namespace parta
