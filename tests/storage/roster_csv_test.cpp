#include "parta/storage/roster_csv.h"

#include <gtest/gtest.h>
#include <iconv.h>

#include <fstream>
#include <iterator>

#include "parta/storage/text_encoding.h"

namespace parta {
namespace {

const Date kToday = *parse_date("25.11.2026");

Result<std::vector<RosterRow>> parse(std::string_view text) {
  return parse_roster_csv(text, "roster.csv", kToday);
}

std::vector<RosterRow> parse_ok(std::string_view text) {
  Result<std::vector<RosterRow>> rows = parse(text);
  EXPECT_TRUE(rows.is_ok()) << rows.status().message();
  return rows ? *rows : std::vector<RosterRow>{};
}

// The message of a roster that must fail as Invalid.
std::string invalid_message(std::string_view text) {
  Result<std::vector<RosterRow>> rows = parse(text);
  EXPECT_FALSE(rows.is_ok());
  EXPECT_EQ(rows.status().kind(), Status::Kind::kInvalid);
  return rows.status().message();
}

std::string to_windows_1251(std::string_view utf8) {
  iconv_t converter = iconv_open("WINDOWS-1251", "UTF-8");
  EXPECT_NE(converter, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size(), '\0');
  char* in_next = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* out_next = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(converter, &in_next, &in_left, &out_next, &out_left), static_cast<size_t>(-1));
  iconv_close(converter);
  out.resize(out.size() - out_left);
  return out;
}

std::string read_test_file(std::string_view name) {
  std::ifstream file(std::string(PARTA_TEST_DATA_DIR) + "/rosters/" + std::string(name),
                     std::ios::binary);
  EXPECT_TRUE(file) << name;
  return std::string(std::istreambuf_iterator<char>(file), {});
}

constexpr std::string_view kBadRowsAdvice = "\nCorrect these rows in the file and import it again.";

TEST(TextEncoding, KeepsUtf8AndDropsItsByteOrderMark) {
  EXPECT_EQ(*to_utf8("Фамилия;Имя", "f.csv"), "Фамилия;Имя");
  EXPECT_EQ(*to_utf8("\xEF\xBB\xBF"
                     "Фамилия",
                     "f.csv"),
            "Фамилия");
  EXPECT_EQ(*to_utf8("", "f.csv"), "");
}

TEST(TextEncoding, DecodesWindows1251) {
  EXPECT_EQ(*to_utf8("\xCF\xF0\xE8\xE2\xE5\xF2, \xB8\xE6\xE8\xEA \xA8", "f.csv"), "Привет, ёжик Ё");
  EXPECT_EQ(*to_utf8("\xB9 1", "f.csv"), "№ 1");
}

TEST(TextEncoding, ByteOutsideBothEncodingsNamesFileAndLine) {
  // Windows-1251 "Имя", then 0x98, which Windows-1251 leaves undefined.
  Result<std::string> text = to_utf8("\xC8\xEC\xFF\r\nb\r\n\x98", "roster.csv");
  ASSERT_FALSE(text.is_ok());
  EXPECT_EQ(text.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(text.status().message(),
            "roster.csv line 3: byte 0x98 is neither UTF-8 nor Windows-1251 text: save it as "
            "\"CSV UTF-8\" (Excel: File, Save As) and import that file");
}

TEST(TextEncoding, ZeroBytesMeanNotText) {
  Result<std::string> text = to_utf8(std::string_view("PK\x03\x04\0\0", 6), "roster.xlsx");
  ASSERT_FALSE(text.is_ok());
  EXPECT_EQ(text.status().message(),
            "roster.xlsx is not a text file (it has zero bytes: an .xlsx workbook or UTF-16 "
            "text?): save it as \"CSV UTF-8\" (Excel: File, Save As) and import that file");
}

TEST(TextEncoding, TrimsSpacesTabsAndNoBreakSpaces) {
  EXPECT_EQ(trim_whitespace(" \t\xC2\xA0Иванов \xC2\xA0"), "Иванов");
  EXPECT_EQ(trim_whitespace("Петрова Водкина"), "Петрова Водкина");
  EXPECT_EQ(trim_whitespace("  "), "");
}

TEST(RosterCsv, ReadsWindows1251WithSemicolonsAndCrlf) {
  const std::vector<RosterRow> rows =
      parse_ok(to_windows_1251("Фамилия;Имя;Отчество;Класс;Дата рождения\r\n"
                               "Ёлкина;Алёна;Сергеевна;7Б;05.03.2013\r\n"
                               "Петрова-Водкина;Мария;;7 Б;2013-01-05\r\n"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].last_name, "Ёлкина");
  EXPECT_EQ(rows[0].first_name, "Алёна");
  EXPECT_EQ(rows[0].middle_name, "Сергеевна");
  EXPECT_EQ(rows[0].class_name, (ClassName{7, "Б"}));
  EXPECT_EQ(format_iso(rows[0].birth_date), "2013-03-05");
  EXPECT_EQ(rows[0].consent_date, std::nullopt);
  EXPECT_EQ(rows[0].has_access, std::nullopt);
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].last_name, "Петрова-Водкина");
  EXPECT_EQ(rows[1].middle_name, "");
}

