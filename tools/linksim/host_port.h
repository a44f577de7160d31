// HOST:PORT as linksim reads it on its command line and writes it in its output: "127.0.0.1:7000",
// "localhost:7000", "[::1]:7000" (IPv6 addresses in brackets).
//
// Thread safety: pure functions.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace parta::linksim {

struct HostPort {
  std::string host;  // without brackets
  uint16_t port = 0;
};

// nullopt when `text` is not HOST:PORT with a non-empty host and a port in 0..65535.
std::optional<HostPort> parse_host_port(std::string_view text);
// As the user would write it: HOST:PORT, bracketing a host that holds a colon.
std::string format_host_port(const HostPort& host_port);
// The endpoint as HOST:PORT, bracketing IPv6 addresses; parse_host_port reads it back.
std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace parta::linksim
