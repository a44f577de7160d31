// School classes («7Б», «10») as people type them, and the grade rules that follow from them.
//
// A class is a grade 1..11 and at most one uppercase Cyrillic letter. People write the same
// class many ways («7Б», «7 б», «7-Б», «7 "Б"», or with a Latin B that looks the same); they all
// parse to one ClassName.
//
// How it fails: parse_class_name returns Status::kInvalid with a message that starts with
// `class` and quotes the text (`class "12А": grade 12 is outside 1 to 11`).
// expected_lesson_minutes asserts its grade: passing a grade outside 1..11 is a programming error.
//
// Thread safety: values and free functions without shared state.
#pragma once

#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

inline constexpr int grade_min = 1;
inline constexpr int grade_max = 11;

struct ClassName {
  int grade;           // grade_min..grade_max
  std::string letter;  // one uppercase Cyrillic letter in UTF-8, or empty («10»)

  // "7Б", or "10" without a letter.
  std::string display() const;
  bool operator==(const ClassName&) const = default;
};

// Reads a class name: a grade, optionally followed by one letter, with spaces, a hyphen or
// quotes between or around them. The letter may be lowercase or a Latin look-alike (A B E K M H
// O P C T X); it is stored as the uppercase Cyrillic letter.
Result<ClassName> parse_class_name(std::string_view text);

// Minutes a lesson lasts in distance learning: grades 1-4: 15, 5-9: 20, 10-11: 30.
int expected_lesson_minutes(int grade);

// `text` with ASCII letters and Russian letters (а-я, ё) upper-cased; every other byte is kept.
// `text` must be UTF-8.
std::string utf8_to_upper_ru(std::string_view text);

// `text` upper-cased (utf8_to_upper_ru) with «Ё» written as «Е»: the form in which names compare
// as people read them, since school systems often write ё as е («Пётр», «Петр» and «ПЕТР» give
// one key). Its bytes sort Russian letters in alphabetical order, е and ё together.
std::string name_match_key(std::string_view text);

}  // namespace parta
