// The buffer endpoint of baseline A's server; see morango_server.h.
#include "morango_server.h"

#include <fmt/format.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <charconv>
#include <cstdio>

#include "buffer_chunks.h"
#include "gzip_body.h"
#include "parta/net/host_port.h"
#include "parta/storage/atomic_file.h"
#include "python_json.h"

namespace parta::bench {
namespace {

namespace http = boost::beast::http;
using boost::asio::ip::tcp;

constexpr size_t kRequestBodyBytesMax = size_t{64} << 20;
constexpr size_t kInflatedBytesMax = size_t{256} << 20;

using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

// The headers a Django REST framework view behind Kolibri's server adds.
Response response(const Request& request, http::status status, std::string body) {
  Response out(status, request.version());
  out.set(http::field::server, "Kolibri");
  out.set(http::field::content_type, "application/json");
  out.set(http::field::vary, "Accept, Cookie");
  out.set(http::field::allow, "GET, POST, HEAD, OPTIONS");
  out.keep_alive(request.keep_alive());
  out.body() = std::move(body);
  out.prepare_payload();
  return out;
}

Response refuse(const Request& request, http::status status, const std::string& reason) {
  fmt::print(stderr, "morango-server: {} {}: {}\n", std::string(request.method_string()),
             std::string(request.target()), reason);
  return response(request, status,
                  fmt::format("{{\"detail\":{}}}", quote_json(reason, kRestFramework)));
}

// `pushes` counts the chunks this connection pushed so far.
Response answer_push(const Request& request, std::span<const BufferRow> rows, size_t& pushes) {
  if (pushes >= chunk_count(rows.size())) {
    return refuse(request, http::status::bad_request, "more chunks pushed than rows to push");
  }
  auto json = gunzip(request.body(), kInflatedBytesMax);
  if (!json) return refuse(request, http::status::bad_request, json.status().message());
  if (*json != push_chunk_json(rows, pushes * kChunkRows)) {
    return refuse(request, http::status::bad_request,
                  fmt::format("chunk {} differs from the node's rows", pushes + 1));
  }
  ++pushes;
  return response(request, http::status::created, "");
}

Response answer_pull(const Request& request, std::span<const BufferRow> rows) {
  const std::string_view target = request.target();
  const size_t at = target.find("offset=");
  size_t offset = 0;
  if (at != std::string_view::npos) {
    std::from_chars(target.data() + at + 7, target.data() + target.size(), offset);
  }
  if (target != pull_target(offset) || offset >= rows.size()) {
    return refuse(request, http::status::bad_request, "not a page of this transfer session");
  }
  const std::string origin = fmt::format("http://{}", std::string(request[http::field::host]));
  return response(request, http::status::ok, pull_page_json(rows, offset, origin));
}

Response answer(const Request& request, std::span<const BufferRow> rows, size_t& pushes) {
  const std::string_view target = request.target();
  if (request.method() == http::verb::post && target == kBufferPath) {
    return answer_push(request, rows, pushes);
  }
  if (request.method() == http::verb::get && target.starts_with(kBufferPath)) {
    return answer_pull(request, rows);
  }
  return refuse(request, http::status::not_found, "no such endpoint");
}

void serve_connection(tcp::socket& socket, std::span<const BufferRow> rows) {
  boost::beast::flat_buffer buffer;
  size_t pushes = 0;
  for (;;) {
    boost::system::error_code error;
    http::request_parser<http::string_body> parser;
    parser.body_limit(kRequestBodyBytesMax);
    http::read(socket, buffer, parser, error);
    if (error == http::error::end_of_stream) return;
    if (error) {
      fmt::print(stderr, "morango-server: reading a request: {}\n", error.message());
      return;
    }
    const Request& request = parser.get();
    Response reply = answer(request, rows, pushes);
    http::write(socket, reply, error);
    if (error) {
      fmt::print(stderr, "morango-server: writing a response: {}\n", error.message());
      return;
    }
    if (!request.keep_alive()) return;
  }
}

Status listen_on(tcp::acceptor& acceptor, const std::string& text) {
  auto listen = net::parse_host_port(text);
  if (!listen) return listen.status();
  boost::system::error_code error;
  const auto address = boost::asio::ip::make_address(listen->host, error);
  if (error) return Status::invalid(fmt::format("--listen {}: not an IP address", text));
  const tcp::endpoint endpoint(address, listen->port);
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(tcp::acceptor::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(boost::asio::socket_base::max_listen_connections, error);
  if (error) return Status::io(fmt::format("cannot listen on {}: {}", text, error.message()));
  return Status::ok();
}

}  // namespace

Status serve_buffers(std::span<const BufferRow> rows, const ServerOptions& options) {
  boost::asio::io_context io;
  tcp::acceptor acceptor(io);
  PARTA_RETURN_IF_ERROR(listen_on(acceptor, options.listen));
  const std::string address = net::format_endpoint(acceptor.local_endpoint());
  PARTA_RETURN_IF_ERROR(write_file_atomically(options.ready_file, address));
  fmt::print("morango-server: {} rows, {} chunks of up to {}; listening on {}\n", rows.size(),
             chunk_count(rows.size()), kChunkRows, address);
  std::fflush(stdout);
  for (;;) {
    tcp::socket socket(io);
    boost::system::error_code error;
    acceptor.accept(socket, error);
    if (error) {
      fmt::print(stderr, "morango-server: accepting a connection: {}\n", error.message());
      continue;
    }
    serve_connection(socket, rows);
  }
}

}  // namespace parta::bench
