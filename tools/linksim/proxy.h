// Proxy: the listening socket and every connection through linksim. It accepts connections,
// gives each a Relay with its own faults (drawing the random cut point, if any, in the order
// connections arrive), and makes all of them share one link per direction.
//
// At most kConnectionsMax connections are open at once; more are reset at once and logged, so
// memory stays bounded (each connection holds at most 2 * kQueueBytesMax).
//
// Thread safety: none; it and everything it owns run on the io_context's one thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>

#include "options.h"
#include "random_source.h"
#include "relay.h"
#include "shared_link.h"

namespace parta::linksim {

inline constexpr size_t kConnectionsMax = 256;

class Proxy {
 public:
  // Connections are relayed to `target`, the resolved options.target.
  Proxy(boost::asio::io_context& io, const Options& options,
        boost::asio::ip::tcp::resolver::results_type target);
  Proxy(const Proxy&) = delete;
  Proxy& operator=(const Proxy&) = delete;
  ~Proxy();

  // Binds and listens on `endpoint`; the error (e.g. address in use) if that fails.
  [[nodiscard]] boost::system::error_code listen(const boost::asio::ip::tcp::endpoint& endpoint);
  // Where it listens, with the port chosen by the system if 0 was asked for. After listen().
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  // Starts accepting. After a successful listen().
  void start();
  // Stops accepting and closes every connection. Afterwards the io_context runs out of work.
  void stop();

  // Bytes written to targets and to clients, over all connections so far.
  const CarriedBytes& carried() const { return carried_; }

 private:
  void accept();
  void on_accept(const boost::system::error_code& error, boost::asio::ip::tcp::socket socket);
  FaultPlan plan_faults();

  // Constant after construction.
  const Options options_;
  const boost::asio::ip::tcp::resolver::results_type target_;

  bool stopped_ = false;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_timer_;
  SharedLink client_to_target_link_;
  SharedLink target_to_client_link_;
  RandomSource cut_random_;
  CarriedBytes carried_;
  uint64_t next_connection_id_ = 1;
  // Declared after what the relays use, so they go first.
  std::map<uint64_t, std::shared_ptr<Relay>> relays_;
};

}  // namespace parta::linksim
