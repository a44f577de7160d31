// SessionConnection: drives one SyncSession (sync_session.h) over a connected TCP socket with
// Boost.Asio. The session is sans-IO; this is its I/O:
//   - reads up to kReadBytesMax at a time and feeds them to session.receive(), pausing while
//     more than kQueuedBytesMax of output waits to be written;
//   - writes what session.take_output() gives, in order, one write at a time, paced by a
//     TokenBucket at the upload cap in force (asked for again at most once a second, so a
//     time window that starts mid-session takes effect), in writes of at most
//     kPacedWriteBytesMax while capped so the pacing is smooth;
//   - calls session.on_timer() at session.deadline_ms() and session.end_of_stream() when the
//     peer closes or the connection breaks;
//   - once session.done(): writes what is left (within kFlushTimeoutMs), shuts down its
//     sending side and runs the completion callback with a SessionReport; then, on its own,
//     reads until the peer closes too (within kDrainTimeoutMs, so unread bytes never turn the
//     close into a reset that could destroy the peer's last frame) and closes. A connection
//     that breaks or is stopped before that reports at once.
// The session's clock is std::chrono::steady_clock in milliseconds, which never jumps when a
// school box's wall clock does.
//
// Lifetime: the connection keeps itself alive while it has I/O pending. `session` must stay
// alive until the completion runs; the connection never touches it afterwards, so the
// completion may destroy it.
//
// Thread safety: everything runs on the socket's io_context thread; call stop() there.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "parta/net/session_report.h"
#include "parta/net/token_bucket.h"
#include "parta/sync/sync_session.h"

namespace parta::net {

// Monotonic milliseconds: the time sessions are given.
int64_t steady_now_ms();

class SessionConnection : public std::enable_shared_from_this<SessionConnection> {
 public:
  static constexpr size_t kReadBytesMax = 64 << 10;
  static constexpr size_t kPacedWriteBytesMax = 4 << 10;
  // Reading pauses while this much output waits to be written: a peer that sends but never
  // reads (its acks pile up here) cannot make the connection hold more.
  static constexpr size_t kQueuedBytesMax = 2 << 20;
  static constexpr int64_t kUploadCapRecheckMs = 1000;
  static constexpr int64_t kFlushTimeoutMs = 30'000;
  static constexpr int64_t kDrainTimeoutMs = 5'000;

  using Completion = std::function<void(SessionReport)>;
  // The upload cap in force now, in kbit/s; 0 = none.
  using UploadCap = std::function<uint32_t()>;

  // Starts `session` (session.start()) on `socket`, which is connected. `done` runs once, on
  // the io_context's thread, when the session has ended and its last output is written (or
  // the connection broke); the connection never touches the session afterwards.
  static std::shared_ptr<SessionConnection> start(boost::asio::ip::tcp::socket socket,
                                                  SyncSession& session, UploadCap upload_cap,
                                                  Completion done);
  SessionConnection(const SessionConnection&) = delete;
  SessionConnection& operator=(const SessionConnection&) = delete;

  // Closes the connection now; the completion runs before stop() returns (if it has not run
  // yet), with the session's outcome if it was done, else `why` (not ok). Nothing more
  // happens afterwards.
  void stop(Status why);
  // Whether the session knows who the peer is yet (its handshake is over) or it has ended.
  bool past_handshake() const;
  // Whether the completion has run (the connection may still be closing on its own).
  bool reported() const { return phase_ == Phase::kDraining || phase_ == Phase::kFinished; }
  const std::string& remote() const { return remote_; }

 private:
  enum class Phase {
    kRunning,   // the session is under way
    kFlushing,  // the session is done; writing its last output
    kDraining,  // reported; sent everything and shut down sending; waiting for the peer to close
    kFinished,  // closed; the completion has run
  };

  SessionConnection(boost::asio::ip::tcp::socket socket, SyncSession& session, UploadCap upload_cap,
                    Completion done);
  void begin();
  // After every call into the session: queue its output, follow its deadline, move on to
  // flushing once it is done.
  void after_session_step();
  void read_more();
  void on_read(boost::system::error_code error, size_t bytes);
  void write_more();
  void on_written(boost::system::error_code error, size_t bytes);
  void arm_timer(int64_t deadline_ms);
  void on_timer();
  void start_draining();
  // Closes the socket and reports `outcome`.
  void finish(Status outcome);
  void close_socket();
  // Runs the completion (once) with `outcome` and the session's figures.
  void report(Status outcome);

  // Constant after construction.
  SyncSession& session_;
  const UploadCap upload_cap_;
  std::string remote_;

  // State, on the io_context's thread.
  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;       // the session's deadline, or the flush/drain limit
  boost::asio::steady_timer pace_timer_;  // waiting for upload tokens
  Completion done_;
  Phase phase_ = Phase::kRunning;
  int64_t start_ms_ = 0;
  std::optional<int64_t> timer_deadline_ms_;  // what timer_ is armed for
  TokenBucket upload_bucket_;
  int64_t upload_cap_checked_ms_ = 0;
  std::array<char, kReadBytesMax> read_buffer_;
  bool reading_ = false;
  bool read_closed_ = false;          // the peer closed, or reading failed
  std::deque<std::string> outgoing_;  // the session's output not yet written, in order
  size_t outgoing_offset_ = 0;        // bytes of outgoing_.front() already written
  size_t queued_bytes_ = 0;           // bytes in outgoing_ not yet written
  bool writing_ = false;
  bool pacing_ = false;
  std::string socket_error_;  // the first read or write error, for the report
};

}  // namespace parta::net
