// Reading a node's op log as batches; see node_batches.h.
#include "node_batches.h"

#include <map>
#include <set>
#include <string>
#include <utility>

#include "parta/storage/scopes.h"
#include "parta/storage/store.h"

namespace parta::train_dict {
namespace {

// Each scope's ops, origin by origin in seq order.
Result<std::map<std::string, Batch>> ops_by_scope(const Store& store, uint64_t seq_min) {
  std::map<std::string, Batch> by_scope;
  Status status = store.read([&](const ReadView& view) {
    auto vector = view.version_vector();
    if (!vector) return vector.status();
    std::set<uint32_t> origins;
    for (const VersionEntry& entry : *vector) origins.insert(entry.origin);
    for (uint32_t origin : origins) {
      PARTA_RETURN_IF_ERROR(view.for_each_op(origin, seq_min, [&](const oplog::Op& op) {
        by_scope[op.scope()].push_back(op);
        return true;
      }));
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return by_scope;
}

// Batches of `batch_ops` across scopes, school scopes apart from the others.
std::vector<Batch> batches_as_sent(std::map<std::string, Batch>& by_scope, size_t batch_ops) {
  std::vector<Batch> batches;
  for (bool school : {true, false}) {
    Batch batch;
    for (auto& [scope, ops] : by_scope) {
      if (is_school_scope(scope) != school) continue;
      for (oplog::Op& op : ops) {
        batch.push_back(std::move(op));
        if (batch.size() == batch_ops) batches.push_back(std::exchange(batch, {}));
      }
    }
    if (!batch.empty()) batches.push_back(std::move(batch));
  }
  return batches;
}

}  // namespace

Result<std::vector<Batch>> read_node_batches(const std::filesystem::path& node_dir,
                                             size_t batch_ops, uint64_t seq_min) {
  auto store = Store::open(StoreOptions{.dir = node_dir});
  if (!store) return store.status();
  auto by_scope = ops_by_scope(**store, seq_min);
  if (!by_scope) return by_scope.status();
  if (batch_ops > 0) return batches_as_sent(*by_scope, batch_ops);
  std::vector<Batch> batches;
  size_t sample_ops = kBatchOpsMin;
  for (auto& [scope, ops] : *by_scope) {
    for (size_t at = 0, end = 0; at < ops.size(); at = end) {
      end = std::min(ops.size(), at + sample_ops);
      batches.emplace_back(std::make_move_iterator(ops.begin() + at),
                           std::make_move_iterator(ops.begin() + end));
      sample_ops =
          sample_ops + kBatchOpsStep > kBatchOpsMax ? kBatchOpsMin : sample_ops + kBatchOpsStep;
    }
  }
  return batches;
}

}  // namespace parta::train_dict
