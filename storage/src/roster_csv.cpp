#include "parta/storage/roster_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <cctype>
#include <unordered_map>
#include <utility>

#include "parta/storage/text_encoding.h"

namespace parta {
namespace {

constexpr std::string_view kHeaderExample = "Фамилия;Имя;Отчество;Класс;Дата рождения";
constexpr std::string_view kSplitAdvice = "split it by class and import each part";

// ---------------------------------------------------------------------------------------------
// CSV records (RFC 4180, as Excel and 1C write it)

struct CsvRecord {
  int line;                         // physical line the record starts on
  std::vector<std::string> fields;  // the first roster_columns_max of them
  size_t field_count = 0;           // all of them
  bool quote_unclosed = false;      // a quoted field ran on to the end of the text
};

// Splits text into records, counting physical lines so that every record knows where it starts,
// also after quoted line breaks. A quote opens a quoted field only as a field's first character;
// elsewhere it is an ordinary character, and text after a closing quote joins the field.
class CsvRecordReader {
 public:
  CsvRecordReader(std::string_view text, char separator)
      : text_(text), separator_(separator), unquoted_field_ends_({separator, '\r', '\n'}) {}

  // The next record, or nullopt at the end of the text.
  std::optional<CsvRecord> next() {
    if (position_ >= text_.size()) return std::nullopt;
    CsvRecord record{line_, {}};
    do {
      std::string field = read_field(record.quote_unclosed);
      if (++record.field_count <= roster_columns_max) record.fields.push_back(std::move(field));
    } while (consume(separator_));
    consume_line_break();
    return record;
  }

 private:
  std::string read_field(bool& quote_unclosed) {
    std::string field;
    if (consume('"')) quote_unclosed |= !read_quoted_part(field);
    read_unquoted_part(field);
    return field;
  }

  // Appends the quoted text up to the closing quote and consumes that quote. Returns false if the
  // text ends before the quote is closed.
  bool read_quoted_part(std::string& field) {
    while (position_ < text_.size()) {
      if (consume_line_break()) {
        field += '\n';
        continue;
      }
      if (consume('"')) {
        if (!consume('"')) return true;  // a doubled quote stands for one quote character
        field += '"';
        continue;
      }
      field += text_[position_++];
    }
    return false;
  }

  void read_unquoted_part(std::string& field) {
    const size_t end = std::min(text_.find_first_of(unquoted_field_ends_, position_), text_.size());
    field.append(text_.substr(position_, end - position_));
    position_ = end;
  }

  bool consume(char expected) {
    if (position_ >= text_.size() || text_[position_] != expected) return false;
    ++position_;
    return true;
  }

  // Consumes one CRLF, LF or CR.
  bool consume_line_break() {
    const bool carriage_return = consume('\r');
    if (!consume('\n') && !carriage_return) return false;
    ++line_;
    return true;
  }

