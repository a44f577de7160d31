// Running one session to its end from a program that has nothing else to do meanwhile:
// `parta pair` dials the hub named in an invite and redeems it. partad drives its sessions on
// its own io_context instead (session_connection.h).
//
// Thread safety: blocks the calling thread; uses its own io_context.
#pragma once

#include <cstdint>
#include <string>

#include "parta/storage/status.h"
#include "parta/sync/sync_session.h"

namespace parta::net {

// Resolves and connects to `host_port` (HOST:PORT), runs `session` until it is done and
// returns its outcome. Invalid for a malformed address; IO when the hub cannot be reached or
// the whole exchange takes longer than `timeout_ms`; otherwise the session's own outcome
// (e.g. Refused with the hub's words). No upload cap applies: the exchange is small.
Status run_session_blocking(SyncSession& session, const std::string& host_port, int64_t timeout_ms);

}  // namespace parta::net
