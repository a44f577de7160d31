// The pushing and pulling end of baseline A; see morango_client.h.
#include "morango_client.h"

#include <fmt/format.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "gzip_body.h"

namespace parta::bench {
namespace {

namespace http = boost::beast::http;
using boost::asio::ip::tcp;

constexpr size_t kResponseBodyBytesMax = size_t{256} << 20;
// What Morango's client announces in every request (morango/constants/capabilities.py).
constexpr std::string_view kCapabilities =
    "GZIP_BUFFER_POST ALLOW_CERTIFICATE_PUSHING ASYNC_OPERATIONS FSIC_V2_FORMAT";

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// A request with the headers python-requests sends, and Morango's capabilities.
Request make_request(http::verb verb, const std::string& target, const std::string& host) {
  Request request(verb, target, 11);
  request.set(http::field::host, host);
  request.set(http::field::user_agent, "python-requests/2.25.1");
  request.set(http::field::accept_encoding, "gzip, deflate");
  request.set(http::field::accept, "*/*");
  request.set(http::field::connection, "keep-alive");
  request.set("X-Morango-Capabilities", kCapabilities);
  return request;
}

struct Link {
  tcp::socket socket;
  boost::beast::flat_buffer buffer;
};

// Sends `request` and reads the answer; Refused unless it is a success.
Result<Response> exchange(Link& link, Request& request) {
  request.prepare_payload();
  boost::system::error_code error;
  http::write(link.socket, request, error);
  if (error) return Status::io(fmt::format("sending {}: {}", request.target(), error.message()));
  http::response_parser<http::string_body> parser;
  parser.body_limit(kResponseBodyBytesMax);
  http::read(link.socket, link.buffer, parser, error);
  if (error) {
    return Status::io(
        fmt::format("reading the answer to {}: {}", request.target(), error.message()));
  }
  Response response = parser.release();
  if (response.result_int() / 100 != 2) {
    return Status::refused(fmt::format("the server answered {} {} to {}: {}", response.result_int(),
                                       std::string(response.reason()), request.target(),
                                       response.body()));
  }
  return response;
}

Status push(Link& link, const std::vector<std::string>& bodies, const std::string& host,
            TransferFigures& figures) {
  for (const std::string& body : bodies) {
    Request request = make_request(http::verb::post, std::string(kBufferPath), host);
    request.set(http::field::content_type, "application/gzip");
    request.body() = body;
    auto answered = exchange(link, request);
    if (!answered) return answered.status();
    ++figures.requests;
    figures.body_bytes += body.size();
  }
  return Status::ok();
}

Status pull(Link& link, std::span<const BufferRow> rows, const std::string& host,
            TransferFigures& figures) {
  for (size_t offset = 0; offset < rows.size(); offset += kChunkRows) {
    Request request = make_request(http::verb::get, pull_target(offset), host);
    auto answered = exchange(link, request);
    if (!answered) return answered.status();
    if (answered->body() != pull_page_json(rows, offset, "http://" + host)) {
      return Status::corrupt(fmt::format("the page at offset {} is not the node's rows", offset));
    }
    ++figures.requests;
    figures.body_bytes += answered->body().size();
  }
  return Status::ok();
}

}  // namespace

Result<TransferFigures> transfer_buffers(std::span<const BufferRow> rows, Direction direction,
                                         const net::HostPort& server) {
  std::vector<std::string> push_bodies;
  if (direction == Direction::kPush) {
    for (size_t first = 0; first < rows.size(); first += kChunkRows) {
      push_bodies.push_back(gzip_level9(push_chunk_json(rows, first)));
    }
  }
  const std::string host = net::format_host_port(server);
  boost::asio::io_context io;
  Link link{tcp::socket(io), {}};
  boost::system::error_code error;
  const auto endpoints = tcp::resolver(io).resolve(server.host, std::to_string(server.port), error);
  if (error) return Status::io(fmt::format("cannot resolve {}: {}", host, error.message()));

  const auto start = std::chrono::steady_clock::now();
  boost::asio::connect(link.socket, endpoints, error);
  if (error) return Status::io(fmt::format("cannot connect to {}: {}", host, error.message()));
  TransferFigures figures;
  PARTA_RETURN_IF_ERROR(direction == Direction::kPush ? push(link, push_bodies, host, figures)
                                                      : pull(link, rows, host, figures));
  figures.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return figures;
}

}  // namespace parta::bench
