// Russian number agreement; see russian_wording.h.
#include "russian_wording.h"

#include <fmt/format.h>

namespace parta::paper {

std::string minutes_ru(uint32_t minutes) {
  uint32_t last_two = minutes % 100;
  uint32_t last = minutes % 10;
  std::string_view word = "минут";
  if (last_two < 11 || last_two > 14) {
    if (last == 1) word = "минута";
    if (last >= 2 && last <= 4) word = "минуты";
  }
  return fmt::format("{} {}", minutes, word);
}

std::string on_pages_ru(uint32_t first, uint32_t last) {
  if (first == last) return fmt::format("на странице {}", first);
  return fmt::format("на страницах {}–{}", first, last);
}

}  // namespace parta::paper
