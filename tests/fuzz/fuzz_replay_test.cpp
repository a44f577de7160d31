// Replays every saved fuzz input (tests/fuzz/corpus/<target>/) through its target, so inputs
// that once crashed stay fixed and the corpus is exercised on every test run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "fuzz_targets.h"

namespace parta::fuzz {
namespace {

using Target = void (*)(const uint8_t*, size_t);

int replay(const std::string& name, Target target) {
  int inputs = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(PARTA_FUZZ_CORPUS_DIR) + "/" + name)) {
    std::ifstream in(entry.path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().string());
    target(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
    ++inputs;
  }
  return inputs;
}

TEST(FuzzReplay, RosterCsvCorpus) { EXPECT_GT(replay("roster_csv", &roster_csv), 3); }
TEST(FuzzReplay, RecordMergeCorpus) { EXPECT_GT(replay("record_merge", &record_merge), 3); }
TEST(FuzzReplay, ChangesetCorpus) { EXPECT_GT(replay("changeset", &changeset), 3); }
TEST(FuzzReplay, ChannelCorpus) { EXPECT_GT(replay("channel", &channel), 3); }
TEST(FuzzReplay, InviteCorpus) { EXPECT_GT(replay("invite", &invite), 3); }
TEST(FuzzReplay, SessionCorpus) { EXPECT_GT(replay("session", &session), 3); }
TEST(FuzzReplay, TaskMarkdownCorpus) { EXPECT_GT(replay("task_markdown", &task_markdown), 3); }
TEST(FuzzReplay, MaterialPackCorpus) { EXPECT_GT(replay("material_pack", &material_pack), 3); }
TEST(FuzzReplay, QrPayloadCorpus) { EXPECT_GT(replay("qr_payload", &qr_payload), 3); }
TEST(FuzzReplay, ImageDecodeCorpus) { EXPECT_GT(replay("image_decode", &image_decode), 3); }

}  // namespace
}  // namespace parta::fuzz
