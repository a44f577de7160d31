// Reading returned packets back from scanned pages; see scan_pages.h.
#include "parta/paper/scan_pages.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "parta/paper/scan_layout.h"
#include "parta/storage/packet_code.h"
#include "scan_image.h"
#include "scan_marks.h"
#include "scan_qr.h"

namespace parta::paper {
namespace {

// A page smaller than this (an A4 page at 20 dpi) holds no QR code zbar could read.
constexpr int kPagePixelsMin = 160;

// The packets this node holds, by code, and each assignment's printed layout, read once.
class PacketBook {
 public:
  explicit PacketBook(SchoolRecords& records) : records_(records) {}

  // Reads every packet once; the store's error if it cannot.
  Status load() {
    auto entries = PaperPackets(records_).list({});
    if (!entries) return entries.status();
    entries_ = std::move(*entries);
    for (const PacketEntry& entry : entries_) by_code_[entry.packet.code()] = &entry;
    return Status::ok();
  }

  // NotFound when no packet here has `code` (stored form).
  Result<const PacketEntry*> find(const std::string& code) const {
    auto found = by_code_.find(code);
    if (found == by_code_.end()) {
      return Status::not_found(fmt::format("no packet {} on this node", display_packet_code(code)));
    }
    return found->second;
  }

  const Result<PacketLayout>& layout(const PacketEntry& entry) {
    auto found = layouts_.find(entry.packet.assignment());
    if (found == layouts_.end()) {
      found =
          layouts_.emplace(entry.packet.assignment(), packet_layout(entry.assignment.body())).first;
    }
    return found->second;
  }

  std::string id(RecordType type, const std::string& key_bytes) const {
    auto key = RecordKey::from_bytes(key_bytes);
    return key ? records_.id_text(type, *key) : "";
  }

 private:
  SchoolRecords& records_;
  std::vector<PacketEntry> entries_;
  std::map<std::string, const PacketEntry*> by_code_;
  std::map<std::string, Result<PacketLayout>> layouts_;
};

std::string path_key(const std::filesystem::path& file) {
  std::error_code error;
  auto absolute = std::filesystem::absolute(file, error);
  return (error ? file : absolute).lexically_normal().string();
}

// No ink anywhere: a sheet fed by mistake, the empty back of a simplex scan.
bool is_blank(const GrayImage& image) {
  size_t dark = 0, seen = 0;
  for (size_t i = 0; i < image.pixels.size(); i += 7, ++seen) dark += image.pixels[i] < 128;
  return dark * 20000 < seen;
}

// Why an image holding the QR codes of `codes` (two or more pages) is not read.
std::string several_pages(const std::vector<FoundCode>& codes) {
  std::vector<std::string> pages;
  for (const FoundCode& code : codes) {
    pages.push_back(
        fmt::format("page {} of packet {}", code.page.page, display_packet_code(code.page.code)));
  }
  return fmt::format(
      "{} pages' QR codes on one image ({}): scan or photograph each page on its own", codes.size(),
      fmt::join(pages, ", "));
}

std::vector<size_t> choices_marked(const RowReading& row, BubbleMark mark) {
  std::vector<size_t> out;
  for (size_t i = 0; i < row.bubbles.size(); ++i) {
    if (row.bubbles[i] == mark) out.push_back(i);
  }
  return out;
}

class Scan {
 public:
  Scan(SchoolRecords& records, const ScanRequest& request)
      : records_(records), book_(records), request_(request) {}

  Status check_assignments() {
    PARTA_RETURN_IF_ERROR(book_.load());
    for (const PageAssignment& assigned : request_.assigned) {
      auto page_in_file = named_page(assigned);
      if (!page_in_file) return page_in_file.status();
      const std::string where = fmt::format("{}:{}", assigned.file.string(), *page_in_file);
      auto code = normalize_packet_code(assigned.code);
      if (!code) return code.status();
      auto known = PaperPackets(records_).find_by_code(*code);  // its message for a typo
      if (!known) return known.status();
      auto entry = book_.find(*code);
      if (!entry) return entry.status();
      uint32_t pages = (*entry)->packet.page_count();
      if (assigned.packet_page < 1 || assigned.packet_page > pages) {
        return Status::invalid(fmt::format("--assign {}: packet {} has pages 1 to {}, not {}",
                                           where, display_packet_code(*code), pages,
                                           assigned.packet_page));
      }
      auto [named, added] = assigned_.try_emplace({path_key(assigned.file), *page_in_file},
                                                  Named{*code, assigned.packet_page, where});
      if (!added) {
        return Status::invalid(fmt::format(
            "--assign {}: the page is named twice (page {} of packet {}, and page {} of packet "
            "{}); name each page once",
            where, named->second.page, display_packet_code(named->second.code),
            assigned.packet_page, display_packet_code(*code)));
      }
    }
    return Status::ok();
  }