TEST(RosterCsv, ReadsUtf8WithByteOrderMarkAndCommas) {
  const std::vector<RosterRow> rows = parse_ok(
      "\xEF\xBB\xBF"
      "Фамилия,Имя,Класс,Дата рождения\n"
      "\"Семёнов\",\"Фёдор\",\"7-б\",\"30.12.2012\"\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_name, "Семёнов");
  EXPECT_EQ(rows[0].first_name, "Фёдор");
  EXPECT_EQ(rows[0].class_name, (ClassName{7, "Б"}));
}

TEST(RosterCsv, ReadsTabSeparatedValues) {
  const std::vector<RosterRow> rows =
      parse_ok("Фамилия\tИмя\tКласс\tДата рождения\nКим\tВиктор\t10\t09.08.2010\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].class_name, (ClassName{10, ""}));
}

TEST(RosterCsv, ReadsOldMacLineEnds) {
  const std::vector<RosterRow> rows =
      parse_ok("Фамилия;Имя;Класс;Дата рождения\rКим;Виктор;10;09.08.2010\rЛи;Юна;9;01.01.2011");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].line, 3);
  EXPECT_EQ(rows[1].last_name, "Ли");
}

TEST(RosterCsv, QuotedFieldsHoldSeparatorsQuotesAndLineBreaks) {
  const std::vector<RosterRow> rows = parse_ok(
      "Фамилия;Имя;Класс;Дата рождения;Примечание\r\n"
      "\"Иванов\";\"Иван\";\"7 \"\"Б\"\"\";01.09.2013;\"Живёт в д. Кузьминки;\r\n"
      "ходит пешком\"\r\n"
      "Петров;\"Пётр\";5А;01.09.2015;\"строка 1\n"
      "строка 2\n"
      "строка 3\"\n"
      "Сидоров;Олег;5А;01.09.2015;\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].line, 2);
  EXPECT_EQ(rows[0].class_name, (ClassName{7, "Б"}));
  EXPECT_EQ(rows[1].line, 4);
  EXPECT_EQ(rows[2].line, 7);
  EXPECT_EQ(rows[2].last_name, "Сидоров");
}

TEST(RosterCsv, BadRowAfterQuotedLineBreaksReportsItsPhysicalLine) {
  EXPECT_EQ(invalid_message("Фамилия;Имя;Класс;Дата рождения;Примечание\r\n"
                            "Иванов;Иван;5А;01.09.2015;\"многострочное\r\n"
                            "примечание\r\n"
                            "конец\"\r\n"
                            "Петров;;5А;01.09.2015;\r\n"),
            std::string("roster.csv: 1 bad row, nothing imported:\n"
                        "  line 5: first name is empty") +
                std::string(kBadRowsAdvice));
}

TEST(RosterCsv, TextAfterAClosingQuoteJoinsTheField) {
  const std::vector<RosterRow> rows =
      parse_ok("Фамилия;Имя;Класс;Дата рождения\n\"Петрова\"-Водкина;Мария;7Б;05.01.2013\n");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].last_name, "Петрова-Водкина");
}

