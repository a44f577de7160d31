// SessionReport: how one sync session with a peer ended, as partad logs it and as `parta
// peers` shows it afterwards (DIR/peers/<name>.status.toml, peers.h).
//
// The log line, one per session, for journald or a terminal:
//   sync peer=NAME outcome=ok|error ops_sent=N ops_received=N bytes_sent=N bytes_received=N
//        seconds=S.SS [error="WHAT WENT WRONG"] [remote=HOST:PORT]
// (on one line; `remote` only when the peer is unknown, e.g. a refused key: peer=unknown).
//
// Thread safety: values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "parta/storage/status.h"
#include "parta/sync/peers.h"
#include "parta/sync/sync_session.h"

namespace parta::net {

struct SessionReport {
  Status outcome;  // ok when both sides ended in step
  SyncSessionStats stats;
  std::optional<Peer> peer;  // unknown when the session ended before it knew
  std::vector<VersionEntry> peer_vector;
  double seconds = 0;  // from connecting (or dialling) to the end
  std::string remote;  // HOST:PORT of the other end, when connected
};

std::string format_session_log_line(const SessionReport& report);
// `text` as a quoted value for a key="value" log field: one line, '"' and '\\' escaped.
std::string quoted_log_value(std::string_view text);

// The peer's status after `report`, given the one before it: a failure keeps the last success
// time, and the peer's vector when the session ended before hearing it; `ops_waiting_incoming`
// is what the peer announced and did not deliver.
PeerStatus status_after_session(const SessionReport& report, const PeerStatus& previous,
                                int64_t now_unix_ms);

}  // namespace parta::net