  void scan_file(const std::filesystem::path& file) {
    Status whole = for_each_scanned_page(file, [&](uint32_t number, Result<GrayImage> image) {
      pages_seen_.insert({path_key(file), number});
      scan_page(file, number, std::move(image));
    });
    if (!whole.is_ok()) {
      report_.pages.push_back({.file = file, .page_in_file = 0, .reason = whole.message()});
    }
  }

  Status check_assignments_used() const {
    for (const auto& [page, named] : assigned_) {
      if (!pages_seen_.contains(page)) {
        return Status::invalid(
            fmt::format("--assign {}: no such page among the scanned files", named.where));
      }
    }
    return Status::ok();
  }

  void finish() {
    for (PacketScan& packet : report_.packets) {
      std::sort(packet.pages_read.begin(), packet.pages_read.end());
      for (uint32_t page = 1; page <= packet.pages; ++page) {
        if (!std::binary_search(packet.pages_read.begin(), packet.pages_read.end(), page)) {
          packet.pages_missing.push_back(page);
        }
      }
      propose_score(packet);
    }
  }

  Status record() {
    if (request_.dry_run) return Status::ok();
    PaperPackets packets(records_);
    for (PacketScan& packet : report_.packets) {
      if (packet.stage_before != PacketStage::kIssued &&
          packet.stage_before != PacketStage::kHandedOut) {
        continue;
      }
      auto returned = packets.mark_returned(packet.packet, std::nullopt, "", request_.returned_ms,
                                            request_.returned_by);
      if (!returned) return returned.status();
      packet.marked_returned = true;
    }
    return Status::ok();
  }

  ScanReport take_report() { return std::move(report_); }

 private:
  struct Named {
    std::string code;
    uint32_t page = 0;
    std::string where;  // "scan.pdf:3", for messages
  };

  // The page of its file that `assigned` names: the one given, or the file's only page. Invalid,
  // saying how to name one, for a file of several pages with none given.
  static Result<uint32_t> named_page(const PageAssignment& assigned) {
    if (assigned.page_in_file != 0) return assigned.page_in_file;
    auto pages = count_scanned_pages(assigned.file);
    if (!pages) return pages.status();
    if (*pages == 1) return 1u;
    const std::string file = assigned.file.string();
    return Status::invalid(fmt::format(
        "--assign {0}={1}:{2}: {0} has {3} pages; say which one with FILE:PAGE=CODE:N, e.g. "
        "{0}:{3}={1}:{2} for its last page",
        file, assigned.code, assigned.packet_page, *pages));
  }

  void scan_page(const std::filesystem::path& file, uint32_t number, Result<GrayImage> image) {
    if (image && (image->width < kPagePixelsMin || image->height < kPagePixelsMin)) {
      image = Status::invalid(
          "the image is too small or too narrow to be a scanned page; scan whole pages at 150 "
          "dpi or more");
    }
    ScannedPage page{.file = file, .page_in_file = number};
    auto assigned = assigned_.find({path_key(file), number});
    std::optional<FoundCode> found;
    if (image) {
      auto codes = find_page_codes(*image);
      if (codes && codes->size() > 1) {  // which answers are whose is anyone's guess
        page.reason = several_pages(*codes);
        report_.pages.push_back(std::move(page));
        return;
      }
      if (codes) {
        found = std::move(codes->front());
      } else if (assigned == assigned_.end()) {
        page.reason = is_blank(*image) ? "a blank page: no QR code"
                                       : codes.status().message() +
                                             "; name the page with --assign FILE:PAGE=CODE:N";
      }
    } else if (assigned == assigned_.end()) {
      page.reason = image.status().message();
    }
    if (assigned != assigned_.end() && found &&
        (found->page.code != assigned->second.code || found->page.page != assigned->second.page)) {
      // Either may be the mistake (a page mistyped, or another packet's page in the pile): the
      // teacher decides, so neither is recorded.
      page.reason = fmt::format(
          "its QR code says page {} of packet {}, but --assign {} said page {} of packet {}; "
          "nothing was recorded for it: check the page, and drop or correct that --assign",
          found->page.page, display_packet_code(found->page.code), assigned->second.where,
          assigned->second.page, display_packet_code(assigned->second.code));
    } else if (found) {  // named by its QR code, whether or not an --assign agrees
      page.outcome = PageOutcome::kRead;
      page.code = found->page.code;
      page.page = found->page.page;
    } else if (assigned != assigned_.end()) {
      page.outcome = PageOutcome::kAssigned;
      page.code = assigned->second.code;
      page.page = assigned->second.page;
      // The page counts as handed back; say why nothing on it (bubbles, boxes) was read.
      if (!image) page.reason = "nothing on it was read: " + image.status().message();
    }
    if (page.outcome == PageOutcome::kRead) {
      take_page(page, &*found, &*image);
    } else if (page.outcome == PageOutcome::kAssigned) {
      take_page(page, nullptr, nullptr);
    }
    report_.pages.push_back(std::move(page));
  }

