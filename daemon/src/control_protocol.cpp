// Control socket requests and replies; see control_protocol.h.
#include "parta/net/control_protocol.h"

#include <fmt/format.h>

#include <algorithm>

namespace parta::net {
namespace {

bool is_peer_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string one_line(std::string_view text) {
  std::string line(text);
  std::replace(line.begin(), line.end(), '\n', ' ');
  return line;
}

}  // namespace

Result<ControlRequest> parse_control_request(std::string_view line) {
  if (line.ends_with('\r')) line.remove_suffix(1);
  if (line == "status") return ControlRequest{ControlRequest::Kind::kStatus, ""};
  if (line == "sync") return ControlRequest{ControlRequest::Kind::kSync, ""};
  if (line.starts_with("sync ")) {
    std::string_view peer = line.substr(5);
    if (!is_peer_name(peer)) {
      return Status::invalid(fmt::format(
          "\"{}\" is not a peer name (letters a-z, digits and '-'; 'parta peers' lists them)",
          peer));
    }
    return ControlRequest{ControlRequest::Kind::kSync, std::string(peer)};
  }
  return Status::invalid(fmt::format(
      "unknown request \"{}\"; partad understands 'sync', 'sync PEER' and 'status'", line));
}

std::string format_control_request(const ControlRequest& request) {
  if (request.kind == ControlRequest::Kind::kStatus) return "status\n";
  return request.peer.empty() ? "sync\n" : "sync " + request.peer + "\n";
}

Result<ControlReply> parse_control_reply(std::string_view reply) {
  if (reply.ends_with('\n')) reply.remove_suffix(1);
  for (const auto& [word, ok] :
       {std::pair{std::string_view("ok"), true}, std::pair{std::string_view("error"), false}}) {
    if (reply == word) return ControlReply{ok, ""};
    if (reply.starts_with(word) && (reply[word.size()] == ' ' || reply[word.size()] == '\n')) {
      return ControlReply{ok, std::string(reply.substr(word.size() + 1))};
    }
  }
  return Status::corrupt(fmt::format(
      "partad answered \"{}\", which is neither ok nor error; are parta and partad from the same "
      "release?",
      reply.substr(0, 80)));
}

std::string format_ok_reply(std::string_view text) {
  return text.empty() ? "ok\n" : "ok " + std::string(text) + "\n";
}

std::string format_error_reply(std::string_view reason) {
  return "error " + one_line(reason) + "\n";
}

}  // namespace parta::net
