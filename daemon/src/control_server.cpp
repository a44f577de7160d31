// partad's end of the control socket; see control_server.h.
#include "parta/net/control_server.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <cassert>
#include <chrono>

#include "control_socket_path.h"

namespace parta::net {
namespace {

using boost::asio::local::stream_protocol;

// One client: its request line, then the reply, then close.
class ControlConnection : public std::enable_shared_from_this<ControlConnection> {
 public:
  ControlConnection(stream_protocol::socket socket, std::shared_ptr<size_t> connections_open)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        connections_open_(std::move(connections_open)) {
    ++*connections_open_;
  }
  ~ControlConnection() { --*connections_open_; }

  void start(ControlServer::Handler handler) {
    timer_.expires_after(std::chrono::milliseconds(ControlServer::kRequestTimeoutMs));
    timer_.async_wait([weak = weak_from_this()](boost::system::error_code error) {
      auto self = weak.lock();
      if (error || !self) return;
      boost::system::error_code ignored;
      self->socket_.close(ignored);  // no request in time: the read ends with an error
    });
    boost::asio::async_read_until(socket_,
                                  boost::asio::dynamic_buffer(line_, kControlRequestBytesMax), '\n',
                                  [self = shared_from_this(), handler = std::move(handler)](
                                      boost::system::error_code error, size_t bytes) {
                                    self->on_line(error, bytes, handler);
                                  });
  }

  void respond(std::string reply) {
    assert(!responded_ && "one reply per request");
    responded_ = true;
    reply_ = std::move(reply);
    boost::asio::async_write(socket_, boost::asio::buffer(reply_),
                             [self = shared_from_this()](boost::system::error_code, size_t) {
                               boost::system::error_code ignored;  // the client may have gone
                               self->socket_.shutdown(stream_protocol::socket::shutdown_both,
                                                      ignored);
                               self->socket_.close(ignored);
                             });
  }

 private:
  void on_line(boost::system::error_code error, size_t bytes,
               const ControlServer::Handler& handler) {
    timer_.cancel();
    if (error == boost::asio::error::not_found) {
      respond(format_error_reply(
          fmt::format("a request is one line of at most {} bytes", kControlRequestBytesMax)));
      return;
    }
    if (error) return;  // the client went away or sent nothing in time: nobody to answer
    auto request = parse_control_request(std::string_view(line_).substr(0, bytes - 1));
    if (!request) {
      respond(format_error_reply(request.status().message()));
      return;
    }
    handler(*request,
            [self = shared_from_this()](std::string reply) { self->respond(std::move(reply)); });
  }

  stream_protocol::socket socket_;
  boost::asio::steady_timer timer_;
  const std::shared_ptr<size_t> connections_open_;
  std::string line_;
  std::string reply_;
  bool responded_ = false;
};

}  // namespace

ControlServer::ControlServer(boost::asio::io_context& io, Handler handler)
    : io_(io), handler_(std::move(handler)), acceptor_(io), accept_retry_timer_(io) {}

ControlServer::~ControlServer() { close(); }

Status ControlServer::open(const std::filesystem::path& node_dir) {
  assert(path_.empty() && "open() once");
  const std::filesystem::path path = node_dir / kControlSocketFileName;
  PARTA_RETURN_IF_ERROR(check_control_socket_path(path));
  const stream_protocol::endpoint endpoint(path.string());
  boost::system::error_code error;
  stream_protocol::socket probe(io_);
  probe.connect(endpoint, error);
  if (!error) {
    return Status::refused(fmt::format(
        "another partad is running for {}: {} answers; stop it first ('systemctl stop partad') "
        "or run this one on another --dir",
        node_dir.string(), path.string()));
  }
  if (error == boost::asio::error::connection_refused) {
    std::error_code ignored;  // left by a partad that died: nobody listens; bind tells the rest
    std::filesystem::remove(path, ignored);
  }
  const mode_t old_umask = ::umask(077);  // nobody else may connect, not even for a moment
  acceptor_.open(endpoint.protocol(), error);
  if (!error) acceptor_.bind(endpoint, error);
  ::umask(old_umask);
  if (!error) acceptor_.listen(boost::asio::socket_base::max_listen_connections, error);
  if (!error && ::chmod(path.c_str(), 0600) != 0) {
    error = boost::system::error_code(errno, boost::system::system_category());
  }
  if (error) {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    return Status::io(
        fmt::format("cannot make the control socket {}: {}", path.string(), error.message()));
  }
  path_ = path;
  accept();
  return Status::ok();
}

void ControlServer::close() {
  if (path_.empty()) return;
  boost::system::error_code ignored;  // closing is best effort
  acceptor_.close(ignored);
  accept_retry_timer_.cancel();
  std::error_code not_removed;
  std::filesystem::remove(path_, not_removed);
  path_.clear();
}

void ControlServer::accept() {
  acceptor_.async_accept([this](boost::system::error_code error, stream_protocol::socket socket) {
    if (error == boost::asio::error::operation_aborted || path_.empty()) return;  // closed
    if (!error) {
      auto connection = std::make_shared<ControlConnection>(std::move(socket), connections_open_);
      if (*connections_open_ > kConnectionsMax) {
        connection->respond(format_error_reply(fmt::format(
            "partad is answering {} requests already; try again in a moment", kConnectionsMax)));
      } else {
        connection->start(handler_);
      }
    }
    if (!error) {
      accept();
      return;
    }
    // Out of descriptors, say: try again a little later rather than spin.
    accept_retry_timer_.expires_after(std::chrono::milliseconds(kAcceptRetryDelayMs));
    accept_retry_timer_.async_wait([this](boost::system::error_code wait_error) {
      if (!wait_error && !path_.empty()) accept();
    });
  });
}

}  // namespace parta::net
