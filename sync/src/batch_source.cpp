// Plans and cuts changeset batches; see batch_source.h.
#include "batch_source.h"

#include <algorithm>

#include "parta/storage/scopes.h"
#include "parta/sync/changeset_codec.h"

namespace parta {
namespace {

std::vector<VersionEntry> to_entries(const VectorMap& vector) {
  std::vector<VersionEntry> entries;
  entries.reserve(vector.size());
  for (const auto& [scope_origin, seq] : vector) {
    entries.push_back({scope_origin.first, scope_origin.second, seq});
  }
  return entries;
}

}  // namespace

BatchSource::BatchSource(const Store& store, Peer peer, VectorMap peer_vector, BatchLimits limits)
    : store_(store), peer_(std::move(peer)), sent_(std::move(peer_vector)), limits_(limits) {
  for (const auto& [scope_origin, seq] : sent_) peer_scopes_.insert(scope_origin.first);
}

Result<uint64_t> BatchSource::plan() {
  PARTA_RETURN_IF_ERROR(replan());
  uint64_t total = 0;
  PARTA_RETURN_IF_ERROR(store_.read([&](const ReadView& view) {
    auto count = count_ops(view, ranges_);
    if (!count) return count.status();
    total = *count;
    return Status::ok();
  }));
  return total;
}

Status BatchSource::replan() {
  return store_.read([&](const ReadView& view) {
    auto scopes = scopes_peer_may_receive(view, peer_);
    if (!scopes) return scopes.status();
    auto ranges = ranges_peer_lacks(view, *scopes, to_entries(sent_));
    if (!ranges) return ranges.status();
    if (peer_.role == "hub") {
      // A school sends its hub its own writes anywhere, and others' writes only in scopes the
      // hub holds: a scope missing from the hub's vector is one the school no longer may see
      // (its student left a distance group), whose ops the hub has already.
      const uint32_t self = store_.node().origin;
      std::erase_if(*ranges, [&](const SendRange& range) {
        return range.origin != self && !peer_scopes_.contains(range.scope);
      });
    }
    ranges_ = std::move(*ranges);
    next_range_ = 0;
    return Status::ok();
  });
}

void BatchSource::peer_holds(const std::string& scope, uint32_t origin, uint64_t seq) {
  uint64_t& sent = sent_[{scope, origin}];
  sent = std::max(sent, seq);
}

Result<std::optional<OutgoingBatch>> BatchSource::next() {
  if (next_range_ == ranges_.size()) {
    PARTA_RETURN_IF_ERROR(replan());
    if (ranges_.empty()) return std::optional<OutgoingBatch>();
  }
  std::vector<oplog::Op> ops;
  OutgoingBatch batch;
  size_t value_bytes = 0;
  auto full = [&] {
    return ops.size() >= limits_.ops_max || value_bytes >= limits_.value_bytes_max;
  };
  PARTA_RETURN_IF_ERROR(store_.read([&](const ReadView& view) {
    while (next_range_ < ranges_.size() && !full()) {
      SendRange& range = ranges_[next_range_];
      // School scopes (results, consents, attendance) travel in batches of their own, so a
      // hub has applied a school's groups before it checks ops in those groups' scopes.
      if (!ops.empty() && is_school_scope(ops.back().scope()) != is_school_scope(range.scope)) {
        break;
      }
      PARTA_RETURN_IF_ERROR(view.for_each_scoped_op(
          range.scope, range.origin, range.from_seq, [&](const oplog::Op& op) {
            if (op.seq() > range.to_seq || full()) return false;
            value_bytes += op.value().size() + op.key().size();
            ops.push_back(op);
            range.from_seq = op.seq() + 1;
            batch.advances[{range.scope, range.origin}] = op.seq();
            return true;
          }));
      if (range.from_seq > range.to_seq || !full()) {
        // The range is sent (a range never ends short of to_seq unless the batch is full).
        batch.advances[{range.scope, range.origin}] = range.to_seq;
        ++next_range_;
      }
    }
    return Status::ok();
  }));
  for (const auto& [scope_origin, seq] : batch.advances) {
    uint64_t& sent = sent_[scope_origin];  // peer_holds() may have raised it meanwhile
    sent = std::max(sent, seq);
  }
  if (ops.empty()) return next();  // the ranges left held no ops; plan again from sent_
  auto changeset = encode_changeset(ops);
  if (!changeset) return changeset.status();
  batch.changeset = std::move(*changeset);
  batch.ops = ops.size();
  return std::optional<OutgoingBatch>(std::move(batch));
}

}  // namespace parta
