// PeerDirectory: pinning peers, their names and status files, and one-time invites from
// issue to redemption, including the refusals an IT person reads and two redeemers racing.
#include "parta/sync/peers.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <barrier>
#include <chrono>
#include <fstream>
#include <iterator>
#include <thread>

#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

constexpr int64_t kNowMs = 1'764'000'000'000;  // 2025-11-24 16:00 UTC
constexpr int64_t kHourMs = 60 * 60 * 1000;

mode_t mode_of(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 0777;
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path) << text;
}

class PeersTest : public ::testing::Test {
 protected:
  Peer school_peer(const std::string& name, uint64_t school_counter) {
    return Peer{name,
                "school",
                Identity::generate().public_key(),
                "",
                RecordKey(0x3fa2c1d0, school_counter),
                kNowMs};
  }

  Invite issue(int64_t valid_ms = 72 * kHourMs) {
    auto invite = peers_.issue_invite(hub_, hub_key_, "hub.example.org:7420", kNowMs, valid_ms);
    EXPECT_TRUE(invite.is_ok()) << invite.status().message();
    return invite.is_ok() ? *invite : Invite{};
  }

  Result<Peer> redeem(const std::string& token, const std::string& school_name = "Школа №2",
                      int64_t now_ms = kNowMs + kHourMs) {
    ++schools_redeemed_;  // each call is another school, with a node id of its own
    return peers_.redeem_invite(token, Identity::generate().public_key(), school_name,
                                RecordKey(0x0badcafe + schools_redeemed_, 1),
                                0x0badcafe + schools_redeemed_, now_ms);
  }

  TempDir temp_;
  uint32_t schools_redeemed_ = 0;
  PeerDirectory peers_{temp_.path()};
  NodeIdentity hub_{0x11223344, "МБОУ «СОШ №1» г. Опорный", "hub", RecordKey(0x11223344, 1)};
  PublicKey hub_key_ = Identity::generate().public_key();
};

TEST_F(PeersTest, AddsFindsAndListsPeersInNameOrder) {
  Peer zorka = school_peer("zorka", 1);
  Peer alekseevka = school_peer("alekseevka", 2);
  ASSERT_TRUE(peers_.add(zorka).is_ok());
  ASSERT_TRUE(peers_.add(alekseevka).is_ok());

  auto list = peers_.list();
  ASSERT_TRUE(list.is_ok()) << list.status().message();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, "alekseevka");
  EXPECT_EQ((*list)[1].name, "zorka");
  EXPECT_EQ((*list)[1].key, zorka.key);
  EXPECT_EQ((*list)[1].school, zorka.school);
  EXPECT_EQ((*list)[1].paired_ms, kNowMs);

  auto by_key = peers_.find_by_key(alekseevka.key);
  ASSERT_TRUE(by_key.is_ok());
  ASSERT_TRUE(by_key->has_value());
  EXPECT_EQ((*by_key)->name, "alekseevka");
  auto by_name = peers_.find_by_name("zorka");
  ASSERT_TRUE(by_name.is_ok());
  ASSERT_TRUE(by_name->has_value());
  EXPECT_EQ((*by_name)->key, zorka.key);
  auto missing = peers_.find_by_name("nobody");
  ASSERT_TRUE(missing.is_ok());
  EXPECT_FALSE(missing->has_value());
}

TEST_F(PeersTest, AHubPeerKeepsItsAddress) {
  Peer hub{"opornaya", "hub", hub_key_, "[2001:db8::1]:7420", RecordKey(0x11223344, 1), kNowMs};
  ASSERT_TRUE(peers_.add(hub).is_ok());
  auto found = peers_.find_by_key(hub_key_);
  ASSERT_TRUE(found.is_ok() && found->has_value());
  EXPECT_EQ((*found)->address, "[2001:db8::1]:7420");
  EXPECT_EQ((*found)->role, "hub");
}

