// A node's op log cut into changeset batches the way sync sends them: per scope, each origin's
// ops in seq order, a few hundred ops to a batch. These are the samples a dictionary is
// trained on and the batches its effect is measured on.
#pragma once

#include <filesystem>
#include <vector>

#include "oplog.pb.h"
#include "parta/storage/status.h"

namespace parta::train_dict {

using Batch = std::vector<oplog::Op>;

// Batch sizes cycle through these, so samples cover small and full batches alike.
inline constexpr size_t kBatchOpsMin = 100;
inline constexpr size_t kBatchOpsMax = 500;
inline constexpr size_t kBatchOpsStep = 50;

// Every op the node in `node_dir` holds, as batches. With `batch_ops` 0, each scope's ops are
// cut into batches of kBatchOpsMin..kBatchOpsMax ops (the training samples); otherwise into
// batches of `batch_ops` ops across scopes, cut where the ops pass from school scopes to
// others, as a sync session cuts them (sync/src/batch_source.cpp). NotFound when there is no
// node; the store's Status when it cannot be read. Ops whose seq is below `seq_min` are left
// out (a node filled twice: only what the second fill wrote).
Result<std::vector<Batch>> read_node_batches(const std::filesystem::path& node_dir,
                                             size_t batch_ops = 0, uint64_t seq_min = 1);

}  // namespace parta::train_dict
