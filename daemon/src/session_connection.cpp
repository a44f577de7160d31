// Driving a SyncSession over TCP; see session_connection.h.
#include "parta/net/session_connection.h"

#include <boost/asio/write.hpp>
#include <cassert>
#include <chrono>

#include "parta/net/host_port.h"

namespace parta::net {

using boost::asio::ip::tcp;

int64_t steady_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::shared_ptr<SessionConnection> SessionConnection::start(tcp::socket socket,
                                                            SyncSession& session,
                                                            UploadCap upload_cap, Completion done) {
  assert(socket.is_open());
  std::shared_ptr<SessionConnection> connection(
      new SessionConnection(std::move(socket), session, std::move(upload_cap), std::move(done)));
  connection->begin();
  return connection;
}

SessionConnection::SessionConnection(tcp::socket socket, SyncSession& session, UploadCap upload_cap,
                                     Completion done)
    : session_(session),
      upload_cap_(std::move(upload_cap)),
      socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      pace_timer_(socket_.get_executor()),
      done_(std::move(done)),
      upload_bucket_(0, 0) {
  boost::system::error_code error;
  const tcp::endpoint remote = socket_.remote_endpoint(error);
  if (!error) remote_ = format_endpoint(remote);
  // Frames are written whole or in paced chunks; waiting to coalesce them only adds delay.
  socket_.set_option(tcp::no_delay(true), error);
}

void SessionConnection::begin() {
  start_ms_ = steady_now_ms();
  upload_cap_checked_ms_ = start_ms_;
  upload_bucket_ = TokenBucket(upload_cap_ ? upload_cap_() : 0, start_ms_);
  session_.start(start_ms_);
  after_session_step();
  read_more();
}

void SessionConnection::after_session_step() {
  assert(phase_ == Phase::kRunning);
  std::string output = session_.take_output();
  queued_bytes_ += output.size();
  if (!output.empty()) outgoing_.push_back(std::move(output));
  if (session_.done()) {
    phase_ = Phase::kFlushing;
    arm_timer(steady_now_ms() + kFlushTimeoutMs);
  } else {
    const std::optional<int64_t> deadline = session_.deadline_ms();
    assert(deadline.has_value() && "a session that is not done always has a deadline");
    arm_timer(*deadline);
  }
  write_more();
  if (phase_ == Phase::kFlushing && outgoing_.empty() && !writing_) start_draining();
}

void SessionConnection::read_more() {
  if (reading_ || read_closed_ || phase_ == Phase::kFinished) return;
  if (phase_ == Phase::kRunning && queued_bytes_ > kQueuedBytesMax) return;  // on_written resumes
  reading_ = true;
  socket_.async_read_some(
      boost::asio::buffer(read_buffer_),
      [self = shared_from_this()](boost::system::error_code error, size_t bytes) {
        self->on_read(error, bytes);
      });
}

void SessionConnection::on_read(boost::system::error_code error, size_t bytes) {
  reading_ = false;
  if (phase_ == Phase::kFinished) return;
  const int64_t now = steady_now_ms();
  if (error) {
    read_closed_ = true;
    if (error != boost::asio::error::eof && socket_error_.empty()) socket_error_ = error.message();
    if (phase_ == Phase::kRunning) {
      session_.end_of_stream(now);
      after_session_step();
    } else if (phase_ == Phase::kDraining) {
      close_socket();
    }
    return;
  }
  // Once the session is done, whatever the peer still sends is read only to be dropped.
  if (phase_ == Phase::kRunning) {
    session_.receive(std::string_view(read_buffer_.data(), bytes), now);
    after_session_step();
  }
  read_more();
}

void SessionConnection::write_more() {
  if (writing_ || pacing_ || outgoing_.empty()) return;
  if (phase_ != Phase::kRunning && phase_ != Phase::kFlushing) return;
  const int64_t now = steady_now_ms();
  if (upload_cap_ && now - upload_cap_checked_ms_ >= kUploadCapRecheckMs) {
    upload_bucket_.set_rate_kbit(upload_cap_(), now);
    upload_cap_checked_ms_ = now;
  }
  const std::string& front = outgoing_.front();
  assert(outgoing_offset_ < front.size());
  size_t bytes = front.size() - outgoing_offset_;
  if (upload_bucket_.capped()) {
    bytes = std::min(bytes, kPacedWriteBytesMax);
    if (const int64_t wait_ms = upload_bucket_.delay_ms(bytes, now); wait_ms > 0) {
      pacing_ = true;
      pace_timer_.expires_after(std::chrono::milliseconds(wait_ms));
      pace_timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
        self->pacing_ = false;
        if (!error) self->write_more();
      });
      return;
    }
    upload_bucket_.take(bytes, now);
  }
  writing_ = true;
  boost::asio::async_write(
      socket_, boost::asio::buffer(front.data() + outgoing_offset_, bytes),
      [self = shared_from_this()](boost::system::error_code error, size_t written) {
        self->on_written(error, written);
      });
}

