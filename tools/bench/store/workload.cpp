// Generates the benchmark's results; see workload.h.
#include "workload.h"

#include <array>

#include <fmt/format.h>

#include "parta/storage/record_key.h"

namespace parta::bench {
namespace {

// 2026-09-01 09:00 Moscow time: the first day of the school year.
constexpr int64_t kFirstSubmissionMs = 1788242400000;
constexpr int64_t kHourMs = 60 * 60 * 1000;
constexpr int kUniqueReviewPercent = 30;
constexpr int kPaperPercent = 25;

constexpr std::array<std::string_view, 16> kStockReviews = {"Молодец!",
                                                            "Отлично!",
                                                            "Хорошо.",
                                                            "Зачтено.",
                                                            "Умница!",
                                                            "Проверь вычисления в задаче 3",
                                                            "Проверь вычисления в задаче 5",
                                                            "Не забудь про единицы измерения.",
                                                            "Перепиши аккуратнее.",
                                                            "Верно, но нет пояснений к решению.",
                                                            "Хорошая работа, так держать!",
                                                            "Ошибка в знаке во второй задаче.",
                                                            "Доделай последнее задание.",
                                                            "Повтори правило в учебнике, § 12.",
                                                            "Много исправлений, будь внимательнее.",
                                                            "Ответ верный, оформление неполное."};

// Sentences of the longer comments; {0} and {1} take small numbers.
constexpr std::array<std::string_view, 14> kCommentSentences = {
    "В задаче {0} ошибка при переносе слагаемого: знак должен смениться.",
    "Решение примера {0} верное, но ответ записан не полностью.",
    "Обрати внимание на оформление: в задачах {0} и {1} нет единиц измерения.",
    "Во втором абзаце {0} орфографические ошибки, выпиши эти слова в словарик.",
    "Посмотри ещё раз параграф {1}, там разобран такой же пример.",
    "План ответа выстроен хорошо, но вывод стоит сформулировать точнее.",
    "Проверяй ответ подстановкой: в примере {0} это сразу показало бы ошибку.",
    "Чертёж к задаче {0} выполнен небрежно, подпиши вершины и отметь прямые углы.",
    "Текст пересказан близко к оригиналу, не хватает твоих собственных мыслей.",
    "Закономерность найдена верно, осталось доказать её для любого n.",
    "Работа сдана на {0} дн. позже срока; в следующий раз предупреди заранее.",
    "Неверно определено подлежащее в предложении {1}.",
    "Хорошо, что ты подробно показал ход рассуждений в задаче {0}.",
    "Перевод в задании {0} дословный, попробуй передать смысл своими словами."};

constexpr std::array<std::string_view, 12> kFirstNames = {"Аня",  "Миша",   "Саша",   "Даша",
                                                          "Ваня", "Полина", "Артём",  "Софья",
                                                          "Егор", "Катя",   "Никита", "Вика"};

constexpr std::array<std::string_view, 8> kReviewers = {
    "Иванова Мария Петровна",      "Кузнецов Андрей Викторович", "Смирнова Ольга Николаевна",
    "Попова Елена Сергеевна",      "Соколов Дмитрий Ильич",      "Лебедева Наталья Юрьевна",
    "Морозова Татьяна Алексеевна", "Волков Сергей Геннадьевич"};

constexpr std::array<std::string_view, 6> kEssaySentences = {
    "Главный герой рассказа меняется, когда понимает цену дружбы.",
    "Автор показывает природу через чувства мальчика.",
    "Я считаю, что поступок Васютки был смелым и разумным.",
    "Весной в нашем посёлке тает снег и прилетают грачи.",
    "Пётр Первый основал город на Неве в 1703 году.",
    "Вода кипит при ста градусах, если давление нормальное."};

}  // namespace

ResultStream::ResultStream(uint64_t seed) : random_(seed), clock_ms_(kFirstSubmissionMs) {}

size_t ResultStream::pick(size_t count) {
  return std::uniform_int_distribution<size_t>(0, count - 1)(random_);
}

std::string ResultStream::compose_answer() {
  if (pick(2) == 0) {
    return fmt::format("1) x = {}; 2) {},{} см; 3) {} кг", static_cast<int>(pick(40)) - 20,
                       pick(100), pick(10), pick(500));
  }
  std::string essay;
  for (size_t sentences = 2 + pick(4); sentences > 0; --sentences) {
    if (!essay.empty()) essay += ' ';
    essay += kEssaySentences[pick(kEssaySentences.size())];
  }
  return essay;
}

std::string ResultStream::compose_review(uint32_t score) {
  if (static_cast<int>(pick(100)) >= kUniqueReviewPercent) {
    return std::string(kStockReviews[pick(kStockReviews.size())]);
  }
  std::string comment = fmt::format("{}, ", kFirstNames[pick(kFirstNames.size())]);
  for (size_t sentences = 2 + pick(3); sentences > 0; --sentences) {
    comment += fmt::format(fmt::runtime(kCommentSentences[pick(kCommentSentences.size())]),
                           1 + pick(9), 1 + pick(40));
    comment += ' ';
  }
  comment += fmt::format("Оценка {} из 5.", score);
  return comment;
}

BenchResult ResultStream::next() {
  BenchResult result;
  result.student = RecordKey(kSchoolOrigin, 1 + pick(kStudentsCount)).to_string();
  result.assignment = RecordKey(kHubOrigin, 1 + pick(kAssignmentsCount)).to_string();
  bool paper = static_cast<int>(pick(100)) < kPaperPercent;
  result.channel = paper ? "paper" : "online";
  if (!paper) result.answer = compose_answer();
  clock_ms_ += static_cast<int64_t>(pick(60'000));
  result.submitted_ms = clock_ms_;
  constexpr std::array<uint32_t, 20> kScores = {5, 5, 5, 5, 5, 5, 5, 4, 4, 4,
                                                4, 4, 4, 4, 3, 3, 3, 3, 2, 2};
  result.score = kScores[pick(kScores.size())];
  result.review_text = compose_review(result.score);
  result.reviewer = kReviewers[pick(kReviewers.size())];
  result.reviewed_ms = clock_ms_ + static_cast<int64_t>(1 + pick(72)) * kHourMs;
  return result;
}

void ResultStream::next_batch(size_t count, std::vector<BenchResult>* out) {
  out->clear();
  out->reserve(count);
  for (size_t i = 0; i < count; ++i) out->push_back(next());
}

records::Submission submission_of(const BenchResult& result) {
  records::Submission submission;
  submission.set_student(result.student);
  submission.set_assignment(result.assignment);
  submission.set_channel(result.channel);
  submission.set_answer(result.answer);
  submission.set_submitted_ms(result.submitted_ms);
  return submission;
}

records::Review review_of(const BenchResult& result, std::string_view submission_key) {
  records::Review review;
  review.set_submission(std::string(submission_key));
  review.set_score(result.score);
  review.set_text(result.review_text);
  review.set_reviewer(result.reviewer);
  review.set_reviewed_ms(result.reviewed_ms);
  return review;
}

}  // namespace parta::bench
