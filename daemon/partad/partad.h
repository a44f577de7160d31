// Partad: one running node. A hub listens for its schools (hub_listener.h); a school keeps a
// HubLink (hub_link.h) per paired hub, picking up hubs paired while it runs within
// kPeerRescanMs. Both answer the control socket DIR/partad.sock (control_protocol.h), log one
// line per session and write each peer's status file after it (session_report.h).
//
// Thread safety: everything runs on the one io_context thread given; a batch is applied
// inside a session's receive() on that thread, so stopping between handlers never cuts one.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "hub_link.h"
#include "hub_listener.h"
#include "node.h"
#include "parta/net/control_server.h"

namespace parta::partad {

class Partad {
 public:
  static constexpr int64_t kPeerRescanMs = 5'000;

  Partad(boost::asio::io_context& io, Node& node);
  Partad(const Partad&) = delete;
  Partad& operator=(const Partad&) = delete;

  // Opens the control socket and, on a hub, listens; logs what it runs. On error nothing is
  // left open.
  Status start();
  // Stops accepting, ends the sessions under way (each logged and recorded) and removes the
  // control socket. The caller then stops the io_context.
  void stop();

 private:
  void log_start() const;
  void on_request(const net::ControlRequest& request, net::ControlServer::Respond respond);
  void sync_school(const std::string& hub_name, net::ControlServer::Respond respond);
  void rescan_hubs();
  void schedule_rescan();
  void record(const net::SessionReport& report);

  // Constant after construction.
  boost::asio::io_context& io_;
  Node& node_;

  // State, on the io_context thread.
  net::ControlServer control_;
  std::unique_ptr<HubListener> listener_;                      // a hub's
  std::map<std::string, std::unique_ptr<HubLink>> hub_links_;  // a school's, by peer name
  boost::asio::steady_timer rescan_timer_;
  std::string rescan_error_;  // the last error reading the peers, logged once
  std::mt19937_64 seeds_;     // seeds each HubLink's backoff jitter
  bool stopped_ = false;
};

}  // namespace parta::partad
