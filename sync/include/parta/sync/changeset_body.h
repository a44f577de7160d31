// The body of a changeset batch before compression: ops as a parta.wire.ChangesetColumns
// (sync/proto/changeset.proto, docs/changeset-format.md "Body"). Sync code uses
// changeset_codec.h; this layer is public for what needs the body alone: training the zstd
// dictionary on real bodies (tools/train-dict) and fuzzing the body decoder apart from zstd.
//
// Thread safety: plain functions of their arguments.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "oplog.pb.h"
#include "parta/storage/status.h"
#include "parta/sync/changeset_codec.h"

namespace parta {

// The body for `ops`. Invalid, as encode_changeset, when a default receiver would refuse it.
Result<std::string> encode_changeset_body(std::span<const oplog::Op> ops);

// The ops of a body, in batch order. Corrupt, as decode_changeset, when it is not a valid body
// within `limits` (its size is the caller's to bound: decompressed_bytes_max is not checked).
Result<std::vector<oplog::Op>> decode_changeset_body(std::string_view body,
                                                     const ChangesetLimits& limits = {});

}  // namespace parta