TEST_F(PeersTest, RefusesAPeerWhoseNameOrKeyIsTakenButAcceptsTheSamePeerAgain) {
  Peer first = school_peer("shkola", 1);
  ASSERT_TRUE(peers_.add(first).is_ok());

  Peer same_again = first;
  same_again.paired_ms = kNowMs + kHourMs;
  EXPECT_TRUE(peers_.add(same_again).is_ok());

  Status same_name = peers_.add(school_peer("shkola", 2));
  EXPECT_EQ(same_name.kind(), Status::Kind::kRefused);
  EXPECT_NE(same_name.message().find("\"shkola\" is already paired"), std::string::npos)
      << same_name.message();

  Peer same_key = first;
  same_key.name = "other";
  Status taken_key = peers_.add(same_key);
  EXPECT_EQ(taken_key.kind(), Status::Kind::kRefused);
  EXPECT_NE(taken_key.message().find("already paired as \"shkola\""), std::string::npos)
      << taken_key.message();

  auto list = peers_.list();
  ASSERT_TRUE(list.is_ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].paired_ms, kNowMs);  // the first pinning stays
}

TEST_F(PeersTest, NamesAreTransliteratedFromRussianAndMadeUnique) {
  auto name = peers_.unique_name("Школа №2 с. Ивановка");
  ASSERT_TRUE(name.is_ok());
  EXPECT_EQ(*name, "shkola-2-s-ivanovka");
  ASSERT_TRUE(peers_.add(school_peer(*name, 1)).is_ok());
  EXPECT_EQ(*peers_.unique_name("ШКОЛА №2, с. Ивановка!"), "shkola-2-s-ivanovka-2");
  ASSERT_TRUE(peers_.add(school_peer("shkola-2-s-ivanovka-2", 2)).is_ok());
  EXPECT_EQ(*peers_.unique_name("Школа №2 с. Ивановка"), "shkola-2-s-ivanovka-3");

  EXPECT_EQ(*peers_.unique_name("Подъезд Щукино Ёлкино Хабаровск"),
            "podezd-shchukino-elkino-khabarovsk");
  EXPECT_EQ(*peers_.unique_name("МБОУ «СОШ №1»"), "mbou-sosh-1");
  EXPECT_EQ(*peers_.unique_name("«»—№"), "school");
  EXPECT_EQ(*peers_.unique_name(""), "school");
}

TEST_F(PeersTest, LongNamesAreCutAndStillMadeUnique) {
  const std::string long_name =
      "Муниципальное бюджетное общеобразовательное учреждение средняя школа";
  auto first = peers_.unique_name(long_name);
  ASSERT_TRUE(first.is_ok());
  EXPECT_EQ(*first, "munitsipalnoe-byudzhetnoe-obshcheobrazov");
  EXPECT_LE(first->size(), 40u);
  ASSERT_TRUE(peers_.add(school_peer(*first, 1)).is_ok());
  auto second = peers_.unique_name(long_name);
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(*second, "munitsipalnoe-byudzhetnoe-obshcheobraz-2");
  EXPECT_LE(second->size(), 40u);
}

TEST_F(PeersTest, NamesThatCouldLeaveTheDirectoryAreRefused) {
  for (const char* name : {"../etc", "a/b", "", ".hidden", "UPPER", "-x"}) {
    EXPECT_EQ(peers_.find_by_name(name).status().kind(), Status::Kind::kInvalid) << name;
    EXPECT_EQ(peers_.write_status(name, PeerStatus{}).kind(), Status::Kind::kInvalid) << name;
    EXPECT_EQ(peers_.add(school_peer(name, 1)).kind(), Status::Kind::kInvalid) << name;
  }
  EXPECT_FALSE(std::filesystem::exists(temp_.path().parent_path() / "etc.toml"));
}

