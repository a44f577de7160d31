// MaterialStore on one node: adding, reading and listing an assignment's files, names, limits,
// refs and what git fsck says of the result.
#include <gtest/gtest.h>

#include <fstream>

#include "material_test_support.h"

namespace parta {
namespace {

using testing::git_fsck;
using testing::open_materials;
using testing::TempDir;

std::vector<MaterialFile> files(std::initializer_list<std::pair<const char*, std::string>> list) {
  std::vector<MaterialFile> out;
  for (const auto& [name, bytes] : list) out.push_back(MaterialFile{name, bytes});
  return out;
}

TEST(MaterialStore, CreatesABareRepositoryBesideTheNodeThatFsckAccepts) {
  TempDir temp;
  auto store = open_materials(temp.path());
  ASSERT_TRUE(store);
  EXPECT_EQ(store->path(), temp.path() / "materials.git");
  EXPECT_TRUE(std::filesystem::exists(temp.path() / "materials.git" / "HEAD"));
  auto fsck = git_fsck(store->path());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
  auto again = MaterialStore::open(temp.path());  // opening again changes nothing
  EXPECT_TRUE(again.is_ok()) << again.status().message();
}

TEST(MaterialStore, EachAddIsACommitWhoseTreeHoldsTheCurrentFiles) {
  TempDir temp;
  auto store = open_materials(temp.path());
  const std::string ref = assignment_materials_ref("a1-00000001");
  EXPECT_EQ(ref, "refs/assignments/a1-00000001");
  auto first = store->add_files(ref, files({{"Задание.pdf", "pdf v1"}, {"рисунок.png", "png"}}),
                                kMaterialFileBytesMaxDefault);
  ASSERT_TRUE(first.is_ok()) << first.status().message();
  auto second =
      store->add_files(ref, files({{"Задание.pdf", "pdf v2"}}), kMaterialFileBytesMaxDefault);
  ASSERT_TRUE(second.is_ok()) << second.status().message();
  EXPECT_NE(*first, *second);
  EXPECT_EQ(store->ref_commit(ref).value(), std::optional<std::string>(*second));

  auto current = store->read_files(*second);
  ASSERT_TRUE(current.is_ok()) << current.status().message();
  ASSERT_EQ(current->size(), 2u);
  EXPECT_EQ((*current)[0].name, "Задание.pdf");
  EXPECT_EQ((*current)[0].bytes, "pdf v2");
  EXPECT_EQ((*current)[1].name, "рисунок.png");
  EXPECT_EQ((*current)[1].bytes, "png");
  auto old = store->read_files(*first);  // the earlier version stays readable
  ASSERT_TRUE(old.is_ok());
  EXPECT_EQ((*old)[0].bytes, "pdf v1");

  auto listed = store->list(*second);
  ASSERT_TRUE(listed.is_ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].name, "Задание.pdf");
  EXPECT_EQ((*listed)[0].size_bytes, 6u);
  EXPECT_EQ((*listed)[0].versions, 2u);
  EXPECT_EQ((*listed)[0].blob_id.size(), 40u);
  EXPECT_EQ((*listed)[1].versions, 1u);
  auto fsck = git_fsck(store->path());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
}

TEST(MaterialStore, ReplaceFilesKeepsOnlyTheNewFiles) {
  TempDir temp;
  auto store = open_materials(temp.path());
  const std::string ref = review_audio_ref("a1-00000001", "s1-00000002");
  EXPECT_EQ(ref, "refs/audio/a1-00000001/s1-00000002");
  ASSERT_TRUE(store->replace_files(ref, files({{"отзыв.ogg", "one"}}), 100).is_ok());
  auto second = store->replace_files(ref, files({{"отзыв-2.ogg", "two"}}), 100);
  ASSERT_TRUE(second.is_ok());
  auto current = store->read_files(*second);
  ASSERT_EQ(current->size(), 1u);
  EXPECT_EQ((*current)[0].name, "отзыв-2.ogg");
}

TEST(MaterialStore, RefusesNamesAGitTreeCannotHold) {
  for (const char* bad : {"", ".", "..", "a/b", ".git", ".GIT", "\xff\xfe.pdf"}) {
    Status status = check_material_name(bad);
    EXPECT_EQ(status.kind(), Status::Kind::kInvalid) << "\"" << bad << "\" was accepted";
  }
  EXPECT_TRUE(check_material_name("Контурная карта 7Б.pdf").is_ok());
  EXPECT_TRUE(check_material_name(".hidden").is_ok());
  TempDir temp;
  auto store = open_materials(temp.path());
  auto added = store->add_files("refs/assignments/a1", files({{"..", "x"}}), 100);
  EXPECT_EQ(added.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(store->tips()->size(), 0u) << "a refused add moved a ref";
}

TEST(MaterialStore, RefusesAFileOverTheLimitNamingFileAndLimit) {
  TempDir temp;
  auto path = temp / "скан.pdf";
  std::ofstream(path, std::ios::binary) << std::string(3000, 'x');
  auto read = read_material_file(path, 2048);
  ASSERT_FALSE(read.is_ok());
  EXPECT_EQ(read.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(read.status().message().find(path.string()), std::string::npos)
      << read.status().message();
  EXPECT_NE(read.status().message().find("3000 bytes"), std::string::npos);
  EXPECT_NE(read.status().message().find("2048 bytes"), std::string::npos);
  auto fits = read_material_file(path, 3000);
  ASSERT_TRUE(fits.is_ok());
  EXPECT_EQ(fits->name, "скан.pdf");
  auto store = open_materials(temp / "node");
  auto added = store->add_files("refs/assignments/a1", std::span(&*fits, 1), 2999);
  EXPECT_EQ(added.status().kind(), Status::Kind::kInvalid);
}

// A file that is not there is the caller's mistake (NotFound), not the disk's (IO).
TEST(MaterialStore, AMissingFileIsNotFoundNamingIt) {
  TempDir temp;
  auto read = read_material_file(temp / "нет.pdf", 100);
  EXPECT_EQ(read.status().kind(), Status::Kind::kNotFound);
  EXPECT_NE(read.status().message().find("нет.pdf"), std::string::npos);
}

TEST(MaterialStore, TipsAndHasCommitDescribeWhatTheNodeHolds) {
  TempDir temp;
  auto store = open_materials(temp.path());
  auto a = store->add_files("refs/assignments/a1", files({{"x.txt", "x"}}), 100);
  auto b = store->add_files("refs/assignments/a2", files({{"y.txt", "y"}}), 100);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  auto tips = store->tips();
  ASSERT_TRUE(tips.is_ok());
  ASSERT_EQ(tips->size(), 2u);
  EXPECT_EQ((*tips)[0].ref, "refs/assignments/a1");
  EXPECT_EQ((*tips)[0].commit_id, *a);
  EXPECT_EQ((*tips)[1].commit_id, *b);
  EXPECT_TRUE(store->has_commit(*a).value());
  EXPECT_FALSE(store->has_commit(std::string(40, '0')).value());
  EXPECT_EQ(store->has_commit("abc").status().kind(), Status::Kind::kInvalid);
  auto listed = store->list(*a);
  ASSERT_TRUE(listed.is_ok());
  EXPECT_FALSE(store->has_commit((*listed)[0].blob_id).value()) << "a blob is not a commit";
  EXPECT_EQ(store->read_files(std::string(40, '1')).status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(store->ref_commit("refs/assignments/none").value(), std::nullopt);
  EXPECT_EQ(store->ref_commit("not a ref").status().kind(), Status::Kind::kInvalid);
}

TEST(MaterialStore, ARepositoryHalfCreatedByACrashIsRemovedAtOpen) {
  TempDir temp;
  std::filesystem::create_directories(temp / "materials.git.partial-999" / "objects");
  auto store = open_materials(temp.path());
  ASSERT_TRUE(store);
  EXPECT_FALSE(std::filesystem::exists(temp / "materials.git.partial-999"));
}

TEST(MaterialStore, ARefLockLeftByADeadProcessIsRemovedAFreshOneRefuses) {
  TempDir temp;
  auto store = open_materials(temp.path());
  const std::string ref = "refs/assignments/a1";
  ASSERT_TRUE(store->add_files(ref, files({{"a.txt", "1"}}), 100).is_ok());
  auto lock = store->path() / "refs" / "assignments" / "a1.lock";
  std::ofstream(lock) << "";
  auto refused = store->add_files(ref, files({{"a.txt", "2"}}), 100);
  EXPECT_EQ(refused.status().kind(), Status::Kind::kRefused);
  EXPECT_NE(refused.status().message().find("a1.lock"), std::string::npos)
      << refused.status().message();
  std::filesystem::last_write_time(
      lock, std::filesystem::file_time_type::clock::now() - std::chrono::minutes(5));
  auto added = store->add_files(ref, files({{"a.txt", "3"}}), 100);
  ASSERT_TRUE(added.is_ok()) << added.status().message();
  EXPECT_EQ(store->read_files(*added).value()[0].bytes, "3");
  auto fsck = git_fsck(store->path());
  EXPECT_EQ(fsck.exit_code, 0) << fsck.text;
}

TEST(MaterialStore, TemporaryFilesLeftByKilledWritersAreRemovedAtOpen) {
  TempDir temp;
  auto repo = open_materials(temp.path())->path();
  auto stale = repo / "objects" / "tmp_object_git2_dead";
  auto stale_pack = repo / "objects" / "pack" / "pack_git2_dead";
  auto fresh = repo / "objects" / "tmp_object_git2_busy";  // another process is writing it
  for (const auto& path : {stale, stale_pack, fresh}) std::ofstream(path) << "half an object";
  auto hours_ago = std::filesystem::file_time_type::clock::now() - std::chrono::hours(2);
  std::filesystem::last_write_time(stale, hours_ago);
  std::filesystem::last_write_time(stale_pack, hours_ago);
  ASSERT_TRUE(open_materials(temp.path()));
  EXPECT_FALSE(std::filesystem::exists(stale));
  EXPECT_FALSE(std::filesystem::exists(stale_pack));
  EXPECT_TRUE(std::filesystem::exists(fresh));
}

}  // namespace
}  // namespace parta
