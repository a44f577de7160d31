// `parta paper scan`: returned paper packets read back from scanned pages (DESIGN.md §7).
// Start here for scanning; scan_layout.h says where the answer sheet's bubbles are.
//
// Every page of every file (a multi-page PDF, a PNG or a JPEG) is looked at on its own: its QR
// code (docs/qr-payload.md) names the packet and the page, wherever the page lies in the image,
// scaled ("fit to page", another paper size), turned a few degrees or upside down, in any order,
// simplex or duplex, several students mixed. A page whose code cannot be read is listed with
// the reason and the batch goes on; the teacher may name such a page by hand (PageAssignment)
// with the short code printed on it. Such a page counts as handed back, but its answers are not
// read: where the page lies in the image is known only from its QR code.
//
// Every packet with a page read is marked returned (once: a packet returned already stays as
// it was, so scanning the same pages again records nothing new), and its missing pages are
// listed. On the answer sheet the filled bubbles are read and, against the answer key, a score
// is proposed; nothing read from the bubbles is stored: the teacher confirms a score with
// `parta paper return CODE --score N`. A bubble neither clearly filled nor clearly empty is
// "unclear" and is not taken for an answer.
//
// How it fails: the scan of a page never fails the call; it is a ScannedPage with a reason.
// The call fails, recording nothing, for a PageAssignment naming a page that is not in the
// files, a page another PageAssignment names too, or no page of a file of several (Invalid),
// a code that is not one (Invalid) or no packet here holds (NotFound), and for the store's
// errors. The PageAssignments are checked before any page is scanned.
// Thread safety: one call at a time per process (poppler, fontconfig).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "parta/storage/paper_packets.h"
#include "parta/storage/school_records.h"

namespace parta::paper {

inline constexpr size_t kScanFilesMax = 1000;

// "Page `page_in_file` of `file` is page `packet_page` of the packet with `code`": for a page
// whose QR code could not be read. A page whose QR code is read is taken by it when the two
// agree; when they disagree, the page is not taken (kUnreadable, the reason naming both).
struct PageAssignment {
  std::filesystem::path file;
  uint32_t page_in_file = 0;  // 1-based; 0: not given, for a file of one page (a PNG or JPEG)
  std::string code;           // as typed: "K7MX-3HTA", "к7мх3нта"
  uint32_t packet_page = 0;   // 1-based
};

struct ScanRequest {
  std::vector<std::filesystem::path> files;
  std::vector<PageAssignment> assigned;
  int64_t returned_ms = 0;  // when the packets are marked returned
  std::string returned_by;
  bool dry_run = false;  // read and report; record nothing
};

enum class PageOutcome {
  kRead,        // by its QR code
  kAssigned,    // by a PageAssignment; `reason` says why nothing on it, or its answers, were not
                // read (an answer sheet page's answers never are)
  kUnreadable,  // `reason` says why
  kDuplicate,   // the same packet page came earlier in the batch; `reason` says where
};
// "read", "assigned", "unreadable", "duplicate".
std::string_view page_outcome_name(PageOutcome outcome);

struct ScannedPage {
  std::filesystem::path file;
  uint32_t page_in_file = 0;  // 0: the whole file could not be read
  PageOutcome outcome = PageOutcome::kUnreadable;
  std::string reason;
  std::string code;  // stored form; empty when unreadable
  uint32_t page = 0;
  uint32_t pages = 0;
};

// One question as read from the answer sheet.
struct QuestionReading {
  int question = 0;
  size_t choices = 0;           // 0: an open question
  bool read = false;            // its answer sheet page was scanned and the row found on it
  std::vector<size_t> marked;   // filled bubbles (choice indexes)
  std::vector<size_t> unclear;  // bubbles neither clearly filled nor clearly empty
  std::vector<size_t> correct;  // the answer key; empty when the task gives none
  bool written = false;         // an open question's box holds writing
};

struct PacketScan {
  RecordKey packet;
  std::string code;  // stored form
  std::string student_id;
  std::string student_name;
  std::string class_name;
  std::string assignment_id;
  std::string assignment_title;
  uint32_t pages = 0;
  std::vector<uint32_t> pages_read;     // in order
  std::vector<uint32_t> pages_missing;  // in order
  PacketStage stage_before = PacketStage::kIssued;
  bool marked_returned = false;  // by this scan
  std::vector<QuestionReading> questions;
  std::string answers_note;  // why the bubbles were not read, when they were not
  // Multiple-choice questions with an answer key, and how many of them were answered exactly
  // right (every correct bubble filled, no other, none unclear).
  uint32_t keyed_questions = 0;
  uint32_t right_answers = 0;
  // max_score × right / keyed, rounded: when every question is keyed multiple choice and was
  // read without an unclear bubble; otherwise the teacher marks it.
  std::optional<uint32_t> proposed_score;
  uint32_t max_score = 0;
};

struct ScanReport {
  std::vector<ScannedPage> pages;   // in the order scanned
  std::vector<PacketScan> packets;  // in the order first seen

  size_t pages_read() const;  // read or assigned
};

Result<ScanReport> scan_returned_pages(SchoolRecords& records, const ScanRequest& request);

}  // namespace parta::paper
