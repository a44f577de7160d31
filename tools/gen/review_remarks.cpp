// Stock phrases and fragments of teachers' reviews; see review_remarks.h.
#include "review_remarks.h"

#include <fmt/format.h>

#include <cassert>
#include <vector>

#include "school_subjects.h"

namespace parta::gen {
namespace {

constexpr int kComposedPerMille = 300;

// What kind of mistakes a subject's works have.
enum class WorkKind { kComputational, kLanguage, kOther };

WorkKind work_kind(std::string_view subject) {
  if (is_computational(subject)) return WorkKind::kComputational;
  for (std::string_view language :
       {"Русский язык", "Литература", "Литературное чтение", "Английский язык"}) {
    if (subject == language) return WorkKind::kLanguage;
  }
  return WorkKind::kOther;
}

// Indexed by score - 2.
constexpr std::string_view kStockByScore[][6] = {
    {"Переделай работу.", "Повтори тему и пересдай.", "Подойди на консультацию.",
     "Работа не принята, исправь ошибки.", "Переделай работу.", "Повтори тему и пересдай."},
    {"Нужно доработать.", "Повтори правило.", "Разбери ошибки.", "Много ошибок, будь внимательнее.",
     "Нужно доработать.", "Разбери ошибки."},
    {"Хорошо.", "Хорошая работа.", "Есть небольшие недочёты.", "Будь внимательнее.", "Хорошо.",
     "Почти без ошибок."},
    {"Молодец!", "Отлично!", "Умница!", "Отличная работа!", "Так держать!", "Всё верно."},
};

// A stock phrase tied to the kind of work, used for scores 3 and 4 now and then.
constexpr std::string_view kStockByKind[] = {"Проверь вычисления.", "Проверь орфографию.",
                                             "Ответ неполный."};

constexpr std::string_view kOpeningByScore[][6] = {
    {"Большая часть заданий не выполнена.", "Работа выполнена с грубыми ошибками.",
     "К сожалению, тема пока не усвоена.", "Выполнено меньше половины заданий.",
     "Работа сдана не полностью.", "Так работу принять не могу."},
    {"Работа выполнена частично.", "Тема усвоена не до конца.", "Есть существенные ошибки.",
     "Половина заданий решена верно.", "Старание видно, но ошибок много.",
     "Основное понятно, но не хватает точности."},
    {"Работа выполнена хорошо, но есть недочёты.", "В целом верно, но есть ошибки.",
     "Хорошая работа, почти всё правильно.", "Видно, что тема понятна, осталось немного.",
     "Неплохо, но можно лучше.", "Работа аккуратная, ошибок немного."},
    {"Работа выполнена полностью и аккуратно.", "Отличная работа, все задания решены верно.",
     "Видно, что тема хорошо понята.", "Очень хорошо, ответы полные и точные.",
     "Прекрасная работа!", "Всё решено верно и оформлено аккуратно."},
};

constexpr std::string_view kMistakeByKind[][6] = {
    {"ошибка в вычислениях", "потерян знак «минус»", "не записан ответ",
     "неверно применена формула", "не указаны единицы измерения", "нет проверки"},
    {"пропущены запятые", "ошибки в окончаниях", "ответ неполный, нужны примеры из текста",
     "есть орфографические ошибки", "перепутаны времена глагола", "не хватает вывода"},
    {"ответ слишком краткий", "перепутаны даты", "нет вывода", "неверно выбран вариант ответа",
     "не хватает примеров", "ответ не по вопросу"},
};

constexpr std::string_view kAdviceByKind[][4] = {
    {"Повтори правило в параграфе {}.", "Перед тем как записать ответ, сделай проверку.",
     "Реши ещё раз номер {} из учебника.", "Разбери пример на странице {} учебника."},
    {"Повтори правило в параграфе {}.", "Прочитай текст ещё раз внимательно.",
     "Выполни упражнение {} из учебника.", "Выпиши в словарик слова со страницы {}."},
    {"Перечитай параграф {}.", "Составь план ответа перед тем, как писать.",
     "Посмотри вопросы после параграфа {}.", "Посмотри схему на странице {} учебника."},
};

constexpr std::string_view kPraise[] = {
    "Особенно хорошо оформлено задание {}.",
    "Задание {} решено красивым способом.",
    "Понравился ответ на вопрос {}.",
    "В задании {} приведён удачный пример.",
    "Задание {} выполнено лучше всех в классе.",
};

constexpr std::string_view kClosings[] = {
    "Исправь ошибки до следующего урока.",
    "Жду исправленный вариант.",
    "Если будут вопросы — пиши.",
    "Продолжай в том же духе!",
    "Удачи на контрольной!",
    "Работу над ошибками сдай в тетради.",
    "Не забудь про следующее задание.",
    "",
};

constexpr int kSecondMistakePerMille = 400;

std::string mistakes(SeededRandom& random, size_t kind_row) {
  int task = random.pick_between(1, 6);
  std::string text =
      fmt::format("В задании {} {}", task, random.pick_from(kMistakeByKind[kind_row]));
  if (random.chance_per_mille(kSecondMistakePerMille)) {
    int other = random.pick_between(1, 5);
    if (other >= task) ++other;  // a different task
    text += fmt::format(", в задании {} — {}", other, random.pick_from(kMistakeByKind[kind_row]));
  }
  return text + ".";
}

std::string composed_remark(SeededRandom& random, WorkKind kind, uint32_t score) {
  const size_t kind_row = static_cast<size_t>(kind);
  std::string remark(random.pick_from(kOpeningByScore[score - 2]));
  if (score < 5) {
    remark += " " + mistakes(random, kind_row) + " ";
    remark += fmt::format(fmt::runtime(random.pick_from(kAdviceByKind[kind_row])),
                          random.pick_between(2, 60));
  } else {
    remark += " ";
    remark += fmt::format(fmt::runtime(random.pick_from(kPraise)), random.pick_between(1, 6));
  }
  std::string_view closing = random.pick_from(kClosings);
  if (!closing.empty()) {
    remark += " ";
    remark += closing;
  }
  return remark;
}

}  // namespace

std::string draw_review_remark(SeededRandom& random, std::string_view subject, uint32_t score) {
  assert(score >= 2 && score <= 5);
  WorkKind kind = work_kind(subject);
  if (random.chance_per_mille(kComposedPerMille)) return composed_remark(random, kind, score);
  if ((score == 3 || score == 4) && random.chance_per_mille(250)) {
    return std::string(kStockByKind[static_cast<size_t>(kind)]);
  }
  return std::string(random.pick_from(kStockByScore[score - 2]));
}

}  // namespace parta::gen
