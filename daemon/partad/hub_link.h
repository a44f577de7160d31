// HubLink: a school's schedule with one of its hubs (a pinned peer with role "hub"). The
// school always dials out, so it works behind NAT and a school firewall (DESIGN.md §5).
//
// It syncs right away when partad starts, then every `[sync] interval_seconds` after a
// success; after a failure it dials again with ReconnectBackoff (2 s doubling up to the
// interval, with jitter). `parta sync` asks for a session now, or joins the one under way.
// One session at a time.
//
// Thread safety: runs on partad's one io_context thread.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "node.h"
#include "parta/net/dialer.h"
#include "parta/net/reconnect_backoff.h"
#include "parta/net/session_connection.h"
#include "parta/sync/sync_session.h"

namespace parta::partad {

class HubLink {
 public:
  static constexpr int64_t kDialTimeoutMs = 30'000;

  using Report = std::function<void(const net::SessionReport&)>;
  using Waiter = std::function<void(const net::SessionReport&)>;

  // `report` is called once per attempt that ends, a failed dial included.
  HubLink(boost::asio::io_context& io, Node& node, Peer hub, Report report, uint64_t seed);
  ~HubLink();
  HubLink(const HubLink&) = delete;
  HubLink& operator=(const HubLink&) = delete;

  const Peer& hub() const { return hub_; }
  // The first sync, right away.
  void start();
  // The hub's peer file changed (e.g. its address): the next dial uses the new one.
  void update(Peer hub);
  // Dials now; `waiter` runs when that session ends. A request made while a session is under
  // way waits for the next session, which starts as soon as this one ends: the one under way
  // may have sent its Done before the writes the request was made for.
  void sync_now(Waiter waiter);
  bool busy() const;
  // Ends the dial or session under way (reported as stopped) and schedules nothing more.
  void stop();

 private:
  void schedule(int64_t delay_ms);
  void dial();
  void on_dialled(Result<boost::asio::ip::tcp::socket> socket);
  void on_attempt_end(net::SessionReport report);

  // Constant after construction.
  boost::asio::io_context& io_;
  Node& node_;
  const Report report_;

  // State, on the io_context thread.
  Peer hub_;
  boost::asio::steady_timer timer_;  // the next scheduled dial
  net::ReconnectBackoff backoff_;
  int64_t attempt_start_ms_ = 0;
  std::shared_ptr<net::PendingDial> dial_;  // while dialling
  std::unique_ptr<SyncSession> session_;    // while in a session
  std::shared_ptr<net::SessionConnection> connection_;
  // `parta sync` requests (at most ControlServer::kConnectionsMax in all): those the session
  // under way answers, and those that wait for the next one.
  std::vector<Waiter> waiters_;
  std::vector<Waiter> next_waiters_;
  bool stopped_ = false;
};

}  // namespace parta::partad
