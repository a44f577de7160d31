// What a teacher writes under a reviewed work. About 7 reviews in 10 get a short stock phrase that
// fits the score («Молодец!», «Проверь вычисления.»); the rest get two to four sentences composed
// from fragments that name a task, the mistake and what to do about it, so that they are all but
// unique — the mix a compression dictionary for reviews has to cope with.
//
// Thread safety: free functions over constant tables.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "seeded_random.h"

namespace parta::gen {

// A review text for a work in `subject` scored `score` out of 5 (2..5).
std::string draw_review_remark(SeededRandom& random, std::string_view subject, uint32_t score);

}  // namespace parta::gen