TEST_F(PeersTest, StatusRoundTripsAndANeverSyncedPeerHasTheDefault) {
  ASSERT_TRUE(peers_.add(school_peer("shkola", 1)).is_ok());
  auto fresh = peers_.read_status("shkola");
  ASSERT_TRUE(fresh.is_ok()) << fresh.status().message();
  EXPECT_EQ(fresh->last_success_ms, 0);
  EXPECT_TRUE(fresh->peer_vector.empty());

  PeerStatus status;
  status.last_attempt_ms = kNowMs;
  status.last_success_ms = kNowMs - 1000;
  status.last_error = "the link dropped after 3 of 5 batches; \"retrying\"\nin 60 s";
  status.ops_sent = 1200;
  status.ops_received = 34;
  status.bytes_sent = 98765;
  status.bytes_received = 4321;
  status.seconds = 12.5;
  status.ops_waiting_incoming = 7;
  status.peer_vector = {{"school:sc1-3fa2c1d0", 0x3fa2c1d0, 1234},
                        {"group:g5-11223344", 0xffffffff, 9'000'000'000'000}};
  ASSERT_TRUE(peers_.write_status("shkola", status).is_ok());

  auto read = peers_.read_status("shkola");
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ(read->last_attempt_ms, status.last_attempt_ms);
  EXPECT_EQ(read->last_success_ms, status.last_success_ms);
  EXPECT_EQ(read->last_error, status.last_error);
  EXPECT_EQ(read->ops_sent, 1200u);
  EXPECT_EQ(read->ops_received, 34u);
  EXPECT_EQ(read->bytes_sent, 98765u);
  EXPECT_EQ(read->bytes_received, 4321u);
  EXPECT_DOUBLE_EQ(read->seconds, 12.5);
  EXPECT_EQ(read->ops_waiting_incoming, 7u);
  ASSERT_EQ(read->peer_vector.size(), 2u);
  EXPECT_EQ(read->peer_vector[1].scope, "group:g5-11223344");
  EXPECT_EQ(read->peer_vector[1].origin, 0xffffffffu);
  EXPECT_EQ(read->peer_vector[1].seq, 9'000'000'000'000u);

  auto list = peers_.list();  // a status file is not a peer
  ASSERT_TRUE(list.is_ok());
  EXPECT_EQ(list->size(), 1u);
}

