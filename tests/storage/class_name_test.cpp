#include "parta/storage/class_name.h"

#include <gtest/gtest.h>

namespace parta {
namespace {

ClassName class_name(std::string_view text) {
  Result<ClassName> parsed = parse_class_name(text);
  EXPECT_TRUE(parsed.is_ok()) << parsed.status().message();
  return parsed ? *parsed : ClassName{};
}

void expect_invalid(std::string_view text, std::string_view message) {
  Result<ClassName> parsed = parse_class_name(text);
  ASSERT_FALSE(parsed.is_ok()) << text;
  EXPECT_EQ(parsed.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(parsed.status().message(), message);
}

std::string not_a_class_name(std::string_view text) {
  return "class \"" + std::string(text) +
         "\" is not a class name: expected a grade from 1 to 11 and at most one letter, like 7Б";
}

TEST(ClassName, SpellingsOfOneClassAreEqual) {
  const ClassName expected{7, "Б"};
  for (std::string_view text :
       {"7Б", "7 Б", "7-б", " 7б ", "7 \"Б\"", "7«Б»", "7 «б»", "7–Б", "\t7\xC2\xA0Б", "7'б'"}) {
    EXPECT_EQ(class_name(text), expected) << text;
  }
}

TEST(ClassName, DisplaysGradeAndLetter) {
  EXPECT_EQ(class_name("7 б").display(), "7Б");
  EXPECT_EQ(class_name("11-ё").display(), "11Ё");
  EXPECT_EQ(class_name(" 10 ").display(), "10");
}

TEST(ClassName, GradeWithoutLetterIsAClass) {
  EXPECT_EQ(class_name("10"), (ClassName{10, ""}));
  EXPECT_EQ(class_name("1"), (ClassName{1, ""}));
}

TEST(ClassName, LatinLookAlikesBecomeCyrillic) {
  constexpr std::string_view latin_upper = "ABEKMHOPCTX";
  constexpr std::string_view latin_lower = "abekmhopctx";
  const std::string_view cyrillic[] = {"А", "В", "Е", "К", "М", "Н", "О", "Р", "С", "Т", "Х"};
  for (size_t i = 0; i < latin_upper.size(); ++i) {
    EXPECT_EQ(class_name(std::string("5") + latin_upper[i]).letter, cyrillic[i]) << i;
    EXPECT_EQ(class_name(std::string("5") + latin_lower[i]).letter, cyrillic[i]) << i;
  }
}

TEST(ClassName, GradeOutsideOneToElevenIsInvalid) {
  expect_invalid("0А", "class \"0А\": grade 0 is outside 1 to 11");
  expect_invalid("12 А", "class \"12 А\": grade 12 is outside 1 to 11");
  expect_invalid("00", "class \"00\": grade 0 is outside 1 to 11");
}

TEST(ClassName, GarbageIsInvalidAndQuoted) {
  expect_invalid("", "class is empty");
  expect_invalid("  ", "class is empty");
  for (std::string_view text :
       {"А7", "7АБ", "7D", "7Y", "7 класс", "седьмой", "100А", "7Б1", "7.Б", "-7Б", "7 Б 2"}) {
    expect_invalid(text, not_a_class_name(text));
  }
}

TEST(ClassName, LessonMinutesFollowTheGrade) {
  EXPECT_EQ(expected_lesson_minutes(1), 15);
  EXPECT_EQ(expected_lesson_minutes(4), 15);
  EXPECT_EQ(expected_lesson_minutes(5), 20);
  EXPECT_EQ(expected_lesson_minutes(9), 20);
  EXPECT_EQ(expected_lesson_minutes(10), 30);
  EXPECT_EQ(expected_lesson_minutes(11), 30);
}

TEST(ClassName, UpperCasesAsciiAndRussianOnly) {
  EXPECT_EQ(utf8_to_upper_ru("абвгдеёжзийклмнопрстуфхцчшщъыьэюя"),
            "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ");
  EXPECT_EQ(utf8_to_upper_ru("Дата рождения, birth_date 7б"), "ДАТА РОЖДЕНИЯ, BIRTH_DATE 7Б");
  EXPECT_EQ(utf8_to_upper_ru("АБВ XYZ 123"), "АБВ XYZ 123");
  // Other letters, symbols and broken bytes are kept as they are.
  EXPECT_EQ(utf8_to_upper_ru("ü é ђ і € « \xD0"), "ü é ђ і € « \xD0");
}

TEST(ClassName, NameMatchKeyIgnoresCaseAndTakesYoForYe) {
  EXPECT_EQ(name_match_key("Пётр"), "ПЕТР");
  EXPECT_EQ(name_match_key("ПЁТР"), name_match_key("петр"));
  EXPECT_EQ(name_match_key("Ёлкина Алёна Семёновна"), "ЕЛКИНА АЛЕНА СЕМЕНОВНА");
  EXPECT_NE(name_match_key("Пётр"), name_match_key("Петра"));
  EXPECT_EQ(name_match_key("Nguyen Thi Lan"), "NGUYEN THI LAN");
  // Sorts as a class register does: е and ё together, between д and ж.
  EXPECT_LT(name_match_key("Дьяков"), name_match_key("Ёжиков"));
  EXPECT_LT(name_match_key("Ёжиков"), name_match_key("Ершова"));
  EXPECT_LT(name_match_key("Ершова"), name_match_key("Жуков"));
}

}  // namespace
}  // namespace parta
