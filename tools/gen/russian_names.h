// Russian personal names for generated schools: surname, first name and patronymic that agree in
// gender (Иванов Пётр Сергеевич, Иванова Алёна Сергеевна), drawn from tables of common names of
// two generations (children now at school; their parents and teachers).
//
// The agreement rules are the ones Russian registry offices apply: surnames in -ов/-ев/-ёв/-ин/-ын
// add -а, adjectival ones (-ский, -цкий, -ой, -ый) take -ая, the rest (Шевченко, Черных, Ковальчук)
// do not change; a double-barrelled surname agrees part by part (Римская-Корсакова). Patronymics
// follow from the father's first name (Андрей → Андреевич/Андреевна, Илья → Ильич/Ильинична).
//
// Thread safety: free functions over constant tables.
#pragma once

#include <string>
#include <string_view>

#include "seeded_random.h"

namespace parta::gen {

enum class Gender { kMale, kFemale };
// Names go in and out of fashion: a Милана is a schoolgirl, a Галина is her teacher.
enum class Generation { kChild, kAdult };

struct PersonName {
  std::string last_name;
  std::string first_name;
  std::string middle_name;  // the patronymic; empty for the few people who have none
  Gender gender = Gender::kMale;
};

struct Patronymic {
  std::string male;    // Сергеевич
  std::string female;  // Сергеевна
};

// A surname given in its masculine form (as the tables hold them), in the form for `gender`.
std::string surname_for(std::string_view masculine, Gender gender);
// The patronymics of a man's children. `father_first_name` must be a Russian male first name in
// UTF-8 ending in a consonant, -й, -ь or -а/-я.
Patronymic patronymic_from(std::string_view father_first_name);

// A full name for a person of `gender` born to `generation`, with a patronymic from a father of
// the generation before. About 2 in 100 surnames are double-barrelled.
PersonName draw_person_name(SeededRandom& random, Gender gender, Generation generation);

// «Иванова М. П.»: how a teacher signs a review.
std::string short_name(const PersonName& name);

}  // namespace parta::gen
