// One session on a private io_context; see run_session.h.
#include "parta/net/run_session.h"

#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cassert>
#include <chrono>
#include <memory>
#include <optional>

#include "parta/net/dialer.h"
#include "parta/net/host_port.h"
#include "parta/net/session_connection.h"

namespace parta::net {

Status run_session_blocking(SyncSession& session, const std::string& host_port,
                            int64_t timeout_ms) {
  auto address = parse_host_port(host_port);
  if (!address) return address.status();
  boost::asio::io_context io;
  boost::asio::steady_timer limit(io, std::chrono::milliseconds(timeout_ms));
  std::optional<Status> outcome;
  auto end = [&](Status status) {
    outcome = std::move(status);
    limit.cancel();  // the last pending work: io.run() returns
  };
  std::shared_ptr<SessionConnection> connection;
  std::shared_ptr<PendingDial> dial =
      async_dial(io, *address, timeout_ms, [&](Result<boost::asio::ip::tcp::socket> socket) {
        if (!socket) {
          end(socket.status());
          return;
        }
        connection =
            SessionConnection::start(std::move(*socket), session, nullptr,
                                     [&](SessionReport report) { end(std::move(report.outcome)); });
      });
  limit.async_wait([&](boost::system::error_code error) {
    if (error) return;
    Status why = Status::io(fmt::format("no answer from {} within {} s; check that the link is up",
                                        host_port, timeout_ms / 1000));
    dial->cancel(why);
    if (connection) connection->stop(why);
  });
  io.run();
  assert(outcome.has_value() && "every path ends the dial or the session");
  return std::move(*outcome);
}

}  // namespace parta::net