TEST(RosterCsv, EveryKindOfBadRowIsReportedWithItsLine) {
  const std::string message = invalid_message(
      "Фамилия;Имя;Отчество;Класс;Дата рождения;Согласие;Доступ\n"  // 1
      "Иванов;Иван;Иванович;7Б;01.02.2013;;да\n"                    // 2: good
      ";Пётр;;7Б;01.02.2013;;\n"                                    // 3
      "Сидоров;Олег;;12А;01.02.2013;;\n"                            // 4
      "Кузнецова;Ольга;;7Б;31.02.2013;;\n"                          // 5
      "Смирнов;Игорь;;7Б;01.02.2027;;\n"                            // 6
      "Попов;Сергей;;7Б;01.02.1990;;\n"                             // 7
      "Васильев;Антон;;7Б;01.02.2013;32.01.2026;\n"                 // 8
      "Зайцев;Лев;;7Б;01.02.2013;01.12.2026;\n"                     // 9
      "Морозов;Денис;;7Б;01.02.2013;;может\n"                       // 10
      "Новиков;Илья;7Б;01.02.2013\n"                                // 11
      ";;;семь;;;\n"                                                // 12
      "\n"                                                          // 13
      "Фёдоров;\"Артём;;7Б;01.02.2013;;\n"                          // 14
      "Волков;Максим;;7Б;01.02.2013;;\n");
  EXPECT_EQ(
      message,
      std::string("roster.csv: 11 bad rows, nothing imported:\n"
                  "  line 3: last name is empty\n"
                  "  line 4: class \"12А\": grade 12 is outside 1 to 11\n"
                  "  line 5: birth date \"31.02.2013\" is not a real date\n"
                  "  line 6: birth date \"01.02.2027\" is in the future\n"
                  "  line 7: birth date \"01.02.1990\" makes the student 36 years old; students "
                  "are at most 25\n"
                  "  line 8: consent date \"32.01.2026\" is not a real date\n"
                  "  line 9: consent date \"01.12.2026\" is in the future\n"
                  "  line 10: access \"может\" is not one of да, нет, yes, no, 1, 0, +, -\n"
                  "  line 11: 4 fields where the header has 7 (a value that contains the separator "
                  "must be in double quotes)\n"
                  "  line 12: last name is empty; first name is empty; class \"семь\" is not a "
                  "class name: expected a grade from 1 to 11 and at most one letter, like 7Б; "
                  "birth date is empty\n"
                  "  line 14: a quoted value starts here and is never closed (a stray \" "
                  "character?)") +
          std::string(kBadRowsAdvice));
}

TEST(RosterCsv, ListsTwentyBadRowsAndCountsTheRest) {
  std::string text = "Фамилия;Имя;Класс;Дата рождения\n";
  for (int i = 0; i < 25; ++i) text += ";Иван;5А;01.09.2015\n";
  std::string expected = "roster.csv: 25 bad rows, nothing imported:";
  for (int line = 2; line <= 21; ++line) {
    expected += "\n  line " + std::to_string(line) + ": last name is empty";
  }
  expected += "\n  and 5 more";
  EXPECT_EQ(invalid_message(text), expected + std::string(kBadRowsAdvice));
}

TEST(RosterCsv, MissingColumnIsNamedWithTheColumnsFound) {
  EXPECT_EQ(invalid_message("Фамилия;Имя;Отчество;Дата рождения\nИванов;Иван;;01.09.2015\n"),
            "roster.csv: missing column \"Класс\" (class); columns found: \"Фамилия\", \"Имя\", "
            "\"Отчество\", \"Дата рождения\". The first line must name the columns, like "
            "Фамилия;Имя;Отчество;Класс;Дата рождения");
  EXPECT_EQ(invalid_message("Иванов;Иван;5А;01.09.2015\n"),
            "roster.csv: missing columns \"Фамилия\" (last_name), \"Имя\" (first_name), \"Класс\" "
            "(class), \"Дата рождения\" (birth_date); columns found: \"Иванов\", \"Иван\", "
            "\"5А\", \"01.09.2015\". The first line must name the columns, like "
            "Фамилия;Имя;Отчество;Класс;Дата рождения");
}

