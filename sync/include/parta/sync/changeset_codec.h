// Changeset batches: the bytes that carry a batch of ops between nodes (DESIGN.md §5), over the
// encrypted channel or in an offline bundle. Start here; docs/changeset-format.md is the byte
// format and changeset_format.h its constants.
//
// A batch is a 10-byte header (magic, format version, flags, zstd dictionary id) and one zstd
// frame, compressed with the dictionary shipped in this build (changeset_dictionary.h), of a
// body that holds the ops column by column, their values split on their fields
// (changeset_body.h). Decoding gives back the ops exactly as they were given, in the same
// order: each op serializes to the same bytes, fields this release does not know included.
//
// Limits: everything about a batch that a peer controls is bounded by ChangesetLimits, each
// checked before the memory it guards is taken. Decoding one batch holds at most
// - the body: decompressed_bytes_max (1.5 times that while the room for a frame that does not
//   declare its size grows);
// - zstd's window, for such a frame only: the power of two at or above decompressed_bytes_max,
//   kept by the thread's zstd context for the next batch;
// - the ops: their values, decompressed_bytes_max together; 4 bytes per body byte of field
//   lists (a field number takes 1 in the body, 4 in an Op); and about 1 KiB per op (its copy
//   of the scope, the key's prefix, its unknown fields, the message).
//
// Thread safety: both functions may be called from any number of threads at once. The digested
// dictionary is built once and shared; each thread keeps its own zstd contexts.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "oplog.pb.h"
#include "parta/storage/status.h"

namespace parta {

struct ChangesetLimits {
  size_t batch_ops_max = 5000;
  size_t decompressed_bytes_max = size_t{4} << 20;
  size_t op_value_bytes_max = size_t{256} << 10;
};

// The batch bytes for `ops`, which may come in any order and from any origins and scopes.
// Invalid (naming the op) when a receiver with the default ChangesetLimits would refuse the
// batch: more than batch_ops_max ops, a value above op_value_bytes_max, a scope above
// changeset::kScopeBytesMax, or a body above decompressed_bytes_max. The caller then sends
// fewer ops per batch.
Result<std::string> encode_changeset(std::span<const oplog::Op> ops);

// The ops of a batch, in batch order. Refused, saying what to upgrade, when the batch needs a
// newer release: an unknown format version or flag, or a dictionary this build does not have.
// Corrupt, saying what is wrong, for anything else that is not a whole valid batch within
// `limits`: bad magic, truncated or trailing bytes, a damaged zstd frame, a body above
// decompressed_bytes_max (declared or actual), more than batch_ops_max ops, an op value above
// op_value_bytes_max or values above decompressed_bytes_max together, a table index out of
// range, a column that ends early or goes on past the last op, a key counter delta that
// overflows.
Result<std::vector<oplog::Op>> decode_changeset(std::string_view bytes,
                                                const ChangesetLimits& limits = {});

}  // namespace parta
