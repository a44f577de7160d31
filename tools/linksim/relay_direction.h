// RelayDirection: one direction of one connection (client->target or target->client). It reads
// from its source socket, offers the bytes to the shared link, keeps them until they arrive,
// and writes them to its destination socket as the connection's faults allow.
//
// Buffering is bounded: bytes read and not yet written never exceed kQueueBytesMax, and while
// they are at the bound nothing more is read, so the sender is held back by TCP itself, as by a
// real link's window.
//
// When the source ends (EOF) and every byte has been written, it shuts down the sending side
// of the destination, so the peer sees the same EOF.
//
// Thread safety: none; it runs on the io_context's one thread. It belongs to a Relay, which
// keeps itself alive while any of its handlers is pending.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <string>

#include "shared_link.h"

namespace parta::linksim {

class Relay;

// At most this many bytes per direction per connection are held inside linksim.
inline constexpr size_t kQueueBytesMax = 256 * 1024;
// Largest single read from a source and largest single write to a destination.
inline constexpr size_t kReadBytesMax = 16 * 1024;
inline constexpr size_t kWriteBytesMax = 64 * 1024;

class RelayDirection final : public DepartureSink {
 public:
  // `name` is "client->target" or "target->client"; `source_name` is "the client" or "the
  // target", for log lines. Every byte written is added to `carried_bytes_total` too. The
  // sockets, `link` and the total outlive this.
  RelayDirection(Relay& relay, boost::asio::ip::tcp::socket& source,
                 boost::asio::ip::tcp::socket& destination, SharedLink& link, FlowId flow,
                 const char* name, const char* source_name, uint64_t& carried_bytes_total);
  ~RelayDirection() override;

  // Attaches to the link and starts reading. Called once.
  void start();
  // Reads if there is room and delivers what has arrived, if the faults allow. Called whenever
  // that may have changed: a write finished, a stall began or a fault point was passed.
  void resume();
  // Detaches from the link and cancels its timer; no more reads, writes or calls on the relay
  // start afterwards. The relay closes the sockets.
  void stop();

  // The source ended and everything was written and the EOF passed on.
  bool finished() const { return finished_; }
  uint64_t written_bytes() const { return written_bytes_; }
  const char* name() const { return name_; }

  void on_departure(size_t bytes, TimePoint arrives_at) override;

 private:
  struct Segment {
    TimePoint arrives_at;
    std::string bytes;
  };

  void read();
  void on_read(const boost::system::error_code& error, size_t bytes);
  void deliver();
  void take_arrived(size_t bytes);
  void on_written(const boost::system::error_code& error, size_t bytes);
  void wake_at(TimePoint when);
  void finish_if_drained();

  // Constant after construction.
  Relay& relay_;
  boost::asio::ip::tcp::socket& source_;
  boost::asio::ip::tcp::socket& destination_;
  SharedLink& link_;
  const FlowId flow_;
  const char* const name_;
  const char* const source_name_;
  uint64_t& carried_bytes_total_;

  bool stopped_ = false;
  bool reading_ = false;
  bool writing_ = false;
  bool source_ended_ = false;
  bool finished_ = false;
  std::array<char, kReadBytesMax> read_buffer_;
  std::string waiting_;  // from waiting_head_ on: offered to the link, not departed
  size_t waiting_head_ = 0;
  std::deque<Segment> in_flight_;  // departed, in order of arrival
  std::string write_buffer_;       // being written to the destination
  size_t queued_bytes_ = 0;        // all three together; at most kQueueBytesMax
  uint64_t written_bytes_ = 0;
  boost::asio::steady_timer wake_timer_;
};

}  // namespace parta::linksim
