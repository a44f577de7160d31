// A hub and two attached schools as real partad processes on loopback, each school behind its
// own linksim (the emulated school link), driven with the real `parta` CLI the way a school's
// IT person and teachers use it: pairing, convergence with a distance group mixing students of
// both schools, privacy between schools, a link cut mid-batch, kill -9 of either side
// mid-sync, and teachers writing while partad syncs.
#include <arpa/inet.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <thread>

#include "cli_runner.h"
#include "linksim_process.h"
#include "partad_process.h"
#include "temp_dir.h"

namespace parta {
namespace {

using testing::CliRun;
using testing::LinksimProcess;
using testing::PartadProcess;
using testing::TempDir;

class SyncThroughLinksimTest : public ::testing::Test {
 protected:
  CliRun parta(const std::string& node, std::vector<std::string> args) {
    args.insert(args.begin(), {"--dir", (temp_ / node).string()});
    return testing::run_parta(temp_.path(), args);
  }
  CliRun ok(const std::string& node, std::vector<std::string> args) {
    CliRun run = parta(node, args);
    EXPECT_EQ(run.exit_code, 0) << node << ": " << run.err;
    return run;
  }

  google::protobuf::ListValue json(const std::string& node, std::vector<std::string> args) {
    args.push_back("--json");
    CliRun run = ok(node, args);
    google::protobuf::ListValue list;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(run.out, &list).ok()) << run.out;
    return list;
  }
  std::set<std::string> ids(const std::string& node, std::vector<std::string> args,
                            const std::string& field = "id") {
    std::set<std::string> found;
    const auto list = json(node, args);
    for (const auto& row : list.values()) {
      found.insert(row.struct_value().fields().at(field).string_value());
    }
    return found;
  }

  // The id of the first row whose `field` is `value`; empty if none.
  std::string find_id(const std::string& node, std::vector<std::string> args,
                      const std::string& field, const std::string& value) {
    const auto list = json(node, args);
    for (const auto& row : list.values()) {
      const auto& fields = row.struct_value().fields();
      if (fields.at(field).string_value() == value) return fields.at("id").string_value();
    }
    return "";
  }

  void init(const std::string& node, const std::string& name, const std::string& role,
            uint16_t port = 0) {
    std::vector<std::string> args{"init", "--name", name, "--role", role};
    if (role == "hub") args.insert(args.end(), {"--listen", "127.0.0.1:" + std::to_string(port)});
    ok(node, args);
  }
  void fill(const std::string& node, int seed, const std::string& size,
            const std::string& start_date = "2025-09-01") {
    const std::string command = std::string(PARTA_GEN_BIN) + " --seed " + std::to_string(seed) +
                                " --size " + size + " --start-date " + start_date + " --fill " +
                                testing::shell_quote((temp_ / node).string()) + " >/dev/null";
    ASSERT_EQ(std::system(command.c_str()), 0);
  }
  // Pairs `school` with the hub through `address` (its linksim).
  void pair(const std::string& school, const std::string& address) {
    const std::string invite = (temp_ / (school + ".invite")).string();
    ok("hub", {"invite", "--address", address, "--out", invite});
    ok(school, {"pair", invite});
  }
  // `parta sync` until it reports the school in step; how many attempts it took.
  int sync_until_in_step(const std::string& school, int attempts_max = 30) {
    for (int attempt = 1; attempt <= attempts_max; ++attempt) {
      CliRun run = parta(school, {"sync", "--timeout", "120"});
      if (run.exit_code == 0) return attempt;
      last_sync_error_ = run.err;
    }
    ADD_FAILURE() << school << " never got in step: " << last_sync_error_;
    return attempts_max;
  }
  // How many rows `parta list WHAT` gives.
  size_t count(const std::string& node, const std::string& what) {
    return json(node, {"list", what}).values_size();
  }

  TempDir temp_;
  std::string last_sync_error_;
};

// A port free on loopback right now (the kernel's pick for a socket bound to port 0).
uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// Sums a log's "ops_received=N" over the session lines with `peer`.
uint64_t ops_received_from(const std::string& log, const std::string& peer) {
  std::regex line("sync peer=" + peer + " outcome=[a-z]+ ops_sent=[0-9]+ ops_received=([0-9]+)");
  uint64_t total = 0;
  for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator();
       ++it) {
    total += std::stoull((*it)[1]);
  }
  return total;
}