  // Matches a named page to its packet; reads the answer sheet when it is one and its QR code
  // `found` in `image` says where it lies. A page named by hand (no `found`) counts as handed
  // back, but its answers are not read: the bubbles are a few millimetres across, and an
  // image's margins, a turn or a photo's perspective put them anywhere without the QR code.
  void take_page(ScannedPage& page, const FoundCode* found, const GrayImage* image) {
    const PageCode* qr = found ? &found->page : nullptr;
    auto entry = book_.find(page.code);
    if (!entry) {
      page.outcome = PageOutcome::kUnreadable;
      page.reason = fmt::format("packet {} is not recorded on this node (printed by another?)",
                                display_packet_code(page.code));
      return;
    }
    const records::Packet& packet = (*entry)->packet;
    page.pages = packet.page_count();
    if (qr && (qr->pages != packet.page_count() ||
               qr->student_id != book_.id(RecordType::kStudent, packet.student()) ||
               qr->assignment_id != book_.id(RecordType::kAssignment, packet.assignment()))) {
      page.outcome = PageOutcome::kUnreadable;
      page.reason = fmt::format(
          "its QR code names packet {} with {} pages, {} and {}; the packet recorded here differs",
          display_packet_code(page.code), qr->pages, qr->student_id, qr->assignment_id);
      return;
    }
    auto earlier = first_seen_.find({page.code, page.page});
    if (earlier != first_seen_.end()) {
      page.outcome = PageOutcome::kDuplicate;
      page.reason = fmt::format("packet page also at {}", earlier->second);
      return;
    }
    first_seen_[{page.code, page.page}] =
        fmt::format("{} page {}", page.file.string(), page.page_in_file);
    PacketScan& scan = packet_scan(**entry);
    scan.pages_read.push_back(page.page);
    if (!holds_answers(scan, **entry, page.page)) return;
    if (found) {
      read_answers(scan, **entry, page.page, *image, found->transform);
    } else if (page.reason.empty()) {
      page.reason = fmt::format(
          "answers not read: where they are on the image is unknown without its QR code; enter "
          "the score with 'parta paper return {} --score N'",
          display_packet_code(page.code));
    }
  }

  PacketScan& packet_scan(const PacketEntry& entry) {
    auto found = packet_index_.find(entry.packet.code());
    if (found != packet_index_.end()) return report_.packets[found->second];
    packet_index_[entry.packet.code()] = report_.packets.size();
    PacketScan& scan = report_.packets.emplace_back();
    scan.packet = entry.key;
    scan.code = entry.packet.code();
    scan.student_id = book_.id(RecordType::kStudent, entry.packet.student());
    scan.student_name = student_full_name(entry.student);
    scan.class_name = entry.class_name;
    scan.assignment_id = book_.id(RecordType::kAssignment, entry.packet.assignment());
    scan.assignment_title = entry.assignment.title();
    scan.pages = entry.packet.page_count();
    scan.stage_before = entry.stage;
    scan.max_score = entry.assignment.max_score();
    const Result<PacketLayout>& layout = book_.layout(entry);
    if (!layout) {
      scan.answers_note = "answer sheet not read: " + layout.status().message();
      return scan;
    }
    // Where the sheet was printed: recorded at export (the task's images decide how many
    // pages come before it); packets exported before that was recorded are laid out again.
    const uint32_t answers_first = answers_first_page(entry, *layout);
    if (entry.packet.answers_first_page() == 0 ? layout->pages != scan.pages
                                               : answers_first + layout->sheet.pages - 1 > scan.pages) {
      scan.answers_note = fmt::format(
          "answer sheet not read: the task now lays out as {} pages, the packet was printed "
          "with {}",
          layout->pages, scan.pages);
      return scan;
    }
    for (const Question& question : layout->document.questions) {
      scan.questions.push_back(
          {.question = question.number, .choices = question.choices, .correct = question.correct});
    }
    return scan;
  }

