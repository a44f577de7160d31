// The log line and the peer status after a session; see session_report.h.
#include "parta/net/session_report.h"

#include <fmt/format.h>

namespace parta::net {
std::string quoted_log_value(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out + "\"";
}

std::string format_session_log_line(const SessionReport& report) {
  const SyncSessionStats& stats = report.stats;
  std::string line = fmt::format(
      "sync peer={} outcome={} ops_sent={} ops_received={} bytes_sent={} bytes_received={} "
      "seconds={:.2f}",
      report.peer ? report.peer->name : "unknown", report.outcome.is_ok() ? "ok" : "error",
      stats.ops_sent, stats.ops_received, stats.bytes_sent, stats.bytes_received, report.seconds);
  if (stats.pack_bytes_sent + stats.pack_bytes_received > 0) {
    line += fmt::format(" material_bytes_sent={} material_bytes_received={} packs_received={}",
                        stats.pack_bytes_sent, stats.pack_bytes_received, stats.packs_received);
  }
  if (!report.outcome.is_ok()) line += " error=" + quoted_log_value(report.outcome.message());
  if (!report.peer && !report.remote.empty()) line += " remote=" + report.remote;
  return line;
}

PeerStatus status_after_session(const SessionReport& report, const PeerStatus& previous,
                                int64_t now_unix_ms) {
  const SyncSessionStats& stats = report.stats;
  PeerStatus status;
  status.last_attempt_ms = now_unix_ms;
  status.last_success_ms = report.outcome.is_ok() ? now_unix_ms : previous.last_success_ms;
  status.last_error = report.outcome.is_ok() ? "" : report.outcome.message();
  status.ops_sent = stats.ops_sent;
  status.ops_received = stats.ops_received;
  status.bytes_sent = stats.bytes_sent;
  status.bytes_received = stats.bytes_received;
  status.seconds = report.seconds;
  if (!report.outcome.is_ok() && stats.ops_announced_incoming > stats.ops_received) {
    status.ops_waiting_incoming = stats.ops_announced_incoming - stats.ops_received;
  }
  status.peer_vector = report.peer_vector.empty() ? previous.peer_vector : report.peer_vector;
  return status;
}

}  // namespace parta::net
