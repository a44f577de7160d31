// A school's schedule with one hub; see hub_link.h.
#include "hub_link.h"

#include <cassert>
#include <chrono>

#include "parta/net/control_server.h"
#include "parta/net/host_port.h"

namespace parta::partad {

HubLink::HubLink(boost::asio::io_context& io, Node& node, Peer hub, Report report, uint64_t seed)
    : io_(io),
      node_(node),
      report_(std::move(report)),
      hub_(std::move(hub)),
      timer_(io),
      backoff_(int64_t{node.config.sync.interval_seconds} * 1000, seed) {
  assert(hub_.role == "hub");
}

// partad drops a link only when it is idle or stopped: its callbacks hold `this`.
HubLink::~HubLink() { assert(!busy()); }

void HubLink::update(Peer hub) {
  assert(hub.role == "hub" && hub.name == hub_.name);
  hub_ = std::move(hub);
}

void HubLink::start() {
  assert(!busy());
  dial();
}

bool HubLink::busy() const { return dial_ || connection_; }

void HubLink::sync_now(Waiter waiter) {
  assert(!stopped_);
  assert(waiters_.size() + next_waiters_.size() < net::ControlServer::kConnectionsMax);
  if (busy()) {
    next_waiters_.push_back(std::move(waiter));
    return;
  }
  waiters_.push_back(std::move(waiter));
  dial();
}

void HubLink::schedule(int64_t delay_ms) {
  timer_.expires_after(std::chrono::milliseconds(delay_ms));
  timer_.async_wait([this](boost::system::error_code error) {
    if (!error && !busy()) dial();
  });
}

void HubLink::dial() {
  assert(!busy() && !stopped_);
  timer_.cancel();
  attempt_start_ms_ = net::steady_now_ms();
  auto address = net::parse_host_port(hub_.address);
  if (!address) {
    on_attempt_end(net::SessionReport{address.status(), {}, hub_, {}, 0, ""});
    return;
  }
  dial_ = net::async_dial(
      io_, *address, kDialTimeoutMs,
      [this](Result<boost::asio::ip::tcp::socket> socket) { on_dialled(std::move(socket)); });
}

void HubLink::on_dialled(Result<boost::asio::ip::tcp::socket> socket) {
  dial_.reset();
  if (!socket) {
    const double seconds = (net::steady_now_ms() - attempt_start_ms_) / 1000.0;
    on_attempt_end(net::SessionReport{socket.status(), {}, hub_, {}, seconds, ""});
    return;
  }
  session_ = SyncSession::client(*node_.store, node_.identity, hub_);
  auto connection = net::SessionConnection::start(
      std::move(*socket), *session_, [this] { return upload_kbit_now(node_.config.sync); },
      [this](net::SessionReport report) {
        report.seconds = (net::steady_now_ms() - attempt_start_ms_) / 1000.0;
        if (!report.peer) report.peer = hub_;  // the school knows whom it dialled
        on_attempt_end(std::move(report));
      });
  // The session may have ended already, inside start().
  if (!connection->reported()) connection_ = std::move(connection);
}

void HubLink::on_attempt_end(net::SessionReport report) {
  connection_.reset();
  // The connection no longer uses the session once it reports: it may go now.
  std::unique_ptr<SyncSession> ended = std::move(session_);
  report_(report);
  if (!stopped_) {
    if (report.outcome.is_ok()) {
      backoff_.reset();
      schedule(int64_t{node_.config.sync.interval_seconds} * 1000);
    } else {
      schedule(backoff_.next_delay_ms());
    }
  }
  std::vector<Waiter> waiters;
  waiters.swap(waiters_);
  for (Waiter& waiter : waiters) waiter(report);
  if (!next_waiters_.empty()) {
    std::vector<Waiter> next;
    next.swap(next_waiters_);
    if (stopped_) {
      for (Waiter& waiter : next) waiter(report);  // no next session: they hear how it ended
    } else {
      waiters_ = std::move(next);
      if (!busy()) dial();
    }
  }
}

void HubLink::stop() {
  if (stopped_) return;
  stopped_ = true;
  timer_.cancel();
  if (dial_) dial_->cancel(Status::io("partad stopped before it reached the hub"));
  if (connection_) {
    connection_->stop(Status::io("partad stopped before the session ended"));
  }
}

}  // namespace parta::partad
