// Version-vector chunks packed with zstd (docs/sync-protocol.md, "Vectors"). A vector's scope
// names repeat their prefixes and their origins' hex ("group:g122-782ee1f8"), so a school's
// vector of a few dozen entries packs to about a third: over a kilobyte saved in every
// session, which on a 500 kbit/s link is more than a day of a class's attendance marks.
#pragma once

#include <string>
#include <string_view>

#include "parta/storage/status.h"
#include "session.pb.h"

namespace parta {

// A packed chunk decompresses to at most this (2000 entries of at most ~300 bytes).
inline constexpr size_t kPackedVectorBytesMax = 1 << 20;

// `entries` (a VectorChunk holding only entries) serialized and zstd-compressed.
std::string pack_vector_entries(const wire::VectorChunk& entries);
// The entries back; Corrupt, in words, if the bytes are not a zstd frame of a VectorChunk
// with its size declared and within kPackedVectorBytesMax.
Result<wire::VectorChunk> unpack_vector_entries(std::string_view packed);

}  // namespace parta