// Many school systems export the name in one ФИО column, in the order of Russian documents.
TEST(RosterCsv, FullNameInOneColumnIsSplit) {
  const std::vector<RosterRow> rows = parse_ok(
      "№;ФИО;Класс;Дата рождения\n"
      "1;Иванов Иван Иванович;5А;01.09.2015\n"
      "2; Гончаренко-Сабурова  Анна-Мария ;5А;01.09.2015\n"
      "3;Мамедов Эльчин Рашид оглы;5А;01.09.2015\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].last_name, "Иванов");
  EXPECT_EQ(rows[0].first_name, "Иван");
  EXPECT_EQ(rows[0].middle_name, "Иванович");
  EXPECT_EQ(rows[1].last_name, "Гончаренко-Сабурова");
  EXPECT_EQ(rows[1].first_name, "Анна-Мария");
  EXPECT_EQ(rows[1].middle_name, "");
  EXPECT_EQ(rows[2].middle_name, "Рашид оглы");
  // Separate name columns win over a full name beside them.
  const std::vector<RosterRow> both =
      parse_ok("Ф.И.О.;Фамилия;Имя;Класс;Дата рождения\nИванов И. И.;Иванов;Иван;5А;01.09.2015\n");
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].first_name, "Иван");
  EXPECT_EQ(invalid_message("ФИО;Класс;Дата рождения\nИванов;5А;01.09.2015\n;5А;01.09.2015\n"),
            std::string("roster.csv: 2 bad rows, nothing imported:\n"
                        "  line 2: full name \"Иванов\" is one word: write the last name, then "
                        "the first name (and the middle name)\n"
                        "  line 3: full name is empty") +
                std::string(kBadRowsAdvice));
  // What is not "Фамилия Имя Отчество" is refused, not guessed; a line break separates words.
  EXPECT_EQ(
      invalid_message("ФИО;Отчество;Класс;Дата рождения\n"
                      "Иванов И. И.;;5А;01.09.2015\n"
                      "\"Козлов, Иван\";;5А;01.09.2015\n"
                      "Сидоров Иван Иванович (выбыл);;5А;01.09.2015\n"
                      "Иван Иванович Сидоров;;5А;01.09.2015\n"
                      "Иванов Иван Петрович;Сергеевич;5А;01.09.2015\n"),
      std::string("roster.csv: 5 bad rows, nothing imported:\n"
                  "  line 2: full name \"Иванов И. И.\" has \"И.\": write the whole last, first "
                  "and middle name, without initials or notes\n"
                  "  line 3: full name \"Козлов, Иван\" has \"Козлов,\": write the whole last, "
                  "first and middle name, without initials or notes\n"
                  "  line 4: full name \"Сидоров Иван Иванович (выбыл)\" has \"(выбыл)\": write "
                  "the whole last, first and middle name, without initials or notes\n"
                  "  line 5: full name \"Иван Иванович Сидоров\" looks like first name, middle "
                  "name, last name: write the last name first\n"
                  "  line 6: full name \"Иванов Иван Петрович\" and middle name \"Сергеевич\" "
                  "differ") +
          std::string(kBadRowsAdvice));
  const std::vector<RosterRow> broken =
      parse_ok("ФИО;Класс;Дата рождения\n\"Орлов Олег\nОлегович\";5А;01.09.2015\n");
  ASSERT_EQ(broken.size(), 1u);
  EXPECT_EQ(broken[0].first_name, "Олег");
  EXPECT_EQ(broken[0].middle_name, "Олегович");
  // A full name does not stand in for a last name alone.
  EXPECT_NE(invalid_message("ФИО;Имя;Класс;Дата рождения\n").find("missing column \"Фамилия\""),
            std::string::npos);
}

TEST(RosterCsv, SameColumnTwiceIsRefused) {
  EXPECT_EQ(invalid_message("Фамилия;Имя;Класс;Дата рождения;First name\n"),
            "roster.csv: columns 2 (\"Имя\") and 5 (\"First name\") are both the first_name "
            "column: delete one and import again");
}

TEST(RosterCsv, HeadersMatchInAnyCaseSpacingAndLanguage) {
  const std::vector<RosterRow> russian = parse_ok(
      " фамилия ;ИМЯ;Пол;класс;Дата  Рождения;ОТЧЕСТВО;согласие;доступ\n"
      "Иванов;Иван;м;5а;01.09.2015;Иванович;01.09.2026;Да\n");
  const std::vector<RosterRow> english = parse_ok(
      "Last Name,first_name,Sex,CLASS,Birth date,middle_name,Consent,ACCESS\n"
      "Иванов,Иван,m,5a,2015-09-01,Иванович,2026-09-01,yes\n");
  for (const std::vector<RosterRow>* rows : {&russian, &english}) {
    ASSERT_EQ(rows->size(), 1u);
    const RosterRow& row = rows->front();
    EXPECT_EQ(row.last_name, "Иванов");
    EXPECT_EQ(row.first_name, "Иван");
    EXPECT_EQ(row.middle_name, "Иванович");
    EXPECT_EQ(row.class_name, (ClassName{5, "А"}));
    EXPECT_EQ(format_iso(row.birth_date), "2015-09-01");
    EXPECT_EQ(row.consent_date, parse_date("01.09.2026").value());
    EXPECT_EQ(row.has_access, true);
  }
  EXPECT_EQ(parse_ok("Surname;First Name;Class;DateOfBirth\nКим;Виктор;10;09.08.2010\n").size(),
            1u);
  EXPECT_EQ(parse_ok("Фамилия;Имя;Класс;Дата рожд.\nКим;Виктор;10;09.08.2010\n").size(), 1u);
}

