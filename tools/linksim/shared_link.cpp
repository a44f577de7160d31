// The timer that turns LinkModel's departures into calls on the relays; see shared_link.h.
#include "shared_link.h"

#include <cassert>

namespace parta::linksim {

SharedLink::SharedLink(boost::asio::io_context& io, LinkShape shape, RandomSource jitter_random)
    : model_(shape, Clock::now(), jitter_random), timer_(io) {}

void SharedLink::attach(FlowId flow, DepartureSink* sink) {
  assert(sink != nullptr);
  bool inserted = sinks_.emplace(flow, sink).second;
  assert(inserted);
  (void)inserted;
}

void SharedLink::detach(FlowId flow) {
  sinks_.erase(flow);
  model_.remove_flow(flow);
}

void SharedLink::offer(FlowId flow, size_t bytes) {
  assert(sinks_.count(flow) == 1);
  model_.offer(flow, bytes, Clock::now());
  arm();
}

void SharedLink::stop() {
  timer_.cancel();
  timer_set_for_.reset();
}

// Keeps one wait pending, for the next departure.
void SharedLink::arm() {
  std::optional<TimePoint> next = model_.next_departure();
  if (!next || (timer_set_for_ && *timer_set_for_ <= *next)) return;
  timer_set_for_ = *next;
  timer_.expires_at(*next);  // cancels a later wait, whose handler then does nothing
  timer_.async_wait([this](const boost::system::error_code& error) {
    if (error == boost::asio::error::operation_aborted) return;
    timer_set_for_.reset();
    on_timer();
  });
}

void SharedLink::on_timer() {
  for (const Departure& departure : model_.depart_until(Clock::now())) {
    // A sink called earlier in this loop may have detached another flow that departed too.
    auto sink = sinks_.find(departure.flow);
    if (sink != sinks_.end()) sink->second->on_departure(departure.bytes, departure.arrives_at);
  }
  arm();
}

}  // namespace parta::linksim
