// Peer field checks; see peer_fields.h.
#include "peer_fields.h"

#include <charconv>

#include <fmt/format.h>

namespace parta {
namespace {

constexpr size_t kHostBytesMax = 253;  // the longest DNS name

bool is_host_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '-';
}

bool is_ipv6_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' ||
         c == '.';
}

bool all_of(std::string_view text, bool (*allowed)(char)) {
  for (char c : text) {
    if (!allowed(c)) return false;
  }
  return true;
}

}  // namespace

Status check_dial_address(std::string_view address) {
  auto bad = [&](std::string_view why) {
    return Status::invalid(
        fmt::format("\"{}\" is not an address a school can dial: {} (write HOST:PORT, like "
                    "\"hub.example.org:7420\", \"203.0.113.5:7420\" or \"[2001:db8::1]:7420\")",
                    address, why));
  };
  const size_t colon = address.rfind(':');
  if (colon == std::string_view::npos) return bad("the :PORT is missing");
  std::string_view host = address.substr(0, colon);
  std::string_view port_text = address.substr(colon + 1);
  unsigned port = 0;
  auto [end, error] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
      port > 65535) {
    return bad("the port must be a number from 1 to 65535");
  }
  const bool bracketed = host.size() > 2 && host.front() == '[' && host.back() == ']';
  if (bracketed ? !all_of(host.substr(1, host.size() - 2), is_ipv6_char)
                : host.empty() || host.size() > kHostBytesMax || !all_of(host, is_host_name_char)) {
    return bad(host.find(':') != std::string_view::npos && !bracketed
                   ? "an IPv6 address goes in brackets"
                   : "the host must be a name or an IP address");
  }
  if (host == "0.0.0.0" || host == "[::]") {
    return bad(
        "that is where a hub listens on all its addresses; give the address the school "
        "reaches the hub at");
  }
  return Status::ok();
}

Result<RecordKey> parse_school_id(std::string_view text) {
  auto school = parse_id(text, "sc", 0);
  if (school && format_id("sc", *school) == text) return school;
  return Status::invalid(
      fmt::format("\"{}\" is not a School id in full, like \"sc1-3fa2c1d0\"", text));
}

}  // namespace parta
