// Seeded draws over mt19937_64; see random_source.h.
#include "random_source.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace parta::linksim {
namespace {

constexpr uint64_t kUnitBits = 53;  // a double's mantissa: every draw is exact

// std::seed_seq's algorithm is fixed by the standard, and spreads nearby seeds (1, 2, 3) and
// stream numbers into unrelated engine states.
std::mt19937_64 seeded_engine(uint64_t seed, RandomStream stream) {
  std::seed_seq sequence{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                         static_cast<uint32_t>(stream)};
  return std::mt19937_64(sequence);
}

}  // namespace

RandomSource::RandomSource(uint64_t seed, RandomStream stream)
    : engine_(seeded_engine(seed, stream)) {}

double RandomSource::unit() {
  static_assert(std::mt19937_64::max() == UINT64_MAX);
  return static_cast<double>(engine_() >> (64 - kUnitBits)) * 0x1.0p-53;
}

uint64_t RandomSource::up_to(uint64_t max) {
  assert(max < (uint64_t{1} << kUnitBits));
  auto drawn = static_cast<uint64_t>(unit() * static_cast<double>(max + 1));
  return std::min(drawn, max);
}

uint64_t RandomSource::exponential_at_least_one(double mean) {
  assert(mean > 0);
  double drawn = std::ceil(-mean * std::log1p(-unit()));  // unit() < 1, so log1p is finite
  return std::max<uint64_t>(1, static_cast<uint64_t>(drawn));
}

}  // namespace parta::linksim
