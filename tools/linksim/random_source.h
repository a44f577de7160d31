// RandomSource: linksim's only source of randomness (jitter, random cut points), so one --seed
// replays the same link: the same jitter per packet and the same cut point per connection, in
// the order connections are accepted.
//
// Draws come from std::mt19937_64, whose output sequence the C++ standard fixes, through our own
// arithmetic rather than the implementation-defined standard distributions. Each user draws from
// its own stream, so a change in one (say, more jitter draws) leaves the others' draws unchanged.
//
// Thread safety: none; a source belongs to one thread.
#pragma once

#include <cstdint>
#include <random>

namespace parta::linksim {

// Never renumber: the number is part of every stream's seed.
enum class RandomStream : uint64_t {
  kJitterClientToTarget = 1,
  kJitterTargetToClient = 2,
  kCutPoints = 3,
};

class RandomSource {
 public:
  RandomSource(uint64_t seed, RandomStream stream);

  // Uniform in [0, 1), with 53 random bits.
  double unit();
  // Uniform in [0, max]; max must be below 2^53 so every value can be drawn.
  uint64_t up_to(uint64_t max);
  // Exponentially distributed with the given mean (> 0), rounded up, at least 1.
  uint64_t exponential_at_least_one(double mean);

 private:
  std::mt19937_64 engine_;
};

}  // namespace parta::linksim
