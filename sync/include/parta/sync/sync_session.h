// SyncSession: one sync between a school and its hub, as a sans-IO state machine. It takes
// bytes and time in and gives bytes and a deadline out; it owns no socket and reads no clock,
// so partad drives it with Boost.Asio and the simulator drives the very same code under a
// simulated network and clock (DESIGN.md §5). It does use the node's Store and PeerDirectory,
// which are local files, not I/O with the peer.
//
// A session (docs/sync-protocol.md has the messages):
//   1. the SecureChannel handshake (secure_channel.h); the hub admits pinned keys, and an
//      unknown key only to redeem an invite;
//   2. Hello both ways, then each side's version vector, restricted on the hub to the scopes
//      the school is entitled to (scopes_for_school in storage/.../scopes.h);
//   3. each side streams the ops the other lacks per (scope, origin) in seq order, school
//      scopes (results, consents, attendance) before group scopes (assignments), in
//      changeset batches (changeset_codec.h) with at most `window_batches` unacknowledged;
//      the receiver applies each batch and advances its vector in one transaction, then acks
//      (the hub only a batch every op of which the school may write: school_write_rules.h);
//   4. after the other's Done each side asks for the task materials its records name and it
//      lacks, and serves the other's wants as git packs in parts, resumable after a cut and
//      verified before any ref moves (material_exchange.h), ops always first;
//   5. when a side has sent everything it holds (writes made during the session included) it
//      sends Done, the hub only after the school's; when both are done, every batch is acked
//      and every wanted pack arrived (or was not there to send), the school ends the channel with its final frame and reports success at once
//      (it holds everything it needs); the hub reports success when that final frame arrives,
//      and answers it with its own, which the school no longer waits for.
// In-flight state is the two vectors, a cursor per (scope, origin) and the unacked batches, so
// memory is bounded however much there is to send, and a cut resumes from the last applied
// batch: the next session's vectors say where.
//
// Pairing is a session of its own: the school presents the invite's token instead of Hello;
// the hub redeems it (peers.h) and both sides pin each other's keys.
//
// Failure: a session ends at its first error, with a Status in words for the log and for
// `parta peers`: Refused (unknown key, used invite, out-of-scope op, the peer refused us),
// Corrupt (a frame or batch that fails a check), IO (timeouts: the link went quiet).
// Nothing from a failing batch is applied.
//
// Thread safety: one session per connection, used from one thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parta/storage/status.h"
#include "parta/storage/store.h"
#include "parta/sync/identity.h"
#include "parta/sync/peers.h"

namespace parta {

struct SyncSessionOptions {
  size_t batch_ops_max = 2000;          // ops per batch, at most
  size_t batch_value_bytes_max = 512 << 10;  // op value bytes per batch, about
  size_t window_batches = 4;            // batches sent and not yet acknowledged, at most
  int64_t handshake_timeout_ms = 30'000;   // from start to Hello exchanged
  int64_t idle_timeout_ms = 120'000;       // nothing received for this long: the link is dead
  int64_t keepalive_ms = 20'000;           // send a ping when nothing was sent for this long
};

struct SyncSessionStats {
  uint64_t ops_sent = 0;
  uint64_t ops_received = 0;       // ops in batches received and applied (already-held included)
  uint64_t batches_sent = 0;
  uint64_t batches_received = 0;
  uint64_t bytes_sent = 0;         // on the wire: everything take_output() gave
  uint64_t bytes_received = 0;     // everything receive() took
  uint64_t ops_announced_incoming = 0;  // what the peer said it would send
  uint64_t pack_bytes_sent = 0;        // task materials (pack data) sent, acknowledged or not
  uint64_t pack_bytes_received = 0;    // task materials received (kept even if the session is cut)
  uint64_t packs_received = 0;         // material packs received whole, verified and indexed
};

class SyncSession {
 public:
  // The school's side of a sync with its hub (a pinned peer with role "hub").
  static std::unique_ptr<SyncSession> client(Store& store, const Identity& self, const Peer& hub,
                                             SyncSessionOptions options = {});
  // The school's side of pairing: redeems `invite`. On success peer() is the hub,
  // ready for PeerDirectory::add on the school.
  static std::unique_ptr<SyncSession> pairing_client(Store& store, const Identity& self,
                                                     const Invite& invite,
                                                     SyncSessionOptions options = {});
  // The hub's side of one incoming connection.
  static std::unique_ptr<SyncSession> server(Store& store, const Identity& self,
                                             const PeerDirectory& peers,
                                             SyncSessionOptions options = {});
  ~SyncSession();
  SyncSession(const SyncSession&) = delete;
  SyncSession& operator=(const SyncSession&) = delete;

  // Call once when the connection is up; the client queues its first handshake bytes.
  void start(int64_t now_ms);
  // Bytes read from the connection, in any pieces.
  void receive(std::string_view bytes, int64_t now_ms);
  // The connection reached end of stream (the peer closed).
  void end_of_stream(int64_t now_ms);
  // Call at (or after) deadline_ms().
  void on_timer(int64_t now_ms);
  // Bytes to write, in order. After done(), write what is left, then close the connection.
  std::string take_output();
  // When on_timer() must next be called; nullopt once done().
  std::optional<int64_t> deadline_ms() const;

  bool done() const;            // succeeded or failed; nothing more will happen
  const Status& outcome() const;  // ok once both sides are in step; the error otherwise
  // The other side, once known (the pinned peer; for a pairing client, the hub it pinned).
  const std::optional<Peer>& peer() const;
  const SyncSessionStats& stats() const;
  // The peer's vector as last heard, advanced by what it acknowledged (for `parta peers`).
  std::vector<VersionEntry> peer_vector() const;

  class State;

 private:
  explicit SyncSession(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace parta
