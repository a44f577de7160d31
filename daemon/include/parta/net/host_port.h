// HOST:PORT as parta.toml (`listen`), invites and peer files write a node's address:
// "192.0.2.10:7420", "hub.example.org:7420", "[2001:db8::1]:7420" (IPv6 addresses in brackets).
//
// Thread safety: pure functions.
#pragma once

#include <boost/asio/ip/tcp.hpp>
#include <cstdint>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta::net {

struct HostPort {
  std::string host;  // a name or an address, without brackets
  uint16_t port = 0;
};

// Invalid, saying what is wrong and how to write it, unless `text` is HOST:PORT with a
// non-empty host and a port in 0..65535 (0: any free port, for listening only).
Result<HostPort> parse_host_port(std::string_view text);
// As a person would write it: HOST:PORT, bracketing a host that holds a colon.
std::string format_host_port(const HostPort& host_port);
// The endpoint as HOST:PORT, bracketing IPv6 addresses; parse_host_port reads it back.
std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace parta::net
