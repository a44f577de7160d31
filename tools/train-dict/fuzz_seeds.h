// The seeds of the changeset fuzz corpus (tests/fuzz/corpus/changeset), made of a node's ops in
// this build's format with this build's dictionary, so that they reach the body decoder. Written
// again whenever the format or the dictionary changes (docs/changeset-format.md "Dictionary").
#pragma once

#include <filesystem>
#include <span>

#include "node_batches.h"

namespace parta::train_dict {

// Writes into `dir`: school_batch and school_body (40 ops of the node, of every record type it
// has), school_batch_truncated (its first half), header_only, and odd_ops_batch and
// odd_ops_body (8 of those ops made odd: a tombstone, a value that is not protobuf, value fields
// no schema knows, an unsorted field list, a raw key, the largest origin and seq, an unknown Op
// field, a varint longer than it needs, an unknown record type). Invalid when the node has
// fewer than 8 ops; the file's error when one cannot be written.
Status write_fuzz_seeds(std::span<const Batch> batches, const std::filesystem::path& dir);

}  // namespace parta::train_dict
