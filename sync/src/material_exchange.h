// MaterialExchange: the task-materials part of one sync session (docs/sync-protocol.md,
// "Materials"), used by SyncSession on both sides.
//
// Asking: once the peer's Done has arrived (so this node holds the peer's records), our_wants()
// names each material commit our records refer to and DIR/materials.git lacks, with the
// commits held on the same ref (the pack may be built as deltas against them) and, if an
// earlier session was cut during that pack, how much of it is kept in DIR/materials-incoming.
// Parts arrive in order through on_part(); each is appended to the kept file, and a complete
// pack is indexed and verified (MaterialStore::index_pack) before its ref moves to the commit,
// so nothing ever names a commit whose objects are not all here.
//
// Serving: the peer's wants are checked (a hub serves a school only commits that records in
// the school's scopes name) and answered one at a time, in order: a pack built against the
// asker's bases (MaterialStore::build_pack), resumed where the asker's kept copy ends when it
// is the same pack, sent in parts of at most kPackPartBytesMax with at most
// kPackPartsInFlightMax unacknowledged, so ops written meanwhile never queue behind more than
// that (SyncSession sends batches before parts).
//
// Failure: a Status for the session to end with: Refused for a want outside the peer's scopes
// or over the limits, Corrupt for parts out of order or a pack that fails verification (its
// kept copy is removed, so the next session starts it afresh), IO for the disk.
//
// Thread safety: one per session, on the session's thread.
#pragma once

#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "material_records.h"
#include "parta/materials/material_store.h"
#include "parta/storage/store.h"
#include "session.pb.h"

namespace parta {

inline constexpr size_t kPackPartBytesMax = 16 << 10;
inline constexpr size_t kPackPartsInFlightMax = 2;
inline constexpr size_t kMaterialWantsMax = 1000;  // per session; the rest wait for the next
inline constexpr std::string_view kMaterialsIncomingDir = "materials-incoming";

struct MaterialExchangeStats {
  uint64_t pack_bytes_sent = 0;      // pack data sent in parts
  uint64_t pack_bytes_received = 0;  // pack data received in parts (a resumed pack: the rest)
  uint64_t packs_received = 0;       // complete packs indexed and verified
};

class MaterialExchange {
 public:
  // `peer_scopes`: on a hub, the scopes the school may receive (sorted): it is served and asks
  // for materials only there; nullopt on a school (its hub may have all it holds).
  MaterialExchange(Store& store, std::optional<std::vector<std::string>> peer_scopes);
  ~MaterialExchange();

  Result<wire::MaterialWants> our_wants();
  Status take_peer_wants(const wire::MaterialWants& wants);
  // The next part to send, if a want is being served and the window has room.
  Result<std::optional<wire::PackPart>> next_part();
  Status on_ack(const wire::PackAck& ack);
  // Takes a part of the pack at the front of our wants; gives the ack to send (none for an
  // `unavailable` answer: the server forgot that want as it answered).
  Result<std::optional<wire::PackAck>> on_part(const wire::PackPart& part);
  // The hub's session refreshes the school's scopes after batches that change them.
  void set_peer_scopes(std::optional<std::vector<std::string>> scopes) {
    peer_scopes_ = std::move(scopes);
  }

  bool peer_wants_received() const { return peer_wants_received_; }
  bool receiving_started() const { return wants_sent_; }
  // Every want of the peer answered and its pack acknowledged whole.
  bool serving_done() const { return peer_wants_received_ && serving_.empty(); }
  // Every want of ours sent and its pack here (or the peer did not hold it).
  bool receiving_done() const { return wants_sent_ && asking_.empty(); }
  const MaterialExchangeStats& stats() const { return stats_; }

 private:
  struct Asked {
    std::string commit, ref;
    uint64_t kept_bytes = 0;  // of the pack in the kept file
    std::string pack_id;      // of the kept file's pack; "" when none
    uint64_t total_bytes = 0;
  };
  struct Serving {
    wire::MaterialWant want;
    std::optional<std::string> pack;  // built when its first part is due
    std::string pack_id;
    uint64_t next_offset = 0;
    uint64_t acked = 0;
  };

  Result<MaterialStore*> materials();
  Result<std::vector<NamedMaterial>> named_in_scope() const;
  std::filesystem::path kept_pack(const std::string& commit) const;
  std::filesystem::path kept_meta(const std::string& commit) const;
  void forget_kept(const std::string& commit) const;
  Status finish_pack(Asked& asked);

  Store& store_;
  std::optional<std::vector<std::string>> peer_scopes_;
  std::unique_ptr<MaterialStore> materials_;
  bool wants_sent_ = false;
  bool peer_wants_received_ = false;
  std::deque<Asked> asking_;
  std::deque<Serving> serving_;
  MaterialExchangeStats stats_;
};

}  // namespace parta