TEST(RosterCsv, EmptyFileIsRefused) {
  const std::string expected =
      "roster.csv is empty: its first line must name the columns, like "
      "Фамилия;Имя;Отчество;Класс;Дата рождения, and each further line is one student";
  EXPECT_EQ(invalid_message(""), expected);
  EXPECT_EQ(invalid_message("\xEF\xBB\xBF"), expected);
  EXPECT_EQ(invalid_message("\r\n;;;;\r\n  ; \r\n"), expected);
}

TEST(RosterCsv, HeaderWithoutStudentsIsRefused) {
  const std::string expected = "roster.csv: no students: the file has a header line and no rows";
  EXPECT_EQ(invalid_message("Фамилия;Имя;Класс;Дата рождения"), expected);
  EXPECT_EQ(invalid_message("Фамилия;Имя;Класс;Дата рождения\r\n;;;\r\n\r\n"), expected);
}

TEST(RosterCsv, ClassSpellingsAreOneClass) {
  const std::vector<RosterRow> rows = parse_ok(
      "Фамилия;Имя;Класс;Дата рождения\n"
      "А;А;7Б;01.01.2013\nБ;Б;7 Б;01.01.2013\nВ;В;7-б;01.01.2013\n"
      "Г;Г; 7б ;01.01.2013\nД;Д;\"7 \"\"Б\"\"\";01.01.2013\nЕ;Е;7 «Б»;01.01.2013\n");
  ASSERT_EQ(rows.size(), 6u);
  for (const RosterRow& row : rows) EXPECT_EQ(row.class_name, (ClassName{7, "Б"})) << row.line;
}

// Spreadsheets write a date cell formatted as date and time with its time, and a short date
// format with two digits of the year; kToday is in 2026.
TEST(RosterCsv, DatesWithMidnightOrATwoDigitYearAreRead) {
  const std::vector<RosterRow> rows = parse_ok(
      "Фамилия;Имя;Класс;Дата рождения;Согласие\n"
      "А;А;7Б;01.03.2012 0:00:00;15.09.25 0:00\n"
      "Б;Б;7Б;2012-03-02T00:00;\n"
      "В;В;7Б;3.3.12;01.09.2026 00:00\n"
      "Г;Г;1А;30.11.19;\n");
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].birth_date, *parse_date("01.03.2012"));
  EXPECT_EQ(rows[0].consent_date, parse_date("15.09.2025").value());
  EXPECT_EQ(rows[1].birth_date, *parse_date("02.03.2012"));
  EXPECT_EQ(rows[2].birth_date, *parse_date("03.03.2012"));
  EXPECT_EQ(rows[2].consent_date, parse_date("01.09.2026").value());
  EXPECT_EQ(rows[3].birth_date, *parse_date("30.11.2019"));
  // 27 is after 2026: 1927, which makes no student, and a consent before the student's birth.
  // A time other than midnight may come from a time zone conversion that moved the day.
  EXPECT_EQ(invalid_message("Фамилия;Имя;Класс;Дата рождения;Согласие\n"
                            "А;А;7Б;01.03.27;\n"
                            "Б;Б;7Б;01.03.2012 21:00;\n"
                            "В;В;7Б;31.02.12 0:00;\n"
                            "Г;Г;7Б;01.03.2012;01.03.27\n"
                            "Д;Д;7Б;01.03.2012;T0:00\n"),
            std::string("roster.csv: 5 bad rows, nothing imported:\n"
                        "  line 2: birth date \"01.03.27\" makes the student 99 years old; "
                        "students are at most 25\n"
                        "  line 3: birth date \"01.03.2012 21:00\" is not in the form DD.MM.YYYY "
                        "or YYYY-MM-DD\n"
                        "  line 4: birth date \"31.02.12 0:00\" is not a real date\n"
                        "  line 5: consent date \"01.03.27\" is before the birth date\n"
                        "  line 6: consent date \"T0:00\" is not in the form DD.MM.YYYY or "
                        "YYYY-MM-DD") +
                std::string(kBadRowsAdvice));
}

