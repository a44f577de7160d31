// How well, and how fast, the changeset codec of this build carries a node's batches, beside
// the plain alternatives: the ops' own protobuf bytes, those compressed by zstd, and the
// compact body compressed by zstd without the dictionary (all at the codec's zstd level).
#pragma once

#include <span>
#include <string>

#include "node_batches.h"

namespace parta::train_dict {

struct CodecFigures {
  size_t ops = 0;
  size_t batches = 0;
  size_t op_bytes = 0;         // sum of Op.SerializeAsString()
  size_t op_zstd_bytes = 0;    // each batch's ops, length-prefixed, zstd without dictionary
  size_t body_bytes = 0;       // encode_changeset_body
  size_t body_zstd_bytes = 0;  // ... zstd without dictionary
  size_t batch_bytes = 0;      // encode_changeset: header + body + zstd with dictionary
  double encode_ops_per_second = 0;
  double decode_ops_per_second = 0;
};

// Encodes and decodes every batch (several rounds, timed on one thread). Fails with the
// codec's Status if a batch does not encode, or Corrupt if one does not decode to its ops.
Result<CodecFigures> measure_codec(std::span<const Batch> batches);

std::string format_figures(const CodecFigures& figures);

}  // namespace parta::train_dict
