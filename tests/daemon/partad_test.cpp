// partad as real processes on loopback: a hub and a school pair with `parta invite` and
// `parta pair`, records written on the school reach the hub on `parta sync`, and SIGTERM
// stops both cleanly. Also what partad and `parta sync` say when something is not set up,
// and how a hub cuts off a flood of connections that never finish their handshake.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <regex>

#include "cli_runner.h"
#include "partad_process.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::CliRun;
using testing::PartadProcess;
using testing::TempDir;

class PartadTest : public ::testing::Test {
 protected:
  CliRun parta(const std::string& node, std::vector<std::string> args) {
    args.insert(args.begin(), {"--dir", (temp_ / node).string()});
    return testing::run_parta(temp_.path(), args);
  }

  void init(const std::string& node, const std::string& name, const std::string& role) {
    std::vector<std::string> args{"init", "--name", name, "--role", role};
    if (role == "hub") args.insert(args.end(), {"--listen", "127.0.0.1:0"});
    CliRun run = parta(node, args);
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }

  // Pairs the school with the hub listening on `port`, as a school's IT person does.
  void pair(uint16_t port) {
    const std::string invite = (temp_ / "invite.toml").string();
    CliRun invited =
        parta("hub", {"invite", "--address", "127.0.0.1:" + std::to_string(port), "--out", invite});
    ASSERT_EQ(invited.exit_code, 0) << invited.err;
    CliRun paired = parta("school", {"pair", invite});
    ASSERT_EQ(paired.exit_code, 0) << paired.err;
    EXPECT_NE(
        paired.out.find("Paired with hub «Опорная школа» at 127.0.0.1:" + std::to_string(port)),
        std::string::npos)
        << paired.out;
    EXPECT_NE(paired.out.find("partad will now sync with it every 60 seconds"), std::string::npos)
        << paired.out;
  }

  // Replaces `from` with `to` in the node's parta.toml, as an IT person edits it.
  void edit_config(const std::string& node, const std::string& from, const std::string& to) {
    const std::filesystem::path config = temp_ / node / "parta.toml";
    std::string text = testing::slurp(config);
    const size_t at = text.find(from);
    ASSERT_NE(at, std::string::npos) << text;
    text.replace(at, from.size(), to);
    std::ofstream(config) << text;
  }

  TempDir temp_;
};

