// Packs between two real repositories: what one builds the other indexes, a revised file costs
// its delta, and a damaged pack is refused with nothing referring to it.
#include <gtest/gtest.h>

#include "git_delta.h"
#include "material_test_support.h"

namespace parta {
namespace {

using testing::git_fsck;
using testing::open_materials;
using testing::random_bytes;
using testing::TempDir;

constexpr uint64_t kLimit = kMaterialFileBytesMaxDefault;
const std::string kRef = "refs/assignments/a1-00000001";

std::string add(MaterialStore& store, const std::string& name, const std::string& bytes) {
  MaterialFile file{name, bytes};
  auto commit = store.add_files(kRef, std::span(&file, 1), kLimit);
  EXPECT_TRUE(commit.is_ok()) << commit.status().message();
  return commit.is_ok() ? *commit : std::string();
}

// Sends `wanted` from `from` to `to` as a sync would: pack, index, then the ref.
Status transfer(MaterialStore& from, MaterialStore& to, const std::string& wanted,
                size_t* pack_bytes = nullptr) {
  auto tips = to.tips();
  if (!tips) return tips.status();
  std::vector<std::string> has;
  for (const MaterialTip& tip : *tips) has.push_back(tip.commit_id);
  auto pack = from.build_pack(std::vector<std::string>{wanted}, has);
  if (!pack) return pack.status();
  if (pack_bytes != nullptr) *pack_bytes = pack->size();
  PARTA_RETURN_IF_ERROR(to.index_pack(*pack));
  return to.set_ref(kRef, wanted);
}

size_t pack_file_count(const MaterialStore& store) {
  size_t count = 0;
  for (const auto& entry : std::filesystem::directory_iterator(store.path() / "objects" / "pack")) {
    (void)entry;
    ++count;
  }
  return count;
}

TEST(MaterialDelta, RebuildsTheTargetFromTheBase) {
  std::string base = random_bytes(100'000, 1);
  std::string target = base;
  target.replace(5000, 300, random_bytes(300, 2));
  target.insert(70'000, "вставка");
  target.erase(90'000, 1000);
  auto delta = materials::encode_delta(base, target, target.size());
  ASSERT_TRUE(delta.has_value());
  EXPECT_LT(delta->size(), 1000u);
  EXPECT_EQ(materials::apply_delta(base, *delta), target);
  EXPECT_FALSE(materials::encode_delta(base, random_bytes(100'000, 3), 50'000).has_value())
      << "unrelated bytes made a small delta";
}

TEST(MaterialPack, RoundTripBetweenTwoRepositories) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  auto school = open_materials(temp / "school");
  add(*hub, "Задание.md", "# Задание 1\n");
  std::string commit = add(*hub, "карта.png", random_bytes(50'000, 7));
  ASSERT_TRUE(transfer(*hub, *school, commit).is_ok());
  EXPECT_EQ(school->ref_commit(kRef).value(), std::optional<std::string>(commit));
  auto files = school->read_files(commit);
  ASSERT_TRUE(files.is_ok()) << files.status().message();
  EXPECT_EQ(*files, hub->read_files(commit).value());
  EXPECT_EQ(school->list(commit)->size(), 2u);
  auto fsck = git_fsck(school->path());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
}

TEST(MaterialPack, ARevisedFileCostsItsDeltaNotItsSize) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  auto school = open_materials(temp / "school");
  constexpr size_t kFileBytes = 2'000'000;
  std::string original = random_bytes(kFileBytes, 11);  // incompressible, like a scan
  std::string first = add(*hub, "scan.bin", original);
  size_t first_pack = 0;
  ASSERT_TRUE(transfer(*hub, *school, first, &first_pack).is_ok());
  EXPECT_GT(first_pack, kFileBytes);

  std::string revised = original;
  for (size_t at : {100'000u, 900'000u, 1'500'000u})
    revised.replace(at, 1500, random_bytes(1500, at));
  std::string second = add(*hub, "scan.bin", revised);
  size_t delta_pack = 0;
  ASSERT_TRUE(transfer(*hub, *school, second, &delta_pack).is_ok());
  std::printf(
      "[ figures  ] file %zu bytes; first pack %zu bytes; revision (3 x 1500 bytes "
      "changed) pack %zu bytes, %.2f%% of the file\n",
      kFileBytes, first_pack, delta_pack, 100.0 * delta_pack / kFileBytes);
  EXPECT_LT(delta_pack * 100, kFileBytes) << "the revision cost more than 1% of the file";
  auto files = school->read_files(second);
  ASSERT_TRUE(files.is_ok()) << files.status().message();
  EXPECT_EQ((*files)[0].bytes, revised);
  EXPECT_EQ(school->list(second).value()[0].versions, 2u);
  auto fsck = git_fsck(school->path());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
}

TEST(MaterialPack, SeveralRevisionsTravelInOnePackAsAChainOfDeltas) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  auto school = open_materials(temp / "school");
  std::string version = random_bytes(500'000, 21);
  std::string first = add(*hub, "учебник.bin", version);
  ASSERT_TRUE(transfer(*hub, *school, first).is_ok());
  for (int revision = 0; revision < 3; ++revision) {
    version.replace(1000 + revision * 100'000, 500, random_bytes(500, revision));
    add(*hub, "учебник.bin", version);
  }
  add(*hub, "ответы.txt", "1) 42");
  std::string last = hub->ref_commit(kRef).value().value();
  size_t pack_bytes = 0;
  ASSERT_TRUE(transfer(*hub, *school, last, &pack_bytes).is_ok());
  EXPECT_LT(pack_bytes, 10'000u) << "three revisions of 500 changed bytes each";
  auto files = school->read_files(last);
  ASSERT_TRUE(files.is_ok()) << files.status().message();
  EXPECT_EQ(*files, hub->read_files(last).value());
  EXPECT_EQ(school->list(last).value()[1].versions, 4u);
  auto fsck = git_fsck(school->path());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
}

TEST(MaterialPack, NothingIsSentThatThePeerHas) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  std::string commit = add(*hub, "a.txt", "a");
  auto pack = hub->build_pack(std::vector<std::string>{commit}, std::vector<std::string>{commit});
  ASSERT_TRUE(pack.is_ok());
  EXPECT_EQ(pack->size(), 12u + 20u) << "a pack of what the peer has is header and trailer";
  EXPECT_EQ(hub->build_pack(std::vector<std::string>{std::string(40, 'a')}, {}).status().kind(),
            Status::Kind::kNotFound);
}

TEST(MaterialPack, ACorruptedPackIsRejectedAndNoRefMoves) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  auto school = open_materials(temp / "school");
  std::string commit = add(*hub, "лист.txt", random_bytes(20'000, 5));
  auto pack = hub->build_pack(std::vector<std::string>{commit}, {});
  ASSERT_TRUE(pack.is_ok());
  size_t packs_before = pack_file_count(*school);
  for (size_t at : {size_t{5}, size_t{14}, pack->size() / 2, pack->size() - 3}) {
    std::string damaged = *pack;
    damaged[at] ^= 0x40;
    Status indexed = school->index_pack(damaged);
    EXPECT_FALSE(indexed.is_ok()) << "a pack with byte " << at << " flipped was accepted";
    EXPECT_TRUE(indexed.kind() == Status::Kind::kCorrupt)
        << indexed.kind_name() << ": " << indexed.message();
    EXPECT_EQ(pack_file_count(*school), packs_before) << "the damaged pack left files behind";
    EXPECT_FALSE(school->has_commit(commit).value());
    Status pointed = school->set_ref(kRef, commit);
    EXPECT_EQ(pointed.kind(), Status::Kind::kNotFound) << pointed.message();
    EXPECT_EQ(school->tips()->size(), 0u);
  }
  Status truncated = school->index_pack(pack->substr(0, pack->size() / 2));
  EXPECT_EQ(truncated.kind(), Status::Kind::kCorrupt) << truncated.message();
  auto fsck = git_fsck(school->path());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
  ASSERT_TRUE(school->index_pack(*pack).is_ok());  // the good pack still goes in
  EXPECT_TRUE(school->set_ref(kRef, commit).is_ok());
}

TEST(MaterialPack, AThinPackWithoutItsBaseIsRejected) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  auto school = open_materials(temp / "school");
  std::string original = random_bytes(100'000, 8);
  std::string first = add(*hub, "f.bin", original);
  original[500] ^= 1;
  std::string second = add(*hub, "f.bin", original);
  // Built as if the school had the first version, which it has not.
  auto pack = hub->build_pack(std::vector<std::string>{second}, std::vector<std::string>{first});
  ASSERT_TRUE(pack.is_ok());
  Status indexed = school->index_pack(*pack);
  EXPECT_EQ(indexed.kind(), Status::Kind::kCorrupt) << indexed.message();
  EXPECT_FALSE(school->has_commit(second).value());
  EXPECT_EQ(school->set_ref(kRef, second).kind(), Status::Kind::kNotFound);
}

TEST(MaterialPack, APackWhoseParentIsMissingIsRejected) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  auto school = open_materials(temp / "school");
  std::string first = add(*hub, "a.txt", "one");
  std::string second = add(*hub, "b.txt", "two");
  // Only the second commit's own objects: its parent and a.txt are missing at the school.
  auto pack = hub->build_pack(std::vector<std::string>{second}, std::vector<std::string>{first});
  ASSERT_TRUE(pack.is_ok());
  Status indexed = school->index_pack(*pack);
  EXPECT_EQ(indexed.kind(), Status::Kind::kCorrupt) << indexed.message();
  EXPECT_FALSE(school->has_commit(second).value());
  EXPECT_EQ(school->ref_commit(kRef).value(), std::nullopt);
  auto fsck = git_fsck(school->path());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
}

TEST(MaterialPack, SetRefRefusesACommitWithAMissingBlob) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  std::string first = add(*hub, "a.txt", "one");
  std::string blob = hub->list(first).value()[0].blob_id;
  std::filesystem::remove(hub->path() / "objects" / blob.substr(0, 2) / blob.substr(2));
  Status pointed = hub->set_ref("refs/assignments/other", first);
  EXPECT_EQ(pointed.kind(), Status::Kind::kCorrupt) << pointed.message();
  EXPECT_NE(pointed.message().find("a.txt"), std::string::npos) << pointed.message();
  EXPECT_EQ(hub->ref_commit("refs/assignments/other").value(), std::nullopt);
}

TEST(MaterialPack, SetRefMovesARefToACompleteCommit) {
  TempDir temp;
  auto hub = open_materials(temp / "hub");
  std::string first = add(*hub, "a.txt", "one");
  add(*hub, "a.txt", "two");
  ASSERT_TRUE(hub->set_ref(kRef, first).is_ok());  // back to the first version
  EXPECT_EQ(hub->ref_commit(kRef).value(), std::optional<std::string>(first));
  EXPECT_EQ(hub->set_ref(kRef, std::string(40, 'b')).kind(), Status::Kind::kNotFound);
  EXPECT_EQ(hub->set_ref("HEAD", first).kind(), Status::Kind::kInvalid);
}

}  // namespace
}  // namespace parta
