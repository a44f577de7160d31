// The digested forms of the dictionaries this build has, made once on first use and shared by
// every thread: a ZSTD_CDict or ZSTD_DDict is only read once made.
#pragma once

#include <zstd.h>

#include <cstdint>

namespace parta::changeset {

// For the dictionary encode_changeset uses, at kZstdLevel.
const ZSTD_CDict* builtin_cdict();
// For the dictionary with this id, or nullptr when this build does not have it.
const ZSTD_DDict* ddict_for(uint32_t dictionary_id);

}  // namespace parta::changeset
