// The control socket's requests and replies, as partad and `parta sync` read them.
#include "parta/net/control_protocol.h"

#include <gtest/gtest.h>

namespace parta::net {
namespace {

TEST(ControlProtocol, ParsesTheThreeRequests) {
  auto sync = parse_control_request("sync");
  ASSERT_TRUE(sync.is_ok());
  EXPECT_EQ(sync->kind, ControlRequest::Kind::kSync);
  EXPECT_EQ(sync->peer, "");
  auto one = parse_control_request("sync school-3\r");  // from a terminal with CRLF
  ASSERT_TRUE(one.is_ok());
  EXPECT_EQ(one->peer, "school-3");
  auto status = parse_control_request("status");
  ASSERT_TRUE(status.is_ok());
  EXPECT_EQ(status->kind, ControlRequest::Kind::kStatus);
}

TEST(ControlProtocol, FormatsWhatItParses) {
  EXPECT_EQ(format_control_request({ControlRequest::Kind::kSync, ""}), "sync\n");
  EXPECT_EQ(format_control_request({ControlRequest::Kind::kSync, "hub-1"}), "sync hub-1\n");
  EXPECT_EQ(format_control_request({ControlRequest::Kind::kStatus, ""}), "status\n");
}

TEST(ControlProtocol, RefusesUnknownRequestsAndOddPeerNames) {
  auto unknown = parse_control_request("restart");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().message(),
            "unknown request \"restart\"; partad understands 'sync', 'sync PEER' and 'status'");
  auto odd = parse_control_request("sync ../etc");
  ASSERT_FALSE(odd.is_ok());
  EXPECT_EQ(odd.status().kind(), Status::Kind::kInvalid);
  EXPECT_FALSE(parse_control_request("sync ").is_ok());
}

TEST(ControlProtocol, RepliesAreOkOrErrorOnTheFirstLine) {
  auto ok = parse_control_reply(format_ok_reply("hub-1 in step"));
  ASSERT_TRUE(ok.is_ok());
  EXPECT_TRUE(ok->ok);
  EXPECT_EQ(ok->text, "hub-1 in step");
  auto error = parse_control_reply(format_error_reply("cannot connect\nto hub"));
  ASSERT_TRUE(error.is_ok());
  EXPECT_FALSE(error->ok);
  EXPECT_EQ(error->text, "cannot connect to hub");  // one line, whatever the reason held
  auto status = parse_control_reply("ok 1 peers\nhub-1 role=hub\n");
  ASSERT_TRUE(status.is_ok());
  EXPECT_EQ(status->text, "1 peers\nhub-1 role=hub");
  EXPECT_TRUE(parse_control_reply("ok\n")->ok);
  auto garbled = parse_control_reply("okay\n");
  ASSERT_FALSE(garbled.is_ok());
  EXPECT_EQ(garbled.status().kind(), Status::Kind::kCorrupt);
}

}  // namespace
}  // namespace parta::net
