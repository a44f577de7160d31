// The local control socket, DIR/partad.sock: how `parta sync` (and a school's IT person with
// `socat - UNIX-CONNECT:DIR/partad.sock`) asks a running partad for something. A Unix stream
// socket readable and writable by partad's user only (mode 0600).
//
// One request per connection, one line, at most kControlRequestBytesMax bytes with its '\n':
//   sync\n           a school: sync with its hub now (or join the session under way) and
//                    answer when it has ended; a hub: say whether every paired school is in
//                    step (its last session ok and no ops waiting for it)
//   sync NAME\n      the same for the one peer NAME
//   status\n         one line per peer: what partad last saw of it
// The reply is one or more lines; the first begins "ok" or "error", then the server closes the
// connection:
//   ok SUMMARY\n                       the request succeeded (sync: every peer asked is in step)
//   error REASON\n                     it did not, in words
//   ok N peers\nNAME key=value ...\n   for status: the header line, then one line per peer
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta::net {

inline constexpr std::string_view kControlSocketFileName = "partad.sock";
inline constexpr size_t kControlRequestBytesMax = 256;
inline constexpr size_t kControlReplyBytesMax = 1 << 20;

struct ControlRequest {
  enum class Kind { kSync, kStatus };
  Kind kind = Kind::kSync;
  std::string peer;  // sync only; empty: every peer
};

// `line` without its '\n'. Invalid, naming the known requests, if it is none of them.
Result<ControlRequest> parse_control_request(std::string_view line);
// The request line, with its '\n'.
std::string format_control_request(const ControlRequest& request);

struct ControlReply {
  bool ok = false;
  std::string text;  // after "ok " or "error ", the rest of the reply included
};

// Corrupt if `reply` does not begin with "ok" or "error".
Result<ControlReply> parse_control_reply(std::string_view reply);
std::string format_ok_reply(std::string_view text);
std::string format_error_reply(std::string_view reason);

}  // namespace parta::net
