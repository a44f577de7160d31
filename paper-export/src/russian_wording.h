// Russian words that change with a number or with how a student is addressed, for the text
// printed in packets (paper-export internal).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace parta::paper {

// "1 минута", "3 минуты", "20 минут".
std::string minutes_ru(uint32_t minutes);
// "на странице 2" or "на страницах 2–4".
std::string on_pages_ru(uint32_t first, uint32_t last);

// Primary school pupils are addressed as «ты», older ones as «вы» (as teachers write).
class Address {
 public:
  explicit Address(int grade) : informal_(grade >= 1 && grade <= 4) {}
  bool informal() const { return informal_; }
  std::string_view pick(std::string_view formal, std::string_view informal) const {
    return informal_ ? informal : formal;
  }

 private:
  bool informal_;
};

}  // namespace parta::paper
