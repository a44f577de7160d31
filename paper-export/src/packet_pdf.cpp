// Rendering a class set; see packet_pdf.h. Task pages and answer sheets are laid out once and
// replayed into every packet (cairo keeps one copy of each in the PDF); so are the parts of the
// covers and of the page frames that do not change from student to student (cover_page.h,
// page_frame.h). What is the student's or the page's own is drawn on each. The QR codes are
// encoded and the teacher's sheet is laid out on threads of their own while the packets are
// drawn.
#include "parta/paper/packet_pdf.h"

#include <fmt/format.h>

#include <cassert>
#include <future>
#include <map>
#include <optional>
#include <string>

#include "answer_sheet.h"
#include "cover_page.h"
#include "layout_cache.h"
#include "page_frame.h"
#include "page_geometry.h"
#include "parta/paper/qr_payload.h"
#include "parta/paper/task_document.h"
#include "pdf_output.h"
#include "qr_ahead.h"
#include "task_pages.h"
#include "teacher_sheet.h"
#include "text_style.h"

namespace parta::paper {
namespace {

using Pages = std::vector<SurfacePtr>;

PacketPlan plan_packet(size_t task_pages, size_t answer_pages, bool has_choices) {
  PacketPlan plan;
  uint32_t next = 2;  // page 1 is the cover
  if (task_pages > 0) {
    plan.task_first = next;
    plan.task_last = next + static_cast<uint32_t>(task_pages) - 1;
    next = plan.task_last + 1;
  }
  plan.answers_first = next;
  plan.answers_last = next + static_cast<uint32_t>(answer_pages) - 1;
  plan.pages = plan.answers_last + (plan.answers_last % 2);  // a filler page makes it even
  plan.has_choices = has_choices;
  return plan;
}

void draw_filler(cairo_t* cr, LayoutCache& layouts) {
  PangoLayout* note = layouts.text({TextStyle::kBodySmall, kContentWidth, PANGO_ALIGN_CENTER},
                                   "Эта страница оставлена пустой.");
  cairo_set_source_rgb(cr, 0.5, 0.5, 0.5);
  draw_layout(cr, note, kMarginLeft, kPageHeight / 2);
}

class ClassSetWriter {
 public:
  ClassSetWriter(const AssignmentSheet& sheet, const TaskDocument& document, Pages task_pages)
      : sheet_(sheet),
        document_(document),
        task_pages_(std::move(task_pages)),
        covers_(sheet),
        pdf_(fmt::format("{}. {}", sheet.subject, sheet.title), sheet.school_name) {
    for (const Question& question : document.questions) has_choices_ |= question.choices > 0;
  }

  // Checks every packet's length before anything is drawn, and starts encoding the QR codes
  // of all their pages and laying out the teacher's sheet, on threads of their own.
  // `students` outlive the writer.
  Result<std::vector<PacketPlan>> plan(std::span<const StudentPacket> students) {
    std::vector<PacketPlan> plans;
    for (const StudentPacket& student : students) {
      PacketPlan plan =
          plan_packet(task_pages_.size(), answers(Address(student.grade)).size(), has_choices_);
      if (plan.pages > kPacketPagesMax) {
        return Status::invalid(fmt::format(
            "the task fills {} pages for one student; a paper packet may have at most {}: split "
            "the assignment",
            plan.pages, kPacketPagesMax));
      }
      plans.push_back(plan);
    }
    std::vector<std::string> payloads;
    for (size_t i = 0; i < students.size(); ++i) {
      for (uint32_t page = 1; page <= plans[i].pages; ++page) {
        payloads.push_back(qr_payload({students[i].code, students[i].student_id,
                                       sheet_.assignment_id, page, plans[i].pages}));
      }
    }
    qr_codes_.emplace(std::move(payloads));
    std::vector<uint32_t> packet_pages;
    for (const PacketPlan& plan : plans) packet_pages.push_back(plan.pages);
    // Recording surfaces and the fonts in them may be drawn on another thread than the one that
    // made them; the layouts are the sheet thread's own (text_style.h).
    teacher_sheet_ = std::async(std::launch::async, [this, students, packet_pages] {
      return render_teacher_sheet(sheet_, document_, students, packet_pages);
    });
    return plans;
  }

