// libsodium must be initialised once before use (sync-internal).
#pragma once

#include <sodium.h>

#include <cstdlib>

namespace parta {

inline void ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) std::abort();  // no usable random source: nothing secure can be done
}

}  // namespace parta
