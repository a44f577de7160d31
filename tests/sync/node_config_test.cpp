// parta.toml: the [sync] settings survive a write and a read, mistakes a person makes editing
// the file are named with their line and key, and the upload cap follows the time windows.
#include "parta/sync/node_config.h"

#include <gtest/gtest.h>

#include <fstream>

#include "temp_dir.h"

namespace parta {
namespace {

using testing::TempDir;

class NodeConfigTest : public ::testing::Test {
 protected:
  // Writes parta.toml with `text` and reads it back.
  Result<NodeConfig> read_text(const std::string& text) {
    std::ofstream(temp_ / "parta.toml") << text;
    return read_node_config(temp_.path());
  }

  std::string path() const { return (temp_ / "parta.toml").string(); }

  TempDir temp_;
};

TEST_F(NodeConfigTest, RoundTripsEverySettingWithWindows) {
  NodeConfig config;
  config.name = "Школа №2 с. Ивановка, 'корпус' \"Б\"";
  config.role = "school";
  config.holidays = {*parse_date("2026-12-31"), *parse_date("2027-01-02")};
  config.sync.interval_seconds = 300;
  config.sync.upload_kbit = 1000;
  config.sync.handshakes_max = 8;
  config.sync.windows = {{8 * 60 + 30, 14 * 60 + 30, 200}, {22 * 60, 6 * 60, 0}};
  ASSERT_TRUE(write_node_config(temp_.path(), config).is_ok());

  auto read = read_node_config(temp_.path());
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  EXPECT_EQ(read->name, config.name);
  EXPECT_EQ(read->role, "school");
  EXPECT_EQ(read->listen, "");
  EXPECT_EQ(read->holidays, config.holidays);
  EXPECT_EQ(read->sync.interval_seconds, 300u);
  EXPECT_EQ(read->sync.upload_kbit, 1000u);
  EXPECT_EQ(read->sync.handshakes_max, 8u);
  ASSERT_EQ(read->sync.windows.size(), 2u);
  EXPECT_EQ(read->sync.windows[0].start_minute, 8 * 60 + 30);
  EXPECT_EQ(read->sync.windows[0].end_minute, 14 * 60 + 30);
  EXPECT_EQ(read->sync.windows[0].upload_kbit, 200u);
  EXPECT_EQ(read->sync.windows[1].start_minute, 22 * 60);
  EXPECT_EQ(read->sync.windows[1].end_minute, 6 * 60);
  EXPECT_EQ(read->sync.windows[1].upload_kbit, 0u);

  std::ifstream in(temp_ / "parta.toml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("hours = \"08:30-14:30\""), std::string::npos) << text;
  EXPECT_NE(text.find("# Upload cap in kbit/s"), std::string::npos) << text;
}

TEST_F(NodeConfigTest, KeepsTheDefaultsWhenSyncIsAbsent) {
  auto read = read_text("name = \"Школа\"\nrole = \"hub\"\nlisten = \"0.0.0.0:7420\"\n");
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  const SyncSettings defaults;
  EXPECT_EQ(read->sync.interval_seconds, defaults.interval_seconds);
  EXPECT_EQ(read->sync.upload_kbit, defaults.upload_kbit);
  EXPECT_EQ(read->sync.handshakes_max, defaults.handshakes_max);
  EXPECT_TRUE(read->sync.windows.empty());

  auto partial = read_text("name = \"Школа\"\n[sync]\nupload_kbit = 512\n");
  ASSERT_TRUE(partial.is_ok()) << partial.status().message();
  EXPECT_EQ(partial->sync.upload_kbit, 512u);
  EXPECT_EQ(partial->sync.interval_seconds, defaults.interval_seconds);
}

TEST_F(NodeConfigTest, BadHoursAreRejectedWithTheirLine) {
  auto read = read_text(
      "name = \"Школа\"\n"
      "[sync]\n"
      "[[sync.window]]\n"
      "hours = \"08:30-14:30\"\n"
      "upload_kbit = 200\n"
      "[[sync.window]]\n"
      "hours = \"8:30-14\"\n"
      "upload_kbit = 200\n");
  EXPECT_EQ(read.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(read.status().message(),
            path() +
                " line 7: sync.window hours must be \"HH:MM-HH:MM\" in 24-hour local time, "
                "like \"08:30-14:30\", not \"8:30-14\"");

  for (const char* hours : {"24:00-06:00", "08:60-09:00", "08:30-08:30", "08:30 14:30"}) {
    auto bad = read_text(std::string("[sync]\n[[sync.window]]\nhours = \"") + hours +
                         "\"\nupload_kbit = 1\n");
    EXPECT_EQ(bad.status().kind(), Status::Kind::kInvalid) << hours;
    EXPECT_NE(bad.status().message().find(" line 3: sync.window hours"), std::string::npos)
        << bad.status().message();
  }
}

TEST_F(NodeConfigTest, OtherMistakesNameTheLineAndKey) {
  auto missing = read_text("[sync]\n[[sync.window]]\nhours = \"08:30-14:30\"\n");
  EXPECT_EQ(missing.status().message(), path() + " line 2: sync.window upload_kbit is missing");

  auto misspelt = read_text("[sync]\ninterval_seconds = 60\nupload_kbits = 100\n");
  EXPECT_EQ(misspelt.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(misspelt.status().message(),
            path() +
                " line 3: unknown setting sync.upload_kbits (known here: interval_seconds, "
                "upload_kbit, handshakes_max, window)");

  auto zero = read_text("[sync]\ninterval_seconds = 0\n");
  EXPECT_EQ(zero.status().message(),
            path() + " line 2: sync.interval_seconds must be a whole number from 1 to 86400");

  auto text = read_text("[sync]\nupload_kbit = \"200\"\n");
  EXPECT_EQ(text.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(text.status().message().find(" line 2: sync.upload_kbit"), std::string::npos);

  auto not_toml = read_text("[sync\n");
  EXPECT_EQ(not_toml.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(not_toml.status().message().find(path() + " line 1"), std::string::npos);
}

TEST_F(NodeConfigTest, UploadCapFollowsTheWindowsAlsoAcrossMidnight) {
  SyncSettings settings;
  settings.upload_kbit = 2000;
  settings.windows = {{8 * 60 + 30, 14 * 60 + 30, 200}, {22 * 60, 6 * 60, 0}};
  EXPECT_EQ(upload_kbit_at(settings, 8 * 60 + 29), 2000u);
  EXPECT_EQ(upload_kbit_at(settings, 8 * 60 + 30), 200u);
  EXPECT_EQ(upload_kbit_at(settings, 14 * 60 + 29), 200u);
  EXPECT_EQ(upload_kbit_at(settings, 14 * 60 + 30), 2000u);
  EXPECT_EQ(upload_kbit_at(settings, 21 * 60 + 59), 2000u);
  EXPECT_EQ(upload_kbit_at(settings, 22 * 60), 0u);
  EXPECT_EQ(upload_kbit_at(settings, 0), 0u);
  EXPECT_EQ(upload_kbit_at(settings, 5 * 60 + 59), 0u);
  EXPECT_EQ(upload_kbit_at(settings, 6 * 60), 2000u);

  settings.windows.insert(settings.windows.begin(), {9 * 60, 10 * 60, 50});  // the first wins
  EXPECT_EQ(upload_kbit_at(settings, 9 * 60 + 15), 50u);
  EXPECT_EQ(upload_kbit_at(settings, 8 * 60 + 45), 200u);
}

}  // namespace
}  // namespace parta
