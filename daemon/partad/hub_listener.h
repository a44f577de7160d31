// HubListener: a hub's side of sync. Accepts schools on the `listen` address and runs a
// SyncSession::server for each connection (pinned schools sync; an unknown key may only
// redeem an invite).
//
// A flood of handshakes must not starve the schools already syncing: at most
// `[sync] handshakes_max` connections may be in their handshake (not yet identified) at once;
// beyond that a new connection is closed at once, and that is logged at most once a minute
// with the count. Each session has its own handshake and idle timeouts (sync_session.h), so a
// connection that never identifies itself frees its place after the handshake timeout.
//
// Thread safety: runs on partad's one io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "node.h"
#include "parta/net/session_connection.h"
#include "parta/sync/sync_session.h"

namespace parta::partad {

class HubListener {
 public:
  using Report = std::function<void(const net::SessionReport&)>;

  // `report` is called once per session that ends (or that stop() ends).
  HubListener(boost::asio::io_context& io, Node& node, Report report);

  // Binds node.listen. IO with the address and the system's reason if it cannot.
  Status listen();
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  void start();
  // Stops accepting and ends every session; their reports are made before stop() returns.
  void stop();
  // Whether a session with the school named `name` is under way.
  bool in_session_with(const std::string& name) const;
  // Runs `then` once no session with the school named `school` (any school, if empty) is
  // under way: at once, or when the last such session ends (or stop() ends it). A school
  // reports its sync complete as soon as it has sent its final frame, a moment before the
  // hub has read it, so a hub's `parta sync` waits for this before it reads the peers' status.
  void after_sessions_with(std::string school, std::function<void()> then);

 private:
  struct Incoming {
    std::unique_ptr<SyncSession> session;
    std::shared_ptr<net::SessionConnection> connection;  // set once started
  };

  void accept();
  void on_accept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);
  size_t handshakes_open() const;
  void refuse(boost::asio::ip::tcp::socket socket);
  void on_session_end(uint64_t id, const net::SessionReport& report);
  bool in_session_with_any_or(const std::string& school) const;

  // Constant after construction.
  boost::asio::io_context& io_;
  Node& node_;
  const Report report_;

  // State, on the io_context thread.
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_timer_;
  std::map<uint64_t, Incoming> sessions_;
  uint64_t next_session_id_ = 0;
  bool stopped_ = false;
  int64_t refusal_logged_ms_ = 0;  // steady ms of the last "refused" line; 0: none yet
  uint64_t refused_unlogged_ = 0;  // refusals since that line
  struct Waiter {
    std::string school;  // "" = any
    std::function<void()> then;
  };
  std::vector<Waiter> waiters_;
};

}  // namespace parta::partad
