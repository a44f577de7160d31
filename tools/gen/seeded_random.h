// SeededRandom: the generator's only source of randomness, so one seed replays one school exactly.
//
// Draws come from std::mt19937_64, whose output sequence the C++ standard fixes, through our own
// integer arithmetic: the standard distributions (std::uniform_int_distribution and friends) are
// implementation-defined and would give a different school on another standard library. No
// floating point is involved either. Each part of the plan draws from its own stream, so adding a
// draw to, say, the daily events leaves the roster of a given seed unchanged.
//
// Thread safety: none; a generator belongs to one thread.
#pragma once

#include <cassert>
#include <cstdint>
#include <iterator>
#include <random>

namespace parta::gen {

// Never renumber: the number is part of every stream's seed.
enum class RandomStream : uint64_t {
  kRoster = 1,  // classes, students
  kStaff = 2,   // teachers and who teaches which class
  kDays = 3,    // attendance, assignments, results, consultations
  kSchool = 4,  // the school's name
};

class SeededRandom {
 public:
  SeededRandom(uint64_t seed, RandomStream stream);

  // Uniform in [0, n). `n` must be positive.
  uint64_t pick(uint64_t n);
  // Uniform in [low, high]; `low` must not exceed `high`.
  int pick_between(int low, int high);
  // True with probability per_mille / 1000.
  bool chance_per_mille(int per_mille);

  // A uniformly chosen element of a non-empty array, vector or span.
  template <typename Container>
  const auto& pick_from(const Container& items) {
    assert(std::size(items) > 0);
    return items[pick(std::size(items))];
  }

 private:
  std::mt19937_64 engine_;
};

}  // namespace parta::gen
