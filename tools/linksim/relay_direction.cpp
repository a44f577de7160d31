// Reading, holding and writing one direction of a connection; see relay_direction.h.
#include "relay_direction.h"

#include <fmt/format.h>

#include <boost/asio/write.hpp>
#include <cassert>

#include "relay.h"

namespace parta::linksim {

RelayDirection::RelayDirection(Relay& relay, boost::asio::ip::tcp::socket& source,
                               boost::asio::ip::tcp::socket& destination, SharedLink& link,
                               FlowId flow, const char* name, const char* source_name,
                               uint64_t& carried_bytes_total)
    : relay_(relay),
      source_(source),
      destination_(destination),
      link_(link),
      flow_(flow),
      name_(name),
      source_name_(source_name),
      carried_bytes_total_(carried_bytes_total),
      wake_timer_(source.get_executor()) {}

RelayDirection::~RelayDirection() { stop(); }

void RelayDirection::start() {
  link_.attach(flow_, this);
  read();
}

void RelayDirection::resume() {
  read();
  deliver();
}

void RelayDirection::stop() {
  if (stopped_) return;
  stopped_ = true;
  link_.detach(flow_);
  wake_timer_.cancel();
}

void RelayDirection::on_departure(size_t bytes, TimePoint arrives_at) {
  assert(!stopped_ && bytes <= waiting_.size() - waiting_head_);
  assert(in_flight_.empty() || in_flight_.back().arrives_at <= arrives_at);
  in_flight_.push_back(Segment{arrives_at, waiting_.substr(waiting_head_, bytes)});
  waiting_head_ += bytes;
  // Drop the departed prefix now and then, not on every packet: each drop moves what is left.
  if (waiting_head_ == waiting_.size() || waiting_head_ >= kReadBytesMax) {
    waiting_.erase(0, waiting_head_);
    waiting_head_ = 0;
  }
  deliver();
}

void RelayDirection::read() {
  if (stopped_ || reading_ || source_ended_ || queued_bytes_ >= kQueueBytesMax) return;
  const size_t room = std::min(kReadBytesMax, kQueueBytesMax - queued_bytes_);
  reading_ = true;
  source_.async_read_some(
      boost::asio::buffer(read_buffer_.data(), room),
      [this, keep_alive = relay_.shared_from_this()](const boost::system::error_code& error,
                                                     size_t bytes) { on_read(error, bytes); });
}

void RelayDirection::on_read(const boost::system::error_code& error, size_t bytes) {
  reading_ = false;
  if (stopped_) return;
  if (error == boost::asio::error::eof) {
    source_ended_ = true;
    finish_if_drained();
    return;
  }
  if (error) {
    relay_.fail(fmt::format("reading from {} failed: {}", source_name_, error.message()));
    return;
  }
  waiting_.append(read_buffer_.data(), bytes);
  queued_bytes_ += bytes;
  assert(queued_bytes_ <= kQueueBytesMax);
  link_.offer(flow_, bytes);
  read();
}

// Writes what has arrived, as much as the faults allow, or sets the timer for when it may.
void RelayDirection::deliver() {
  if (stopped_ || writing_) return;
  if (in_flight_.empty()) {
    finish_if_drained();
    return;
  }
  const TimePoint now = Clock::now();
  if (in_flight_.front().arrives_at > now) {
    wake_at(in_flight_.front().arrives_at);
    return;
  }
  size_t arrived_bytes = 0;
  for (const Segment& segment : in_flight_) {
    if (segment.arrives_at > now || arrived_bytes >= kWriteBytesMax) break;
    arrived_bytes += segment.bytes.size();
  }
  const uint64_t granted = relay_.reserve_delivery(std::min(arrived_bytes, kWriteBytesMax), now);
  if (granted == 0) {
    // Stalled (wake when it ends), or waiting for the other direction to write the bytes
    // before a fault point (the relay resumes us then), or cut (the relay stops us).
    std::optional<TimePoint> stall_ends_at = relay_.stall_ends_at();
    if (stall_ends_at && *stall_ends_at > now) wake_at(*stall_ends_at);
    return;
  }
  take_arrived(granted);
  writing_ = true;
  boost::asio::async_write(
      destination_, boost::asio::buffer(write_buffer_),
      [this, keep_alive = relay_.shared_from_this()](const boost::system::error_code& error,
                                                     size_t bytes) { on_written(error, bytes); });
}

// Moves the first `bytes` of the arrived segments into write_buffer_.
void RelayDirection::take_arrived(size_t bytes) {
  assert(write_buffer_.empty());
  while (write_buffer_.size() < bytes) {
    assert(!in_flight_.empty());
    std::string& front = in_flight_.front().bytes;
    const size_t taken = std::min(bytes - write_buffer_.size(), front.size());
    write_buffer_.append(front, 0, taken);
    if (taken == front.size()) {
      in_flight_.pop_front();
    } else {
      front.erase(0, taken);
    }
  }
}

void RelayDirection::on_written(const boost::system::error_code& error, size_t bytes) {
  writing_ = false;
  // Counted even on error or after stop: those bytes did reach the destination's socket.
  written_bytes_ += bytes;
  carried_bytes_total_ += bytes;
  queued_bytes_ -= write_buffer_.size();
  write_buffer_.clear();
  if (stopped_) return;
  if (error) {
    relay_.fail(fmt::format("writing {} failed: {}", name_, error.message()));
    return;
  }
  relay_.on_written(bytes);
}

void RelayDirection::wake_at(TimePoint when) {
  wake_timer_.expires_at(when);  // replaces any earlier wait, whose handler then does nothing
  wake_timer_.async_wait(
      [this, keep_alive = relay_.shared_from_this()](const boost::system::error_code& error) {
        if (!error) deliver();
      });
}

void RelayDirection::finish_if_drained() {
  if (stopped_ || finished_ || !source_ended_ || queued_bytes_ > 0) return;
  assert(!writing_ && in_flight_.empty());
  finished_ = true;
  boost::system::error_code ignored;  // a peer that has gone will show on the other direction
  destination_.shutdown(boost::asio::ip::tcp::socket::shutdown_send, ignored);
  relay_.on_direction_finished();
}

}  // namespace parta::linksim
