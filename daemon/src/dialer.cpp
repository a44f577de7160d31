// Resolving and connecting within a time limit; see dialer.h.
#include "parta/net/dialer.h"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cassert>
#include <chrono>
#include <string>

namespace parta::net {
namespace {

using boost::asio::ip::tcp;

class Dial final : public PendingDial, public std::enable_shared_from_this<Dial> {
 public:
  Dial(boost::asio::io_context& io, HostPort address, DialDone done)
      : address_(std::move(address)),
        done_(std::move(done)),
        resolver_(io),
        socket_(io),
        timer_(io) {}

  void start(int64_t timeout_ms) {
    timer_.expires_after(std::chrono::milliseconds(timeout_ms));
    timer_.async_wait([self = shared_from_this(), timeout_ms](boost::system::error_code error) {
      if (error) return;  // cancelled: the dial ended first
      self->finish(Status::io(fmt::format(
          "no connection to {} within {} s; check that the link is up and that the address is "
          "right",
          format_host_port(self->address_), timeout_ms / 1000)));
    });
    resolver_.async_resolve(address_.host, std::to_string(address_.port),
                            [self = shared_from_this()](boost::system::error_code error,
                                                        tcp::resolver::results_type results) {
                              self->on_resolved(error, std::move(results));
                            });
  }

  void cancel(Status why) override {
    assert(!why.is_ok());
    finish(std::move(why));
  }

 private:
  void on_resolved(boost::system::error_code error, tcp::resolver::results_type results) {
    if (!done_) return;
    if (error || results.empty()) {
      finish(Status::io(fmt::format(
          "cannot find the address of {}: {}; check the host name and this machine's DNS",
          address_.host, error ? error.message() : std::string("no address found"))));
      return;
    }
    boost::asio::async_connect(
        socket_, results,
        [self = shared_from_this()](boost::system::error_code connect_error, const tcp::endpoint&) {
          self->on_connected(connect_error);
        });
  }

  void on_connected(boost::system::error_code error) {
    if (!done_) return;
    if (error) {
      finish(Status::io(fmt::format(
          "cannot connect to {}: {}; check that partad runs there and that its port is open in "
          "the firewall",
          format_host_port(address_), error.message())));
      return;
    }
    finish(std::move(socket_));
  }

  void finish(Result<tcp::socket> result) {
    if (!done_) return;  // the other of timeout, cancel and completion came first
    DialDone done = std::move(done_);
    done_ = nullptr;
    boost::system::error_code ignored;  // cancelling is best effort
    timer_.cancel();
    resolver_.cancel();
    if (!result) socket_.close(ignored);
    done(std::move(result));
  }

  const HostPort address_;
  DialDone done_;  // empty once it has run
  tcp::resolver resolver_;
  tcp::socket socket_;
  boost::asio::steady_timer timer_;
};

}  // namespace

std::shared_ptr<PendingDial> async_dial(boost::asio::io_context& io, const HostPort& address,
                                        int64_t timeout_ms, DialDone done) {
  auto dial = std::make_shared<Dial>(io, address, std::move(done));
  dial->start(timeout_ms);
  return dial;
}

}  // namespace parta::net
