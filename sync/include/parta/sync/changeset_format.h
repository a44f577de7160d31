// Changeset batch format, version 1: the constants of docs/changeset-format.md, tied together
// at compile time. Read the document first; this header only names its numbers.
//
//   batch  := header zstd_frame
//   header := magic[4] version[1] flags[1] dictionary_id[4, big-endian]
//   zstd_frame decompresses to the body: a parta.wire.ChangesetBatch (sync/proto/changeset.proto)
//
// Thread safety: constants only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "parta/storage/hlc.h"
#include "parta/storage/record_key.h"

namespace parta::changeset {

// Header.
inline constexpr std::array<char, 4> kMagic = {'P', 'C', 'S', 'B'};  // Parta ChangeSet Batch
inline constexpr uint8_t kFormatVersion = 1;
inline constexpr uint8_t kFlagsKnown = 0;  // version 1 defines no flags; any set bit is refused

inline constexpr size_t kMagicOffset = 0;
inline constexpr size_t kVersionOffset = kMagicOffset + kMagic.size();
inline constexpr size_t kFlagsOffset = kVersionOffset + 1;
inline constexpr size_t kDictionaryIdOffset = kFlagsOffset + 1;
inline constexpr size_t kDictionaryIdBytes = 4;
inline constexpr size_t kHeaderBytes = kDictionaryIdOffset + kDictionaryIdBytes;
static_assert(kHeaderBytes == 10, "the header is 10 bytes in every version-1 batch");

// zstd gives trained dictionaries ids of at least 32768; 0 means "no dictionary", which a
// version-1 writer never uses and a version-1 reader refuses like any id it lacks.
inline constexpr uint32_t kNoDictionaryId = 0;

// Body: keys that start with an (origin, counter) record key are sent as (origin index,
// counter delta, suffix).
inline constexpr size_t kKeyOriginBytes = 4;
inline constexpr size_t kKeyCounterBytes = 8;
inline constexpr size_t kKeyPrefixBytes = kKeyOriginBytes + kKeyCounterBytes;
static_assert(kKeyPrefixBytes == RecordKey::kBytes, "the prefix is a record key");

// Op.fields as a bitmap: bit n-1 stands for field n.
inline constexpr uint32_t kFieldsBitmapFieldMax = 64;
static_assert(kFieldsBitmapFieldMax == 8 * sizeof(uint64_t), "one bit per field in a uint64");

// An hlc is sent as milliseconds and logical counter, split where storage splits it.
inline constexpr int kHlcLogicalBits = 16;
static_assert(kHlcLogicalBits == parta::kHlcLogicalBits, "a new split needs a new format version");
inline constexpr uint64_t kHlcLogicalMax = (uint64_t{1} << kHlcLogicalBits) - 1;
inline constexpr uint64_t kHlcMillisecondsMax = ~uint64_t{0} >> kHlcLogicalBits;

// docs/op-format.md: a scope is at most 256 bytes. Every op of a run gets a copy of its scope,
// so this bounds what a batch can make a decoder allocate per op.
inline constexpr size_t kScopeBytesMax = 256;

// Encoder choice, not part of the format: a decoder accepts any level. Level 15 compresses
// within 1% of 19 at twice its speed (docs/changeset-format.md, "Choices").
inline constexpr int kZstdLevel = 15;

}  // namespace parta::changeset