// Spreadsheet exports often start with a title; the header below it may use another separator
// than the title line, and a title line may name a column ("Класс;7Б").
TEST(RosterCsv, TitleLinesAboveTheHeaderAreSkipped) {
  struct Case {
    std::string_view text;
    int student_line;
  };
  for (const Case& example : {
           Case{"Список учащихся 7Б класса;;;\n;;;\n"
                "\"Фамилия\";\"Имя\";\"Класс\";\"Дата рождения\"\nИванов;Иван;7Б;01.03.2012\n",
                4},
           Case{"Список учащихся\nФамилия,Имя,Класс,Дата рождения\nИванов,Иван,7Б,01.03.2012\n", 3},
           Case{"Список, 2026;;;\nКласс;7Б;;\n"
                "Фамилия;Имя;Класс;Дата рождения\nИванов;Иван;7Б;01.03.2012\n",
                4},
       }) {
    const std::vector<RosterRow> rows = parse_ok(example.text);
    ASSERT_EQ(rows.size(), 1u) << example.text;
    EXPECT_EQ(rows[0].last_name, "Иванов");
    EXPECT_EQ(rows[0].line, example.student_line) << example.text;
  }
  // The separator that finds the best header wins: a comma title naming one column loses.
  EXPECT_EQ(
      parse_ok("Класс, 7Б\nФамилия;Имя;Класс;Дата рождения\nИванов;Иван;7Б;01.03.2012\n").size(),
      1u);
  EXPECT_NE(invalid_message("Список учащихся\n\nФамилия;Имя;Класс\n")
                .find("columns found: \"Фамилия\", \"Имя\", \"Класс\". The header (line 3) must "
                      "name the columns"),
            std::string::npos);
  // Beyond roster_title_lines_max lines of title the header is not looked for.
  std::string far_down;
  for (size_t i = 0; i <= roster_title_lines_max; ++i) {
    far_down += "Заголовок " + std::to_string(i) + "\n";
  }
  far_down += "Фамилия;Имя;Класс;Дата рождения\nИванов;Иван;7Б;01.03.2012\n";
  EXPECT_NE(invalid_message(far_down).find("missing columns"), std::string::npos);
}

// Rosters write the word after the class; "7-й класс" is grade 7 (not a class 7Й). Only the
// roster reads it so (a group may be named «9 класс»).
TEST(RosterCsv, TheWordKlassAfterAClassIsDropped) {
  const std::vector<RosterRow> rows = parse_ok(
      "Фамилия;Имя;Класс;Дата рождения\n"
      "А;А;7Б класс;01.01.2013\nБ;Б;7 «Б» кл.;01.01.2013\nВ;В;7-б КЛАСС;01.01.2013\n"
      "Г;Г;7 класс;01.01.2013\nД;Д;7-й класс;01.01.2013\nЕ;Е;11-ый кл.;01.01.2010\n");
  ASSERT_EQ(rows.size(), 6u);
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(rows[i].class_name, (ClassName{7, "Б"})) << i;
  EXPECT_EQ(rows[3].class_name, (ClassName{7, ""}));
  EXPECT_EQ(rows[4].class_name, (ClassName{7, ""}));
  EXPECT_EQ(rows[5].class_name, (ClassName{11, ""}));
  EXPECT_EQ(invalid_message("Фамилия;Имя;Класс;Дата рождения\nА;А;12 класс;01.01.2013\n"),
            std::string("roster.csv: 1 bad row, nothing imported:\n"
                        "  line 2: class \"12 класс\": grade 12 is outside 1 to 11") +
                std::string(kBadRowsAdvice));
  EXPECT_FALSE(parse_class_name("9 класс").is_ok()) << "elsewhere it may name a group";
}

// A second row for a student is a mistake in the file, however it differs from the first: the
// import must not pick one of the classes, nor pass over a repeat unseen.
TEST(RosterCsv, AStudentNamedTwiceIsABadRowNamingTheFirstLine) {
  EXPECT_EQ(invalid_message("Фамилия;Имя;Отчество;Класс;Дата рождения\n"  // 1
                            "Иванов;Иван;Иванович;7Б;01.03.2013\n"        // 2
                            "Петров;Пётр;;7Б;01.03.2013\n"                // 3
                            "Иванов;Иван;Иванович;7Б;01.03.2013\n"        // 4: exactly again
                            "ИВАНОВ;иван;ИВАНОВИЧ;8А;2013-03-01\n"        // 5: another class
                            "Петров;Пётр;;7 б;01.03.2013\n"),             // 6: «7 б» is 7Б
            std::string("roster.csv: 3 bad rows, nothing imported:\n"
                        "  line 4: the same student as line 2 (Иванов Иван Иванович, 01.03.2013)\n"
                        "  line 5: the same student as line 2 (Иванов Иван Иванович, 01.03.2013), "
                        "but in class 8А where line 2 has 7Б\n"
                        "  line 6: the same student as line 3 (Петров Пётр, 01.03.2013)") +
                std::string(kBadRowsAdvice));
}

