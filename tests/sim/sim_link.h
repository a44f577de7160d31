// SimLink: one simulated TCP connection between a school's and a hub's SyncSession, on the
// simulation's clock. Bytes go each way in the order they were written, paced at the link's
// rate and delayed by its one-way latency plus jitter; faults strike on demand: a cut after
// a number of bytes (both sides see the connection end), a stall (nothing delivered for a
// while), a flipped byte (a damaged or forged frame), or one side vanishing (a crash: the
// other side hears nothing more and must time out).
//
// Deterministic: everything random comes from the caller's generator.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <random>
#include <string>

#include "parta/sync/sync_session.h"

namespace parta::sim {

struct LinkProfile {
  double bytes_per_ms = 62.5;      // 500 kbit/s
  int64_t one_way_ms = 150;        // a 300 ms round trip
  int64_t jitter_ms = 30;
};

struct LinkFaults {
  uint64_t cut_after_bytes = std::numeric_limits<uint64_t>::max();
  std::optional<uint64_t> flip_byte;   // counted over both directions
};

class SimLink {
 public:
  SimLink(std::unique_ptr<SyncSession> client, std::unique_ptr<SyncSession> server,
          LinkProfile profile, LinkFaults faults, int64_t now_ms);

  // Moves bytes and fires timers up to `now_ms`; call with a non-decreasing clock.
  void advance(int64_t now_ms, std::mt19937_64& random);
  // Nothing is delivered until `until_ms` (a stalled or partitioned link).
  void stall_until(int64_t until_ms) { stalled_until_ms_ = until_ms; }
  // The school's or the hub's process died: its session is gone without a word, and the
  // other side hears nothing more (it times out, as over a real dead link).
  void crash_client();
  void crash_server();
  // Asked after each delivery to a side: whether that side's process died while it handled
  // the bytes (a simulated crash inside a write transaction, write_faults.h). A side that
  // died is dropped on the spot, as by crash_client()/crash_server(): nothing it said after
  // the crash point goes out.
  using CrashCheck = std::function<bool()>;
  void watch_crashes(CrashCheck client_died, CrashCheck server_died) {
    client_died_ = std::move(client_died);
    server_died_ = std::move(server_died);
  }

  // Both sessions have ended (or crashed) and nothing is left to deliver.
  bool finished() const;
  SyncSession* client() const { return client_.get(); }
  SyncSession* server() const { return server_.get(); }
  uint64_t bytes_carried() const { return carried_; }
  bool was_cut() const { return cut_; }
  // A flipped byte was delivered.
  bool was_damaged() const { return flipped_; }

 private:
  struct Chunk {
    int64_t arrival_ms;
    std::string bytes;
  };
  struct Direction {
    std::deque<Chunk> in_flight;
    int64_t link_free_ms = 0;   // when the link finishes sending what it holds
    int64_t last_arrival_ms = 0;
    bool closed = false;        // the receiver saw the end of the stream
  };
  void take_output(SyncSession* from, Direction& direction, int64_t now_ms,
                   std::mt19937_64& random);
  // Delivers what has arrived; false once the link is cut.
  bool deliver(Direction& direction, SyncSession* to, int64_t now_ms);
  void close_towards(Direction& direction, SyncSession* to, int64_t now_ms);

  std::unique_ptr<SyncSession> client_, server_;
  CrashCheck client_died_, server_died_;
  bool client_alive_ = true, server_alive_ = true;
  LinkProfile profile_;
  LinkFaults faults_;
  Direction up_, down_;  // client -> server, server -> client
  uint64_t carried_ = 0;
  bool cut_ = false;
  bool flipped_ = false;
  int64_t stalled_until_ms_ = 0;
};

}  // namespace parta::sim
