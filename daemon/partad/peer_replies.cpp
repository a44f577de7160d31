// Replies about peers on the control socket; see peer_replies.h.
#include "peer_replies.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <vector>

#include "parta/net/control_protocol.h"
#include "parta/net/session_report.h"
#include "parta/storage/local_time.h"
#include "parta/sync/sync_plan.h"

namespace parta::partad {
namespace {

// How many ops the hub holds that `school` may receive and, by its last known vector, lacks.
Result<uint64_t> ops_waiting_for(const Node& node, const Peer& school, const PeerStatus& status) {
  uint64_t waiting = 0;
  Status read = node.store->read([&](const ReadView& view) {
    auto scopes = scopes_peer_may_receive(view, school);
    if (!scopes) return scopes.status();
    auto ranges = ranges_peer_lacks(view, *scopes, status.peer_vector);
    if (!ranges) return ranges.status();
    auto count = count_ops(view, *ranges);
    if (!count) return count.status();
    waiting = *count;
    return Status::ok();
  });
  if (!read.is_ok()) return read;
  return waiting;
}

// Why `school` is not in step, or "" if it is.
Result<std::string> not_in_step_reason(const Node& node, const Peer& school) {
  auto status = node.peers.read_status(school.name);
  if (!status) return status.status();
  if (status->last_success_ms == 0) {
    return status->last_error.empty()
               ? std::string("never synced")
               : fmt::format("never synced; last attempt {}: {}",
                             local_time_text(status->last_attempt_ms), status->last_error);
  }
  const std::string last = "last synced " + local_time_text(status->last_success_ms);
  if (!status->last_error.empty()) {
    return fmt::format("{}; the last session, {}, failed: {}", last,
                       local_time_text(status->last_attempt_ms), status->last_error);
  }
  auto waiting = ops_waiting_for(node, school, *status);
  if (!waiting) return waiting.status();
  if (*waiting > 0) return fmt::format("{}; {} ops waiting for it", last, *waiting);
  return std::string();
}

}  // namespace

std::string local_time_text(int64_t unix_ms) {
  if (unix_ms == 0) return "never";
  const auto [day, seconds] = local_day_and_seconds(unix_ms);
  return fmt::format("{} {:02}:{:02}", format_iso(day), seconds / 3600, seconds / 60 % 60);
}

std::string hub_sync_reply(const Node& node, std::string_view only_school) {
  auto peers = node.peers.list();
  if (!peers) return net::format_error_reply(peers.status().message());
  std::vector<std::string> in_step;
  std::vector<std::string> behind;
  for (const Peer& peer : *peers) {
    if (peer.role != "school" || (!only_school.empty() && peer.name != only_school)) continue;
    auto reason = not_in_step_reason(node, peer);
    if (!reason) return net::format_error_reply(reason.status().message());
    if (reason->empty()) {
      in_step.push_back(peer.name);
    } else {
      behind.push_back(fmt::format("{} ({})", peer.name, *reason));
    }
  }
  if (!behind.empty()) {
    return net::format_error_reply(fmt::format("not in step: {}", fmt::join(behind, "; ")));
  }
  if (in_step.empty()) {
    if (!only_school.empty()) {
      return net::format_error_reply(fmt::format(
          "no school named {} is paired with this hub; 'parta peers' lists them", only_school));
    }
    return net::format_ok_reply(
        "no school is paired with this hub yet ('parta invite' makes "
        "an invite for one)");
  }
  return net::format_ok_reply(fmt::format("in step: {}", fmt::join(in_step, ", ")));
}

std::string status_reply(const Node& node, const std::function<bool(const std::string&)>& syncing) {
  auto peers = node.peers.list();
  if (!peers) return net::format_error_reply(peers.status().message());
  std::string lines = fmt::format("ok {} peers\n", peers->size());
  for (const Peer& peer : *peers) {
    auto status = node.peers.read_status(peer.name);
    if (!status) return net::format_error_reply(status.status().message());
    lines += fmt::format(
        "{} role={} syncing={} last_attempt=\"{}\" last_success=\"{}\" ops_waiting_incoming={}",
        peer.name, peer.role, syncing(peer.name) ? "yes" : "no",
        local_time_text(status->last_attempt_ms), local_time_text(status->last_success_ms),
        status->ops_waiting_incoming);
    if (!status->last_error.empty()) lines += " error=" + net::quoted_log_value(status->last_error);
    lines += "\n";
  }
  return lines;
}

}  // namespace parta::partad