void SessionConnection::on_written(boost::system::error_code error, size_t bytes) {
  writing_ = false;
  if (phase_ == Phase::kFinished) return;
  if (error) {  // the connection is broken both ways: nothing more can be sent or heard
    if (socket_error_.empty()) socket_error_ = error.message();
    if (!session_.done()) session_.end_of_stream(steady_now_ms());
    finish(session_.done()
               ? session_.outcome()
               : Status::io("the connection to " + remote_ + " broke: " + socket_error_));
    return;
  }
  outgoing_offset_ += bytes;
  assert(queued_bytes_ >= bytes);
  queued_bytes_ -= bytes;
  if (outgoing_offset_ == outgoing_.front().size()) {
    outgoing_.pop_front();
    outgoing_offset_ = 0;
  }
  read_more();  // reading may have paused on a backlog
  if (phase_ == Phase::kFlushing && outgoing_.empty()) {
    start_draining();
    return;
  }
  write_more();
}

void SessionConnection::arm_timer(int64_t deadline_ms) {
  if (timer_deadline_ms_ == deadline_ms) return;
  timer_deadline_ms_ = deadline_ms;
  timer_.expires_at(std::chrono::steady_clock::time_point(std::chrono::milliseconds(deadline_ms)));
  timer_.async_wait([self = shared_from_this()](boost::system::error_code error) {
    if (!error) self->on_timer();
  });
}

void SessionConnection::on_timer() {
  if (phase_ == Phase::kFinished) return;
  const int64_t now = steady_now_ms();
  // A wait that completed just as it was re-armed for a later deadline: the new wait follows.
  if (!timer_deadline_ms_ || now < *timer_deadline_ms_) return;
  timer_deadline_ms_.reset();
  switch (phase_) {
    case Phase::kRunning:
      session_.on_timer(now);
      after_session_step();
      return;
    case Phase::kFlushing:  // the peer stopped reading; it will find the session cut
      finish(session_.outcome());
      return;
    case Phase::kDraining:  // the peer did not close; the session ended all the same
      close_socket();
      return;
    case Phase::kFinished:
      return;
  }
}

void SessionConnection::start_draining() {
  assert(phase_ == Phase::kFlushing && outgoing_.empty() && !writing_);
  phase_ = Phase::kDraining;
  boost::system::error_code ignored;  // a peer that has gone already is no error here
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  // The session's outcome is final and all it had to say is written: report now, not a round
  // trip later when the peer has closed too (the completion may destroy the session).
  report(session_.outcome());
  if (read_closed_) {
    close_socket();
    return;
  }
  arm_timer(steady_now_ms() + kDrainTimeoutMs);
  read_more();
}

void SessionConnection::stop(Status why) {
  assert(!why.is_ok());
  if (phase_ == Phase::kFinished) return;
  if (phase_ == Phase::kDraining) return close_socket();  // reported already
  finish(session_.done() ? session_.outcome() : std::move(why));
}

bool SessionConnection::past_handshake() const {
  return reported() || session_.peer().has_value();
}

void SessionConnection::finish(Status outcome) {
  assert(phase_ != Phase::kFinished && phase_ != Phase::kDraining);
  auto self = shared_from_this();  // the completion may drop every other owner
  close_socket();
  report(std::move(outcome));
}

void SessionConnection::close_socket() {
  assert(phase_ != Phase::kFinished);
  phase_ = Phase::kFinished;
  timer_.cancel();
  pace_timer_.cancel();
  boost::system::error_code ignored;  // closing is best effort
  socket_.close(ignored);
}

void SessionConnection::report(Status outcome) {
  assert(done_ && "a connection reports once");
  auto self = shared_from_this();  // the completion may drop every other owner
  SessionReport report{std::move(outcome),
                       session_.stats(),
                       session_.peer(),
                       session_.peer_vector(),
                       (steady_now_ms() - start_ms_) / 1000.0,
                       remote_};
  Completion done = std::move(done_);
  done_ = nullptr;
  done(std::move(report));
}

}  // namespace parta::net
