// The zstd dictionary changeset batches are compressed with (docs/changeset-format.md
// "Dictionary"), and how a new one is trained.
//
// A dictionary is trained on changeset bodies from a node filled by parta-gen
// (tools/train-dict.sh), kept in the repository as sync/dict/changeset-v<N>.zdict and built
// into the library from the generated sync/src/changeset_dictionary_data.cpp. A batch names
// its dictionary by zstd's dictionary id; a receiver refuses a batch whose dictionary it does
// not have. So a release that replaces the dictionary must keep the old one for decoding until
// every peer has upgraded; this release has one.
//
// Thread safety: every function may be called from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

// The dictionary encode_changeset uses, as shipped in this build.
std::span<const unsigned char> builtin_changeset_dictionary();
// Its zstd dictionary id, written in every batch header.
uint32_t builtin_changeset_dictionary_id();

// The id zstd recorded in `dictionary`, or 0 when it is not a zstd dictionary with an id.
uint32_t changeset_dictionary_id(std::string_view dictionary);

// Trains a dictionary of at most `dictionary_bytes` on `sample_bodies` (encode_changeset_body
// results: what encode_changeset compresses). Invalid, with zstd's reason, when the samples
// are too few or too small for a dictionary of that size.
Result<std::string> train_changeset_dictionary(std::span<const std::string> sample_bodies,
                                               size_t dictionary_bytes);

}  // namespace parta
