// One running node; see partad.h.
#include "partad.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <cassert>
#include <chrono>
#include <set>
#include <vector>

#include "log_line.h"
#include "parta/net/host_port.h"
#include "parta/net/session_report.h"
#include "peer_replies.h"

namespace parta::partad {
namespace {

// The summary of one attempt in a reply to `sync`.
std::string attempt_summary(const net::SessionReport& report) {
  const std::string name = report.peer ? report.peer->name : "hub";
  if (!report.outcome.is_ok()) return fmt::format("{}: {}", name, report.outcome.message());
  const SyncSessionStats& stats = report.stats;
  return fmt::format(
      "{} in step: ops_sent={} ops_received={} bytes_sent={} bytes_received={} "
      "seconds={:.2f}",
      name, stats.ops_sent, stats.ops_received, stats.bytes_sent, stats.bytes_received,
      report.seconds);
}

// The replies of one `sync` request on a school, gathered until every hub asked has answered.
struct SyncRound {
  size_t pending = 0;
  bool ok = true;
  std::vector<std::string> summaries;
  net::ControlServer::Respond respond;

  void add(const net::SessionReport& report) {
    assert(pending > 0);
    ok = ok && report.outcome.is_ok();
    summaries.push_back(attempt_summary(report));
    if (--pending > 0) return;
    const std::string text = fmt::format("{}", fmt::join(summaries, "; "));
    respond(ok ? net::format_ok_reply(text) : net::format_error_reply(text));
  }
};

}  // namespace

Partad::Partad(boost::asio::io_context& io, Node& node)
    : io_(io),
      node_(node),
      control_(io,
               [this](const net::ControlRequest& request, net::ControlServer::Respond respond) {
                 on_request(request, std::move(respond));
               }),
      rescan_timer_(io),
      seeds_(std::random_device()()) {}

Status Partad::start() {
  if (node_.is_hub()) {
    listener_ = std::make_unique<HubListener>(
        io_, node_, [this](const net::SessionReport& report) { record(report); });
    PARTA_RETURN_IF_ERROR(listener_->listen());
  }
  Status control = control_.open(node_.dir);
  if (!control.is_ok()) {
    if (listener_) listener_->stop();
    return control;
  }
  log_start();
  if (listener_) {
    listener_->start();
  } else {
    rescan_hubs();
    schedule_rescan();
  }
  return Status::ok();
}

void Partad::log_start() const {
  log_line("partad {} for «{}» ({}), role {}, key {}", PARTA_VERSION, node_.config.name,
           node_.dir.string(), node_.config.role, public_key_hex(node_.identity.public_key()));
  if (listener_) {
    log_line("listening for schools on {}", net::format_endpoint(listener_->local_endpoint()));
  }
  log_line("control socket {}", control_.path().string());
  auto peers = node_.peers.list();
  if (!peers) {
    log_line("cannot read the peers: {}", peers.status().message());
    return;
  }
  for (const Peer& peer : *peers) {
    log_line("peer {} role={} key={}{}", peer.name, peer.role, public_key_hex(peer.key),
             peer.address.empty() ? "" : " address=" + peer.address);
  }
  if (peers->empty()) {
    log_line("{}", node_.is_hub()
                       ? "no school is paired yet; 'parta invite' makes an invite for one"
                       : "not paired with a hub yet; 'parta pair INVITE_FILE' pairs it");
  }
}

void Partad::stop() {
  if (stopped_) return;
  stopped_ = true;
  control_.close();
  rescan_timer_.cancel();
  if (listener_) listener_->stop();
  for (auto& [name, link] : hub_links_) link->stop();
}

void Partad::on_request(const net::ControlRequest& request, net::ControlServer::Respond respond) {
  if (stopped_) {
    respond(net::format_error_reply("partad is stopping"));
    return;
  }
  if (request.kind == net::ControlRequest::Kind::kStatus) {
    respond(status_reply(node_, [this](const std::string& name) {
      if (listener_) return listener_->in_session_with(name);
      auto link = hub_links_.find(name);
      return link != hub_links_.end() && link->second->busy();
    }));
    return;
  }
  if (node_.is_hub()) {
    auto reply = [this, school = request.peer, respond = std::move(respond)] {
      respond(hub_sync_reply(node_, school));
    };
    if (listener_) return listener_->after_sessions_with(request.peer, std::move(reply));
    reply();
    return;
  }
  sync_school(request.peer, std::move(respond));
}

void Partad::sync_school(const std::string& hub_name, net::ControlServer::Respond respond) {
  rescan_hubs();  // a hub paired a moment ago counts
  if (hub_links_.empty()) {
    respond(net::format_error_reply(
        "this school is not paired with a hub yet; pair it with 'parta pair INVITE_FILE'"));
    return;
  }
  std::vector<HubLink*> links;
  for (auto& [name, link] : hub_links_) {
    if (hub_name.empty() || name == hub_name) links.push_back(link.get());
  }
  if (links.empty()) {
    std::vector<std::string> names;
    for (auto& [name, link] : hub_links_) names.push_back(name);
    respond(
        net::format_error_reply(fmt::format("no hub named {} is paired with this school; its "
                                            "hubs: {}",
                                            hub_name, fmt::join(names, ", "))));
    return;
  }
  auto round = std::make_shared<SyncRound>();
  round->pending = links.size();
  round->respond = std::move(respond);
  for (HubLink* link : links) {
    link->sync_now([round](const net::SessionReport& report) { round->add(report); });
  }
}

void Partad::rescan_hubs() {
  auto peers = node_.peers.list();
  if (!peers) {
    if (peers.status().message() != rescan_error_) {
      log_line("cannot read the peers: {}", peers.status().message());
      rescan_error_ = peers.status().message();
    }
    return;
  }
  rescan_error_.clear();
  std::set<std::string> hubs;
  for (const Peer& peer : *peers) {
    if (peer.role != "hub") continue;
    hubs.insert(peer.name);
    if (auto found = hub_links_.find(peer.name); found != hub_links_.end()) {
      found->second->update(peer);
      continue;
    }
    log_line("syncing with hub {} at {} every {} s", peer.name, peer.address,
             node_.config.sync.interval_seconds);
    auto link = std::make_unique<HubLink>(
        io_, node_, peer, [this](const net::SessionReport& report) { record(report); }, seeds_());
    HubLink& started = *link;
    hub_links_.emplace(peer.name, std::move(link));
    started.start();
  }
  // A hub whose peer file is gone: drop its link once it is idle.
  std::erase_if(hub_links_, [&](const auto& entry) {
    return !hubs.contains(entry.first) && !entry.second->busy();
  });
}

void Partad::schedule_rescan() {
  rescan_timer_.expires_after(std::chrono::milliseconds(kPeerRescanMs));
  rescan_timer_.async_wait([this](boost::system::error_code error) {
    if (error || stopped_) return;
    rescan_hubs();
    schedule_rescan();
  });
}

void Partad::record(const net::SessionReport& report) {
  log_line("{}", net::format_session_log_line(report));
  if (!report.peer) return;  // refused before it said who it is: nothing to record
  const std::string& name = report.peer->name;
  // A peer unpaired during its session ('parta peers remove'), perhaps paired anew under the
  // same name since, must not get this session's status.
  auto pinned = node_.peers.find_by_name(name);
  if (!pinned) {
    log_line("the status of {} is not recorded: {}", name, pinned.status().message());
    return;
  }
  if (!*pinned || (*pinned)->key != report.peer->key) {
    log_line("{} was unpaired during the session; its status is not recorded", name);
    return;
  }
  auto previous = node_.peers.read_status(name);
  if (!previous) {
    log_line("the status of {} could not be read ({}); writing a fresh one", name,
             previous.status().message());
  }
  const PeerStatus status = net::status_after_session(report, previous ? *previous : PeerStatus{},
                                                      SystemClock::instance().now_unix_ms());
  Status written = node_.peers.write_status(name, status);
  if (!written.is_ok()) log_line("cannot record the status of {}: {}", name, written.message());
}

}  // namespace parta::partad
