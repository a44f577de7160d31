// The curriculum tables; see school_subjects.h.
#include "school_subjects.h"

#include <algorithm>
#include <array>
#include <cassert>

namespace parta::gen {
namespace {

constexpr Subject kGrade1[] = {
    {"Русский язык", 5}, {"Литературное чтение", 4}, {"Математика", 4}, {"Окружающий мир", 2}};
constexpr Subject kGrades2To4[] = {{"Русский язык", 5},
                                   {"Литературное чтение", 4},
                                   {"Математика", 4},
                                   {"Окружающий мир", 2},
                                   {"Английский язык", 2}};
constexpr Subject kGrade5[] = {{"Русский язык", 5},   {"Литература", 3}, {"Математика", 5},
                               {"История", 2},        {"Биология", 1},   {"География", 1},
                               {"Английский язык", 3}};
constexpr Subject kGrade6[] = {{"Русский язык", 6}, {"Литература", 3},     {"Математика", 5},
                               {"История", 2},      {"Обществознание", 1}, {"Биология", 1},
                               {"География", 1},    {"Английский язык", 3}};
constexpr Subject kGrade7[] = {{"Русский язык", 4},    {"Литература", 2}, {"Алгебра", 3},
                               {"Геометрия", 2},       {"Физика", 2},     {"История", 2},
                               {"Обществознание", 1},  {"Биология", 1},   {"География", 2},
                               {"Английский язык", 3}, {"Информатика", 1}};
constexpr Subject kGrade8[] = {{"Русский язык", 3}, {"Литература", 2},      {"Алгебра", 3},
                               {"Геометрия", 2},    {"Физика", 2},          {"Химия", 2},
                               {"История", 2},      {"Обществознание", 1},  {"Биология", 2},
                               {"География", 2},    {"Английский язык", 3}, {"Информатика", 1}};
constexpr Subject kGrade9[] = {{"Русский язык", 3}, {"Литература", 3},      {"Алгебра", 3},
                               {"Геометрия", 2},    {"Физика", 3},          {"Химия", 2},
                               {"История", 2},      {"Обществознание", 1},  {"Биология", 2},
                               {"География", 2},    {"Английский язык", 3}, {"Информатика", 1}};
constexpr Subject kGrades10To11[] = {
    {"Русский язык", 2}, {"Литература", 3}, {"Алгебра", 3},         {"Геометрия", 2},
    {"Физика", 2},       {"Химия", 1},      {"История", 2},         {"Обществознание", 2},
    {"Биология", 1},     {"География", 1},  {"Английский язык", 3}, {"Информатика", 1}};

constexpr std::string_view kPrimary[] = {"Русский язык", "Литературное чтение", "Математика",
                                         "Окружающий мир"};
constexpr std::string_view kRussian[] = {"Русский язык", "Литература"};
constexpr std::string_view kMathematics[] = {"Математика", "Алгебра", "Геометрия"};
constexpr std::string_view kEnglish[] = {"Английский язык"};
constexpr std::string_view kHistory[] = {"История", "Обществознание"};
constexpr std::string_view kPhysics[] = {"Физика"};
constexpr std::string_view kNaturalSciences[] = {"Химия", "Биология"};
constexpr std::string_view kGeography[] = {"География"};
constexpr std::string_view kInformatics[] = {"Информатика"};

constexpr Speciality kSpecialities[] = {
    {"начальные классы", kPrimary, 1, 4, true},
    {"русский язык и литература", kRussian, 5, 11, false},
    {"математика", kMathematics, 5, 11, false},
    {"английский язык", kEnglish, 2, 11, false},
    {"история и обществознание", kHistory, 5, 11, false},
    {"физика", kPhysics, 7, 11, false},
    {"химия и биология", kNaturalSciences, 5, 11, false},
    {"география", kGeography, 5, 11, false},
    {"информатика", kInformatics, 7, 11, false},
};

constexpr std::string_view kComputational[] = {"Математика", "Алгебра", "Геометрия",
                                               "Физика",     "Химия",   "Информатика"};

}  // namespace

std::span<const Subject> subjects_of_grade(int grade) {
  assert(grade >= 1 && grade <= 11);
  switch (grade) {
    case 1:
      return kGrade1;
    case 2:
    case 3:
    case 4:
      return kGrades2To4;
    case 5:
      return kGrade5;
    case 6:
      return kGrade6;
    case 7:
      return kGrade7;
    case 8:
      return kGrade8;
    case 9:
      return kGrade9;
    default:
      return kGrades10To11;
  }
}

std::span<const Speciality> specialities() { return kSpecialities; }

bool is_computational(std::string_view subject) {
  return std::find(std::begin(kComputational), std::end(kComputational), subject) !=
         std::end(kComputational);
}

}  // namespace parta::gen