// School systems often write ё as е: «Петр» is «Пётр» misspelled, not another student.
TEST(RosterCsv, NamesWithYeForYoAreTheSameStudent) {
  EXPECT_EQ(invalid_message("Фамилия;Имя;Отчество;Класс;Дата рождения\n"
                            "Семёнов;Пётр;Артёмович;7Б;01.03.2013\n"
                            "Семенов;Петр;Артемович;7Б;01.03.2013\n"
                            "СЕМЁНОВ;ПЁТР;АРТЁМОВИЧ;8А;01.03.2013\n"),  // case alone: no note
            std::string("roster.csv: 2 bad rows, nothing imported:\n"
                        "  line 3: the same student as line 2 (Семёнов Пётр Артёмович, "
                        "01.03.2013), written \"Семенов Петр Артемович\" here (е and ё count as "
                        "one letter)\n"
                        "  line 4: the same student as line 2 (Семёнов Пётр Артёмович, "
                        "01.03.2013), but in class 8А where line 2 has 7Б") +
                std::string(kBadRowsAdvice));
}

TEST(RosterCsv, NamesakesBornOnOtherDaysAreOtherStudents) {
  const std::vector<RosterRow> rows = parse_ok(
      "Фамилия;Имя;Отчество;Класс;Дата рождения\n"
      "Иванов;Иван;Иванович;5А;01.09.2015\n"
      "Иванов;Иван;Иванович;5А;02.09.2015\n"
      "Иванов;Иван;Петрович;5А;01.09.2015\n");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].line, 4);
}

TEST(RosterCsv, AccessAcceptsRussianEnglishDigitsAndSigns) {
  const std::vector<RosterRow> rows = parse_ok(
      "Фамилия;Имя;Класс;Дата рождения;Доступ\n"
      "А;А;5А;01.09.2015;да\nБ;Б;5А;01.09.2015;НЕТ\nВ;В;5А;01.09.2015;Yes\n"
      "Г;Г;5А;01.09.2015;no\nД;Д;5А;01.09.2015;1\nЕ;Е;5А;01.09.2015;0\n"
      "Ж;Ж;5А;01.09.2015;+\nЗ;З;5А;01.09.2015;-\nИ;И;5А;01.09.2015; \n");
  const std::vector<std::optional<bool>> expected = {true,  false, true,  false,       true,
                                                     false, true,  false, std::nullopt};
  ASSERT_EQ(rows.size(), expected.size());
  for (size_t i = 0; i < rows.size(); ++i) EXPECT_EQ(rows[i].has_access, expected[i]) << i;
}

TEST(RosterCsv, LimitsFileSize) {
  const std::string text(roster_bytes_max + 1, ' ');
  EXPECT_EQ(invalid_message(text),
            "roster.csv is 67108865 bytes; a roster may have at most 67108864 bytes: split it "
            "by class and import each part");
}

TEST(RosterCsv, LimitsStudentCount) {
  std::string text = "Фамилия;Имя;Класс;Дата рождения\n";
  for (size_t i = 0; i <= roster_rows_max; ++i) text += "Иванов;Иван;5А;01.09.2015\n";
  EXPECT_EQ(invalid_message(text),
            "roster.csv has more than 100000 students: split it by class and import each part");
}

TEST(RosterCsv, LimitsColumnsAndValueLength) {
  const std::string header_advice =
      ". The first line must name the columns, like Фамилия;Имя;Отчество;Класс;Дата рождения";
  EXPECT_EQ(
      invalid_message(std::string(roster_columns_max, ';') + "Фамилия\n"),
      "roster.csv: the first line has 101 columns; a roster may have at most 100" + header_advice);
  EXPECT_EQ(invalid_message("Фамилия;" + std::string(roster_value_bytes_max + 1, 'x') + "\n"),
            "roster.csv: column 2 of the first line holds 201 bytes, too many for a column name" +
                header_advice);
  EXPECT_EQ(invalid_message("Фамилия;Имя;Класс;Дата рождения;Примечание\n" +
                            std::string(roster_value_bytes_max + 1, 'x') +
                            ";Иван;5А;01.09.2015;\n"
                            "Петров;Пётр;5А;01.09.2015;" +
                            std::string(roster_value_bytes_max * 2, 'y') + "\n" +
                            "Сидоров;Олег;5А;01.09.2015" + std::string(500, ';') + "\n"),
            "roster.csv: 2 bad rows, nothing imported:\n"
            "  line 2: column 1 holds 201 bytes; a roster value may have at most 200\n"
            "  line 4: 504 fields where the header has 5 (a value that contains the separator "
            "must be in double quotes)" +
                std::string(kBadRowsAdvice));
}