TEST_F(SyncThroughLinksimTest, AHubAndTwoSchoolsConvergeAndNeitherSchoolSeesTheOthersStudents) {
  init("hub", "Опорная школа №1", "hub");
  init("a", "Школа с. Ивановка", "school");
  init("b", "Школа с. Петровка", "school");
  fill("a", 11, "small");
  fill("b", 12, "small");
  const std::set<std::string> students_a = ids("a", {"list", "students"});
  const std::set<std::string> students_b = ids("b", {"list", "students"});
  ASSERT_FALSE(students_a.empty());
  ASSERT_FALSE(students_b.empty());

  PartadProcess hub(temp_ / "hub");
  const uint16_t port = hub.wait_for_port();
  ASSERT_NE(port, 0) << hub.log();
  LinksimProcess link_a(temp_ / "link-a", port, {"--rate-kbit", "500", "--rtt-ms", "300"});
  LinksimProcess link_b(temp_ / "link-b", port, {"--rate-kbit", "500", "--rtt-ms", "300"});
  ASSERT_FALSE(link_a.address().empty());
  ASSERT_FALSE(link_b.address().empty());
  pair("a", link_a.address());
  pair("b", link_b.address());
  PartadProcess school_a(temp_ / "a");
  PartadProcess school_b(temp_ / "b");
  sync_until_in_step("a");
  sync_until_in_step("b");

  std::set<std::string> both = students_a;
  both.insert(students_b.begin(), students_b.end());
  EXPECT_EQ(ids("hub", {"list", "students"}), both);

  // The base school teaches a distance group of students from both schools.
  ok("hub", {"group", "add", "--name", "Астрономия (дистанционно)", "--distance", "--grade", "9"});
  std::vector<std::string> enrol{"group", "enrol", "--group", "Астрономия (дистанционно)"};
  std::vector<std::string> chosen;
  const auto hub_students = json("hub", {"list", "students"});
  for (const auto* school : {&students_a, &students_b}) {
    for (const auto& row : hub_students.values()) {
      const auto& fields = row.struct_value().fields();
      const std::string id = fields.at("id").string_value();
      if (school->contains(id) && fields.at("consent").has_string_value() &&
          !fields.at("consent").string_value().empty()) {
        chosen.push_back(id);
        break;
      }
    }
  }
  ASSERT_EQ(chosen.size(), 2u) << "each school needs a student with a parent's consent";
  for (const auto& id : chosen) enrol.insert(enrol.end(), {"--student", id});
  ok("hub", enrol);
  ok("hub", {"assignment", "add", "--group", "Астрономия (дистанционно)", "--subject",
             "Астрономия", "--title", "Фазы Луны", "--due", "2026-12-01"});
  const std::string assignment = find_id("hub", {"list", "assignments"}, "title", "Фазы Луны");
  ASSERT_FALSE(assignment.empty());
  for (const auto& id : chosen) {
    ok("hub", {"result", "record", "--student", id, "--assignment", assignment, "--score", "5",
               "--review", "Отлично, «ёмко» и точно"});
  }

  sync_until_in_step("a");
  sync_until_in_step("b");
  EXPECT_EQ(ok("hub", {"sync"}).exit_code, 0);

  for (const std::string school : {"a", "b"}) {
    EXPECT_TRUE(ids(school, {"list", "assignments"}).contains(assignment)) << school;
    const std::set<std::string> own = school == "a" ? students_a : students_b;
    const std::set<std::string> other = school == "a" ? students_b : students_a;
    const std::set<std::string> held = ids(school, {"list", "students"});
    EXPECT_EQ(held, own) << school << " must hold its own students only";
    for (const auto& id : other) EXPECT_FALSE(held.contains(id));
    // Its student's result came back from the base school; the other school's did not.
    std::set<std::string> results = ids(school, {"list", "results"}, "student_id");
    EXPECT_TRUE(results.contains(chosen[school == "a" ? 0 : 1])) << school;
    EXPECT_FALSE(results.contains(chosen[school == "a" ? 1 : 0])) << school;
    ok(school, {"check"});
  }
  ok("hub", {"check"});

  EXPECT_EQ(school_a.stop(), 0) << school_a.log();
  EXPECT_EQ(school_b.stop(), 0) << school_b.log();
  EXPECT_EQ(hub.stop(), 0) << hub.log();
  const std::string carried = link_a.stop();
  EXPECT_NE(carried.find("linksim: carried"), std::string::npos) << carried;
  link_b.stop();
}

