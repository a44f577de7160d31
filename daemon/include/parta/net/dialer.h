// Dialling a peer: resolves HOST:PORT and connects, within a time limit, on an io_context.
// Used by partad (a school dials its hub) and by `parta pair` (through run_session.h).
//
// Failure is reported in words a school's IT person can act on: the name did not resolve
// (check the address in the invite or peer file, and DNS), the connection was refused (is
// partad running on the hub, is the port open in its firewall?), or nothing answered within
// the limit (is the link up?).
//
// Thread safety: the dial runs on the io_context's thread; cancel() must be called there too.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <functional>
#include <memory>

#include "parta/net/host_port.h"
#include "parta/storage/status.h"

namespace parta::net {

class PendingDial {
 public:
  virtual ~PendingDial() = default;
  // Gives up: the callback runs with `why` (not ok), unless it has run already.
  virtual void cancel(Status why) = 0;
};

using DialDone = std::function<void(Result<boost::asio::ip::tcp::socket>)>;

// Starts dialling `address`; `done` runs exactly once on the io_context's thread, with the
// connected socket or the reason there is none. `timeout_ms` bounds resolving and connecting.
std::shared_ptr<PendingDial> async_dial(boost::asio::io_context& io, const HostPort& address,
                                        int64_t timeout_ms, DialDone done);

}  // namespace parta::net
