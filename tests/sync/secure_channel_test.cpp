// SecureChannel: the handshake, pinning, and what happens to tampered, replayed, reordered,
// truncated and oversized input. Both ends are driven directly (sans-IO), bytes handed over
// by the test exactly as a network would, or worse.
#include "parta/sync/secure_channel.h"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <fstream>
#include <functional>
#include <iterator>

#include "channel.pb.h"
#include "parta/storage/record_key.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

std::string testing_slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct Pair {
  Identity school = Identity::generate();
  Identity hub = Identity::generate();
  std::unique_ptr<SecureChannel> client;
  std::unique_ptr<SecureChannel> server;
  std::vector<std::string> at_client, at_server;

  explicit Pair(ChannelVersions client_versions = {1, 1}, ChannelVersions server_versions = {1, 1}) {
    client = SecureChannel::client(school, hub.public_key(), client_versions);
    server = SecureChannel::server(
        hub,
        [this](const PublicKey& key) {
          return key == school.public_key() ? Status::ok()
                                            : Status::refused("this school is not paired");
        },
        server_versions);
  }

  // Moves bytes both ways until neither side has anything to say. Returns the first error.
  Status pump() {
    for (int round = 0; round < 10; ++round) {
      std::string to_server = client->take_output();
      std::string to_client = server->take_output();
      if (to_server.empty() && to_client.empty()) return Status::ok();
      if (!to_server.empty()) PARTA_RETURN_IF_ERROR(server->receive(to_server, &at_server));
      if (!to_client.empty()) PARTA_RETURN_IF_ERROR(client->receive(to_client, &at_client));
    }
    return Status::ok();
  }
};

// Splits a stream of frames into frames (4-byte big-endian length + payload).
std::vector<std::string> frames_of(const std::string& stream) {
  std::vector<std::string> frames;
  for (size_t at = 0; at + 4 <= stream.size();) {
    size_t length = read_u32_be(std::string_view(stream).substr(at));
    frames.push_back(stream.substr(at, 4 + length));
    at += 4 + length;
  }
  return frames;
}

TEST(SecureChannel, HandshakeOpensAndMessagesFlowBothWays) {
  Pair pair;
  ASSERT_TRUE(pair.pump().is_ok());
  ASSERT_TRUE(pair.client->is_open());
  ASSERT_TRUE(pair.server->is_open());
  EXPECT_EQ(pair.server->peer_key(), pair.school.public_key());
  EXPECT_EQ(pair.client->peer_key(), pair.hub.public_key());
  EXPECT_EQ(pair.client->version(), 1u);
  ASSERT_TRUE(pair.client->send("результаты 7Б").is_ok());
  ASSERT_TRUE(pair.server->send("ok").is_ok());
  ASSERT_TRUE(pair.client->finish().is_ok());
  ASSERT_TRUE(pair.server->finish().is_ok());
  ASSERT_TRUE(pair.pump().is_ok());
  EXPECT_EQ(pair.at_server, std::vector<std::string>{"результаты 7Б"});
  EXPECT_EQ(pair.at_client, std::vector<std::string>{"ok"});
  EXPECT_TRUE(pair.server->end_of_stream().is_ok());
  EXPECT_TRUE(pair.client->end_of_stream().is_ok());
}

TEST(SecureChannel, BytesMayArriveOneAtATime) {
  Pair pair;
  std::string hello = pair.client->take_output();
  for (char byte : hello) ASSERT_TRUE(pair.server->receive({&byte, 1}, &pair.at_server).is_ok());
  std::string reply = pair.server->take_output();
  for (char byte : reply) ASSERT_TRUE(pair.client->receive({&byte, 1}, &pair.at_client).is_ok());
  ASSERT_TRUE(pair.client->send("a").is_ok());
  ASSERT_TRUE(pair.client->send("bc").is_ok());
  std::string rest = pair.client->take_output();
  for (char byte : rest) ASSERT_TRUE(pair.server->receive({&byte, 1}, &pair.at_server).is_ok());
  EXPECT_EQ(pair.at_server, (std::vector<std::string>{"a", "bc"}));
}

