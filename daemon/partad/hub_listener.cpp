// Accepting schools and serving their sessions; see hub_listener.h.
#include "hub_listener.h"

#include <cassert>
#include <chrono>
#include <vector>

#include "log_line.h"
#include "parta/net/host_port.h"

namespace parta::partad {
namespace {

using boost::asio::ip::tcp;

// After accept() fails (e.g. out of file descriptors), wait this long before trying again.
constexpr int64_t kAcceptRetryDelayMs = 100;
constexpr int64_t kRefusalLogIntervalMs = 60'000;

}  // namespace

HubListener::HubListener(boost::asio::io_context& io, Node& node, Report report)
    : io_(io), node_(node), report_(std::move(report)), acceptor_(io), accept_retry_timer_(io) {}

Status HubListener::listen() {
  assert(node_.is_hub());
  const std::string address = net::format_host_port(node_.listen);
  tcp::resolver resolver(io_);
  boost::system::error_code error;
  auto endpoints = resolver.resolve(node_.listen.host, std::to_string(node_.listen.port),
                                    tcp::resolver::passive, error);
  if (!error && endpoints.empty()) error = boost::asio::error::host_not_found;
  if (!error) {
    const tcp::endpoint endpoint = endpoints.begin()->endpoint();
    acceptor_.open(endpoint.protocol(), error);
    if (!error) acceptor_.set_option(tcp::acceptor::reuse_address(true), error);
    if (!error) acceptor_.bind(endpoint, error);
    if (!error) acceptor_.listen(tcp::socket::max_listen_connections, error);
  }
  if (error) {
    return Status::io(
        fmt::format("cannot listen on {} (listen in {}): {}; is another program using the port?",
                    address, (node_.dir / kConfigFileName).string(), error.message()));
  }
  return Status::ok();
}

tcp::endpoint HubListener::local_endpoint() const {
  boost::system::error_code ignored;  // an unopened acceptor gives the empty endpoint
  return acceptor_.local_endpoint(ignored);
}

void HubListener::start() { accept(); }

void HubListener::stop() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ignored;  // closing is best effort
  acceptor_.close(ignored);
  accept_retry_timer_.cancel();
  // Each ending session removes itself from sessions_: walk a copy.
  std::vector<std::shared_ptr<net::SessionConnection>> connections;
  for (auto& [id, incoming] : sessions_) {
    if (incoming.connection) connections.push_back(incoming.connection);
  }
  for (auto& connection : connections) {
    connection->stop(Status::io("partad on the hub stopped before the session ended"));
  }
}

void HubListener::accept() {
  acceptor_.async_accept([this](boost::system::error_code error, tcp::socket socket) {
    on_accept(error, std::move(socket));
  });
}

void HubListener::on_accept(boost::system::error_code error, tcp::socket socket) {
  if (error == boost::asio::error::operation_aborted || stopped_) return;
  if (error) {
    log_line("cannot accept a connection: {}; trying again in {} ms", error.message(),
             kAcceptRetryDelayMs);
    accept_retry_timer_.expires_after(std::chrono::milliseconds(kAcceptRetryDelayMs));
    accept_retry_timer_.async_wait([this](boost::system::error_code wait_error) {
      if (!wait_error && !stopped_) accept();
    });
    return;
  }
  if (handshakes_open() >= node_.config.sync.handshakes_max) {
    refuse(std::move(socket));
    accept();
    return;
  }
  const uint64_t id = next_session_id_++;
  Incoming& incoming = sessions_[id];
  incoming.session = SyncSession::server(*node_.store, node_.identity, node_.peers);
  auto connection = net::SessionConnection::start(
      std::move(socket), *incoming.session, [this] { return upload_kbit_now(node_.config.sync); },
      [this, id](net::SessionReport report) { on_session_end(id, report); });
  // The session may have ended already, inside start(), and removed itself.
  if (auto found = sessions_.find(id); found != sessions_.end()) {
    found->second.connection = std::move(connection);
  }
  accept();
}

bool HubListener::in_session_with(const std::string& name) const {
  for (const auto& [id, incoming] : sessions_) {
    const std::optional<Peer>& peer = incoming.session->peer();
    if (peer && peer->name == name) return true;
  }
  return false;
}

bool HubListener::in_session_with_any_or(const std::string& school) const {
  if (!school.empty()) return in_session_with(school);
  for (const auto& [id, incoming] : sessions_) {
    if (incoming.session->peer()) return true;
  }
  return false;
}

void HubListener::after_sessions_with(std::string school, std::function<void()> then) {
  if (stopped_ || !in_session_with_any_or(school)) return then();
  waiters_.push_back({std::move(school), std::move(then)});
}

size_t HubListener::handshakes_open() const {
  size_t open = 0;
  for (const auto& [id, incoming] : sessions_) {
    if (incoming.connection && !incoming.connection->past_handshake()) ++open;
  }
  return open;
}

void HubListener::refuse(tcp::socket socket) {
  boost::system::error_code error;
  const tcp::endpoint remote = socket.remote_endpoint(error);
  socket.close(error);
  ++refused_unlogged_;
  const int64_t now = net::steady_now_ms();
  if (refusal_logged_ms_ != 0 && now - refusal_logged_ms_ < kRefusalLogIntervalMs) return;
  log_line(
      "refused {} connection(s), the last from {}: {} connections are in their handshake "
      "already (handshakes_max in {}); schools already syncing go on",
      refused_unlogged_, net::format_endpoint(remote), node_.config.sync.handshakes_max,
      (node_.dir / kConfigFileName).string());
  refusal_logged_ms_ = now;
  refused_unlogged_ = 0;
}

void HubListener::on_session_end(uint64_t id, const net::SessionReport& report) {
  report_(report);
  // The connection no longer uses the session: both may go.
  sessions_.erase(id);
  std::vector<Waiter> ready;
  std::erase_if(waiters_, [&](Waiter& waiter) {
    if (!stopped_ && in_session_with_any_or(waiter.school)) return false;
    ready.push_back(std::move(waiter));
    return true;
  });
  for (Waiter& waiter : ready) waiter.then();
}

}  // namespace parta::partad