TEST_F(SyncThroughLinksimTest, ALinkCutMidBatchResumesWithNothingLostOrAppliedTwice) {
  init("hub", "Опорная школа №1", "hub");
  init("a", "Школа с. Ивановка", "school");
  // Four school days: about 8,000 ops, some 40 kB on the wire in batches of about 11 kB.
  for (const char* day : {"2025-09-01", "2025-09-02", "2025-09-03", "2025-09-04"}) {
    fill("a", 21, "day", day);
  }
  PartadProcess hub(temp_ / "hub");
  const uint16_t port = hub.wait_for_port();
  ASSERT_NE(port, 0) << hub.log();
  // Every connection through this link drops after 15 kB: a batch gets through, the next is
  // cut in the middle. Each session resumes where the last applied batch left off.
  LinksimProcess cutting(temp_ / "link-a", port,
                         {"--rate-kbit", "4000", "--rtt-ms", "40", "--cut-after-bytes", "15000"});
  pair("a", cutting.address());  // pairing is a few hundred bytes: it gets through

  PartadProcess school(temp_ / "a");
  sync_until_in_step("a", 60);
  EXPECT_NE(school.log().find("outcome=error"), std::string::npos)
      << "the link never cut: the test needs more data";
  const size_t students = count("a", "students");
  EXPECT_EQ(count("hub", "students"), students);
  EXPECT_EQ(count("hub", "results"), count("a", "results"));
  EXPECT_EQ(count("hub", "attendance"), count("a", "attendance"));
  ok("hub", {"check"});
  // Nothing applied twice: the ops the hub applied over all the cut sessions add up to what
  // the school holds, as a last session in step moves nothing.
  EXPECT_EQ(hub.stop(), 0);
  const uint64_t received = ops_received_from(hub.log(), "shkola-s-ivanovka");
  EXPECT_GT(received, 0u) << hub.log();
  const std::string school_log = school.log();
  EXPECT_EQ(school.stop(), 0);
  std::regex sent_line("sync peer=hub outcome=[a-z]+ ops_sent=([0-9]+)");
  uint64_t acknowledged_total = 0;
  for (auto it = std::sregex_iterator(school_log.begin(), school_log.end(), sent_line);
       it != std::sregex_iterator(); ++it) {
    acknowledged_total += std::stoull((*it)[1]);
  }
  EXPECT_GE(acknowledged_total, received) << "a cut session's unacknowledged batches are resent";
  CliRun peers = ok("hub", {"peers", "--json"});
  EXPECT_NE(peers.out.find("\"ops_to_send\": 0"), std::string::npos) << peers.out;
}

TEST_F(SyncThroughLinksimTest, KillingEitherSideMidSyncLosesNothing) {
  // The hub restarts on the same port, as a real hub does with its configured address.
  init("hub", "Опорная школа №1", "hub", free_port());
  init("a", "Школа с. Ивановка", "school");
  for (const char* day : {"2025-09-01", "2025-09-02"}) fill("a", 31, "day", day);
  auto hub = std::make_unique<PartadProcess>(temp_ / "hub");
  uint16_t port = hub->wait_for_port();
  ASSERT_NE(port, 0) << hub->log();
  // A slow link: the school's first sync (about 25 kB) takes some 10 seconds, so the kills
  // land mid-sync.
  LinksimProcess link(temp_ / "link-a", port, {"--rate-kbit", "20", "--rtt-ms", "100"});
  pair("a", link.address());

  auto school = std::make_unique<PartadProcess>(temp_ / "a");
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  hub->stop(SIGKILL);
  ASSERT_NE(school->wait_for_log("outcome=error"), "") << school->log();  // it saw the cut
  hub = std::make_unique<PartadProcess>(temp_ / "hub", (temp_ / "hub2.log").string());
  ASSERT_EQ(hub->wait_for_port(), port) << hub->log();  // the same address after a restart

  // The school redials after its 2 s backoff and resumes; kill it in the middle of that
  // session, which the restarted hub then logs as cut.
  std::this_thread::sleep_for(std::chrono::milliseconds(4500));
  school->stop(SIGKILL);
  ASSERT_NE(hub->wait_for_log("outcome=error"), "") << hub->log();
  school = std::make_unique<PartadProcess>(temp_ / "a", (temp_ / "a2.log").string());
  sync_until_in_step("a");

  EXPECT_EQ(count("hub", "students"), count("a", "students"));
  EXPECT_EQ(count("hub", "results"), count("a", "results"));
  EXPECT_EQ(count("hub", "attendance"), count("a", "attendance"));
  ok("hub", {"check"});
  ok("a", {"check"});
  EXPECT_EQ(school->stop(), 0);
  EXPECT_EQ(hub->stop(), 0);
}

