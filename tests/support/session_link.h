// Runs a client and a server SyncSession against each other in memory: every byte one gives
// is handed to the other, time advances only to the next deadline, and the link can be cut
// after a number of bytes. The sessions are the real ones over real stores; only the wire is
// a function call.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "parta/sync/sync_session.h"

namespace parta::testing {

struct LinkRun {
  uint64_t bytes_client_to_server = 0;
  uint64_t bytes_server_to_client = 0;
  bool cut = false;
  std::string client_to_server;  // everything the client sent, for replay tests
};

struct LinkOptions {
  // The link breaks once this many bytes went either way (both sides see end of stream).
  uint64_t cut_after_bytes = std::numeric_limits<uint64_t>::max();
  // The same, counting only the bytes one side sent.
  uint64_t cut_client_to_server_after_bytes = std::numeric_limits<uint64_t>::max();
  uint64_t cut_server_to_client_after_bytes = std::numeric_limits<uint64_t>::max();
  // Flip one bit of the middle byte of the client's n-th write (0 = its ClientHello).
  std::optional<int> flip_client_write;
  int64_t start_ms = 1'000'000;
};

inline LinkRun run_link(SyncSession& client, SyncSession& server, LinkOptions options = {}) {
  LinkRun run;
  int64_t now = options.start_ms;
  client.start(now);
  server.start(now);
  int client_writes = 0;
  bool client_closed = false;
  bool server_closed = false;
  auto total = [&] { return run.bytes_client_to_server + run.bytes_server_to_client; };
  // Hands `bytes` to `to`; false once the link is cut.
  auto carry = [&](std::string bytes, SyncSession& to, bool from_client) {
    uint64_t room = options.cut_after_bytes - std::min(options.cut_after_bytes, total());
    const uint64_t way_max = from_client ? options.cut_client_to_server_after_bytes
                                         : options.cut_server_to_client_after_bytes;
    const uint64_t way_sent = from_client ? run.bytes_client_to_server : run.bytes_server_to_client;
    room = std::min(room, way_max - std::min(way_max, way_sent));
    bool cutting = bytes.size() > room;
    if (cutting) bytes.resize(room);
    if (from_client) {
      if (options.flip_client_write == client_writes++ && !bytes.empty()) bytes[bytes.size() / 2] ^= 0x01;
      run.client_to_server += bytes;
      run.bytes_client_to_server += bytes.size();
    } else {
      run.bytes_server_to_client += bytes.size();
    }
    if (!bytes.empty()) to.receive(bytes, now);
    if (cutting) {
      run.cut = true;
      client.end_of_stream(now);
      server.end_of_stream(now);
    }
    return !cutting;
  };
  for (int step = 0; step < 1'000'000; ++step) {
    std::string from_client = client.take_output();
    std::string from_server = server.take_output();
    bool moved = !from_client.empty() || !from_server.empty();
    if (!from_client.empty() && !server_closed && !carry(std::move(from_client), server, true)) break;
    if (!from_server.empty() && !client_closed && !carry(std::move(from_server), client, false)) break;
    if (moved) continue;
    // Nothing in flight: a finished side closes its connection.
    if (client.done() && !client_closed) {
      client_closed = true;
      if (!server_closed) server.end_of_stream(now);
      continue;
    }
    if (server.done() && !server_closed) {
      server_closed = true;
      if (!client_closed) client.end_of_stream(now);
      continue;
    }
    if (client.done() && server.done()) break;
    // Quiet: advance the clock to the next deadline.
    int64_t next = std::numeric_limits<int64_t>::max();
    if (auto d = client.deadline_ms()) next = std::min(next, *d);
    if (auto d = server.deadline_ms()) next = std::min(next, *d);
    if (next == std::numeric_limits<int64_t>::max()) break;
    now = std::max(now, next);
    client.on_timer(now);
    server.on_timer(now);
  }
  return run;
}

}  // namespace parta::testing
