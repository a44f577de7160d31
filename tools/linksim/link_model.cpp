// The token bucket and round robin behind LinkModel; see link_model.h.
#include "link_model.h"

#include <algorithm>
#include <cassert>

namespace parta::linksim {

LinkModel::LinkModel(LinkShape shape, TimePoint start, RandomSource jitter_random)
    : shape_(shape),
      bucket_empty_at_(start - serialisation_time(kPacketBytesMax)),
      jitter_random_(jitter_random) {
  assert(shape_.rate_kbit > 0);
  assert(shape_.delay.count() >= 0 && shape_.jitter_max.count() >= 0);
}

void LinkModel::offer(FlowId flow_id, size_t bytes, TimePoint now) {
  assert(bytes > 0);
  std::deque<Batch>& waiting = flows_[flow_id].waiting;
  assert(waiting.empty() || waiting.back().offered_at <= now);
  if (!waiting.empty() && waiting.back().offered_at == now) {
    waiting.back().bytes += bytes;
  } else {
    waiting.push_back(Batch{now, bytes});
  }
}

void LinkModel::remove_flow(FlowId flow_id) { flows_.erase(flow_id); }

std::optional<TimePoint> LinkModel::next_departure() const {
  std::optional<Candidate> next = next_candidate();
  if (!next) return std::nullopt;
  return next->departs_at;
}

std::vector<Departure> LinkModel::depart_until(TimePoint now) {
  std::vector<Departure> departures;
  for (std::optional<Candidate> next = next_candidate(); next && next->departs_at <= now;
       next = next_candidate()) {
    assert(departures.empty() || departures.back().departed_at <= next->departs_at);
    departures.push_back(send(*next));
  }
  return departures;
}

size_t LinkModel::waiting_bytes(FlowId flow_id) const {
  auto found = flows_.find(flow_id);
  if (found == flows_.end()) return 0;
  size_t bytes = 0;
  for (const Batch& batch : found->second.waiting) bytes += batch.bytes;
  return bytes;
}

std::chrono::nanoseconds LinkModel::serialisation_time(size_t bytes) const {
  // bytes * 8 bit / (rate_kbit * 1000 bit/s), in nanoseconds, rounded up: never faster.
  const uint64_t scaled = static_cast<uint64_t>(bytes) * 8'000'000;
  return std::chrono::nanoseconds((scaled + shape_.rate_kbit - 1) / shape_.rate_kbit);
}

// The flow's next packet: the bytes already offered when the bucket could first send for it,
// up to one packet, leaving once the bucket holds credit for all of them (invariants 1 and 2).
LinkModel::Candidate LinkModel::candidate_of(FlowId flow_id, const Flow& flow) const {
  assert(!flow.waiting.empty());
  const TimePoint eligible_at = flow.waiting.front().offered_at;
  const TimePoint formed_at = std::max(eligible_at, bucket_empty_at_);
  size_t bytes = 0;
  for (const Batch& batch : flow.waiting) {
    if (batch.offered_at > formed_at || bytes >= kPacketBytesMax) break;
    bytes += batch.bytes;
  }
  bytes = std::min(bytes, kPacketBytesMax);
  return Candidate{flow_id, bytes,
                   std::max(eligible_at, bucket_empty_at_ + serialisation_time(bytes))};
}

// The earliest packet of any flow; on a tie, the first flow after the last one served.
std::optional<LinkModel::Candidate> LinkModel::next_candidate() const {
  std::optional<Candidate> best;
  auto consider = [&](auto first, auto last) {
    for (auto it = first; it != last; ++it) {
      if (it->second.waiting.empty()) continue;
      Candidate candidate = candidate_of(it->first, it->second);
      if (!best || candidate.departs_at < best->departs_at) best = candidate;
    }
  };
  auto after_last = flows_.upper_bound(last_served_flow_);
  consider(after_last, flows_.end());
  consider(flows_.begin(), after_last);
  return best;
}

Departure LinkModel::send(const Candidate& candidate) {
  Flow& flow = flows_.at(candidate.flow);
  assert(candidate.bytes > 0 && candidate.bytes <= kPacketBytesMax);
  // The bucket's credit at departure, less the packet, expressed as a new empty time.
  bucket_empty_at_ =
      std::max(bucket_empty_at_, candidate.departs_at - serialisation_time(kPacketBytesMax)) +
      serialisation_time(candidate.bytes);
  for (size_t left = candidate.bytes; left > 0;) {
    Batch& front = flow.waiting.front();
    const size_t taken = std::min(left, front.bytes);
    front.bytes -= taken;
    left -= taken;
    if (front.bytes == 0) flow.waiting.pop_front();
  }
  const auto jitter = std::chrono::nanoseconds(jitter_random_.up_to(
      static_cast<uint64_t>(std::chrono::nanoseconds(shape_.jitter_max).count())));
  const TimePoint arrives_at =
      std::max(candidate.departs_at + shape_.delay + jitter, flow.last_arrival);
  flow.last_arrival = arrives_at;
  last_served_flow_ = candidate.flow;
  return Departure{candidate.flow, candidate.bytes, candidate.departs_at, arrives_at};
}

}  // namespace parta::linksim