  static uint32_t answers_first_page(const PacketEntry& entry, const PacketLayout& layout) {
    return entry.packet.answers_first_page() != 0 ? entry.packet.answers_first_page()
                                                  : layout.answers_first;
  }

  // Whether packet page `page` is a page of the answer sheet whose answers are to be read.
  bool holds_answers(const PacketScan& scan, const PacketEntry& entry, uint32_t page) {
    if (scan.questions.empty()) return false;  // not read (answers_note says why), or none
    const PacketLayout& layout = *book_.layout(entry);
    const uint32_t answers_first = answers_first_page(entry, layout);
    return page >= answers_first && page < answers_first + layout.sheet.pages;
  }

  void read_answers(PacketScan& scan, const PacketEntry& entry, uint32_t page,
                    const GrayImage& image, const PageTransform& transform) {
    const PacketLayout& layout = *book_.layout(entry);
    const uint32_t answers_first = answers_first_page(entry, layout);
    std::vector<AnswerRow> rows;
    for (const AnswerRow& row : layout.sheet.rows) {
      if (row.sheet_page == page - answers_first) rows.push_back(row);
    }
    for (const RowReading& row : read_answer_rows(image, transform, rows)) {
      QuestionReading& question = scan.questions[static_cast<size_t>(row.question - 1)];
      question.read = row.found;
      if (!row.found) continue;
      question.marked = choices_marked(row, BubbleMark::kFilled);
      question.unclear = choices_marked(row, BubbleMark::kUnclear);
      question.written = row.written;
    }
  }

  static void propose_score(PacketScan& packet) {
    bool all_keyed = !packet.questions.empty();
    for (const QuestionReading& question : packet.questions) {
      bool keyed = question.choices > 0 && !question.correct.empty();
      all_keyed &= keyed && question.read && question.unclear.empty();
      if (!keyed) continue;
      ++packet.keyed_questions;
      packet.right_answers +=
          question.read && question.unclear.empty() && question.marked == question.correct;
    }
    if (all_keyed) {
      packet.proposed_score = static_cast<uint32_t>(std::lround(
          static_cast<double>(packet.max_score) * packet.right_answers / packet.keyed_questions));
    }
  }

  SchoolRecords& records_;
  PacketBook book_;
  const ScanRequest& request_;
  ScanReport report_;
  std::map<std::pair<std::string, uint32_t>, Named> assigned_;
  std::set<std::pair<std::string, uint32_t>> pages_seen_;
  std::map<std::pair<std::string, uint32_t>, std::string> first_seen_;
  std::map<std::string, size_t> packet_index_;
};

}  // namespace

std::string_view page_outcome_name(PageOutcome outcome) {
  switch (outcome) {
    case PageOutcome::kRead:
      return "read";
    case PageOutcome::kAssigned:
      return "assigned";
    case PageOutcome::kUnreadable:
      return "unreadable";
    case PageOutcome::kDuplicate:
      return "duplicate";
  }
  return "unreadable";
}

size_t ScanReport::pages_read() const {
  return static_cast<size_t>(std::count_if(pages.begin(), pages.end(), [](const ScannedPage& page) {
    return page.outcome == PageOutcome::kRead || page.outcome == PageOutcome::kAssigned;
  }));
}

Result<ScanReport> scan_returned_pages(SchoolRecords& records, const ScanRequest& request) {
  if (request.files.empty()) return Status::invalid("no files to scan");
  if (request.files.size() > kScanFilesMax) {
    return Status::invalid(
        fmt::format("{} files; scan at most {} at a time", request.files.size(), kScanFilesMax));
  }
  Scan scan(records, request);
  PARTA_RETURN_IF_ERROR(scan.check_assignments());
  for (const std::filesystem::path& file : request.files) {
    scan.scan_file(file);
  }
  PARTA_RETURN_IF_ERROR(scan.check_assignments_used());
  scan.finish();
  PARTA_RETURN_IF_ERROR(scan.record());
  return scan.take_report();
}

}  // namespace parta::paper