  Status write_packet(const StudentPacket& student, const PacketPlan& plan) {
    FrameText frame{fmt::format("{}, {}", student.full_name, student.class_name),
                    fmt::format("{}. {}", sheet_.subject, sheet_.title)};
    PageCode code{student.code, student.student_id, sheet_.assignment_id, 1, plan.pages};
    layouts_.start_packet();
    covers_.draw(pdf_.cr(), layouts_, student, plan);
    PARTA_RETURN_IF_ERROR(end_cover(frame, code));
    frames_.start_packet(layouts_, frame, code);
    for (const auto& page : task_pages_) {
      pdf_.paint(page.get());
      PARTA_RETURN_IF_ERROR(end_page(code));
    }
    for (const auto& page : answers(Address(student.grade))) {
      pdf_.paint(page.get());
      PARTA_RETURN_IF_ERROR(end_page(code));
    }
    if (code.page == plan.pages) {
      draw_filler(pdf_.cr(), layouts_);
      PARTA_RETURN_IF_ERROR(end_page(code));
    }
    assert(code.page == plan.pages + 1);
    return Status::ok();
  }

  uint32_t write_teacher_sheet() {
    assert(teacher_sheet_.valid() && "plan() came first");
    Pages pages = teacher_sheet_.get();
    for (size_t i = 0; i < pages.size(); ++i) {
      pdf_.paint(pages[i].get());
      draw_teacher_footer(pdf_.cr(), static_cast<uint32_t>(i + 1),
                          static_cast<uint32_t>(pages.size()));
      pdf_.end_page();
    }
    return static_cast<uint32_t>(pages.size());
  }

  Result<std::string> finish() { return pdf_.finish(); }

 private:
  // The answer sheet as a student of that age is addressed, laid out on first use.
  const Pages& answers(const Address& you) {
    auto found = answer_sheets_.find(you.informal());
    if (found == answer_sheets_.end()) {
      found = answer_sheets_.emplace(you.informal(), render_answer_sheet(document_, you)).first;
    }
    return found->second;
  }

  // Ends the cover with its frame (no header).
  Status end_cover(const FrameText& frame, PageCode& code) {
    auto symbol = next_symbol();
    if (!symbol) return symbol.status();
    PARTA_RETURN_IF_ERROR(draw_packet_frame(pdf_.cr(), layouts_, frame, code, *symbol, false));
    pdf_.end_page();
    ++code.page;
    return Status::ok();
  }

  // Ends a page after the cover with its frame.
  Status end_page(PageCode& code) {
    auto symbol = next_symbol();
    if (!symbol) return symbol.status();
    PARTA_RETURN_IF_ERROR(frames_.draw(pdf_.cr(), layouts_, code, *symbol));
    pdf_.end_page();
    ++code.page;
    return Status::ok();
  }

  // The QR code of the page being ended.
  Result<QrSymbol> next_symbol() {
    assert(qr_codes_ && "plan() came first");
    return qr_codes_->next();
  }

  const AssignmentSheet& sheet_;
  const TaskDocument& document_;
  const Pages task_pages_;
  std::map<bool, Pages> answer_sheets_;
  bool has_choices_ = false;
  LayoutCache layouts_;  // covers' and frames' text, much of it the same on every packet
  CoverPainter covers_;
  PageFramer frames_;
  std::optional<QrAhead> qr_codes_;  // every packet page's, in the order they are drawn
  PdfOutput pdf_;
  std::future<Pages> teacher_sheet_;  // last: its thread reads what is above
};

}  // namespace

Result<RenderedClassSet> render_class_set(const AssignmentSheet& sheet,
                                          std::span<const StudentPacket> students) {
  PARTA_RETURN_IF_ERROR(check_fonts());
  auto document = parse_task_markdown(sheet.body_markdown);
  if (!document) return document.status();
  auto images = load_task_images(*document, sheet.images, sheet.assignment_id);
  if (!images) return images.status();
  auto task_pages = render_task_pages(*document, *images);
  if (!task_pages) return task_pages.status();
  ClassSetWriter writer(sheet, *document, std::move(*task_pages));
  auto plans = writer.plan(students);
  if (!plans) return plans.status();
  RenderedClassSet rendered;
  for (size_t i = 0; i < students.size(); ++i) {
    PARTA_RETURN_IF_ERROR(writer.write_packet(students[i], (*plans)[i]));
    rendered.packet_pages.push_back((*plans)[i].pages);
    rendered.answers_first_pages.push_back((*plans)[i].answers_first);
  }
  rendered.teacher_pages = writer.write_teacher_sheet();
  auto pdf = writer.finish();
  if (!pdf) return pdf.status();
  rendered.pdf = std::move(*pdf);
  return rendered;
}

}  // namespace parta::paper