TEST_F(PeersTest, FilesAreOwnerOnly) {
  ASSERT_TRUE(peers_.add(school_peer("shkola", 1)).is_ok());
  ASSERT_TRUE(peers_.write_status("shkola", PeerStatus{}).is_ok());
  Invite invite = issue();
  ASSERT_TRUE(write_invite_file(temp_ / "invite.toml", invite).is_ok());

  EXPECT_EQ(mode_of(temp_ / "peers"), 0700u);
  EXPECT_EQ(mode_of(temp_ / "invites"), 0700u);
  EXPECT_EQ(mode_of(temp_ / "peers" / "shkola.toml"), 0600u);
  EXPECT_EQ(mode_of(temp_ / "peers" / "shkola.status.toml"), 0600u);
  EXPECT_EQ(mode_of(temp_ / "invite.toml"), 0600u);
  for (const auto& entry : std::filesystem::directory_iterator(temp_ / "invites")) {
    EXPECT_EQ(mode_of(entry.path()), 0600u);
    // The file is named by the token's hash and does not hold the token.
    EXPECT_EQ(entry.path().filename().string().find(invite.token), std::string::npos);
    std::ifstream in(entry.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(text.find(invite.token), std::string::npos);
  }
}

TEST_F(PeersTest, AListingSeesEveryChangeToThePeerFiles) {
  ASSERT_TRUE(peers_.add(school_peer("alekseevka", 1)).is_ok());
  ASSERT_TRUE(peers_.add(school_peer("zorka", 2)).is_ok());
  // Files written an hour ago: the listing keeps what it parsed.
  const auto file = temp_ / "peers" / "zorka.toml";
  const auto an_hour_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(1);
  std::filesystem::last_write_time(file, an_hour_ago);
  std::filesystem::last_write_time(temp_ / "peers" / "alekseevka.toml", an_hour_ago);
  ASSERT_EQ(peers_.list()->size(), 2u);
  // Edited in place by hand, the same length (another paired_ms), half an hour ago.
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::string paired = fmt::format("paired_ms = {}", kNowMs);
  ASSERT_NE(text.find(paired), std::string::npos) << text;
  text.replace(text.find(paired), paired.size(), fmt::format("paired_ms = {}", kNowMs + 1));
  write_text(file, text);
  std::filesystem::last_write_time(file, an_hour_ago + std::chrono::minutes(30));
  auto edited = peers_.list();
  ASSERT_TRUE(edited.is_ok()) << edited.status().message();
  EXPECT_EQ((*edited)[1].paired_ms, kNowMs + 1);
  // A copy of the directory object sees it too, and a removed file is gone.
  PeerDirectory copy = peers_;
  std::filesystem::remove(temp_ / "peers" / "alekseevka.toml");
  auto after_removal = copy.list();
  ASSERT_TRUE(after_removal.is_ok());
  ASSERT_EQ(after_removal->size(), 1u);
  EXPECT_EQ((*after_removal)[0].name, "zorka");
  EXPECT_EQ((*after_removal)[0].paired_ms, kNowMs + 1);
}

TEST_F(PeersTest, MalformedPeerFileIsCorruptAndNamed) {
  ASSERT_TRUE(peers_.add(school_peer("shkola", 1)).is_ok());
  const auto file = temp_ / "peers" / "shkola.toml";
  write_text(file,
             "name = \"shkola\"\nrole = \"school\"\nkey = \"abc\"\naddress = \"\"\n"
             "school = \"sc1-3fa2c1d0\"\npaired_ms = 1\n");
  auto list = peers_.list();
  EXPECT_EQ(list.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(list.status().message().find(file.string() + " line 3: key"), std::string::npos)
      << list.status().message();

  write_text(file, "name = \"shkola\"\nrole = \n");
  auto garbled = peers_.find_by_name("shkola");
  EXPECT_EQ(garbled.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(garbled.status().message().find(file.string() + " line 2"), std::string::npos)
      << garbled.status().message();

  write_text(file, "name = \"other\"\n");
  EXPECT_EQ(peers_.list().status().kind(), Status::Kind::kCorrupt);

  write_text(temp_ / "peers" / "shkola.status.toml", "ops_sent = -1\n");
  auto status = peers_.read_status("shkola");
  EXPECT_EQ(status.status().kind(), Status::Kind::kCorrupt);
  EXPECT_NE(status.status().message().find("shkola.status.toml"), std::string::npos);
}

TEST_F(PeersTest, InviteIsIssuedWrittenReadAndRedeemedOnce) {
  Invite invite = issue();
  EXPECT_EQ(invite.hub_name, hub_.name);
  EXPECT_EQ(invite.hub_key, hub_key_);
  EXPECT_EQ(invite.hub_school, hub_.school);
  EXPECT_EQ(invite.expires_ms, kNowMs + 72 * kHourMs);
  EXPECT_EQ(invite.token.size(), 64u);
  EXPECT_NE(issue().token, invite.token);

  const auto file = temp_ / "invite.toml";
  ASSERT_TRUE(write_invite_file(file, invite).is_ok());
  auto read = read_invite_file(file);
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ(read->hub_name, invite.hub_name);
  EXPECT_EQ(read->address, "hub.example.org:7420");
  EXPECT_EQ(read->hub_key, invite.hub_key);
  EXPECT_EQ(read->hub_school, invite.hub_school);
  EXPECT_EQ(read->token, invite.token);
  EXPECT_EQ(read->expires_ms, invite.expires_ms);

  const PublicKey school_key = Identity::generate().public_key();
  auto peer = peers_.redeem_invite(read->token, school_key, "Школа №2 с. Ивановка",
                                   RecordKey(0x0badcafe, 1), 0x0badcafe, kNowMs + kHourMs);
  ASSERT_TRUE(peer.is_ok()) << peer.status().message();
  EXPECT_EQ(peer->name, "shkola-2-s-ivanovka");
  EXPECT_EQ(peer->role, "school");
  EXPECT_EQ(peer->key, school_key);
  EXPECT_EQ(peer->school, RecordKey(0x0badcafe, 1));
  auto pinned = peers_.find_by_key(school_key);
  ASSERT_TRUE(pinned.is_ok() && pinned->has_value());
  EXPECT_EQ((*pinned)->name, "shkola-2-s-ivanovka");

  auto again = redeem(invite.token);
  EXPECT_EQ(again.status().kind(), Status::Kind::kRefused);
  EXPECT_EQ(again.status().message(),
            "this invite was already used on 2025-11-24 17:00 UTC; ask for a new one");
}

TEST_F(PeersTest, ASchoolPairingAgainWithANewInviteKeepsItsPeer) {
  const PublicKey school_key = Identity::generate().public_key();
  auto first =
      peers_.redeem_invite(issue().token, school_key, "Школа", RecordKey(7, 1), 7, kNowMs);
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  auto second =
      peers_.redeem_invite(issue().token, school_key, "Школа", RecordKey(7, 1), 7, kNowMs);
  ASSERT_TRUE(second.is_ok()) << second.status().message();
  EXPECT_EQ(second->name, first->name);
  EXPECT_EQ(peers_.list()->size(), 1u);
}

TEST_F(PeersTest, AnotherKeyCannotPassForAPairedSchool) {
  auto first = peers_.redeem_invite(issue().token, Identity::generate().public_key(), "Школа",
                                    RecordKey(7, 1), 7, kNowMs);
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  auto impostor = peers_.redeem_invite(issue().token, Identity::generate().public_key(), "Школа",
                                       RecordKey(7, 1), 8, kNowMs);
  EXPECT_EQ(impostor.status().kind(), Status::Kind::kRefused);
  auto same_origin = peers_.redeem_invite(issue().token, Identity::generate().public_key(),
                                          "Другая", RecordKey(9, 1), 7, kNowMs);
  EXPECT_EQ(same_origin.status().kind(), Status::Kind::kRefused);
  EXPECT_EQ(peers_.list()->size(), 1u);
}

// A school restored from a backup has a new key and node id: the hub refuses to pair it while
// the old node is paired, and pairs it once that pairing is removed.
TEST_F(PeersTest, ARestoredSchoolPairsOnceItsOldPairingIsRemoved) {
  auto old_node = peers_.redeem_invite(issue().token, Identity::generate().public_key(), "Школа",
                                       RecordKey(7, 1), 7, kNowMs);
  ASSERT_TRUE(old_node.is_ok()) << old_node.status().message();
  ASSERT_TRUE(peers_.write_status(old_node->name, PeerStatus{.last_success_ms = kNowMs}).is_ok());
  const PublicKey restored_key = Identity::generate().public_key();
  auto refused =
      peers_.redeem_invite(issue().token, restored_key, "Школа", RecordKey(7, 1), 8, kNowMs);
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  EXPECT_NE(refused.status().message().find("run 'parta peers remove " + old_node->name + "'"),
            std::string::npos)
      << refused.status().message();

  auto removed = peers_.remove(old_node->name);
  ASSERT_TRUE(removed.is_ok()) << removed.status().message();
  EXPECT_EQ(removed->key, old_node->key);
  EXPECT_TRUE(peers_.list()->empty());
  // A session of the old node that ends now leaves its status under the name again.
  ASSERT_TRUE(peers_.write_status(old_node->name, PeerStatus{.last_success_ms = kNowMs}).is_ok());
  auto restored =
      peers_.redeem_invite(issue().token, restored_key, "Школа", RecordKey(7, 1), 8, kNowMs);
  ASSERT_TRUE(restored.is_ok()) << restored.status().message();
  EXPECT_EQ(restored->name, old_node->name);
  EXPECT_EQ(peers_.read_status(restored->name)->last_success_ms, 0);  // not the old node's

  EXPECT_EQ(peers_.remove("no-such-school").status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(peers_.remove("../peers").status().kind(), Status::Kind::kInvalid);
}

TEST_F(PeersTest, ExpiredInviteIsRefused) {
  Invite invite = issue(kHourMs);
  auto late = redeem(invite.token, "Школа", kNowMs + kHourMs);
  EXPECT_EQ(late.status().kind(), Status::Kind::kRefused);
  EXPECT_EQ(late.status().message(),
            "this invite expired on 2025-11-24 17:00 UTC; ask for a new one");
  EXPECT_TRUE(peers_.list()->empty());
}

TEST_F(PeersTest, UnknownOrMalformedTokenIsRefused) {
  issue();
  const std::string expected =
      "this invite was not issued by this hub, or it was for another hub; ask the hub for a new "
      "one with 'parta invite'";
  for (const std::string& token : {std::string(64, 'a'), std::string("not hex"),
                                   std::string(63, '0'), std::string("../../etc/passwd")}) {
    auto redeemed = redeem(token);
    EXPECT_EQ(redeemed.status().kind(), Status::Kind::kRefused) << token;
    EXPECT_EQ(redeemed.status().message(), expected);
  }
  EXPECT_TRUE(peers_.list()->empty());
}

TEST_F(PeersTest, TwoThreadsRacingToRedeemOneTokenOneWins) {
  for (int round = 0; round < 20; ++round) {
    const std::string token = issue().token;
    std::barrier start(2);
    Result<Peer> results[2] = {Status::invalid("not run"), Status::invalid("not run")};
    auto run = [&](int which) {
      start.arrive_and_wait();
      results[which] = redeem(token, "Школа " + std::to_string(round * 2 + which));
    };
    std::thread first(run, 0), second(run, 1);
    first.join();
    second.join();
    const int wins = results[0].is_ok() + results[1].is_ok();
    ASSERT_EQ(wins, 1) << "round " << round;
    const Status& loser = results[0].is_ok() ? results[1].status() : results[0].status();
    EXPECT_EQ(loser.kind(), Status::Kind::kRefused);
    EXPECT_NE(loser.message().find("this invite was already used"), std::string::npos)
        << loser.message();
  }
  EXPECT_EQ(peers_.list()->size(), 20u);
}

TEST_F(PeersTest, InvitesAreIssuedOnlyByAHubForADialableAddress) {
  NodeIdentity school = hub_;
  school.role = "school";
  auto refused = peers_.issue_invite(school, hub_key_, "hub.example.org:7420", kNowMs, kHourMs);
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  for (const char* address : {"hub.example.org", "hub.example.org:0", "hub:99999", ":7420",
                              "0.0.0.0:7420", "2001:db8::1:7420", "hub example:7420"}) {
    auto invalid = peers_.issue_invite(hub_, hub_key_, address, kNowMs, kHourMs);
    EXPECT_EQ(invalid.status().kind(), Status::Kind::kInvalid) << address;
  }
  for (const char* address : {"203.0.113.5:7420", "[2001:db8::1]:7420", "hub-1.example.org:1"}) {
    EXPECT_TRUE(peers_.issue_invite(hub_, hub_key_, address, kNowMs, kHourMs).is_ok()) << address;
  }
}

TEST_F(PeersTest, InviteFileWithAMistakeIsInvalidNamingTheKey) {
  const auto file = temp_ / "invite.toml";
  ASSERT_TRUE(write_invite_file(file, issue()).is_ok());
  std::ifstream in(file);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();

  auto replaced = [&](const std::string& from, const std::string& to) {
    std::string changed = text;
    changed.replace(changed.find(from), from.size(), to);
    return changed;
  };
  write_text(file, replaced("version = 1", "version = 2"));
  auto newer = read_invite_file(file);
  EXPECT_EQ(newer.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(newer.status().message().find("version is 2"), std::string::npos)
      << newer.status().message();

  write_text(file, replaced("token = ", "tokens = "));
  auto no_token = read_invite_file(file);
  EXPECT_EQ(no_token.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(no_token.status().message(), file.string() + ": token is missing");

  auto missing = read_invite_file(temp_ / "nowhere.toml");
  EXPECT_EQ(missing.status().kind(), Status::Kind::kNotFound);
}

}  // namespace
}  // namespace parta
