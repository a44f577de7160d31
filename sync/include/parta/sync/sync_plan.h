// What one node holds that a peer lacks, from the peer's version vector: the ranges of ops a
// sync session sends, and the "ops waiting" that `parta peers` shows. Plain functions over a
// read transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parta/storage/status.h"
#include "parta/storage/store.h"
#include "parta/sync/peers.h"

namespace parta {

// The ops of `origin` in `scope` with seq in [from_seq, to_seq] (the scope's ops only: an
// origin's seqs are shared by all its scopes, so a range has gaps).
struct SendRange {
  std::string scope;
  uint32_t origin = 0;
  uint64_t from_seq = 0;
  uint64_t to_seq = 0;
};

// The scopes `peer` may receive from this node: to a school, its hub sends scopes_for_school()
// (scopes.h); a school sends its hub every scope it holds (nullopt).
Result<std::optional<std::vector<std::string>>> scopes_peer_may_receive(const ReadView& view,
                                                                        const Peer& peer);

// The ranges this node holds beyond `peer_vector` in `scopes` (every scope held when nullopt),
// school scopes first (results, consents, attendance before assignments), then by scope and
// origin.
Result<std::vector<SendRange>> ranges_peer_lacks(
    const ReadView& view, const std::optional<std::vector<std::string>>& scopes,
    const std::vector<VersionEntry>& peer_vector);

// How many ops the ranges hold.
Result<uint64_t> count_ops(const ReadView& view, const std::vector<SendRange>& ranges);

}  // namespace parta
