// Name tables and gender agreement; see russian_names.h.
#include "russian_names.h"

#include <array>
#include <cassert>

namespace parta::gen {
namespace {

struct FirstName {
  std::string_view name;
  bool child;  // common among children at school now (born 2008–2020)
  bool adult;  // common among their parents and teachers (born 1960–1995)
};

constexpr FirstName kMaleFirstNames[] = {
    {"Александр", true, true},  {"Максим", true, true},     {"Михаил", true, true},
    {"Иван", true, true},       {"Дмитрий", true, true},    {"Кирилл", true, true},
    {"Андрей", true, true},     {"Егор", true, true},       {"Никита", true, true},
    {"Илья", true, true},       {"Алексей", true, true},    {"Роман", true, true},
    {"Владимир", true, true},   {"Ярослав", true, true},    {"Фёдор", true, true},
    {"Георгий", true, true},    {"Константин", true, true}, {"Лев", true, true},
    {"Пётр", true, true},       {"Семён", true, true},      {"Сергей", true, true},
    {"Павел", true, true},      {"Николай", true, true},    {"Денис", true, true},
    {"Артём", true, true},      {"Григорий", true, true},   {"Степан", true, true},
    {"Тимур", true, true},      {"Даниил", true, false},    {"Матвей", true, false},
    {"Тимофей", true, false},   {"Марк", true, false},      {"Глеб", true, false},
    {"Арсений", true, false},   {"Богдан", true, false},    {"Савва", true, false},
    {"Платон", true, false},    {"Макар", true, false},     {"Всеволод", true, false},
    {"Захар", true, false},     {"Мирон", true, false},     {"Евгений", false, true},
    {"Игорь", false, true},     {"Олег", false, true},      {"Юрий", false, true},
    {"Виктор", false, true},    {"Вадим", false, true},     {"Анатолий", false, true},
    {"Василий", false, true},   {"Геннадий", false, true},  {"Виталий", false, true},
    {"Валерий", false, true},   {"Антон", false, true},     {"Руслан", false, true},
    {"Станислав", false, true}, {"Борис", false, true},     {"Леонид", false, true},
    {"Аркадий", false, true},   {"Эдуард", false, true},    {"Вячеслав", false, true},
    {"Владислав", false, true}, {"Яков", false, true},
};

constexpr FirstName kFemaleFirstNames[] = {
    {"Анна", true, true},        {"Мария", true, true},     {"Екатерина", true, true},
    {"Дарья", true, true},       {"Анастасия", true, true}, {"Ксения", true, true},
    {"Ольга", true, true},       {"Татьяна", true, true},   {"Юлия", true, true},
    {"Елена", true, true},       {"Виктория", true, true},  {"Алёна", true, true},
    {"Вера", true, true},        {"Надежда", true, true},   {"Любовь", true, true},
    {"Марина", true, true},      {"Ирина", true, true},     {"Кристина", true, true},
    {"Алина", true, true},       {"Полина", true, true},    {"Евгения", true, true},
    {"Маргарита", true, true},   {"Софья", true, false},    {"Елизавета", true, false},
    {"Александра", true, false}, {"Алиса", true, false},    {"Варвара", true, false},
    {"Вероника", true, false},   {"Арина", true, false},    {"Ульяна", true, false},
    {"Василиса", true, false},   {"Милана", true, false},   {"Ева", true, false},
    {"Таисия", true, false},     {"Кира", true, false},     {"Валерия", true, false},
    {"Злата", true, false},      {"Есения", true, false},   {"Мирослава", true, false},
    {"Диана", true, false},      {"Яна", true, false},      {"Олеся", true, false},
    {"Наталья", false, true},    {"Светлана", false, true}, {"Галина", false, true},
    {"Людмила", false, true},    {"Нина", false, true},     {"Валентина", false, true},
    {"Оксана", false, true},     {"Лариса", false, true},   {"Тамара", false, true},
    {"Лидия", false, true},      {"Жанна", false, true},    {"Инна", false, true},
    {"Антонина", false, true},   {"Зинаида", false, true},  {"Раиса", false, true},
};

// Masculine forms; surname_for() derives the feminine ones.
constexpr std::string_view kSurnames[] = {
    "Иванов",     "Смирнов",    "Кузнецов",     "Попов",     "Васильев", "Петров",
    "Соколов",    "Михайлов",   "Новиков",      "Фёдоров",   "Морозов",  "Волков",
    "Алексеев",   "Лебедев",    "Семёнов",      "Егоров",    "Павлов",   "Козлов",
    "Степанов",   "Николаев",   "Орлов",        "Андреев",   "Макаров",  "Никитин",
    "Захаров",    "Зайцев",     "Соловьёв",     "Борисов",   "Яковлев",  "Григорьев",
    "Романов",    "Воробьёв",   "Сергеев",      "Кузьмин",   "Фролов",   "Александров",
    "Дмитриев",   "Королёв",    "Гусев",        "Киселёв",   "Ильин",    "Максимов",
    "Поляков",    "Сорокин",    "Виноградов",   "Ковалёв",   "Белов",    "Медведев",
    "Антонов",    "Тарасов",    "Жуков",        "Баранов",   "Филиппов", "Комаров",
    "Давыдов",    "Беляев",     "Герасимов",    "Богданов",  "Осипов",   "Сидоров",
    "Матвеев",    "Титов",      "Марков",       "Миронов",   "Крылов",   "Куликов",
    "Карпов",     "Власов",     "Мельников",    "Денисов",   "Гаврилов", "Тихонов",
    "Казаков",    "Афанасьев",  "Данилов",      "Савельев",  "Тимофеев", "Фомин",
    "Чернов",     "Абрамов",    "Мартынов",     "Ефимов",    "Щербаков", "Назаров",
    "Калинин",    "Исаев",      "Чернышёв",     "Быков",     "Маслов",   "Родионов",
    "Коновалов",  "Лазарев",    "Воронин",      "Климов",    "Филатов",  "Пономарёв",
    "Голубев",    "Кудрявцев",  "Прохоров",     "Наумов",    "Потапов",  "Журавлёв",
    "Овчинников", "Трофимов",   "Леонов",       "Соболев",   "Ермаков",  "Колесников",
    "Гончаров",   "Грачёв",     "Котов",        "Громов",    "Кириллов", "Малышев",
    "Ерёмин",     "Зимин",      "Цветков",      "Скворцов",  "Высоцкий", "Успенский",
    "Покровский", "Троицкий",   "Вознесенский", "Жуковский", "Толстой",  "Луговой",
    "Шевченко",   "Бондаренко", "Коваленко",    "Черных",    "Седых",    "Ковальчук",
};

// Masculine forms, agreed part by part.
constexpr std::string_view kDoubleBarrelledSurnames[] = {
    "Петров-Водкин",     "Римский-Корсаков",   "Мамин-Сибиряк", "Соколов-Микитов",
    "Голенищев-Кутузов", "Мусин-Пушкин",       "Лебедев-Кумач", "Бестужев-Рюмин",
    "Сухово-Кобылин",    "Немирович-Данченко", "Бонч-Бруевич",  "Грум-Гржимайло",
};
constexpr int kDoubleBarrelledPerMille = 20;

struct PatronymicException {
  std::string_view father;
  std::string_view male;
  std::string_view female;
};

// Names whose patronymics the general rules below get wrong.
constexpr PatronymicException kPatronymicExceptions[] = {
    {"Пётр", "Петрович", "Петровна"},        {"Лев", "Львович", "Львовна"},
    {"Павел", "Павлович", "Павловна"},       {"Михаил", "Михайлович", "Михайловна"},
    {"Яков", "Яковлевич", "Яковлевна"},      {"Дмитрий", "Дмитриевич", "Дмитриевна"},
    {"Георгий", "Георгиевич", "Георгиевна"}, {"Илья", "Ильич", "Ильинична"},
    {"Кузьма", "Кузьмич", "Кузьминична"},    {"Фома", "Фомич", "Фоминична"},
    {"Лука", "Лукич", "Лукинична"},
};

std::string with_suffix(std::string_view name, std::string_view drop, std::string_view add) {
  assert(name.ends_with(drop));
  std::string result(name.substr(0, name.size() - drop.size()));
  result += add;
  return result;
}

std::string surname_part_for(std::string_view masculine, Gender gender) {
  if (gender == Gender::kMale) return std::string(masculine);
  for (std::string_view adjectival : {"ий", "ый", "ой"}) {
    if (masculine.ends_with(adjectival)) return with_suffix(masculine, adjectival, "ая");
  }
  for (std::string_view possessive : {"ов", "ев", "ёв", "ин", "ын"}) {
    if (masculine.ends_with(possessive)) return std::string(masculine) + "а";
  }
  return std::string(masculine);  // Шевченко, Черных, Ковальчук, Бонч
}

template <size_t N>
std::string_view draw_first_name(SeededRandom& random, const FirstName (&table)[N],
                                 Generation generation) {
  // Redrawing until the generation fits keeps every name of that generation equally likely.
  for (;;) {
    const FirstName& candidate = random.pick_from(table);
    if (generation == Generation::kChild ? candidate.child : candidate.adult) return candidate.name;
  }
}

}  // namespace

std::string surname_for(std::string_view masculine, Gender gender) {
  std::string result;
  size_t start = 0;
  for (;;) {
    size_t hyphen = masculine.find('-', start);
    result += surname_part_for(masculine.substr(start, hyphen - start), gender);
    if (hyphen == std::string_view::npos) return result;
    result += '-';
    start = hyphen + 1;
  }
}

Patronymic patronymic_from(std::string_view father) {
  assert(!father.empty());
  for (const PatronymicException& exception : kPatronymicExceptions) {
    if (exception.father == father) {
      return {std::string(exception.male), std::string(exception.female)};
    }
  }
  if (father.ends_with("ий")) {  // Евгений → Евгеньевич
    return {with_suffix(father, "ий", "ьевич"), with_suffix(father, "ий", "ьевна")};
  }
  for (std::string_view soft : {"й", "ь"}) {  // Андрей → Андреевич, Игорь → Игоревич
    if (father.ends_with(soft)) {
      return {with_suffix(father, soft, "евич"), with_suffix(father, soft, "евна")};
    }
  }
  for (std::string_view vowel : {"а", "я"}) {  // Никита → Никитич, Никитична
    if (father.ends_with(vowel)) {
      return {with_suffix(father, vowel, "ич"), with_suffix(father, vowel, "ична")};
    }
  }
  return {std::string(father) + "ович", std::string(father) + "овна"};
}

PersonName draw_person_name(SeededRandom& random, Gender gender, Generation generation) {
  std::string_view surname = random.chance_per_mille(kDoubleBarrelledPerMille)
                                 ? random.pick_from(kDoubleBarrelledSurnames)
                                 : random.pick_from(kSurnames);
  PersonName name;
  name.gender = gender;
  name.last_name = surname_for(surname, gender);
  name.first_name = gender == Gender::kMale
                        ? draw_first_name(random, kMaleFirstNames, generation)
                        : draw_first_name(random, kFemaleFirstNames, generation);
  Patronymic patronymic =
      patronymic_from(draw_first_name(random, kMaleFirstNames, Generation::kAdult));
  name.middle_name = gender == Gender::kMale ? patronymic.male : patronymic.female;
  return name;
}

std::string short_name(const PersonName& name) {
  // The first letter of a Russian name is one two-byte UTF-8 sequence.
  auto initial = [](const std::string& part) { return part.substr(0, 2) + "."; };
  std::string result = name.last_name + " " + initial(name.first_name);
  if (!name.middle_name.empty()) result += " " + initial(name.middle_name);
  return result;
}

}  // namespace parta::gen
