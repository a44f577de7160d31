// The QR symbols of a class set's pages, encoded on a thread of their own while the pages are
// drawn (paper-export internal). Encoding a symbol (libqrencode tries all eight masks) costs
// about as much as drawing the rest of a page's frame; every page's payload is known before the
// first is drawn, so a second core does it ahead.
//
// Memory: at most kAheadMax symbols wait to be taken (about a kilobyte each).
// Thread safety: next() from one thread; the encoding thread is the object's own, stopped and
// joined when it is destroyed (std::jthread; its waits end on the stop request).
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "qr_symbol.h"

namespace parta::paper {

class QrAhead {
 public:
  static constexpr size_t kAheadMax = 256;

  // Starts encoding `payloads`, in order.
  explicit QrAhead(std::vector<std::string> payloads);
  QrAhead(const QrAhead&) = delete;
  QrAhead& operator=(const QrAhead&) = delete;

  // The symbol of the next payload (or why it could not be made), waiting for it if the
  // encoding is behind. Called at most once per payload.
  Result<QrSymbol> next();

 private:
  void encode_all(std::stop_token stop);

  const std::vector<std::string> payloads_;
  size_t taken_ = 0;  // the drawing thread's own
  std::mutex mutex_;
  std::condition_variable_any changed_;
  std::deque<Result<QrSymbol>> ready_;  // guarded by mutex_
  std::jthread encoder_;                // last: it starts with everything above in place
};

}  // namespace parta::paper
