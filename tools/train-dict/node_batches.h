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

// Every op the node in `node_dir` holds, as batches. NotFound when there is no node; the
// store's Status when it cannot be read.
Result<std::vector<Batch>> read_node_batches(const std::filesystem::path& node_dir);

}  // namespace parta::train_dict