TEST(RosterCsv, UndecodableByteFailsTheImport) {
  EXPECT_EQ(invalid_message("Фамилия;Имя;Класс;Дата рождения\n\x98;Иван;5А;01.09.2015\n"),
            "roster.csv line 2: byte 0x98 is neither UTF-8 nor Windows-1251 text: save it as "
            "\"CSV UTF-8\" (Excel: File, Save As) and import that file");
}

TEST(RosterCsvSample, Windows1251ExportWithAddressesAndCrlf) {
  const std::vector<RosterRow> rows = parse_ok(read_test_file("school_cp1251_semicolon.csv"));
  ASSERT_EQ(rows.size(), 7u);
  EXPECT_EQ(rows[0].last_name, "Алексеев");
  EXPECT_EQ(rows[0].class_name, (ClassName{5, "А"}));
  EXPECT_EQ(rows[0].consent_date, parse_date("01.09.2026").value());
  EXPECT_EQ(rows[0].has_access, true);
  EXPECT_EQ(rows[1].class_name, (ClassName{5, "А"}));
  EXPECT_EQ(rows[1].has_access, false);
  EXPECT_EQ(rows[2].last_name, "Ёлкина");
  EXPECT_EQ(rows[2].first_name, "Алёна");
  EXPECT_EQ(rows[3].last_name, "Петрова-Водкина");
  EXPECT_EQ(rows[3].has_access, std::nullopt);
  EXPECT_EQ(rows[4].last_name, "Семёнов");
  EXPECT_EQ(rows[4].line, 6);
  EXPECT_EQ(rows[4].class_name, (ClassName{7, "Б"}));
  EXPECT_EQ(rows[5].last_name, "Ким");
  EXPECT_EQ(rows[5].line, 8);  // the address above spans two lines
  EXPECT_EQ(rows[5].class_name, (ClassName{10, ""}));
  EXPECT_EQ(rows[6].class_name, (ClassName{11, "В"}));
  EXPECT_EQ(format_ru(rows[6].birth_date), "23.04.2009");
}

TEST(RosterCsvSample, Utf8ExportWithByteOrderMarkAndEnglishHeaders) {
  const std::vector<RosterRow> rows = parse_ok(read_test_file("school_utf8_bom_comma.csv"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].last_name, "Иванов");
  EXPECT_EQ(rows[0].consent_date, parse_date("2026-09-01").value());
  EXPECT_EQ(rows[1].last_name, "Гончаренко-Сабурова");
  EXPECT_EQ(rows[1].first_name, "Анна-Мария");
  EXPECT_EQ(rows[1].class_name, (ClassName{1, "А"}));
  EXPECT_EQ(rows[2].last_name, "Nguyen");
  EXPECT_EQ(rows[2].first_name, "Thi Lan");
  EXPECT_EQ(rows[2].has_access, std::nullopt);
  EXPECT_EQ(rows[3].last_name, "ЁЖИКОВ");
  EXPECT_EQ(format_iso(rows[3].birth_date), "2016-02-29");
  EXPECT_EQ(rows[3].line, 5);
}

TEST(RosterCsvSample, ExportWithMistakesListsEachOne) {
  Result<std::vector<RosterRow>> rows =
      parse_roster_csv(read_test_file("school_with_mistakes.csv"), "8a.csv", kToday);
  ASSERT_FALSE(rows.is_ok());
  EXPECT_EQ(rows.status().message(),
            std::string("8a.csv: 5 bad rows, nothing imported:\n"
                        "  line 3: birth date \"31.02.2012\" is not a real date\n"
                        "  line 4: last name is empty\n"
                        "  line 5: class \"18А\": grade 18 is outside 1 to 11\n"
                        "  line 6: birth date \"07.07.2062\" is in the future\n"
                        "  line 7: consent date \"сентябрь\" is not in the form DD.MM.YYYY or "
                        "YYYY-MM-DD") +
                std::string(kBadRowsAdvice));
}

}  // namespace
}  // namespace parta
