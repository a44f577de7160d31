// ControlServer: partad's end of the control socket DIR/partad.sock (control_protocol.h).
// It reads one request line per connection (within kRequestTimeoutMs, at most
// kControlRequestBytesMax bytes), hands it to the handler, writes the handler's reply whenever
// it comes (a school's `sync` answers when the session ends) and closes the connection. At
// most kConnectionsMax connections are open at once; more are closed at once with an error.
//
// The socket file is made with mode 0600 (umask 077 while binding, then chmod), so only
// partad's user may ask; a file left by a partad that died is replaced; close() (and the
// destructor) removes it.
//
// Thread safety: runs on one io_context thread; call open() and close() there.
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "parta/net/control_protocol.h"
#include "parta/storage/status.h"

namespace parta::net {

class ControlServer {
 public:
  static constexpr size_t kConnectionsMax = 16;
  static constexpr int64_t kRequestTimeoutMs = 10'000;
  static constexpr int64_t kAcceptRetryDelayMs = 100;

  // Sends the reply (a whole reply from format_ok_reply / format_error_reply, or several
  // lines for status) and closes the connection. Call at most once; if the client has gone
  // the reply is dropped.
  using Respond = std::function<void(std::string reply)>;
  using Handler = std::function<void(const ControlRequest& request, Respond respond)>;

  ControlServer(boost::asio::io_context& io, Handler handler);
  ~ControlServer();
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Listens on `node_dir`/partad.sock. Refused if a partad already answers there; Invalid if
  // the path is too long for a Unix socket; IO if the file cannot be made.
  Status open(const std::filesystem::path& node_dir);
  // Stops accepting and removes the socket file. Replies still to come go to clients that
  // are still connected.
  void close();
  const std::filesystem::path& path() const { return path_; }

 private:
  void accept();

  boost::asio::io_context& io_;
  const Handler handler_;
  boost::asio::local::stream_protocol::acceptor acceptor_;
  boost::asio::steady_timer accept_retry_timer_;
  std::filesystem::path path_;  // empty until open() succeeded
  // Connections still open; shared with each of them, which count themselves out.
  std::shared_ptr<size_t> connections_open_ = std::make_shared<size_t>(0);
};

// Sends `request` to the partad running for `node_dir` and waits up to `timeout_ms` for its
// whole reply. NotFound when no partad runs there (the message says how to start it); IO when
// it does not answer in time or the socket cannot be used.
Result<ControlReply> send_control_request(const std::filesystem::path& node_dir,
                                          const ControlRequest& request, int64_t timeout_ms);

}  // namespace parta::net
