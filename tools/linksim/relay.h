// Relay: one connection through linksim: the client's socket, a connection it opens to the
// target, and the two directions between them, subject to the connection's faults.
//
// Its life: connect to the target (if that fails, the client is reset and it ends); relay both
// ways through the shared link; end when both sides have closed their sending halves, when a
// planned cut strikes (both sides are reset: SO_LINGER 0, so peers see RST), when either side
// fails or resets (the other side is reset too), or when linksim stops. Each end is one line
// on stderr; then it tells its owner through `on_closed`.
//
// Thread safety: none; it runs on the io_context's one thread. Its pending handlers hold
// shared_ptrs to it, so it lives until the last of them has run.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "connection_faults.h"
#include "relay_direction.h"
#include "shared_link.h"

namespace parta::linksim {

// Bytes written to each side, over one connection or over all of them.
struct CarriedBytes {
  uint64_t client_to_target = 0;
  uint64_t target_to_client = 0;
};

// What a relay shares with every other relay of the proxy; all outlive the relay.
struct RelayShared {
  SharedLink& client_to_target_link;
  SharedLink& target_to_client_link;
  CarriedBytes& carried_total;
  boost::asio::ip::tcp::resolver::results_type target;
  std::string target_name;  // as given on the command line, for log lines
};

class Relay : public std::enable_shared_from_this<Relay> {
 public:
  using ClosedCallback = std::function<void(uint64_t connection_id)>;

  // `id` names the connection in log lines and is its flow on the links.
  Relay(uint64_t id, boost::asio::ip::tcp::socket client, FaultPlan faults, RelayShared shared,
        ClosedCallback on_closed);
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  // Connects to the target, then relays. Called once.
  void start();
  // linksim is stopping: closes both sockets now (no reset), logs, and calls on_closed.
  void stop();

 private:
  friend class RelayDirection;
  enum class State { kIdle, kConnecting, kRelaying, kCutting, kClosed };
  enum class Closing { kGraceful, kReset };

  // Called by the directions.
  uint64_t reserve_delivery(uint64_t wanted, TimePoint now);
  std::optional<TimePoint> stall_ends_at() const { return faults_.stall_ends_at(); }
  void on_written(uint64_t bytes);
  void on_direction_finished();
  void fail(const std::string& why);

  void on_connected(const boost::system::error_code& error);
  void on_fault(FaultEvent event);
  void begin_cut();
  void reset_when_drained(TimePoint deadline);
  void close(Closing how, const std::string& why);
  std::string carried_summary() const;

  // Constant after construction.
  const uint64_t id_;
  const std::string client_name_;
  const RelayShared shared_;
  const ClosedCallback on_closed_;

  State state_ = State::kIdle;
  boost::asio::ip::tcp::socket client_;
  boost::asio::ip::tcp::socket target_;
  ConnectionFaults faults_;
  RelayDirection client_to_target_;
  RelayDirection target_to_client_;
  boost::asio::steady_timer drain_timer_;
};

}  // namespace parta::linksim
