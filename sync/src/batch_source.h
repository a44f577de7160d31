// BatchSource: the sending half of a sync session. From the peer's version vector it plans the
// ranges of ops the peer lacks (sync_plan.h) and cuts them into changeset batches, reading the
// store one batch at a time, so what it holds is a cursor, never a copy of the data. When the
// plan runs out it plans again, so writes made during the session go in the same session.
//
// Thread safety: used by one session, from one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "parta/storage/status.h"
#include "parta/storage/store.h"
#include "parta/sync/peers.h"
#include "parta/sync/sync_plan.h"

namespace parta {

struct BatchLimits {
  size_t ops_max = 2000;
  size_t value_bytes_max = 512 << 10;
};

// The highest seq per (scope, origin) one side holds or was sent.
using VectorMap = std::map<std::pair<std::string, uint32_t>, uint64_t>;

struct OutgoingBatch {
  std::string changeset;           // encoded (changeset_codec.h)
  uint64_t ops = 0;
  VectorMap advances;              // what the peer holds once it applied this batch
};

class BatchSource {
 public:
  // `peer` decides the scopes it may receive; `peer_vector` is what it said it holds.
  BatchSource(const Store& store, Peer peer, VectorMap peer_vector, BatchLimits limits);

  // Ops the first plan holds (for Announce). Call once, before next().
  Result<uint64_t> plan();
  // The next batch, or nullopt once everything the peer lacks (now) was handed out.
  Result<std::optional<OutgoingBatch>> next();
  // The peer holds `origin`'s ops in `scope` up to `seq` (it sent them): never send them back.
  void peer_holds(const std::string& scope, uint32_t origin, uint64_t seq);

 private:
  Status replan();

  const Store& store_;
  Peer peer_;
  VectorMap sent_;                 // the peer's vector plus everything handed out since
  std::set<std::string> peer_scopes_;  // the scopes in the peer's vector
  BatchLimits limits_;
  std::vector<SendRange> ranges_;  // still to send, in order; front() partly sent
  size_t next_range_ = 0;
};

}  // namespace parta
