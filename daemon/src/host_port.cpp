// Reading and writing HOST:PORT; see host_port.h.
#include "parta/net/host_port.h"

#include <fmt/format.h>

#include <charconv>

namespace parta::net {
namespace {

constexpr const char* kExamples =
    "e.g. 192.0.2.10:7420, hub.example.org:7420 or [2001:db8::1]:7420";

Status malformed(std::string_view text, std::string_view what) {
  return Status::invalid(
      fmt::format("address \"{}\" {}; write it as HOST:PORT, {}", text, what, kExamples));
}

}  // namespace

Result<HostPort> parse_host_port(std::string_view text) {
  if (text.empty()) return malformed(text, "is empty");
  std::string_view host;
  std::string_view rest;
  if (text.front() == '[') {
    const size_t close = text.find(']');
    if (close == std::string_view::npos) return malformed(text, "opens '[' without closing it");
    host = text.substr(1, close - 1);
    rest = text.substr(close + 1);
    if (!rest.starts_with(':')) return malformed(text, "has no :PORT after the ']'");
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return malformed(text, "has no port");
    host = text.substr(0, colon);
    rest = text.substr(colon);
    if (host.find(':') != std::string_view::npos) {
      return malformed(text, "looks like an IPv6 address without brackets");
    }
  }
  if (host.empty()) return malformed(text, "has no host");
  const std::string_view port_text = rest.substr(1);
  unsigned port = 0;
  const auto [end, error] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
      port > UINT16_MAX) {
    return malformed(text, fmt::format("has port \"{}\", not a number from 0 to 65535", port_text));
  }
  return HostPort{std::string(host), static_cast<uint16_t>(port)};
}

std::string format_host_port(const HostPort& host_port) {
  if (host_port.host.find(':') != std::string::npos) {
    return fmt::format("[{}]:{}", host_port.host, host_port.port);
  }
  return fmt::format("{}:{}", host_port.host, host_port.port);
}

std::string format_endpoint(const boost::asio::ip::tcp::endpoint& endpoint) {
  return format_host_port(HostPort{endpoint.address().to_string(), endpoint.port()});
}

}  // namespace parta::net
