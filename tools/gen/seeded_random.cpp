// Uniform integer draws over mt19937_64; see seeded_random.h.
#include "seeded_random.h"

#include <limits>

namespace parta::gen {
namespace {

// SplitMix64's finaliser: nearby seeds (1, 2, 3) and stream numbers give unrelated engine seeds.
uint64_t mix(uint64_t value) {
  value += 0x9e3779b97f4a7c15ULL;
  value = (value ^ (value >> 30)) * 0xbf58476d1ce4e5b9ULL;
  value = (value ^ (value >> 27)) * 0x94d049bb133111ebULL;
  return value ^ (value >> 31);
}

}  // namespace

SeededRandom::SeededRandom(uint64_t seed, RandomStream stream)
    : engine_(mix(seed ^ mix(static_cast<uint64_t>(stream)))) {}

uint64_t SeededRandom::pick(uint64_t n) {
  assert(n > 0);
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
  static_assert(std::mt19937_64::min() == 0 && std::mt19937_64::max() == kMax);
  // 2^64 mod n draws at the top of the range would favour the low residues: draw those again.
  const uint64_t excess = (kMax % n + 1) % n;
  uint64_t draw = engine_();
  while (draw > kMax - excess) draw = engine_();
  return draw % n;
}

int SeededRandom::pick_between(int low, int high) {
  assert(low <= high);
  return low + static_cast<int>(pick(static_cast<uint64_t>(high - low) + 1));
}

bool SeededRandom::chance_per_mille(int per_mille) {
  assert(per_mille >= 0 && per_mille <= 1000);
  return pick(1000) < static_cast<uint64_t>(per_mille);
}

}  // namespace parta::gen
