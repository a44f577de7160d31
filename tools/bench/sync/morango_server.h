// Baseline A's far end: a small HTTP/1.1 server (Boost.Beast, blocking, one connection at a
// time) standing for a Morango server's buffer endpoint (buffer_chunks.h). It holds the same
// rows as the client, so it answers pulls with them and checks every pushed chunk: a push
// whose body does not inflate to exactly the chunk expected next gets 400, and the client
// then fails. It does no database work: the benchmark measures the link, not Django.
//
// Thread safety: runs on the calling thread until the process is killed.
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include "morango_rows.h"
#include "parta/storage/status.h"

namespace parta::bench {

struct ServerOptions {
  std::string listen;                // HOST:PORT; port 0 picks a free one
  std::filesystem::path ready_file;  // gets the HOST:PORT listened on, atomically
};

// Listens, writes the ready file, then serves connections one after another and never
// returns. Returns only if it cannot start: Invalid for a bad address, IO if it cannot listen
// or write the ready file. A connection that misbehaves is logged to stderr and closed.
Status serve_buffers(std::span<const BufferRow> rows, const ServerOptions& options);

}  // namespace parta::bench
