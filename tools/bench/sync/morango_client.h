// Baseline A's near end: pushes or pulls a node's buffer rows to or from morango_server.h over
// one kept-alive HTTP/1.1 connection, chunk by chunk, waiting for each answer before the next
// request, as Morango's client does (buffer_chunks.h). Push bodies are compressed before the
// clock starts, and neither end does Morango's database work, so the seconds are the link's
// share only: a lower bound for Morango. Session setup (certificates, nonce, sync and
// transfer sessions, FSIC exchange) is left out too; the bytes are the rows' and HTTP's.
//
// Thread safety: blocks the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "buffer_chunks.h"
#include "parta/net/host_port.h"
#include "parta/storage/status.h"

namespace parta::bench {

struct TransferFigures {
  size_t requests = 0;
  uint64_t body_bytes = 0;  // request bodies for a push, response bodies for a pull
  double seconds = 0;       // from the TCP connect to the last answer
};

// Moves every row in chunks. IO if the connection fails; Refused, with the server's reason,
// if it answers a request with anything but success; Corrupt if a pulled page is not the one
// expected.
Result<TransferFigures> transfer_buffers(std::span<const BufferRow> rows, Direction direction,
                                         const net::HostPort& server);

}  // namespace parta::bench