TEST_F(PartadTest, SchoolRecordsReachTheHubOnSyncAndSigtermStopsBoth) {
  init("hub", "Опорная школа", "hub");
  init("school", "Школа №2 с. Ивановка", "school");
  PartadProcess hub(temp_ / "hub");
  const uint16_t port = hub.wait_for_port();
  ASSERT_NE(port, 0) << hub.log();
  pair(port);
  CliRun again = parta("school", {"pair", (temp_ / "invite.toml").string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("this school is paired with hub"), std::string::npos) << again.err;

  PartadProcess school(temp_ / "school");
  ASSERT_NE(school.wait_for_log("sync peer="), "") << school.log();  // the sync at start
  CliRun imported =
      parta("school", {"roster", "import",
                       std::string(PARTA_TEST_DATA_DIR) + "/rosters/school_utf8_bom_comma.csv"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  CliRun synced = parta("school", {"sync"});
  ASSERT_EQ(synced.exit_code, 0) << synced.err << school.log();
  EXPECT_NE(synced.out.find(" in step: ops_sent="), std::string::npos) << synced.out;
  CliRun students = parta("hub", {"list", "students"});
  ASSERT_EQ(students.exit_code, 0) << students.err;
  EXPECT_NE(students.out.find("Иванов"), std::string::npos) << students.out;
  EXPECT_NE(students.out.find("Nguyen"), std::string::npos) << students.out;

  CliRun hub_synced = parta("hub", {"sync"});
  EXPECT_EQ(hub_synced.exit_code, 0) << hub_synced.err;
  EXPECT_EQ(hub_synced.out.rfind("in step: ", 0), 0u) << hub_synced.out;

  EXPECT_NE(school.log().find("sync peer="), std::string::npos);
  EXPECT_NE(school.log().find(" outcome=ok ops_sent="), std::string::npos) << school.log();
  EXPECT_NE(hub.log().find(" outcome=ok ops_sent=0 ops_received="), std::string::npos) << hub.log();
  EXPECT_EQ(school.stop(), 0) << school.log();
  EXPECT_EQ(hub.stop(), 0) << hub.log();
  EXPECT_FALSE(std::filesystem::exists(temp_ / "school" / "partad.sock"));
  EXPECT_FALSE(std::filesystem::exists(temp_ / "hub" / "partad.sock"));
  EXPECT_NE(hub.log().find("stopping on SIGTERM"), std::string::npos) << hub.log();
}

TEST_F(PartadTest, SyncWithoutPartadSaysHowToStartIt) {
  init("school", "Школа №2 с. Ивановка", "school");
  CliRun run = parta("school", {"sync"});
  EXPECT_EQ(run.exit_code, 1);
  const std::string dir = (temp_ / "school").string();
  EXPECT_EQ(run.err, "parta: partad is not running for " + dir + "; start it with 'partad --dir " +
                         dir + "' or 'systemctl start partad'\n");
}

TEST_F(PartadTest, UnpairedSchoolSaysHowToPair) {
  init("school", "Школа №2 с. Ивановка", "school");
  PartadProcess school(temp_ / "school");
  ASSERT_NE(school.wait_for_log("not paired with a hub yet"), "") << school.log();
  CliRun run = parta("school", {"sync"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.err,
            "parta: this school is not paired with a hub yet; pair it with 'parta pair "
            "INVITE_FILE'\n");
  EXPECT_EQ(school.stop(SIGINT), 0) << school.log();
}

TEST_F(PartadTest, SecondPartadForTheSameNodeRefusesToStart) {
  init("hub", "Опорная школа", "hub");
  PartadProcess first(temp_ / "hub");
  ASSERT_NE(first.wait_for_port(), 0) << first.log();
  PartadProcess second(temp_ / "hub", (temp_ / "second.log").string());
  EXPECT_EQ(second.wait_for_exit(), 1);
  EXPECT_NE(second.log().find("cannot start: another partad is running for"), std::string::npos)
      << second.log();
  EXPECT_TRUE(std::filesystem::exists(temp_ / "hub" / "partad.sock"));  // the first one's
  EXPECT_EQ(first.stop(), 0);
}

// A connection to the hub on 127.0.0.1:`port` that sends nothing; reads time out after 10 s.
int silent_connection(uint16_t port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  return fd;
}

// True when the hub closed `fd` (end of stream or reset) before the read timed out.
bool closed_by_hub(int fd) {
  char byte;
  ssize_t n = ::recv(fd, &byte, 1, 0);
  return n == 0 || (n < 0 && errno == ECONNRESET);
}

TEST_F(PartadTest, HubClosesConnectionsBeyondHandshakesMaxAndLogsItOnce) {
  init("hub", "Опорная школа", "hub");
  edit_config("hub", "handshakes_max = 32", "handshakes_max = 2");

  PartadProcess hub(temp_ / "hub");
  const uint16_t port = hub.wait_for_port();
  ASSERT_NE(port, 0) << hub.log();
  std::vector<int> in_handshake{silent_connection(port), silent_connection(port)};
  const int third = silent_connection(port);
  EXPECT_TRUE(closed_by_hub(third));
  const int fourth = silent_connection(port);
  EXPECT_TRUE(closed_by_hub(fourth));
  const std::string log =
      hub.wait_for_log("connections are in their handshake already (handshakes_max in ");
  EXPECT_NE(log.find("refused 1 connection(s), the last from 127.0.0.1:"), std::string::npos)
      << log;
  EXPECT_EQ(log.find("refused 1 connection(s)", log.find("refused 1 connection(s)") + 1),
            std::string::npos)
      << "one line a minute at most:\n"
      << log;
  for (int fd : in_handshake) ::close(fd);
  ::close(third);
  ::close(fourth);
  EXPECT_EQ(hub.stop(), 0) << hub.log();
}

TEST_F(PartadTest, UploadCapPacesTheSchoolsSession) {
  init("hub", "Опорная школа", "hub");
  init("school", "Школа №2 с. Ивановка", "school");
  const std::string fill = std::string(PARTA_GEN_BIN) + " --seed 1 --size day --fill " +
                           testing::shell_quote((temp_ / "school").string()) + " >/dev/null";
  ASSERT_EQ(std::system(fill.c_str()), 0);
  edit_config("school", "upload_kbit = 0", "upload_kbit = 16");  // 2,000 bytes a second
  PartadProcess hub(temp_ / "hub");
  const uint16_t port = hub.wait_for_port();
  ASSERT_NE(port, 0) << hub.log();
  pair(port);

  PartadProcess school(temp_ / "school");  // syncs at start
  const std::string log = school.wait_for_log("sync peer=");
  std::smatch line;
  ASSERT_TRUE(std::regex_search(log, line,
                                std::regex("outcome=ok ops_sent=([0-9]+) ops_received=[0-9]+ "
                                           "bytes_sent=([0-9]+) .* seconds=([0-9.]+)")))
      << log;
  EXPECT_GT(std::stoull(line[1]), 100u);
  const double bytes_sent = std::stod(line[2]);
  ASSERT_GT(bytes_sent, 4096 + 2000) << "too little to pace: the test needs more data";
  // The first 4 KiB go at once (the bucket's burst); the rest at 2,000 bytes a second. The
  // log rounds seconds to 0.01 and the last bytes leave before the session's clock stops, so
  // allow 10%; unpaced, the session takes a twentieth of this.
  EXPECT_GE(std::stod(line[3]), 0.9 * (bytes_sent - 4096) / 2000) << log;
  EXPECT_EQ(school.stop(), 0) << school.log();
  EXPECT_EQ(hub.stop(), 0) << hub.log();
}

}  // namespace
}  // namespace parta
