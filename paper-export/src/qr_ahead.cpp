// QR symbols encoded ahead; see qr_ahead.h.
#include "qr_ahead.h"

#include <cassert>
#include <utility>

namespace parta::paper {

QrAhead::QrAhead(std::vector<std::string> payloads)
    : payloads_(std::move(payloads)),
      encoder_([this](std::stop_token stop) { encode_all(std::move(stop)); }) {}

void QrAhead::encode_all(std::stop_token stop) {
  for (const std::string& payload : payloads_) {
    if (stop.stop_requested()) return;  // the class set ended early: the rest is not needed
    Result<QrSymbol> symbol = encode_qr(payload);
    std::unique_lock lock(mutex_);
    changed_.wait(lock, stop, [this] { return ready_.size() < kAheadMax; });
    if (stop.stop_requested()) return;
    ready_.push_back(std::move(symbol));
    changed_.notify_all();
  }
}

Result<QrSymbol> QrAhead::next() {
  assert(taken_ < payloads_.size() && "one symbol per payload");
  ++taken_;
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !ready_.empty(); });
  Result<QrSymbol> symbol = std::move(ready_.front());
  ready_.pop_front();
  changed_.notify_all();
  return symbol;
}

}  // namespace parta::paper
