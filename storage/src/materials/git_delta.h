// Git's binary delta format (docs/materials-store.md, "Deltas"): how to rebuild `target` from
// `base` as copies of base ranges and inserted bytes, as git's pack format carries it in a
// REF_DELTA entry. Private to parta_materials. Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace parta::materials {

// Bytes of `base` matched as one unit; smaller repeats are inserted literally.
inline constexpr size_t kDeltaBlockBytes = 16;

// A delta turning `base` into `target`, or nullopt when it would not be smaller than
// `size_max` bytes (the caller then stores `target` whole).
std::optional<std::string> encode_delta(std::string_view base, std::string_view target,
                                        size_t size_max);

// Applies a delta (used by tests and to check encode_delta's output); nullopt if malformed.
std::optional<std::string> apply_delta(std::string_view base, std::string_view delta);

}  // namespace parta::materials