TEST_F(SyncThroughLinksimTest, TeachersWriteWhilePartadSyncsAndNothingIsLost) {
  init("hub", "Опорная школа №1", "hub");
  init("a", "Школа с. Ивановка", "school");
  for (const char* day : {"2025-09-01", "2025-09-02"}) fill("a", 41, "day", day);
  PartadProcess hub(temp_ / "hub");
  const uint16_t port = hub.wait_for_port();
  ASSERT_NE(port, 0) << hub.log();
  // About 50 kB at 100 kbit/s: the first sync takes some 4 seconds.
  LinksimProcess link(temp_ / "link-a", port, {"--rate-kbit", "100", "--rtt-ms", "300"});
  pair("a", link.address());
  const std::string student = *ids("a", {"list", "students"}).begin();

  PartadProcess school(temp_ / "a");  // its first sync starts now and takes seconds
  std::vector<double> write_seconds;
  for (int day = 1; day <= 20; ++day) {
    const auto started = std::chrono::steady_clock::now();
    char date[16];
    std::snprintf(date, sizeof date, "2026-10-%02d", day);
    ok("a", {"attendance", "mark", "--student", student, "--date", date, "--status", "remote"});
    write_seconds.push_back(
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  }
  // A write waits at most for the one batch being applied, never for the sync.
  for (double seconds : write_seconds) EXPECT_LT(seconds, 5.0);
  EXPECT_EQ(school.log().find("sync peer="), std::string::npos)
      << "the writes were meant to land during the first sync";
  sync_until_in_step("a");
  EXPECT_EQ(count("hub", "attendance"), count("a", "attendance"));
  EXPECT_EQ(school.stop(), 0);
  EXPECT_EQ(hub.stop(), 0);
}

TEST_F(SyncThroughLinksimTest, AMarkWrittenDuringALongMaterialUploadArrivesBeforeTheUploadEnds) {
  init("hub", "Опорная школа №1", "hub");
  init("a", "Школа с. Ивановка", "school");
  fill("a", 7, "small");
  PartadProcess hub(temp_ / "hub");
  const uint16_t port = hub.wait_for_port();
  ASSERT_NE(port, 0) << hub.log();
  LinksimProcess link(temp_ / "link-a", port, {"--rate-kbit", "500", "--rtt-ms", "300"});
  pair("a", link.address());
  PartadProcess school(temp_ / "a");
  sync_until_in_step("a");

  // A teacher attaches a 600 kB worksheet: some 10 s of upload at 500 kbit/s.
  const std::string assignment = *ids("a", {"list", "assignments"}).begin();
  // A student of the assignment's class: results are recorded only for them.
  std::string class_name;
  const auto assignments = json("a", {"list", "assignments"});
  for (const auto& row : assignments.values()) {
    const auto& fields = row.struct_value().fields();
    if (fields.at("id").string_value() == assignment)
      class_name = fields.at("group").string_value();
  }
  const std::string student = *ids("a", {"list", "students", "--class", class_name}).begin();
  const auto sheet = temp_ / "Контурная карта.pdf";
  {
    std::ofstream out(sheet, std::ios::binary);
    uint64_t state = 88172645463325252ull;  // xorshift: incompressible, like a scanned PDF
    for (int i = 0; i < 600'000; ++i) {
      state ^= state << 13, state ^= state >> 7, state ^= state << 17;
      out.put(static_cast<char>(state));
    }
  }
  ok("a", {"material", "add", sheet.string(), "--assignment", assignment});
  const size_t results_before = count("hub", "results");
  std::thread syncing([&] { sync_until_in_step("a", 3); });
  // Once the upload is well under way, a mark is written at the school.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  CliRun hub_files = parta("hub", {"material", "list", "--assignment", assignment});
  EXPECT_NE(hub_files.exit_code, 0) << "the upload was over before the mark was written";
  const auto written = std::chrono::steady_clock::now();
  ok("a", {"result", "record", "--student", student, "--assignment", assignment, "--score", "4",
           "--review", "Хорошо"});
  bool arrived = false, upload_over = false;
  double seconds = 0;
  while (!arrived && std::chrono::steady_clock::now() - written < std::chrono::seconds(60)) {
    arrived = count("hub", "results") > results_before;
    upload_over = parta("hub", {"material", "list", "--assignment", assignment}).exit_code == 0;
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - written).count();
    if (!arrived) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  syncing.join();
  std::printf("[ figures  ] the mark reached the hub %.2f s after it was written, during the "
              "upload\n", seconds);
  EXPECT_TRUE(arrived);
  EXPECT_FALSE(upload_over) << "the mark waited for the upload (" << seconds << " s)";
  // And the worksheet arrived whole.
  ok("hub", {"material", "get", "--assignment", assignment, "--out", (temp_ / "got").string()});
  EXPECT_EQ(testing::slurp(temp_ / "got" / "Контурная карта.pdf"), testing::slurp(sheet));
  EXPECT_EQ(school.stop(), 0) << school.log();
  EXPECT_EQ(hub.stop(), 0) << hub.log();
}

}  // namespace
}  // namespace parta
