// Question and answer templates for consultations; see consultation_texts.h.
#include "consultation_texts.h"

#include <fmt/format.h>

namespace parta::gen {
namespace {

// In a question, `{0}` is the topic, `{1}` a task number, `{2}` the student's past-tense ending
// ("" or "а") and `{3}` the end of «нашёл»/«нашла». In an answer, `{0}` is a paragraph or
// exercise number, `{1}` the teacher's past-tense ending, `{2}` a room number and `{3}` the
// student's past-tense ending.
struct Dialogue {
  std::string_view question;
  std::string_view answers[2];
};

constexpr Dialogue kDialogues[] = {
    {"Здравствуйте! Не понимаю, как решать задание {1} по теме «{0}». Можете объяснить?",
     {"Здравствуй! Посмотри разобранный пример в параграфе {0}, там такой же случай.",
      "Разберём на консультации завтра после уроков, подходи в кабинет {2}."}},
    {"Здравствуйте! Я пропустил{2} урок по теме «{0}», болел{2}. Что нужно сделать?",
     {"Выздоравливай! Прочитай параграф {0} и выполни задания после него, сдашь через неделю.",
      "Ничего страшного. Задание прикрепил{1} в системе, срок сдачи продлил{1}."}},
    {"Можно сдать работу по теме «{0}» на день позже? Вчера не работал интернет.",
     {"Да, можно. Пришли работу до конца недели.",
      "Хорошо, срок продлил{1} до пятницы. Если интернета не будет — сдай в тетради."}},
    {"Правильно ли я понял{2}, что в задании {1} нужно записать только ответ?",
     {"Нет, нужно записать решение полностью, не только ответ.",
      "Да, в этом задании достаточно ответа, но в остальных пиши решение."}},
    {"Здравствуйте! Где найти материалы по теме «{0}»? В учебнике не наш{3}.",
     {"Материалы прикрепил{1} к заданию, проверь ещё раз.",
      "Это параграф {0} учебника, а презентацию я прикрепил{1} к заданию."}},
    {"Не открывается файл с заданием по теме «{0}», пришлите, пожалуйста, ещё раз.",
     {"Файл отправил{1} ещё раз. Если не откроется — напиши, распечатаю задание на бумаге.",
      "Перезалил{1} файл в формате PDF, попробуй открыть сейчас."}},
    {"Я отправил{2} работу по теме «{0}», но она не отображается. Вы её получили?",
     {"Работу получил{1}, проверю до пятницы.",
      "Пока не вижу, отправь, пожалуйста, ещё раз или принеси в тетради."}},
    {"Здравствуйте, в задании {1} по теме «{0}» у меня получается другой ответ, чем в учебнике.",
     {"Посмотри ещё раз начало решения, ошибка там. Ответ в учебнике верный.",
      "В учебнике опечатка, твой ответ правильный. Молодец, что проверил{3}!"}},
};

std::string_view past_ending(Gender gender) { return gender == Gender::kFemale ? "а" : ""; }

}  // namespace

ConsultationText draw_consultation_text(SeededRandom& random, Gender student, Gender teacher,
                                        std::string_view topic) {
  const Dialogue& dialogue = random.pick_from(kDialogues);
  // «нашёл» / «нашла»: the stem changes too, so the ending includes it.
  std::string_view found = student == Gender::kFemale ? "ла" : "ёл";
  ConsultationText text;
  text.question = fmt::format(fmt::runtime(dialogue.question), topic, random.pick_between(1, 5),
                              past_ending(student), found);
  text.answer =
      fmt::format(fmt::runtime(random.pick_from(dialogue.answers)), random.pick_between(3, 40),
                  past_ending(teacher), random.pick_between(101, 315), past_ending(student));
  return text;
}

}  // namespace parta::gen