  std::string_view text_;
  char separator_;
  std::string unquoted_field_ends_;
  size_t position_ = 0;
  int line_ = 1;
};

// Also an Excel row of only separators. Fields beyond those kept are unknown, so not blank.
bool is_blank(const CsvRecord& record) {
  return !record.quote_unclosed && record.field_count == record.fields.size() &&
         std::all_of(record.fields.begin(), record.fields.end(),
                     [](const std::string& field) { return trim_whitespace(field).empty(); });
}

std::optional<CsvRecord> next_non_blank_record(CsvRecordReader& reader) {
  std::optional<CsvRecord> record;
  do {
    record = reader.next();
  } while (record && is_blank(*record));
  return record;
}

std::string_view first_line_with_content(std::string_view text) {
  while (!text.empty()) {
    const size_t end = std::min(text.find_first_of("\r\n"), text.size());
    const std::string_view line = text.substr(0, end);
    if (line.find_first_not_of(" \t;,") != std::string_view::npos) return line;
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return {};
}

// The header's separator: whichever of `;` `,` tab it has most of outside quotes (`;` on a tie).
char detect_separator(std::string_view text) {
  std::array<std::pair<char, int>, 3> counts = {{{';', 0}, {',', 0}, {'\t', 0}}};
  bool quoted = false;
  for (const char c : first_line_with_content(text)) {
    if (c == '"') quoted = !quoted;
    for (auto& [separator, count] : counts) count += !quoted && c == separator;
  }
  return std::max_element(counts.begin(), counts.end(),
                          [](const auto& a, const auto& b) { return a.second < b.second; })
      ->first;
}

// ---------------------------------------------------------------------------------------------
// Columns

enum class Column {
  kLastName,
  kFirstName,
  kMiddleName,
  kClass,
  kBirthDate,
  kConsent,
  kAccess,
  kFullName,  // "Иванов Иван Иванович" in one cell, in place of the three name columns
};
constexpr size_t kColumnCount = 8;

struct ColumnDescription {
  std::string_view russian_name;
  std::string_view english_name;
  bool required;
};

// Indexed by Column.
constexpr std::array<ColumnDescription, kColumnCount> kColumnDescriptions = {{
    {"Фамилия", "last_name", true},
    {"Имя", "first_name", true},
    {"Отчество", "middle_name", false},
    {"Класс", "class", true},
    {"Дата рождения", "birth_date", true},
    {"Согласие", "consent", false},
    {"Доступ", "access", false},
    {"ФИО", "full_name", false},
}};

// Header spellings after header_key(): upper case, without spaces and underscores.
constexpr std::array<std::pair<std::string_view, Column>, 23> kHeaderKeys = {{
    {"ФАМИЛИЯ", Column::kLastName},
    {"LASTNAME", Column::kLastName},
    {"SURNAME", Column::kLastName},
    {"ИМЯ", Column::kFirstName},
    {"FIRSTNAME", Column::kFirstName},
    {"ОТЧЕСТВО", Column::kMiddleName},
    {"MIDDLENAME", Column::kMiddleName},
    {"PATRONYMIC", Column::kMiddleName},
    {"КЛАСС", Column::kClass},
    {"CLASS", Column::kClass},
    {"ДАТАРОЖДЕНИЯ", Column::kBirthDate},
    {"ДАТАРОЖД.", Column::kBirthDate},  // as spreadsheets abbreviate it
    {"ДАТАРОЖД", Column::kBirthDate},
    {"BIRTHDATE", Column::kBirthDate},
    {"DATEOFBIRTH", Column::kBirthDate},
    {"СОГЛАСИЕ", Column::kConsent},
    {"ДАТАСОГЛАСИЯ", Column::kConsent},
    {"CONSENT", Column::kConsent},
    {"ДОСТУП", Column::kAccess},
    {"ACCESS", Column::kAccess},
    {"ФИО", Column::kFullName},
    {"Ф.И.О.", Column::kFullName},
    {"FULLNAME", Column::kFullName},
}};

std::string header_key(std::string_view header) {
  std::string key = utf8_to_upper_ru(trim_whitespace(header));
  std::erase_if(key, [](char c) { return c == ' ' || c == '_' || c == '\t'; });
  return key;
}

std::optional<Column> column_for_header(std::string_view header) {
  const std::string key = header_key(header);
  for (const auto& [spelling, column] : kHeaderKeys) {
    if (key == spelling) return column;
  }
  return std::nullopt;
}

struct ColumnMap {
  std::array<std::optional<size_t>, kColumnCount> field_index;  // indexed by Column
  size_t field_count;
};

// "the first line", or where the header is when a title stands above it; capitalized for the
// start of a sentence.
std::string header_line_name(int line, bool capitalized = false) {
  if (line == 1) return capitalized ? "The first line" : "the first line";
  return fmt::format("{} header (line {})", capitalized ? "The" : "the", line);
}

Status missing_columns_error(const ColumnMap& columns, const CsvRecord& header_record,
                             std::string_view file_name) {
  const std::vector<std::string>& header = header_record.fields;
  // A full-name column stands in for the last and first names (not for one of them alone).
  const auto has = [&](Column column) {
    return columns.field_index[static_cast<size_t>(column)].has_value();
  };
  const bool names_in_one_column =
      has(Column::kFullName) && !has(Column::kLastName) && !has(Column::kFirstName);
  std::vector<std::string> missing;
  for (size_t i = 0; i < kColumnCount; ++i) {
    const ColumnDescription& description = kColumnDescriptions[i];
    if (!description.required || columns.field_index[i]) continue;
    const auto column = static_cast<Column>(i);
    if (names_in_one_column && (column == Column::kLastName || column == Column::kFirstName)) {
      continue;
    }
    missing.push_back(
        fmt::format("\"{}\" ({})", description.russian_name, description.english_name));
  }
  if (missing.empty()) return Status::ok();
  std::vector<std::string> found;
  for (const std::string& cell : header)
    found.push_back(fmt::format("\"{}\"", trim_whitespace(cell)));
  return Status::invalid(fmt::format(
      "{}: missing column{} {}; columns found: {}. {} must name the columns, like {}", file_name,
      missing.size() == 1 ? "" : "s", fmt::join(missing, ", "), fmt::join(found, ", "),
      header_line_name(header_record.line, /*capitalized=*/true), kHeaderExample));
}

// A first line too wide or with cells too long to be column names is not a roster's header.
Status check_header_size(const CsvRecord& header, std::string_view file_name) {
  if (header.field_count > roster_columns_max) {
    return Status::invalid(fmt::format(
        "{}: {} has {} columns; a roster may have at most {}. {} must name the columns, like {}",
        file_name, header_line_name(header.line), header.field_count, roster_columns_max,
        header_line_name(header.line, /*capitalized=*/true), kHeaderExample));
  }
  for (size_t i = 0; i < header.fields.size(); ++i) {
    if (header.fields[i].size() <= roster_value_bytes_max) continue;
    return Status::invalid(fmt::format(
        "{}: column {} of {} holds {} bytes, too many for a column name. {} must name the "
        "columns, like {}",
        file_name, i + 1, header_line_name(header.line), header.fields[i].size(),
        header_line_name(header.line, /*capitalized=*/true), kHeaderExample));
  }
  return Status::ok();
}

Result<ColumnMap> map_columns(const CsvRecord& header_record, std::string_view file_name) {
  PARTA_RETURN_IF_ERROR(check_header_size(header_record, file_name));
  const std::vector<std::string>& header = header_record.fields;
  ColumnMap columns{{}, header.size()};
  for (size_t i = 0; i < header.size(); ++i) {
    const std::optional<Column> column = column_for_header(header[i]);
    if (!column) continue;
    std::optional<size_t>& index = columns.field_index[static_cast<size_t>(*column)];
    if (index) {
      return Status::invalid(fmt::format(
          "{}: columns {} (\"{}\") and {} (\"{}\") are both the {} column: delete one and "
          "import again",
          file_name, *index + 1, trim_whitespace(header[*index]), i + 1, trim_whitespace(header[i]),
          kColumnDescriptions[static_cast<size_t>(*column)].english_name));
    }
    index = i;
  }
  PARTA_RETURN_IF_ERROR(missing_columns_error(columns, header_record, file_name));
  return columns;
}

// ---------------------------------------------------------------------------------------------
// Rows

using Problems = std::vector<std::string>;

std::string read_name(std::string_view value, std::string_view what, Problems& problems) {
  if (value.empty()) problems.push_back(fmt::format("{} is empty", what));
  return std::string(value);
}

// The words of a full name: what spaces, tabs, no-break spaces or line breaks separate.
std::vector<std::string_view> name_words(std::string_view value) {
  std::vector<std::string_view> words;
  size_t start = 0;
  auto separator_at = [&](size_t at) -> size_t {  // its length, 0 if none
    if (value[at] == ' ' || value[at] == '\t' || value[at] == '\r' || value[at] == '\n') return 1;
    return value.substr(at).starts_with("\xC2\xA0") ? 2 : 0;
  };
  for (size_t at = 0; at <= value.size();) {
    const size_t separator = at < value.size() ? separator_at(at) : 1;
    if (separator == 0) {
      ++at;
      continue;
    }
    if (at > start) words.push_back(value.substr(start, at - start));
    at += separator;
    start = at;
  }
  return words;
}

bool ends_like_patronymic(std::string_view word) {
  const std::string upper = utf8_to_upper_ru(word);
  for (std::string_view ending : {"ВИЧ", "ВНА", "ИЧНА"}) {
    if (std::string_view(upper).ends_with(ending)) return true;
  }
  return false;
}

// A full name in one cell, in the order of Russian documents: last name, first name, then
// the rest as the middle name ("Мамедов Эльчин Рашид оглы": "Рашид оглы"). A hyphenated name
// is one word. Refused rather than guessed: initials ("Иванов И. И."), punctuation
// ("Козлов, Иван", "(выбыл)"), the order Имя Отчество Фамилия, and a middle name that
// differs from the Отчество column's.
void read_full_name(std::string_view value, std::string& last, std::string& first,
                    std::string& middle, Problems& problems) {
  const std::vector<std::string_view> words = name_words(value);
  const std::string_view written = trim_whitespace(value);
  if (words.empty()) {
    problems.push_back("full name is empty");
    return;
  }
  if (words.size() == 1) {
    problems.push_back(fmt::format(
        "full name \"{}\" is one word: write the last name, then the first name (and the middle "
        "name)",
        written));
    return;
  }
  for (std::string_view word : words) {
    const bool initial = word.ends_with('.') || word.size() == 1 ||
                         (word.size() == 2 && (static_cast<unsigned char>(word[0]) & 0xE0) == 0xC0);
    if (initial || word.find_first_of(",;()\"") != std::string_view::npos) {
      problems.push_back(fmt::format(
          "full name \"{}\" has \"{}\": write the whole last, first and middle name, without "
          "initials or notes",
          written, word));
      return;
    }
  }
  if (words.size() == 3 && ends_like_patronymic(words[1])) {
    problems.push_back(fmt::format(
        "full name \"{}\" looks like first name, middle name, last name: write the last name "
        "first",
        written));
    return;
  }
  last = words[0];
  first = words[1];
  if (words.size() > 2) {
    std::string from_full_name = fmt::format("{}", fmt::join(words.begin() + 2, words.end(), " "));
    if (!middle.empty() && middle != from_full_name) {
      problems.push_back(
          fmt::format("full name \"{}\" and middle name \"{}\" differ", written, middle));
      return;
    }
    middle = std::move(from_full_name);
  }
}

// `message` (of parse_class_name or parse_date) quoting the value as the roster wrote it,
// `written`, where it quotes what was read of it, `read`.
std::string quoting_as_written(std::string message, std::string_view read,
                               std::string_view written) {
  const std::string quoted_read = fmt::format("\"{}\"", trim_whitespace(read));
  if (size_t at = message.find(quoted_read); at != std::string::npos) {
    message.replace(at, quoted_read.size(), fmt::format("\"{}\"", trim_whitespace(written)));
  }
  return message;
}

// A class as school software writes it in a roster: `value` without a trailing word «класс»,
// «кл.» or «кл» (any case: «7Б класс», «7 «Б» кл.»), and then without an ordinal ending
// («7-й класс» is grade 7, not a class 7Й). Only rosters read it so: elsewhere «9 класс» may
// be the name of a group.
std::string_view without_class_word(std::string_view value) {
  const std::string upper = utf8_to_upper_ru(value);
  for (std::string_view word : {"КЛАСС", "КЛ.", "КЛ"}) {
    // Cyrillic letters are two bytes in either case, so byte offsets match `value`.
    if (upper.size() <= word.size() || !std::string_view(upper).ends_with(word)) continue;
    std::string_view rest = trim_whitespace(value.substr(0, value.size() - word.size()));
    const std::string rest_upper = utf8_to_upper_ru(rest);
    for (std::string_view ending : {"-ЫЙ", "-ОЙ", "-Й", "ЫЙ", "ОЙ", "Й"}) {
      const size_t cut = rest_upper.size() - std::min(rest_upper.size(), ending.size());
      if (std::string_view(rest_upper).ends_with(ending) && cut > 0 && rest_upper[cut - 1] >= '0' &&
          rest_upper[cut - 1] <= '9') {
        return rest.substr(0, cut);
      }
    }
    return rest;
  }
  return value;
}

ClassName read_class(std::string_view value, Problems& problems) {
  const std::string_view read = without_class_word(value);
  Result<ClassName> class_name = parse_class_name(read);
  if (class_name) return std::move(*class_name);
  problems.push_back(quoting_as_written(class_name.status().message(), read, value));
  return {};
}

// The time a spreadsheet writes after a date-only cell formatted as date and time. Any other
// time is refused with its date: it may come from a time zone conversion that moved the day.
bool is_midnight(std::string_view text) {
  return text == "0:00" || text == "00:00" || text == "0:00:00" || text == "00:00:00";
}

// A date as spreadsheets write it into a roster: what parse_date reads, also followed by
// midnight (a cell formatted as date and time: "01.03.2012 0:00:00", "2012-03-01T00:00")
// or with a two-digit year (a short date format: "01.03.12"), which is the latest year
// ending so that is not after `today`'s, since roster dates are in the past. Messages quote
// the value as written.
Result<Date> parse_roster_date(std::string_view value, Date today) {
  const std::string_view written = trim_whitespace(value);
  std::string_view text = written;
  if (size_t cut = text.find_first_of(" T"); cut != std::string_view::npos && cut > 0 &&
                                             is_midnight(trim_whitespace(text.substr(cut + 1)))) {
    text = trim_whitespace(text.substr(0, cut));
  }
  std::string full_year(text);
  if (size_t dot = text.rfind('.'); dot != std::string_view::npos && text.size() - dot == 3 &&
                                    std::isdigit(static_cast<unsigned char>(text[dot + 1])) &&
                                    std::isdigit(static_cast<unsigned char>(text[dot + 2]))) {
    const int this_year = year_of(today);
    int year = this_year / 100 * 100 + (text[dot + 1] - '0') * 10 + (text[dot + 2] - '0');
    if (year > this_year) year -= 100;
    full_year = fmt::format("{}{}", text.substr(0, dot + 1), year);
  }
  Result<Date> date = parse_date(full_year);
  if (date || full_year == written) return date;
  return Status::invalid(quoting_as_written(date.status().message(), full_year, written));
}

Date read_birth_date(std::string_view value, Date today, Problems& problems) {
  const Result<Date> date = parse_roster_date(value, today);
  if (!date) {
    problems.push_back("birth " + date.status().message());
    return {};
  }
  if (*date > today) {
    problems.push_back(fmt::format("birth date \"{}\" is in the future", value));
  } else if (const int age = age_in_years(*date, today); age > roster_student_age_years_max) {
    problems.push_back(
        fmt::format("birth date \"{}\" makes the student {} years old; students are at most {}",
                    value, age, roster_student_age_years_max));
  }
  return *date;
}

std::optional<Date> read_consent_date(std::string_view value, Date today, Problems& problems) {
  if (value.empty()) return std::nullopt;
  const Result<Date> date = parse_roster_date(value, today);
  if (!date) {
    problems.push_back("consent " + date.status().message());
    return std::nullopt;
  }
  return *date;
}

std::optional<bool> read_access(std::string_view value, Problems& problems) {
  constexpr std::array<std::string_view, 4> kYes = {"ДА", "YES", "1", "+"};
  constexpr std::array<std::string_view, 4> kNo = {"НЕТ", "NO", "0", "-"};
  if (value.empty()) return std::nullopt;
  const std::string key = utf8_to_upper_ru(value);
  if (std::find(kYes.begin(), kYes.end(), key) != kYes.end()) return true;
  if (std::find(kNo.begin(), kNo.end(), key) != kNo.end()) return false;
  problems.push_back(
      fmt::format("access \"{}\" is not one of да, нет, yes, no, 1, 0, +, -", value));
  return std::nullopt;
}

Status bad_row(int line, std::string_view reasons) {
  return Status::invalid(fmt::format("line {}: {}", line, reasons));
}

// Why the record's fields cannot be read as a row, if they cannot: they do not line up with the
// header, or a value is too long to be a name, a class or a date.
std::optional<std::string> shape_problem(const CsvRecord& record, const ColumnMap& columns) {
  if (record.quote_unclosed) {
    return "a quoted value starts here and is never closed (a stray \" character?)";
  }
  if (record.field_count != columns.field_count) {
    return fmt::format(
        "{} fields where the header has {} (a value that contains the separator must be in "
        "double quotes)",
        record.field_count, columns.field_count);
  }
  for (const std::optional<size_t>& index : columns.field_index) {
    if (index && record.fields[*index].size() > roster_value_bytes_max) {
      return fmt::format("column {} holds {} bytes; a roster value may have at most {}", *index + 1,
                         record.fields[*index].size(), roster_value_bytes_max);
    }
  }
  return std::nullopt;
}

Result<RosterRow> parse_row(const CsvRecord& record, const ColumnMap& columns, Date today) {
  if (std::optional<std::string> problem = shape_problem(record, columns)) {
    return bad_row(record.line, *problem);
  }
  const auto value = [&](Column column) {
    const std::optional<size_t>& index = columns.field_index[static_cast<size_t>(column)];
    return index ? trim_whitespace(record.fields[*index]) : std::string_view{};
  };
  const auto has = [&](Column column) {
    return columns.field_index[static_cast<size_t>(column)].has_value();
  };
  Problems problems;
  std::string last_name, first_name, middle_name(value(Column::kMiddleName));
  if (has(Column::kFullName) && !has(Column::kLastName) && !has(Column::kFirstName)) {
    read_full_name(value(Column::kFullName), last_name, first_name, middle_name, problems);
  } else {
    last_name = read_name(value(Column::kLastName), "last name", problems);
    first_name = read_name(value(Column::kFirstName), "first name", problems);
  }
  RosterRow row{
      .line = record.line,
      .last_name = std::move(last_name),
      .first_name = std::move(first_name),
      .middle_name = std::move(middle_name),
      .class_name = read_class(value(Column::kClass), problems),
      .birth_date = read_birth_date(value(Column::kBirthDate), today, problems),
      .consent_date = read_consent_date(value(Column::kConsent), today, problems),
      .has_access = read_access(value(Column::kAccess), problems),
  };
  if (row.consent_date) {
    std::optional<std::string> problem =
        consent_date_problem(*row.consent_date, value(Column::kConsent), row.birth_date, today);
    if (problem) problems.push_back(std::move(*problem));
  }
  if (!problems.empty()) return bad_row(record.line, fmt::format("{}", fmt::join(problems, "; ")));
  return row;
}

// Two rows are the same student when names (in any case, ё as е) and birth date match.
std::string student_key(const RosterRow& row) {
  return fmt::format("{}\n{}\n{}\n{}", name_match_key(row.last_name),
                     name_match_key(row.first_name), name_match_key(row.middle_name),
                     row.birth_date.days_since_epoch);
}

std::string full_name(const RosterRow& row) {
  return row.middle_name.empty()
             ? fmt::format("{} {}", row.last_name, row.first_name)
             : fmt::format("{} {} {}", row.last_name, row.first_name, row.middle_name);
}

// Why `row` is bad when it names the student of the earlier row `first`: a file lists each
// student once, and which of two rows is right (a class, a consent date) is for the school to
// say, not for the import to guess.
std::string repeated_student(const RosterRow& row, const RosterRow& first) {
  std::string message = fmt::format("the same student as line {} ({}, {})", first.line,
                                    full_name(first), format_ru(first.birth_date));
  if (utf8_to_upper_ru(full_name(row)) != utf8_to_upper_ru(full_name(first))) {
    message += fmt::format(", written \"{}\" here (е and ё count as one letter)", full_name(row));
  }
  if (row.class_name != first.class_name) {
    message += fmt::format(", but in class {} where line {} has {}", row.class_name.display(),
                           first.line, first.class_name.display());
  }
  return message;
}

// Counts bad rows and keeps the messages of the first roster_bad_rows_listed_max.
class BadRowReport {
 public:
  void add(std::string message) {
    if (listed_.size() < roster_bad_rows_listed_max) listed_.push_back(std::move(message));
    ++count_;
  }
  bool empty() const { return count_ == 0; }

  Status to_status(std::string_view file_name) const {
    assert(!empty());
    std::string message = fmt::format("{}: {} bad row{}, nothing imported:", file_name, count_,
                                      count_ == 1 ? "" : "s");
    for (const std::string& line : listed_) message += "\n  " + line;
    if (count_ > listed_.size()) message += fmt::format("\n  and {} more", count_ - listed_.size());
    message += "\nCorrect these rows in the file and import it again.";
    return Status::invalid(std::move(message));
  }

 private:
  std::vector<std::string> listed_;
  size_t count_ = 0;
};

Result<std::vector<RosterRow>> read_student_rows(CsvRecordReader& reader, const ColumnMap& columns,
                                                 std::string_view file_name, Date today) {
  std::vector<RosterRow> rows;
  std::unordered_map<std::string, size_t> row_of_student;  // student_key -> index in `rows`
  BadRowReport bad_rows;
  size_t records_read = 0;
  while (std::optional<CsvRecord> record = next_non_blank_record(reader)) {
    if (++records_read > roster_rows_max) {
      return Status::invalid(fmt::format("{} has more than {} students: {}", file_name,
                                         roster_rows_max, kSplitAdvice));
    }
    Result<RosterRow> row = parse_row(*record, columns, today);
    if (!row) {
      bad_rows.add(row.status().message());
      continue;
    }
    const auto [seen, first_time] = row_of_student.emplace(student_key(*row), rows.size());
    if (!first_time) {
      bad_rows.add(bad_row(row->line, repeated_student(*row, rows[seen->second])).message());
      continue;
    }
    rows.push_back(std::move(*row));
  }
  if (!bad_rows.empty()) return bad_rows.to_status(file_name);
  if (rows.empty()) {
    return Status::invalid(
        fmt::format("{}: no students: the file has a header line and no rows", file_name));
  }
  return rows;
}

size_t required_columns_named(const CsvRecord& record) {
  return static_cast<size_t>(
      std::count_if(record.fields.begin(), record.fields.end(), [](const std::string& cell) {
        const std::optional<Column> column = column_for_header(cell);
        return column && (kColumnDescriptions[static_cast<size_t>(*column)].required ||
                          *column == Column::kFullName);
      }));
}

// A candidate header: `reader` just past it, and how many required columns it names.
struct HeaderFound {
  CsvRecordReader reader;
  CsvRecord header;
  size_t named;
};

// The header as `reader` splits lines: of the first roster_title_lines_max + 1 non-blank
// records, the first that names the most required columns (a title may have a line like
// "Класс;7Б" above the header), or none if none names one.
std::optional<HeaderFound> find_header(CsvRecordReader reader) {
  const CsvRecordReader start = reader;
  size_t best = 0, best_named = 0;
  for (size_t i = 0; i <= roster_title_lines_max; ++i) {
    std::optional<CsvRecord> record = next_non_blank_record(reader);
    if (!record) break;
    if (const size_t named = required_columns_named(*record); named > best_named) {
      best = i;
      best_named = named;
    }
  }
  if (best_named == 0) return std::nullopt;
  reader = start;
  for (size_t i = 0; i < best; ++i) next_non_blank_record(reader);
  std::optional<CsvRecord> header = next_non_blank_record(reader);
  assert(header);
  return HeaderFound{reader, std::move(*header), best_named};
}

}  // namespace

std::optional<std::string> consent_date_problem(Date consent, std::string_view written,
                                                Date birth_date, Date today) {
  if (consent > today) return fmt::format("consent date \"{}\" is in the future", written);
  if (consent < birth_date) {
    return fmt::format("consent date \"{}\" is before the birth date", written);
  }
  return std::nullopt;
}

Result<std::vector<RosterRow>> parse_roster_csv(std::string_view file_bytes,
                                                std::string_view file_name, Date today) {
  if (file_bytes.size() > roster_bytes_max) {
    return Status::invalid(fmt::format("{} is {} bytes; a roster may have at most {} bytes: {}",
                                       file_name, file_bytes.size(), roster_bytes_max,
                                       kSplitAdvice));
  }
  const Result<std::string> text = to_utf8(file_bytes, file_name);
  if (!text) return text.status();
  // The separator is the first line's; a title line may have none, or another one, so each
  // is tried for the header: the one whose header names the most required columns wins, the
  // first line's on a tie.
  const char first_line_separator = detect_separator(*text);
  std::string separators = {first_line_separator};
  for (const char other : {';', ',', '\t'}) {
    if (other != first_line_separator) separators += other;
  }
  std::optional<HeaderFound> best;
  for (const char separator : separators) {
    std::optional<HeaderFound> found = find_header(CsvRecordReader(*text, separator));
    if (found && (!best || found->named > best->named)) best = std::move(found);
  }
  if (best) {
    const Result<ColumnMap> columns = map_columns(best->header, file_name);
    if (!columns) return columns.status();
    return read_student_rows(best->reader, *columns, file_name, today);
  }
  // No header anywhere: say what the first line holds.
  CsvRecordReader reader(*text, first_line_separator);
  const std::optional<CsvRecord> header = next_non_blank_record(reader);
  if (!header) {
    return Status::invalid(fmt::format(
        "{} is empty: its first line must name the columns, like {}, and each further line "
        "is one student",
        file_name, kHeaderExample));
  }
  const Result<ColumnMap> columns = map_columns(*header, file_name);
  if (!columns) return columns.status();
  return read_student_rows(reader, *columns, file_name, today);
}

}  // namespace parta