TEST(SecureChannel, TheHubRefusesAnUnpairedSchoolAndSaysWhy) {
  Pair pair;
  Identity stranger = Identity::generate();
  auto client = SecureChannel::client(stranger, pair.hub.public_key());
  std::vector<std::string> ignored;
  Status at_hub = pair.server->receive(client->take_output(), &ignored);
  EXPECT_EQ(at_hub.kind(), Status::Kind::kRefused);
  Status at_school = client->receive(pair.server->take_output(), &ignored);
  EXPECT_EQ(at_school.kind(), Status::Kind::kRefused);
  EXPECT_NE(at_school.message().find("this school is not paired"), std::string::npos);
}

TEST(SecureChannel, TheSchoolRefusesAHubWithAnotherKey) {
  Identity school = Identity::generate();
  Identity hub = Identity::generate();
  Identity impostor = Identity::generate();
  auto client = SecureChannel::client(school, hub.public_key());
  auto server = SecureChannel::server(impostor, [](const PublicKey&) { return Status::ok(); });
  std::vector<std::string> ignored;
  ASSERT_TRUE(server->receive(client->take_output(), &ignored).is_ok());
  Status status = client->receive(server->take_output(), &ignored);
  EXPECT_EQ(status.kind(), Status::Kind::kRefused);
  EXPECT_NE(status.message().find("not the pinned"), std::string::npos) << status.message();
  EXPECT_FALSE(client->is_open());
}

