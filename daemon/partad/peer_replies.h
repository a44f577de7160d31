// What partad answers about its peers on the control socket (control_protocol.h), from the
// status files it writes after each session (peers.h) and the store:
//   - a hub's reply to `sync [SCHOOL]`: ok when every paired school (or the one named) is in
//     step — its last session succeeded and the hub holds no op the school may receive and
//     lacks (sync_plan.h) — else an error naming each school that is not, with why and when
//     it last synced;
//   - the reply to `status`: one line per peer.
//
// Thread safety: runs on partad's one io_context thread (it reads the store).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "node.h"

namespace parta::partad {

// The whole reply to a hub's `sync` request; `only_school` empty: every paired school.
std::string hub_sync_reply(const Node& node, std::string_view only_school);

// The whole reply to `status`. `syncing(name)` says whether a session with that peer is
// under way.
std::string status_reply(const Node& node, const std::function<bool(const std::string&)>& syncing);

// "2026-11-25 14:05" in this machine's time zone, "never" for 0.
std::string local_time_text(int64_t unix_ms);

}  // namespace parta::partad
