// `parta`'s end of the control socket; see send_control_request() in control_server.h.
#include <fmt/format.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <chrono>

#include "control_socket_path.h"
#include "parta/net/control_server.h"

namespace parta::net {

using boost::asio::local::stream_protocol;

Result<ControlReply> send_control_request(const std::filesystem::path& node_dir,
                                          const ControlRequest& request, int64_t timeout_ms) {
  const std::filesystem::path path = node_dir / kControlSocketFileName;
  PARTA_RETURN_IF_ERROR(check_control_socket_path(path));
  boost::asio::io_context io;
  stream_protocol::socket socket(io);
  boost::system::error_code error;
  socket.connect(stream_protocol::endpoint(path.string()), error);
  if (error == boost::asio::error::not_found || error == boost::asio::error::connection_refused ||
      error == boost::system::errc::no_such_file_or_directory) {
    return Status::not_found(fmt::format(
        "partad is not running for {}; start it with 'partad --dir {}' or 'systemctl start "
        "partad'",
        node_dir.string(), node_dir.string()));
  }
  if (error) {
    return Status::io(fmt::format(
        "cannot reach partad through {}: {}{}", path.string(), error.message(),
        error == boost::system::errc::permission_denied ? "; run this as the user partad runs as"
                                                        : ""));
  }
  boost::asio::write(socket, boost::asio::buffer(format_control_request(request)), error);
  std::string reply;
  bool timed_out = false;
  if (!error) {
    boost::asio::steady_timer limit(io, std::chrono::milliseconds(timeout_ms));
    limit.async_wait([&](boost::system::error_code wait_error) {
      if (wait_error) return;
      timed_out = true;
      boost::system::error_code ignored;
      socket.close(ignored);
    });
    // partad closes the connection after its reply: read to the end.
    boost::asio::async_read(socket, boost::asio::dynamic_buffer(reply, kControlReplyBytesMax),
                            [&](boost::system::error_code read_error, size_t) {
                              if (read_error != boost::asio::error::eof) error = read_error;
                              limit.cancel();
                            });
    io.run();
  }
  if (timed_out) {
    return Status::io(fmt::format(
        "partad did not answer within {} s; a sync over a slow link may take longer (pass "
        "--timeout), and partad's log says what it is doing",
        timeout_ms / 1000));
  }
  if (error) {
    return Status::io(fmt::format("lost the connection to partad through {}: {}", path.string(),
                                  error.message()));
  }
  if (reply.empty()) {
    return Status::io(
        "partad closed the connection without answering; is it stopping? Its log "
        "says why");
  }
  return parse_control_reply(reply);
}

}  // namespace parta::net