TEST(SecureChannel, AFlippedByteEndsTheSessionAndDeliversNothingFromThatFrame) {
  Pair pair;
  ASSERT_TRUE(pair.pump().is_ok());
  ASSERT_TRUE(pair.client->send("оценка: 5").is_ok());
  std::string bytes = pair.client->take_output();
  bytes[bytes.size() - 3] ^= 0x01;
  Status status = pair.server->receive(bytes, &pair.at_server);
  EXPECT_EQ(status.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(status.message().find("failed authentication"), std::string::npos);
  EXPECT_TRUE(pair.at_server.empty());
  // Dead for good: even a good frame afterwards is not accepted.
  ASSERT_TRUE(pair.client->send("ещё").is_ok());
  EXPECT_EQ(pair.server->receive(pair.client->take_output(), &pair.at_server).kind(),
            Status::Kind::kCorrupt);
  EXPECT_TRUE(pair.at_server.empty());
}

TEST(SecureChannel, ReplayedAndReorderedFramesAreRejected) {
  {
    Pair pair;
    ASSERT_TRUE(pair.pump().is_ok());
    ASSERT_TRUE(pair.client->send("one").is_ok());
    std::string first = pair.client->take_output();
    ASSERT_TRUE(pair.server->receive(first, &pair.at_server).is_ok());
    EXPECT_EQ(pair.server->receive(first, &pair.at_server).kind(), Status::Kind::kCorrupt);
    EXPECT_EQ(pair.at_server.size(), 1u);
  }
  {
    Pair pair;
    ASSERT_TRUE(pair.pump().is_ok());
    ASSERT_TRUE(pair.client->send("one").is_ok());
    ASSERT_TRUE(pair.client->send("two").is_ok());
    auto frames = frames_of(pair.client->take_output());
    ASSERT_EQ(frames.size(), 2u);
    EXPECT_EQ(pair.server->receive(frames[1] + frames[0], &pair.at_server).kind(),
              Status::Kind::kCorrupt);
    EXPECT_TRUE(pair.at_server.empty());
  }
}

TEST(SecureChannel, AWholeRecordedSessionReplayedToTheHubAppliesNothing) {
  Pair recorded;
  std::string school_said = recorded.client->take_output();
  ASSERT_TRUE(recorded.server->receive(school_said, &recorded.at_server).is_ok());
  ASSERT_TRUE(recorded.client->receive(recorded.server->take_output(), &recorded.at_client).is_ok());
  ASSERT_TRUE(recorded.client->send("поставить 5").is_ok());
  ASSERT_TRUE(recorded.client->finish().is_ok());
  school_said += recorded.client->take_output();

  // An attacker replays every byte the school sent to a fresh session of the same hub.
  auto hub_again = SecureChannel::server(
      recorded.hub, [&](const PublicKey& key) {
        return key == recorded.school.public_key() ? Status::ok() : Status::refused("no");
      });
  std::vector<std::string> delivered;
  Status status = hub_again->receive(school_said, &delivered);
  EXPECT_EQ(status.kind(), Status::Kind::kRefused);
  EXPECT_NE(status.message().find("could not prove"), std::string::npos) << status.message();
  EXPECT_TRUE(delivered.empty());
  EXPECT_FALSE(hub_again->is_open());
}

TEST(SecureChannel, AStreamCutBeforeItsLastFrameIsReportedAsCut) {
  Pair pair;
  ASSERT_TRUE(pair.pump().is_ok());
  ASSERT_TRUE(pair.client->send("часть 1").is_ok());
  ASSERT_TRUE(pair.pump().is_ok());
  Status cut = pair.server->end_of_stream();
  EXPECT_EQ(cut.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(cut.message().find("cut before its last frame"), std::string::npos);
  EXPECT_EQ(pair.at_server, std::vector<std::string>{"часть 1"});

  Pair halfway;
  ASSERT_TRUE(halfway.pump().is_ok());
  ASSERT_TRUE(halfway.client->finish().is_ok());
  std::string last = halfway.client->take_output();
  ASSERT_TRUE(halfway.server->receive(last.substr(0, last.size() - 1), &halfway.at_server).is_ok());
  EXPECT_EQ(halfway.server->end_of_stream().kind(), Status::Kind::kCorrupt);
}

TEST(SecureChannel, InvalidSessionKeysAreRefused) {
  Identity hub = Identity::generate();
  // A low-order point (here the all-zero key) would give an all-zero shared secret.
  wire::ClientHello hello;
  hello.set_version_min(1);
  hello.set_version_max(1);
  hello.set_identity_key(std::string(reinterpret_cast<const char*>(
                                         Identity::generate().public_key().data()), 32));
  hello.set_ephemeral_key(std::string(32, '\0'));
  hello.set_nonce(std::string(32, 'n'));
  std::string frame;
  append_u32_be(&frame, static_cast<uint32_t>(hello.ByteSizeLong()));
  frame += hello.SerializeAsString();
  auto server = SecureChannel::server(hub, [](const PublicKey&) { return Status::ok(); });
  std::vector<std::string> ignored;
  Status status = server->receive(frame, &ignored);
  EXPECT_EQ(status.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(status.message().find("not a valid X25519"), std::string::npos) << status.message();
}

TEST(SecureChannel, VersionsAreNegotiated) {
  Pair newer_school({1, 3}, {1, 2});
  ASSERT_TRUE(newer_school.pump().is_ok());
  EXPECT_EQ(newer_school.client->version(), 2u);
  EXPECT_EQ(newer_school.server->version(), 2u);

  Pair no_common({3, 4}, {1, 2});
  Status status = no_common.pump();
  EXPECT_EQ(status.kind(), Status::Kind::kRefused);
  EXPECT_NE(status.message().find("no protocol version in common"), std::string::npos);
}

TEST(SecureChannel, AnOversizedFrameIsRefusedBeforeItIsRead) {
  Pair pair;
  std::string huge;
  append_u32_be(&huge, 0x7fffffff);
  Status status = pair.server->receive(huge, &pair.at_server);
  EXPECT_EQ(status.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(status.message().find("above the 512 byte limit"), std::string::npos);
}

TEST(SecureChannel, SendingBeforeOpenOrAfterFinishIsMisuse) {
  Pair pair;
  EXPECT_EQ(pair.client->send("early").kind(), Status::Kind::kInvalid);
  ASSERT_TRUE(pair.pump().is_ok());
  ASSERT_TRUE(pair.client->finish().is_ok());
  EXPECT_EQ(pair.client->send("late").kind(), Status::Kind::kInvalid);
}

// Rewrites the one handshake message in `frames` (4-byte length + payload) with `edit`.
template <typename Message>
std::string edited(const std::string& framed, const std::function<void(Message*)>& edit) {
  Message message;
  EXPECT_TRUE(message.ParseFromString(framed.substr(4)));
  edit(&message);
  std::string out;
  append_u32_be(&out, static_cast<uint32_t>(message.ByteSizeLong()));
  return out + message.SerializeAsString();
}

TEST(SecureChannel, AHubShowingThePinnedKeyButSigningWithAnotherIsRefused) {
  Identity school = Identity::generate();
  Identity hub = Identity::generate();
  Identity impostor = Identity::generate();
  auto client = SecureChannel::client(school, hub.public_key());
  auto server = SecureChannel::server(impostor, [](const PublicKey&) { return Status::ok(); });
  std::vector<std::string> ignored;
  ASSERT_TRUE(server->receive(client->take_output(), &ignored).is_ok());
  std::string forged = edited<wire::ServerHello>(server->take_output(), [&](auto* hello) {
    hello->set_identity_key(std::string(reinterpret_cast<const char*>(hub.public_key().data()), 32));
  });
  Status status = client->receive(forged, &ignored);
  EXPECT_EQ(status.kind(), Status::Kind::kCorrupt);
  EXPECT_NE(status.message().find("signature is invalid"), std::string::npos) << status.message();
  EXPECT_FALSE(client->is_open());
}

TEST(SecureChannel, AHelloChangedInTransitBreaksTheHandshake) {
  Pair pair({1, 2}, {1, 2});
  // Someone downgrades the school's offer to version 1 on the way to the hub.
  std::string downgraded = edited<wire::ClientHello>(
      pair.client->take_output(), [](auto* hello) { hello->set_version_max(1); });
  ASSERT_TRUE(pair.server->receive(downgraded, &pair.at_server).is_ok());
  Status status = pair.client->receive(pair.server->take_output(), &pair.at_client);
  EXPECT_EQ(status.kind(), Status::Kind::kCorrupt);
  EXPECT_FALSE(pair.client->is_open());
}

TEST(SecureChannel, NothingIsAcceptedAfterThePeersLastFrame) {
  Pair pair;
  ASSERT_TRUE(pair.pump().is_ok());
  ASSERT_TRUE(pair.client->finish().is_ok());
  std::string last = pair.client->take_output();
  ASSERT_TRUE(pair.server->receive(last, &pair.at_server).is_ok());
  EXPECT_TRUE(pair.server->peer_finished());
  EXPECT_EQ(pair.server->receive(last, &pair.at_server).kind(), Status::Kind::kCorrupt);
}

TEST(SecureChannel, AHubsLongRefusalStillReachesTheSchool) {
  Identity school = Identity::generate();
  Identity hub = Identity::generate();
  auto client = SecureChannel::client(school, hub.public_key());
  auto server = SecureChannel::server(
      hub, [](const PublicKey&) { return Status::refused(std::string(2000, 'x') + "\n"); });
  std::vector<std::string> ignored;
  EXPECT_EQ(server->receive(client->take_output(), &ignored).kind(), Status::Kind::kRefused);
  Status status = client->receive(server->take_output(), &ignored);
  EXPECT_EQ(status.kind(), Status::Kind::kRefused);
  EXPECT_NE(status.message().find("unauthenticated"), std::string::npos) << status.message();
}

TEST(Identity, ADamagedKeyFileIsReportedAsDamaged) {
  TempDir temp;
  ASSERT_TRUE(Identity::generate().save(temp / "node.key").is_ok());
  std::string text = testing_slurp(temp / "node.key");
  text[text.size() - 3] = text[text.size() - 3] == 'a' ? 'b' : 'a';  // in the public half
  std::ofstream(temp / "node.key", std::ios::trunc) << text;
  auto loaded = Identity::load(temp / "node.key");
  EXPECT_EQ(loaded.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(loaded.status().message().find("damaged"), std::string::npos);
}

TEST(Identity, SavesAndLoadsOnlyFromAPrivateFile) {
  TempDir temp;
  Identity identity = Identity::generate();
  ASSERT_TRUE(identity.save(temp / "node.key").is_ok());
  struct stat info;
  ASSERT_EQ(stat((temp / "node.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto loaded = Identity::load(temp / "node.key");
  ASSERT_TRUE(loaded.is_ok()) << loaded.status().message();
  EXPECT_EQ(loaded->public_key(), identity.public_key());
  EXPECT_TRUE(signature_is_valid(identity.public_key(), "m", loaded->sign("m")));
  EXPECT_EQ(identity.save(temp / "node.key").kind(), Status::Kind::kIO);  // never overwritten

  chmod((temp / "node.key").c_str(), 0644);
  auto exposed = Identity::load(temp / "node.key");
  EXPECT_EQ(exposed.status().kind(), Status::Kind::kRefused);
  EXPECT_NE(exposed.status().message().find("chmod 600"), std::string::npos);
}

TEST(Identity, PublicKeysHaveAHexForm) {
  Identity identity = Identity::generate();
  std::string hex = public_key_hex(identity.public_key());
  EXPECT_EQ(hex.size(), 64u);
  EXPECT_EQ(parse_public_key_hex(hex).value(), identity.public_key());
  EXPECT_EQ(parse_public_key_hex("abc").status().kind(), Status::Kind::kInvalid);
  EXPECT_FALSE(signature_is_valid(PublicKey{}, "m", std::string(64, '\0')));
}

}  // namespace
}  // namespace parta
