// gzip as Morango's client compresses a push (Python's GzipFile at level 9, zlib underneath),
// and the inverse for the receiver, which checks what arrived.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta::bench {

// `bytes` as one gzip member at compression level 9.
std::string gzip_level9(std::string_view bytes);

// The bytes one gzip member holds. Invalid if `gzipped` is not one whole gzip member or would
// inflate to more than `inflated_bytes_max`.
Result<std::string> gunzip(std::string_view gzipped, size_t inflated_bytes_max);

}  // namespace parta::bench
