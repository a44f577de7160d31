// Accepting connections and starting their relays; see proxy.h.
#include "proxy.h"

#include "log_line.h"
#include "parta/net/host_port.h"

namespace parta::linksim {
namespace {

using boost::asio::ip::tcp;

// After accept() fails (e.g. out of file descriptors), wait this long before trying again.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

}  // namespace

Proxy::Proxy(boost::asio::io_context& io, const Options& options,
             tcp::resolver::results_type target)
    : options_(options),
      target_(std::move(target)),
      acceptor_(io),
      accept_retry_timer_(io),
      client_to_target_link_(io, options.link_shape(),
                             RandomSource(options.seed, RandomStream::kJitterClientToTarget)),
      target_to_client_link_(io, options.link_shape(),
                             RandomSource(options.seed, RandomStream::kJitterTargetToClient)),
      cut_random_(options.seed, RandomStream::kCutPoints) {}

Proxy::~Proxy() { stop(); }

boost::system::error_code Proxy::listen(const tcp::endpoint& endpoint) {
  boost::system::error_code error;
  if (acceptor_.open(endpoint.protocol(), error)) return error;
  if (acceptor_.set_option(tcp::acceptor::reuse_address(true), error)) return error;
  if (acceptor_.bind(endpoint, error)) return error;
  if (acceptor_.listen(tcp::socket::max_listen_connections, error)) return error;
  return error;
}

tcp::endpoint Proxy::local_endpoint() const {
  boost::system::error_code ignored;  // an unopened acceptor gives the empty endpoint
  return acceptor_.local_endpoint(ignored);
}

void Proxy::start() { accept(); }

void Proxy::stop() {
  if (stopped_) return;
  stopped_ = true;
  boost::system::error_code ignored;  // closing is best effort
  acceptor_.close(ignored);
  accept_retry_timer_.cancel();
  // Each relay removes itself from relays_ as it closes: walk a copy.
  std::map<uint64_t, std::shared_ptr<Relay>> relays;
  relays.swap(relays_);
  for (auto& [id, relay] : relays) relay->stop();
  client_to_target_link_.stop();
  target_to_client_link_.stop();
}

void Proxy::accept() {
  acceptor_.async_accept([this](const boost::system::error_code& error, tcp::socket socket) {
    on_accept(error, std::move(socket));
  });
}

void Proxy::on_accept(const boost::system::error_code& error, tcp::socket socket) {
  if (stopped_ || error == boost::asio::error::operation_aborted) return;
  if (error) {
    log_line("cannot accept a connection: {}; trying again in {} ms", error.message(),
             kAcceptRetryDelay.count());
    accept_retry_timer_.expires_after(kAcceptRetryDelay);
    accept_retry_timer_.async_wait([this](const boost::system::error_code& wait_error) {
      if (!wait_error && !stopped_) accept();
    });
    return;
  }
  const uint64_t id = next_connection_id_++;
  if (relays_.size() >= kConnectionsMax) {
    log_line("connection {} refused: {} connections are open already, the most linksim keeps", id,
             kConnectionsMax);
    boost::system::error_code ignored;  // best effort: the client sees a reset either way
    socket.set_option(boost::asio::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
  } else {
    auto relay = std::make_shared<Relay>(
        id, std::move(socket), plan_faults(),
        RelayShared{client_to_target_link_, target_to_client_link_, carried_, target_,
                    net::format_host_port(options_.target)},
        [this](uint64_t closed_id) { relays_.erase(closed_id); });
    relays_.emplace(id, relay);
    relay->start();
  }
  accept();
}

FaultPlan Proxy::plan_faults() {
  std::optional<uint64_t> random_cut_after_bytes;
  if (options_.cut_random_mean_bytes) {
    random_cut_after_bytes =
        cut_random_.exponential_at_least_one(static_cast<double>(*options_.cut_random_mean_bytes));
  }
  return options_.fault_plan(random_cut_after_bytes);
}

}  // namespace parta::linksim
