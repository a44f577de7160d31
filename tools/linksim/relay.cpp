// One connection's life, from connect to close; see relay.h.
#include "relay.h"

#include <linux/sockios.h>
#include <sys/ioctl.h>

#include <boost/asio/connect.hpp>

#include "log_line.h"
#include "parta/net/host_port.h"

namespace parta::linksim {
namespace {

using boost::asio::ip::tcp;

// Before a cut resets the sockets, the bytes up to the cut point must have left them (a reset
// drops what is still queued). Waiting is bounded: a peer that reads nothing gets less.
constexpr std::chrono::milliseconds kDrainWaitMax{2000};
constexpr std::chrono::milliseconds kDrainPollInterval{5};

std::string peer_name(const tcp::socket& socket) {
  boost::system::error_code error;
  tcp::endpoint peer = socket.remote_endpoint(error);
  return error ? std::string("an unknown peer") : net::format_endpoint(peer);
}

// Bytes written to `socket` that the peer has not acknowledged yet (0 if it cannot tell).
int unacknowledged_bytes(tcp::socket& socket) {
  int bytes = 0;
  if (!socket.is_open() || ::ioctl(socket.native_handle(), SIOCOUTQ, &bytes) != 0) return 0;
  return bytes;
}

void close_socket(tcp::socket& socket, bool reset) {
  boost::system::error_code ignored;  // closing is best effort: the peer may be gone already
  if (reset) socket.set_option(boost::asio::socket_base::linger(true, 0), ignored);
  socket.close(ignored);
}

}  // namespace

Relay::Relay(uint64_t id, tcp::socket client, FaultPlan faults, RelayShared shared,
             ClosedCallback on_closed)
    : id_(id),
      client_name_(peer_name(client)),
      shared_(std::move(shared)),
      on_closed_(std::move(on_closed)),
      client_(std::move(client)),
      target_(client_.get_executor()),
      faults_(faults),
      client_to_target_(*this, client_, target_, shared_.client_to_target_link, id,
                        "client->target", "the client", shared_.carried_total.client_to_target),
      target_to_client_(*this, target_, client_, shared_.target_to_client_link, id,
                        "target->client", "the target", shared_.carried_total.target_to_client),
      drain_timer_(client_.get_executor()) {}

void Relay::start() {
  assert(state_ == State::kIdle);
  state_ = State::kConnecting;
  boost::asio::async_connect(
      target_, shared_.target,
      [self = shared_from_this()](const boost::system::error_code& error, const tcp::endpoint&) {
        self->on_connected(error);
      });
}

void Relay::stop() { close(Closing::kGraceful, "closed as linksim stops"); }

void Relay::on_connected(const boost::system::error_code& error) {
  if (state_ != State::kConnecting) return;
  if (error) {
    close(Closing::kReset, fmt::format("from {}: cannot connect to the target {}: {}; the client "
                                       "is reset",
                                       client_name_, shared_.target_name, error.message()));
    return;
  }
  state_ = State::kRelaying;
  boost::system::error_code ignored;  // without it the link is only slower, not wrong
  client_.set_option(tcp::no_delay(true), ignored);
  target_.set_option(tcp::no_delay(true), ignored);
  const std::optional<uint64_t>& cut_after_bytes = faults_.plan().cut_after_bytes;
  log_line("connection {} from {} opened to {}{}", id_, client_name_, shared_.target_name,
           cut_after_bytes ? fmt::format("; it will be cut after {} bytes", *cut_after_bytes)
                           : std::string());
  client_to_target_.start();
  target_to_client_.start();
  on_fault(faults_.begin(Clock::now()));
}

uint64_t Relay::reserve_delivery(uint64_t wanted, TimePoint now) {
  if (state_ != State::kRelaying) return 0;
  return faults_.reserve(wanted, now);
}

void Relay::on_written(uint64_t bytes) {
  if (state_ != State::kRelaying) return;
  on_fault(faults_.written(bytes, Clock::now()));
  if (state_ != State::kRelaying) return;
  client_to_target_.resume();
  target_to_client_.resume();
}

void Relay::on_direction_finished() {
  if (state_ != State::kRelaying) return;
  if (client_to_target_.finished() && target_to_client_.finished()) {
    close(Closing::kGraceful, "closed by both sides");
  }
}

void Relay::fail(const std::string& why) {
  if (state_ == State::kClosed) return;
  close(Closing::kReset, fmt::format("reset: {}", why));
}

void Relay::on_fault(FaultEvent event) {
  switch (event) {
    case FaultEvent::kNone:
      return;
    case FaultEvent::kStallStarted:
      log_line("connection {} stalls after {} bytes, for {} ms", id_, faults_.written_bytes(),
               faults_.plan().stall_duration.count());
      return;
    case FaultEvent::kCutReached:
      begin_cut();
      return;
  }
}

// Nothing more crosses; once the bytes before the cut have left the sockets, both are reset.
void Relay::begin_cut() {
  assert(state_ == State::kRelaying);
  state_ = State::kCutting;
  client_to_target_.stop();
  target_to_client_.stop();
  boost::system::error_code ignored;  // cancelling reads that may have finished already
  client_.cancel(ignored);
  target_.cancel(ignored);
  reset_when_drained(Clock::now() + kDrainWaitMax);
}

void Relay::reset_when_drained(TimePoint deadline) {
  const int unacknowledged = unacknowledged_bytes(client_) + unacknowledged_bytes(target_);
  if (unacknowledged == 0 || Clock::now() >= deadline) {
    std::string lost =
        unacknowledged == 0
            ? std::string()
            : fmt::format(" ({} bytes still unread by the peers are lost)", unacknowledged);
    close(Closing::kReset,
          fmt::format("cut after {} bytes{}: both sides reset", faults_.written_bytes(), lost));
    return;
  }
  drain_timer_.expires_after(kDrainPollInterval);
  drain_timer_.async_wait(
      [self = shared_from_this(), deadline](const boost::system::error_code& error) {
        if (!error && self->state_ == State::kCutting) self->reset_when_drained(deadline);
      });
}

void Relay::close(Closing how, const std::string& why) {
  if (state_ == State::kClosed) return;
  const bool was_relaying = state_ != State::kIdle && state_ != State::kConnecting;
  state_ = State::kClosed;
  client_to_target_.stop();
  target_to_client_.stop();
  drain_timer_.cancel();
  // Logged first, so the line is there by the time a peer sees the connection end.
  if (was_relaying) {
    log_line("connection {} {}; carried {}", id_, why, carried_summary());
  } else {
    log_line("connection {} {}", id_, why);
  }
  close_socket(client_, how == Closing::kReset);
  close_socket(target_, how == Closing::kReset);
  on_closed_(id_);
}

std::string Relay::carried_summary() const {
  return fmt::format("{} bytes client->target, {} bytes target->client",
                     client_to_target_.written_bytes(), target_to_client_.written_bytes());
}

}  // namespace parta::linksim
