// What a changeset batch may carry in one op beyond what the body's structure says
// (docs/changeset-format.md "Limits"), checked alike by the encoder (the caller's ops are then
// Invalid) and the decoder (the batch is then Corrupt), so that whatever one side encodes the
// other decodes.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parta::changeset {

// Fields of an Op this release does not know, per op: a newer release adds a few. Bounds the
// memory protobuf spends keeping them (tens of bytes each, however short on the wire).
inline constexpr size_t kOpUnknownFieldsMax = 16;

// Why `scope` cannot travel in a batch (too long, not UTF-8), or "" when it can.
std::string scope_problem(std::string_view scope);

// Why a value of `value_bytes` cannot travel under `op_value_bytes_max`, or "".
std::string value_problem(size_t value_bytes, size_t op_value_bytes_max);

}  // namespace parta::changeset
