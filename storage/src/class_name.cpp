#include "parta/storage/class_name.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cassert>
#include <charconv>
#include <optional>
#include <utility>

#include "parta/storage/text_encoding.h"

namespace parta {
namespace {

// What people put between or around a grade and its letter; none of it changes the class.
constexpr std::array<std::string_view, 12> kClassNameDecorations = {
    " ", "\t", "\xC2\xA0", "-", "–", "\"", "'", "«", "»", "“", "”", "„"};

// Latin capitals that look like Cyrillic ones; typed by mistake on a Latin keyboard layout.
constexpr std::array<std::pair<char, std::string_view>, 11> kCyrillicLookAlikes = {{
    {'A', "А"},
    {'B', "В"},
    {'E', "Е"},
    {'K', "К"},
    {'M', "М"},
    {'H', "Н"},
    {'O', "О"},
    {'P', "Р"},
    {'C', "С"},
    {'T', "Т"},
    {'X', "Х"},
}};

std::string without_decorations(std::string_view text) {
  std::string kept;
  while (!text.empty()) {
    const auto decoration =
        std::find_if(kClassNameDecorations.begin(), kClassNameDecorations.end(),
                     [text](std::string_view d) { return text.starts_with(d); });
    if (decoration != kClassNameDecorations.end()) {
      text.remove_prefix(decoration->size());
      continue;
    }
    kept += text.front();
    text.remove_prefix(1);
  }
  return kept;
}

bool is_uppercase_cyrillic_letter(std::string_view letter) {
  return letter == "Ё" || (letter.size() == 2 && letter >= "А" && letter <= "Я");
}

// The letter after the grade as an uppercase Cyrillic letter, "" if there is none, or nullopt if
// `rest` is anything but one letter.
std::optional<std::string> class_letter(std::string_view rest) {
  const std::string letter = utf8_to_upper_ru(without_decorations(rest));
  if (letter.empty() || is_uppercase_cyrillic_letter(letter)) return letter;
  for (const auto& [latin, cyrillic] : kCyrillicLookAlikes) {
    if (letter.size() == 1 && letter[0] == latin) return std::string(cyrillic);
  }
  return std::nullopt;
}

Status not_a_class_name(std::string_view text) {
  return Status::invalid(fmt::format(
      "class \"{}\" is not a class name: expected a grade from {} to {} and at most one letter, "
      "like 7Б",
      text, grade_min, grade_max));
}

// Upper-cases the two-byte UTF-8 sequence starting at `text[at]` if it is а-я or ё.
void upper_cyrillic_at(std::string& text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  const auto next = static_cast<unsigned char>(text[at + 1]);
  if ((lead & 0xE0) != 0xC0 || (next & 0xC0) != 0x80) return;
  const char32_t code_point = ((lead & 0x1Fu) << 6) | (next & 0x3Fu);
  char32_t upper;
  if (code_point >= U'а' && code_point <= U'я') {
    upper = code_point - (U'а' - U'А');
  } else if (code_point == U'ё') {
    upper = U'Ё';
  } else {
    return;
  }
  text[at] = static_cast<char>(0xC0 | (upper >> 6));
  text[at + 1] = static_cast<char>(0x80 | (upper & 0x3F));
}

}  // namespace

std::string ClassName::display() const { return std::to_string(grade) + letter; }

Result<ClassName> parse_class_name(std::string_view text) {
  text = trim_whitespace(text);
  if (text.empty()) return Status::invalid("class is empty");
  const size_t digits = std::min(text.find_first_not_of("0123456789"), text.size());
  if (digits == 0 || digits > 2) return not_a_class_name(text);
  std::optional<std::string> letter = class_letter(text.substr(digits));
  if (!letter) return not_a_class_name(text);

  int grade = 0;
  std::from_chars(text.data(), text.data() + digits, grade);
  if (grade < grade_min || grade > grade_max) {
    return Status::invalid(fmt::format("class \"{}\": grade {} is outside {} to {}", text, grade,
                                       grade_min, grade_max));
  }
  return ClassName{grade, std::move(*letter)};
}

int expected_lesson_minutes(int grade) {
  assert(grade >= grade_min && grade <= grade_max);
  if (grade <= 4) return 15;
  if (grade <= 9) return 20;
  return 30;
}

std::string utf8_to_upper_ru(std::string_view text) {
  std::string upper(text);
  for (size_t i = 0; i < upper.size(); ++i) {
    if (upper[i] >= 'a' && upper[i] <= 'z') {
      upper[i] = static_cast<char>(upper[i] - 'a' + 'A');
    } else if (i + 1 < upper.size()) {
      upper_cyrillic_at(upper, i);
    }
  }
  return upper;
}

std::string name_match_key(std::string_view text) {
  std::string key = utf8_to_upper_ru(text);
  constexpr std::string_view kYo = "Ё", kYe = "Е";
  static_assert(kYo.size() == kYe.size(), "replaced in place");
  for (size_t at = key.find(kYo); at != std::string::npos; at = key.find(kYo, at)) {
    key.replace(at, kYo.size(), kYe);
  }
  return key;
}

}  // namespace parta
