// Reading a node's op log as batches; see node_batches.h.
#include "node_batches.h"

#include <map>
#include <set>
#include <string>

#include "parta/storage/store.h"

namespace parta::train_dict {
namespace {

// Each scope's ops, origin by origin in seq order.
Result<std::map<std::string, Batch>> ops_by_scope(const Store& store) {
  std::map<std::string, Batch> by_scope;
  Status status = store.read([&](const ReadView& view) {
    auto vector = view.version_vector();
    if (!vector) return vector.status();
    std::set<uint32_t> origins;
    for (const VersionEntry& entry : *vector) origins.insert(entry.origin);
    for (uint32_t origin : origins) {
      PARTA_RETURN_IF_ERROR(view.for_each_op(origin, 1, [&](const oplog::Op& op) {
        by_scope[op.scope()].push_back(op);
        return true;
      }));
    }
    return Status::ok();
  });
  if (!status.is_ok()) return status;
  return by_scope;
}

}  // namespace

Result<std::vector<Batch>> read_node_batches(const std::filesystem::path& node_dir) {
  auto store = Store::open(StoreOptions{.dir = node_dir});
  if (!store) return store.status();
  auto by_scope = ops_by_scope(**store);
  if (!by_scope) return by_scope.status();
  std::vector<Batch> batches;
  size_t batch_ops = kBatchOpsMin;
  for (auto& [scope, ops] : *by_scope) {
    for (size_t at = 0, end = 0; at < ops.size(); at = end) {
      end = std::min(ops.size(), at + batch_ops);
      batches.emplace_back(std::make_move_iterator(ops.begin() + at),
                           std::make_move_iterator(ops.begin() + end));
      batch_ops =
          batch_ops + kBatchOpsStep > kBatchOpsMax ? kBatchOpsMin : batch_ops + kBatchOpsStep;
    }
  }
  return batches;
}

}  // namespace parta::train_dict
