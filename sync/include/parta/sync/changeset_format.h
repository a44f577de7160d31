// Changeset batch format, version 2: the constants of docs/changeset-format.md, tied together
// at compile time. Read the document first; this header only names its numbers.
//
//   batch  := header zstd_frame
//   header := magic[4] version[1] flags[1] dictionary_id[4, big-endian]
//   zstd_frame decompresses to the body: a parta.wire.ChangesetColumns
//   (sync/proto/changeset.proto)
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
inline constexpr uint8_t kFormatVersion = 2;
// Version 1 (one message per op) was never deployed; its number is not used again, and a
// reader of version 2 refuses it like any other.
inline constexpr uint8_t kRetiredFormatVersion = 1;
static_assert(kRetiredFormatVersion < kFormatVersion);
inline constexpr uint8_t kFlagsKnown = 0;  // version 2 defines no flags; any set bit is refused

inline constexpr size_t kMagicOffset = 0;
inline constexpr size_t kVersionOffset = kMagicOffset + kMagic.size();
inline constexpr size_t kFlagsOffset = kVersionOffset + 1;
inline constexpr size_t kDictionaryIdOffset = kFlagsOffset + 1;
inline constexpr size_t kDictionaryIdBytes = 4;
inline constexpr size_t kHeaderBytes = kDictionaryIdOffset + kDictionaryIdBytes;
static_assert(kHeaderBytes == 10, "the header is 10 bytes in every version-2 batch");

// zstd gives trained dictionaries ids of at least 32768; 0 means "no dictionary", which a
// version-2 writer never uses and a version-2 reader refuses like any id it lacks.
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

// Per-op flags (the op_flags column).
enum OpFlag : uint32_t {
  kOpTombstone = 1,      // Op.tombstone
  kOpRawValue = 2,       // the value is in raw_values, not split on its fields
  kOpFieldList = 4,      // Op.fields is a list in `fields`, not a bitmap
  kOpUnknownFields = 8,  // the op has fields this release does not know
};
inline constexpr uint32_t kOpFlagsKnown =
    kOpTombstone | kOpRawValue | kOpFieldList | kOpUnknownFields;

// How one protobuf field of a value travels: the low 3 bits of a shape entry. The wire types
// keep their numbers (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32); groups (3, 4) never
// occur in a split value, so their numbers and 6, 7 name fields rebuilt from the op's key or
// sent as record keys.
enum ValueForm : uint32_t {
  kFormVarint = 0,     // wire type 0; the column holds differences
  kFormFixed64 = 1,    // wire type 1
  kFormBytes = 2,      // wire type 2; the column holds length and bytes
  kFormKeyHead = 3,    // wire type 2: 12 bytes, the op key's bytes 0-11; nothing in a column
  kFormKeyTail = 4,    // wire type 2: 12 bytes, the op key's bytes 12-23; nothing in a column
  kFormFixed32 = 5,    // wire type 5
  kFormKeyDay = 6,     // wire type 0: the day of the op key's bytes 12-15 (docs/op-format.md,
                       // attendance) as an int32; nothing in a column
  kFormRecordKey = 7,  // wire type 2: 12 bytes, an (origin, counter) key as origin index and
                       // counter difference
};
inline constexpr int kValueFormBits = 3;
inline constexpr uint32_t kValueFormMask = (uint32_t{1} << kValueFormBits) - 1;
static_assert(kFormRecordKey == kValueFormMask, "every form fits the low bits of an entry");
inline constexpr uint32_t kValueFieldNumberMax = (uint32_t{1} << 29) - 1;  // protobuf's largest
// The day in an attendance key is stored with its sign bit flipped, so days sort in order.
inline constexpr uint32_t kKeyDaySignFlip = 0x80000000;
inline constexpr size_t kKeyDayBytes = 4;

// A value with more fields than this travels raw: it bounds what one shape, used by every op
// of a batch, can make a decoder build (at most 18 bytes per field taken from the key).
inline constexpr size_t kShapeFieldsMax = 64;
// Value columns per batch; a value that would need more travels raw.
inline constexpr size_t kValueColumnsMax = 1024;

// docs/op-format.md: a scope is at most 256 bytes. Every op of a run gets a copy of its scope,
// so this bounds what a batch can make a decoder allocate per op.
inline constexpr size_t kScopeBytesMax = 256;

// Encoder choice, not part of the format: a decoder accepts any level
// (docs/changeset-format.md, "Choices").
inline constexpr int kZstdLevel = 15;

}  // namespace parta::changeset
