// CSV out: formatting, encoding, read-back check and atomic file writes; see roster_writer.h.
#include "roster_writer.h"

#include <fmt/format.h>

#include "parta/storage/atomic_file.h"
#include <fmt/ranges.h>
#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "parta/storage/roster_csv.h"

namespace parta::gen {
namespace {

constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kLineEnd = "\r\n";
constexpr char kSeparator = ';';

// RFC 4180: a field holding the separator, a quote or a line break is quoted, quotes doubled.
std::string csv_field(std::string_view text) {
  if (text.find_first_of(";\"\r\n") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

void append_record(std::string& out, std::initializer_list<std::string_view> fields) {
  bool first = true;
  for (std::string_view field : fields) {
    if (!first) out += kSeparator;
    out += csv_field(field);
    first = false;
  }
  out += kLineEnd;
}

bool same_row(const RosterRow& a, const RosterRow& b) {
  return a.line == b.line && a.last_name == b.last_name && a.first_name == b.first_name &&
         a.middle_name == b.middle_name && a.class_name == b.class_name &&
         a.birth_date == b.birth_date && a.consent_date == b.consent_date &&
         a.has_access == b.has_access;
}

Status check_reads_back(const SchoolPlan& plan, std::string_view file_bytes) {
  const Date today = plan.days.empty() ? plan.calendar.first_day() : plan.days.front().date;
  auto parsed = parse_roster_csv(file_bytes, "roster.csv", today);
  if (!parsed) return parsed.status();
  std::vector<RosterRow> expected = roster_rows(plan);
  for (size_t index = 0; index < expected.size(); ++index) {
    if (index >= parsed->size() || !same_row((*parsed)[index], expected[index])) {
      return Status::corrupt(fmt::format(
          "the generated roster.csv does not read back as generated at line {} ({} {}): the "
          "generator and parse_roster_csv disagree on the format",
          expected[index].line, expected[index].last_name, expected[index].first_name));
    }
  }
  if (parsed->size() != expected.size()) {
    return Status::corrupt(fmt::format("the generated roster.csv reads back as {} rows, not {}",
                                       parsed->size(), expected.size()));
  }
  return Status::ok();
}

// One iconv conversion descriptor, closed when it goes out of scope.
class Converter {
 public:
  Converter(const char* to, const char* from) : descriptor_(iconv_open(to, from)) {}
  ~Converter() {
    if (is_open()) iconv_close(descriptor_);
  }
  Converter(const Converter&) = delete;
  Converter& operator=(const Converter&) = delete;
  bool is_open() const { return descriptor_ != reinterpret_cast<iconv_t>(-1); }
  iconv_t get() const { return descriptor_; }

 private:
  iconv_t descriptor_;
};

Result<std::string> to_windows_1251(std::string_view utf8) {
  Converter converter("CP1251", "UTF-8");
  if (!converter.is_open()) {
    return Status::io(
        "this system's iconv cannot convert UTF-8 to CP1251: install the glibc "
        "gconv modules");
  }
  // Windows-1251 never needs more bytes than UTF-8 for the same text.
  std::string out(utf8.size(), '\0');
  char* in_next = const_cast<char*>(utf8.data());  // iconv's signature lacks const
  size_t in_left = utf8.size();
  char* out_next = out.data();
  size_t out_left = out.size();
  if (iconv(converter.get(), &in_next, &in_left, &out_next, &out_left) == static_cast<size_t>(-1)) {
    return Status::invalid(fmt::format(
        "the text at byte {} has no Windows-1251 code ({}); write the files as UTF-8 instead",
        in_next - utf8.data(), std::strerror(errno)));
  }
  out.resize(out.size() - out_left);
  return out;
}

}  // namespace

std::string roster_csv_text(const SchoolPlan& plan) {
  std::string text;
  append_record(text,
                {"Фамилия", "Имя", "Отчество", "Класс", "Дата рождения", "Согласие", "Доступ"});
  for (const PlannedClass& planned : plan.classes) {
    for (int index : planned.students) {
      const PlannedStudent& student = plan.students[index];
      append_record(text,
                    {student.name.last_name, student.name.first_name, student.name.middle_name,
                     spell_class(planned.name, student.spelling), format_ru(student.birth_date),
                     student.consent_date ? format_ru(*student.consent_date) : "",
                     student.has_access ? "да" : "нет"});
    }
  }
  return text;
}

std::string teachers_csv_text(const SchoolPlan& plan) {
  std::string text;
  append_record(text, {"Фамилия", "Имя", "Отчество", "Предметы"});
  for (const PlannedTeacher& teacher : plan.teachers) {
    append_record(text, {teacher.name.last_name, teacher.name.first_name, teacher.name.middle_name,
                         fmt::format("{}", fmt::join(teacher.subjects, ", "))});
  }
  return text;
}

Result<std::string> encode_csv(std::string_view utf8, CsvEncoding encoding) {
  if (encoding == CsvEncoding::kWindows1251) return to_windows_1251(utf8);
  std::string bytes(kUtf8ByteOrderMark);
  bytes += utf8;
  return bytes;
}

Status write_school_csv(const SchoolPlan& plan, const std::filesystem::path& dir,
                        CsvEncoding encoding) {
  auto roster = encode_csv(roster_csv_text(plan), encoding);
  if (!roster) return roster.status();
  PARTA_RETURN_IF_ERROR(check_reads_back(plan, *roster));
  auto teachers = encode_csv(teachers_csv_text(plan), encoding);
  if (!teachers) return teachers.status();
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Status::io(fmt::format("cannot create directory {}: {}", dir.string(), error.message()));
  }
  PARTA_RETURN_IF_ERROR(write_file_atomically(dir / "roster.csv", *roster));
  return write_file_atomically(dir / "teachers.csv", *teachers);
}

}  // namespace parta::gen
