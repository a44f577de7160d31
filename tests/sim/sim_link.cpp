// A simulated connection between two sessions; see sim_link.h.
#include "sim_link.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace parta::sim {

SimLink::SimLink(std::unique_ptr<SyncSession> client, std::unique_ptr<SyncSession> server,
                 LinkProfile profile, LinkFaults faults, int64_t now_ms)
    : client_(std::move(client)), server_(std::move(server)), profile_(profile), faults_(faults) {
  client_->start(now_ms);
  server_->start(now_ms);
}

void SimLink::take_output(SyncSession* from, Direction& direction, int64_t now_ms,
                          std::mt19937_64& random) {
  std::string bytes = from->take_output();
  if (bytes.empty() || cut_) return;
  const int64_t start = std::max(now_ms, direction.link_free_ms);
  direction.link_free_ms =
      start + static_cast<int64_t>(std::ceil(bytes.size() / profile_.bytes_per_ms));
  const int64_t jitter =
      profile_.jitter_ms > 0 ? static_cast<int64_t>(random() % (profile_.jitter_ms + 1)) : 0;
  // A connection's bytes never overtake each other, whatever the jitter.
  const int64_t arrival =
      std::max(direction.last_arrival_ms, direction.link_free_ms + profile_.one_way_ms + jitter);
  direction.last_arrival_ms = arrival;
  direction.in_flight.push_back({arrival, std::move(bytes)});
}

bool SimLink::deliver(Direction& direction, SyncSession* to, int64_t now_ms) {
  while (!direction.in_flight.empty() && direction.in_flight.front().arrival_ms <= now_ms) {
    std::string bytes = std::move(direction.in_flight.front().bytes);
    direction.in_flight.pop_front();
    const bool cutting = carried_ + bytes.size() > faults_.cut_after_bytes;
    if (cutting) bytes.resize(faults_.cut_after_bytes - carried_);
    if (faults_.flip_byte && *faults_.flip_byte >= carried_ &&
        *faults_.flip_byte < carried_ + bytes.size()) {
      bytes[*faults_.flip_byte - carried_] ^= 0x20;
      flipped_ = true;
    }
    carried_ += bytes.size();
    if (to != nullptr && !bytes.empty()) {
      to->receive(bytes, now_ms);
      const bool to_client = to == client_.get();
      const CrashCheck& died = to_client ? client_died_ : server_died_;
      if (died && died()) {  // nothing it said after the crash point goes out
        if (to_client) {
          crash_client();
        } else {
          crash_server();
        }
        to = nullptr;
      }
    }
    if (cutting) {
      cut_ = true;
      up_.in_flight.clear();
      down_.in_flight.clear();
      close_towards(up_, server_alive_ ? server_.get() : nullptr, now_ms);
      close_towards(down_, client_alive_ ? client_.get() : nullptr, now_ms);
      return false;
    }
  }
  return true;
}

void SimLink::close_towards(Direction& direction, SyncSession* to, int64_t now_ms) {
  if (direction.closed) return;
  direction.closed = true;
  if (to != nullptr) to->end_of_stream(now_ms);
}

void SimLink::advance(int64_t now_ms, std::mt19937_64& random) {
  if (client_alive_) take_output(client_.get(), up_, now_ms, random);
  if (server_alive_) take_output(server_.get(), down_, now_ms, random);
  if (!cut_ && now_ms >= stalled_until_ms_) {
    if (deliver(up_, server_alive_ ? server_.get() : nullptr, now_ms)) {
      deliver(down_, client_alive_ ? client_.get() : nullptr, now_ms);
    }
  }
  for (auto [session, alive] : {std::pair{client_.get(), client_alive_},
                                std::pair{server_.get(), server_alive_}}) {
    if (!alive || session->done()) continue;
    if (auto deadline = session->deadline_ms(); deadline && *deadline <= now_ms) {
      session->on_timer(now_ms);
    }
  }
  // What the sessions said in this step goes out now, ahead of any close.
  if (client_alive_) take_output(client_.get(), up_, now_ms, random);
  if (server_alive_) take_output(server_.get(), down_, now_ms, random);
  // A side that finished closes its connection once its last bytes are out.
  if (!cut_ && client_alive_ && client_->done() && up_.in_flight.empty()) {
    close_towards(up_, server_alive_ ? server_.get() : nullptr, now_ms);
  }
  if (!cut_ && server_alive_ && server_->done() && down_.in_flight.empty()) {
    close_towards(down_, client_alive_ ? client_.get() : nullptr, now_ms);
  }
}

void SimLink::crash_client() {
  client_alive_ = false;
  client_.reset();
  down_.in_flight.clear();
}

void SimLink::crash_server() {
  server_alive_ = false;
  server_.reset();
  up_.in_flight.clear();
}

bool SimLink::finished() const {
  const bool client_over = !client_alive_ || client_->done();
  const bool server_over = !server_alive_ || server_->done();
  return client_over && server_over && up_.in_flight.empty() && down_.in_flight.empty();
}

}  // namespace parta::sim
