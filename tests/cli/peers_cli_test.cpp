// `parta invite` and `parta peers`, run as real processes: a hub writes an owner-only invite a
// school can read, a school is refused one, fresh nodes say how to pair, a paired node lists
// its peer with the ops still waiting to be sent, and `parta peers remove` unpairs one.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "cli_runner.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::CliRun;
using testing::TempDir;

class PeersCliTest : public ::testing::Test {
 protected:
  CliRun parta(const std::string& node, std::vector<std::string> args) {
    args.insert(args.begin(), {"--dir", (temp_ / node).string()});
    return testing::run_parta(temp_.path(), args);
  }

  void init(const std::string& node, const std::string& role) {
    CliRun run = parta(node, {"init", "--name", "Школа №2 с. Ивановка", "--role", role});
    ASSERT_EQ(run.exit_code, 0) << run.err;
    EXPECT_NE(run.out.find("public key"), std::string::npos) << run.out;
    EXPECT_TRUE(std::filesystem::exists(temp_ / node / "node.key"));
  }

  TempDir temp_;
};

TEST_F(PeersCliTest, InitUndoesTheNodeWhenItsKeyCannotBeLoaded) {
  std::filesystem::create_directory(temp_ / "node");
  std::ofstream(temp_ / "node" / "node.key") << "left by someone\n";
  std::filesystem::permissions(temp_ / "node" / "node.key", std::filesystem::perms(0644));
  CliRun run = parta("node", {"init", "--name", "Школа", "--role", "school"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("is readable by other users; run: chmod 600"), std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(temp_ / "node" / "parta.toml"));
  EXPECT_FALSE(std::filesystem::exists(temp_ / "node" / "data.mdb"));
}

TEST_F(PeersCliTest, HubWritesAnOwnerOnlyInviteFile) {
  init("hub", "hub");
  const std::string file = (temp_ / "invite.toml").string();
  CliRun run = parta(
      "hub", {"invite", "--address", "hub.example.org:7420", "--out", file, "--valid-hours", "24"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("parta pair " + file), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("one-time secret"), std::string::npos) << run.out;

  struct stat info {};
  ASSERT_EQ(::stat(file.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  const std::string text = testing::slurp(file);
  EXPECT_NE(text.find("one-time secret"), std::string::npos) << text;
  EXPECT_NE(text.find("address = 'hub.example.org:7420'"), std::string::npos) << text;
  EXPECT_NE(text.find("hub_name = 'Школа №2 с. Ивановка'"), std::string::npos) << text;
  EXPECT_NE(text.find("token = '"), std::string::npos) << text;
}

TEST_F(PeersCliTest, InviteRefusesAnAddressASchoolCannotDial) {
  init("hub", "hub");
  CliRun run = parta(
      "hub", {"invite", "--address", "0.0.0.0:7420", "--out", (temp_ / "invite.toml").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("\"0.0.0.0:7420\" is not an address a school can dial"), std::string::npos)
      << run.err;
  EXPECT_FALSE(std::filesystem::exists(temp_ / "invite.toml"));
}

TEST_F(PeersCliTest, InviteOnASchoolIsRefused) {
  init("school", "school");
  CliRun run = parta("school", {"invite", "--address", "hub.example.org:7420", "--out",
                                (temp_ / "invite.toml").string()});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_NE(run.err.find("this node is a school"), std::string::npos) << run.err;
  EXPECT_FALSE(std::filesystem::exists(temp_ / "invite.toml"));
}

TEST_F(PeersCliTest, PeersOnFreshNodesSaysHowToPair) {
  init("hub", "hub");
  init("school", "school");
  CliRun hub = parta("hub", {"peers"});
  ASSERT_EQ(hub.exit_code, 0) << hub.err;
  EXPECT_EQ(hub.out, "no schools paired yet; run 'parta invite'\n");
  CliRun school = parta("school", {"peers"});
  ASSERT_EQ(school.exit_code, 0) << school.err;
  EXPECT_EQ(school.out, "not paired with a hub; run 'parta pair FILE'\n");
  CliRun json = parta("school", {"peers", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(json.out, "[]\n");
}

TEST_F(PeersCliTest, PeersListsAPinnedHubWithTheOpsWaitingForIt) {
  init("school", "school");
  std::filesystem::create_directory(temp_ / "school" / "peers");
  std::ofstream(temp_ / "school" / "peers" / "opornaya.toml")
      << "name = 'opornaya'\nrole = 'hub'\nkey = '" << std::string(64, 'a') << "'\n"
      << "address = 'hub.example.org:7420'\nschool = 'sc1-11223344'\npaired_ms = 1\n";
  auto waiting = [&] {
    CliRun run = parta("school", {"peers", "--json"});
    EXPECT_EQ(run.exit_code, 0) << run.err;
    google::protobuf::ListValue list;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(run.out, &list).ok()) << run.out;
    EXPECT_EQ(list.values_size(), 1);
    const auto& fields = list.values(0).struct_value().fields();
    EXPECT_EQ(fields.at("name").string_value(), "opornaya");
    EXPECT_EQ(fields.at("role").string_value(), "hub");
    EXPECT_EQ(fields.at("key").string_value(), std::string(64, 'a'));
    EXPECT_EQ(fields.at("last_sync").string_value(), "never");
    return fields.at("ops_to_send").number_value();
  };
  const double before = waiting();
  EXPECT_GE(before, 1);  // the school's own School record, at least
  CliRun added =
      parta("school", {"group", "add", "--name", "Физика онлайн", "--distance", "--grade", "9"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_GT(waiting(), before);

  CliRun table = parta("school", {"peers"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_NE(table.out.find("aaaaaaaaaaaaaaaa…"), std::string::npos) << table.out;
}

TEST_F(PeersCliTest, PeersRemoveUnpairsAPeerAndNamesAnUnknownOne) {
  init("school", "school");
  std::filesystem::create_directory(temp_ / "school" / "peers");
  std::ofstream(temp_ / "school" / "peers" / "opornaya.toml")
      << "name = 'opornaya'\nrole = 'hub'\nkey = '" << std::string(64, 'b') << "'\n"
      << "address = 'hub.example.org:7420'\nschool = 'sc1-11223344'\npaired_ms = 1\n";
  std::ofstream(temp_ / "school" / "peers" / "opornaya.status.toml") << "last_success_ms = 1\n";
  CliRun removed = parta("school", {"peers", "remove", "opornaya"});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_NE(removed.out.find("Removed hub «opornaya» (key bbbbbbbbbbbbbbbb…)"), std::string::npos)
      << removed.out;
  EXPECT_NE(removed.out.find("'parta pair FILE'"), std::string::npos) << removed.out;
  EXPECT_FALSE(std::filesystem::exists(temp_ / "school" / "peers" / "opornaya.toml"));
  EXPECT_FALSE(std::filesystem::exists(temp_ / "school" / "peers" / "opornaya.status.toml"));
  EXPECT_EQ(parta("school", {"peers"}).out, "not paired with a hub; run 'parta pair FILE'\n");

  CliRun again = parta("school", {"peers", "remove", "opornaya"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("no peer is named \"opornaya\"; 'parta peers' lists them"),
            std::string::npos)
      << again.err;
  EXPECT_EQ(parta("school", {"peers", "--json", "remove", "opornaya"}).exit_code, 1);

  // A peer file that does not parse is what unpairing is for: it goes all the same.
  std::ofstream(temp_ / "school" / "peers" / "broken.toml") << "name = 'broken'\nrole = 'hub'\n";
  CliRun broken = parta("school", {"peers", "remove", "broken"});
  ASSERT_EQ(broken.exit_code, 0) << broken.err;
  EXPECT_NE(broken.out.find("Removed «broken», whose peer file could not be read"),
            std::string::npos)
      << broken.out;
  EXPECT_FALSE(std::filesystem::exists(temp_ / "school" / "peers" / "broken.toml"));
}

}  // namespace
}  // namespace parta
