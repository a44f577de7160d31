// SessionReport: the one log line per session and the peer status written after it.
#include "parta/net/session_report.h"

#include <gtest/gtest.h>

namespace parta::net {
namespace {

Peer school() {
  Peer peer;
  peer.name = "school-3";
  peer.role = "school";
  return peer;
}

SessionReport report(Status outcome) {
  SessionReport report{std::move(outcome), {}, school(), {}, 12.5, "192.0.2.7:50000"};
  report.stats.ops_sent = 10;
  report.stats.ops_received = 40;
  report.stats.bytes_sent = 1200;
  report.stats.bytes_received = 56'000;
  report.stats.ops_announced_incoming = 100;
  return report;
}

TEST(SessionReport, LogsOneLinePerSession) {
  EXPECT_EQ(format_session_log_line(report(Status::ok())),
            "sync peer=school-3 outcome=ok ops_sent=10 ops_received=40 bytes_sent=1200 "
            "bytes_received=56000 seconds=12.50");
  EXPECT_EQ(format_session_log_line(report(Status::io("the link went quiet for \"120\" s\n"))),
            "sync peer=school-3 outcome=error ops_sent=10 ops_received=40 bytes_sent=1200 "
            "bytes_received=56000 seconds=12.50 error=\"the link went quiet for \\\"120\\\" s \"");
}

TEST(SessionReport, MaterialsAreLoggedWhenTheyMoved) {
  SessionReport with_materials = report(Status::ok());
  with_materials.stats.pack_bytes_received = 2'000'000;
  with_materials.stats.packs_received = 1;
  EXPECT_EQ(format_session_log_line(with_materials),
            "sync peer=school-3 outcome=ok ops_sent=10 ops_received=40 bytes_sent=1200 "
            "bytes_received=56000 seconds=12.50 material_bytes_sent=0 "
            "material_bytes_received=2000000 packs_received=1");
}

TEST(SessionReport, UnknownPeerIsLoggedWithItsAddress) {
  SessionReport refused = report(Status::refused("unknown key 3fa2..."));
  refused.peer.reset();
  refused.stats = {};
  EXPECT_EQ(format_session_log_line(refused),
            "sync peer=unknown outcome=error ops_sent=0 ops_received=0 bytes_sent=0 "
            "bytes_received=0 seconds=12.50 error=\"unknown key 3fa2...\" "
            "remote=192.0.2.7:50000");
}

TEST(SessionReport, SuccessRecordsItsTimeAndNothingWaiting) {
  SessionReport ok = report(Status::ok());
  ok.peer_vector = {{"school:sc1-1", 1, 40}};
  const PeerStatus status = status_after_session(ok, PeerStatus{}, 1'770'000'000'000);
  EXPECT_EQ(status.last_attempt_ms, 1'770'000'000'000);
  EXPECT_EQ(status.last_success_ms, 1'770'000'000'000);
  EXPECT_EQ(status.last_error, "");
  EXPECT_EQ(status.ops_waiting_incoming, 0u);
  EXPECT_EQ(status.ops_sent, 10u);
  EXPECT_EQ(status.bytes_received, 56'000u);
  EXPECT_DOUBLE_EQ(status.seconds, 12.5);
  ASSERT_EQ(status.peer_vector.size(), 1u);
  EXPECT_EQ(status.peer_vector[0].seq, 40u);
}

TEST(SessionReport, FailureKeepsTheLastSuccessAndCountsWhatDidNotArrive) {
  PeerStatus before;
  before.last_success_ms = 1'760'000'000'000;
  before.peer_vector = {{"school:sc1-1", 1, 7}};
  const PeerStatus status =
      status_after_session(report(Status::io("cut")), before, 1'770'000'000'000);
  EXPECT_EQ(status.last_attempt_ms, 1'770'000'000'000);
  EXPECT_EQ(status.last_success_ms, 1'760'000'000'000);
  EXPECT_EQ(status.last_error, "cut");
  EXPECT_EQ(status.ops_waiting_incoming, 60u);  // 100 announced, 40 received
  ASSERT_EQ(status.peer_vector.size(), 1u);     // not heard this time: the last one known
  EXPECT_EQ(status.peer_vector[0].seq, 7u);
}

}  // namespace
}  // namespace parta::net
