// Ranges of ops a peer lacks; see sync_plan.h.
#include "parta/sync/sync_plan.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "parta/storage/scopes.h"

namespace parta {

Result<std::optional<std::vector<std::string>>> scopes_peer_may_receive(const ReadView& view,
                                                                        const Peer& peer) {
  if (peer.role == "hub") return std::optional<std::vector<std::string>>();
  auto scopes = scopes_for_school(view, peer.school);
  if (!scopes) return scopes.status();
  return std::optional<std::vector<std::string>>(std::move(*scopes));
}

Result<std::vector<SendRange>> ranges_peer_lacks(
    const ReadView& view, const std::optional<std::vector<std::string>>& scopes,
    const std::vector<VersionEntry>& peer_vector) {
  auto held = view.version_vector();
  if (!held) return held.status();
  std::map<std::pair<std::string_view, uint32_t>, uint64_t> peer_has;
  for (const VersionEntry& entry : peer_vector) peer_has[{entry.scope, entry.origin}] = entry.seq;
  std::set<std::string_view> allowed;
  if (scopes) allowed.insert(scopes->begin(), scopes->end());

  std::vector<SendRange> ranges;
  for (const VersionEntry& entry : *held) {
    if (scopes && !allowed.contains(entry.scope)) continue;
    auto found = peer_has.find({entry.scope, entry.origin});
    const uint64_t peer_seq = found == peer_has.end() ? 0 : found->second;
    if (entry.seq > peer_seq) ranges.push_back({entry.scope, entry.origin, peer_seq + 1, entry.seq});
  }
  std::stable_sort(ranges.begin(), ranges.end(), [](const SendRange& a, const SendRange& b) {
    return is_school_scope(a.scope) > is_school_scope(b.scope);
  });
  return ranges;
}

Result<uint64_t> count_ops(const ReadView& view, const std::vector<SendRange>& ranges) {
  uint64_t total = 0;
  for (const SendRange& range : ranges) {
    auto count = view.count_scoped_ops(range.scope, range.origin, range.from_seq, range.to_seq);
    if (!count) return count.status();
    total += *count;
  }
  return total;
}

}  // namespace parta
