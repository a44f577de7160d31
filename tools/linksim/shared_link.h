// SharedLink: one direction of the emulated link on a real clock. It drives a LinkModel with a
// steady_timer: relays offer the bytes they read, and each packet is handed back to its flow's
// sink when it leaves, with the time it arrives.
//
// Every connection's relay attaches one flow per direction, so all connections share the rate.
//
// Thread safety: none; everything runs on the io_context's one thread. A sink must stay valid
// until it is detached; sinks are called from the timer's handler, never from offer().
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <optional>

#include "link_model.h"

namespace parta::linksim {

class DepartureSink {
 public:
  virtual ~DepartureSink() = default;
  // `bytes` offered earlier (the oldest still waiting) left the sender; they arrive at
  // `arrives_at`.
  virtual void on_departure(size_t bytes, TimePoint arrives_at) = 0;
};

class SharedLink {
 public:
  SharedLink(boost::asio::io_context& io, LinkShape shape, RandomSource jitter_random);
  SharedLink(const SharedLink&) = delete;
  SharedLink& operator=(const SharedLink&) = delete;

  // `flow` must not be attached already.
  void attach(FlowId flow, DepartureSink* sink);
  // Drops the flow's waiting bytes; the sink is not called again. Unknown flows are ignored.
  void detach(FlowId flow);
  // `bytes` (> 0) of an attached flow were read and wait to be sent from now on.
  void offer(FlowId flow, size_t bytes);
  // Cancels the timer; the link sends nothing more until the next offer.
  void stop();

 private:
  void arm();
  void on_timer();

  LinkModel model_;
  boost::asio::steady_timer timer_;
  std::optional<TimePoint> timer_set_for_;  // nullopt: no wait pending
  std::map<FlowId, DepartureSink*> sinks_;
};

}  // namespace parta::linksim
