// Opening the repository, writing commits, reading trees, refs; see material_store.h. Packs
// are in material_packs.cpp.
#include "parta/materials/material_store.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <cerrno>
#include <chrono>
#include <cstring>

#include "git_handles.h"
#include "material_store_impl.h"

namespace parta {

using namespace materials;

namespace {

Status fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  bool flushed = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!flushed) {
    return Status::io(
        fmt::format("cannot flush the directory {}: {}", dir.string(), std::strerror(errno)));
  }
  return Status::ok();
}

// Builds the repository beside its final name and renames it into place, so a crash during
// creation never leaves a half-made materials.git that would fail to open.
Status create_repository(const std::filesystem::path& node_dir, const std::filesystem::path& path) {
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator(node_dir, ignored)) {
    if (entry.path().filename().string().starts_with(std::string(kMaterialsRepoName) +
                                                     ".partial-")) {
      std::filesystem::remove_all(entry.path(), ignored);  // left by a crash while creating
    }
  }
  std::filesystem::path partial = path;
  partial += fmt::format(".partial-{}", ::getpid());
  git_repository_init_options options;
  git_repository_init_options_init(&options, GIT_REPOSITORY_INIT_OPTIONS_VERSION);
  options.flags =
      GIT_REPOSITORY_INIT_BARE | GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_NO_REINIT;
  options.description = "Parta task materials and audio reviews (docs/materials-store.md)";
  git_repository* created = nullptr;
  if (git_repository_init_ext(&created, partial.c_str(), &options) != 0) {
    Status failed = git_failure(fmt::format("cannot create {}", partial.string()), &Status::io);
    std::filesystem::remove_all(partial, ignored);
    return failed;
  }
  git_repository_free(created);
  if (::rename(partial.c_str(), path.c_str()) != 0) {
    Status failed = Status::io(fmt::format("cannot rename {} to {}: {}", partial.string(),
                                           path.string(), std::strerror(errno)));
    std::filesystem::remove_all(partial, ignored);
    // Another process created it meanwhile: use theirs.
    return std::filesystem::exists(path / "HEAD") ? Status::ok() : failed;
  }
  return fsync_directory(node_dir);
}

// A ref is locked only for the moment its new id is written and renamed into place; a lock
// this old was left by a process that died (killed, power cut) and would block the ref forever.
constexpr auto kStaleRefLockAge = std::chrono::seconds(30);

// Removes `ref`'s lock file if it is stale; true when one was removed.
bool remove_stale_ref_lock(const std::filesystem::path& repo, std::string_view ref) {
  auto lock = repo / (std::string(ref) + ".lock");
  std::error_code error;
  auto modified = std::filesystem::last_write_time(lock, error);
  if (error || std::filesystem::file_time_type::clock::now() - modified < kStaleRefLockAge) {
    return false;
  }
  return std::filesystem::remove(lock, error);
}

// libgit2 writes each object and each received pack to a temporary file first; a process
// killed meanwhile leaves it behind (git fsck ignores it, but it holds disk space). One this
// old belongs to no running writer: an object or a pack within kPackBytesMax takes seconds.
constexpr auto kStaleTemporaryAge = std::chrono::hours(1);

void remove_stale_temporaries(const std::filesystem::path& repo) {
  const std::pair<std::filesystem::path, std::string_view> places[] = {
      {repo / "objects", "tmp_object_git2_"}, {repo / "objects" / "pack", "pack_git2_"}};
  const auto now = std::filesystem::file_time_type::clock::now();
  for (const auto& [dir, prefix] : places) {
    std::error_code ignored;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ignored)) {
      if (!entry.path().filename().string().starts_with(prefix)) continue;
      auto modified = std::filesystem::last_write_time(entry.path(), ignored);
      if (!ignored && now - modified > kStaleTemporaryAge) {
        std::filesystem::remove(entry.path(), ignored);
      }
    }
  }
}

}  // namespace

MaterialStore::MaterialStore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
MaterialStore::~MaterialStore() = default;

const std::filesystem::path& MaterialStore::path() const { return impl_->path; }

Result<std::unique_ptr<MaterialStore>> MaterialStore::open(const std::filesystem::path& node_dir) {
  ensure_libgit2_ready();
  auto path = node_dir / kMaterialsRepoName;
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    if (!std::filesystem::is_directory(node_dir, error)) {
      return Status::not_found(
          fmt::format("{} is not a directory; is it a Parta node?", node_dir.string()));
    }
    PARTA_RETURN_IF_ERROR(create_repository(node_dir, path));
  }
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  git_repository* repo = nullptr;
  if (git_repository_open_bare(&repo, path.c_str()) != 0) {
    return git_failure(fmt::format("{} is not a usable git repository", path.string()));
  }
  impl->repo.reset(repo);
  git_odb* odb = nullptr;
  if (git_repository_odb(&odb, repo) != 0) {
    return git_failure(fmt::format("cannot open the objects of {}", path.string()));
  }
  impl->odb.reset(odb);
  remove_stale_temporaries(path);
  return std::unique_ptr<MaterialStore>(new MaterialStore(std::move(impl)));
}

Result<std::string> MaterialStore::add_files(std::string_view ref,
                                             std::span<const MaterialFile> files,
                                             uint64_t file_bytes_max) {
  return write_commit(ref, files, file_bytes_max, /*keep_current_files=*/true);
}

Result<std::string> MaterialStore::replace_files(std::string_view ref,
                                                 std::span<const MaterialFile> files,
                                                 uint64_t file_bytes_max) {
  return write_commit(ref, files, file_bytes_max, /*keep_current_files=*/false);
}

Result<std::string> MaterialStore::write_commit(std::string_view ref,
                                                std::span<const MaterialFile> files,
                                                uint64_t file_bytes_max, bool keep_current_files) {
  PARTA_RETURN_IF_ERROR(impl_->check_ref_name(ref));
  if (files.empty()) return Status::invalid("no files to store");
  for (const MaterialFile& file : files) {
    PARTA_RETURN_IF_ERROR(check_material_name(file.name));
    if (file.bytes.size() > file_bytes_max) {
      return Status::invalid(fmt::format("{} is {} bytes, over the limit of {} bytes for one file",
                                         file.name, file.bytes.size(), file_bytes_max));
    }
  }
  auto parent = ref_commit(ref);
  if (!parent) return parent.status();
  git_repository* repo = impl_->repo.get();
  CommitHandle parent_commit;
  TreeHandle parent_tree;
  git_oid parent_id;
  if (*parent) {
    parent_id = parse_oid(**parent).value();
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, repo, &parent_id) != 0) {
      return git_failure(fmt::format("cannot read commit {} of {}", **parent, ref));
    }
    parent_commit.reset(commit);
    git_tree* tree = nullptr;
    if (git_commit_tree(&tree, commit) != 0) {
      return git_failure(fmt::format("cannot read the tree of commit {}", **parent));
    }
    parent_tree.reset(tree);
  }
  git_treebuilder* builder = nullptr;
  if (git_treebuilder_new(&builder, repo, keep_current_files ? parent_tree.get() : nullptr) != 0) {
    return git_failure("cannot start a tree", &Status::io);
  }
  TreeBuilderHandle tree_builder(builder);
  // 1. Blobs: loose objects, each fsynced and renamed into place by libgit2.
  for (const MaterialFile& file : files) {
    git_oid blob_id;
    if (git_blob_create_from_buffer(&blob_id, repo, file.bytes.data(), file.bytes.size()) != 0) {
      return git_failure(fmt::format("cannot store {} in {}", file.name, impl_->path.string()),
                         &Status::io);
    }
    if (git_treebuilder_insert(nullptr, builder, file.name.c_str(), &blob_id, GIT_FILEMODE_BLOB) !=
        0) {
      return git_failure(fmt::format("cannot add {} to the tree", file.name), &Status::invalid);
    }
  }
  if (git_treebuilder_entrycount(builder) > kMaterialFilesMax) {
    return Status::invalid(fmt::format("{} would hold {} files; at most {} are allowed", ref,
                                       git_treebuilder_entrycount(builder), kMaterialFilesMax));
  }
  // 2. The tree, 3. the commit.
  git_oid tree_id;
  if (git_treebuilder_write(&tree_id, builder) != 0) {
    return git_failure("cannot write the tree", &Status::io);
  }
  git_tree* tree = nullptr;
  if (git_tree_lookup(&tree, repo, &tree_id) != 0) return git_failure("cannot read the new tree");
  TreeHandle new_tree(tree);
  git_signature* signature = nullptr;
  if (git_signature_now(&signature, "Parta", "parta@localhost") != 0) {
    return git_failure("cannot sign the commit", &Status::io);
  }
  SignatureHandle author(signature);
  std::string message =
      fmt::format("{} {} file(s)\n", keep_current_files ? "add" : "replace with", files.size());
  const git_commit* parents[1] = {parent_commit.get()};
  git_oid commit_id;
  if (git_commit_create(&commit_id, repo, nullptr, signature, signature, "UTF-8", message.c_str(),
                        tree, parent_commit ? 1 : 0, parents) != 0) {
    return git_failure("cannot write the commit", &Status::io);
  }
  // 4. The ref, only if nobody moved it since we read it.
  std::string ref_name(ref);
  git_reference* moved = nullptr;
  auto move_ref = [&] {
    return git_reference_create_matching(&moved, repo, ref_name.c_str(), &commit_id,
                                         *parent ? 1 : 0, *parent ? &parent_id : nullptr,
                                         message.c_str());
  };
  int updated = move_ref();
  if (updated == GIT_ELOCKED && remove_stale_ref_lock(impl_->path, ref)) updated = move_ref();
  if (updated == GIT_ELOCKED) {
    return Status::refused(fmt::format(
        "{} is being changed by another process (lock file {}.lock); try again in a minute, "
        "or delete that file if no parta or partad is running",
        ref, (impl_->path / ref_name).string()));
  }
  if (updated == GIT_EMODIFIED || updated == GIT_EEXISTS) {
    return Status::refused(fmt::format(
        "another process changed {} at the same time; nothing was lost, run the command again",
        ref));
  }
  if (updated != 0) return git_failure(fmt::format("cannot move {}", ref), &Status::io);
  git_reference_free(moved);
  return oid_text(commit_id);
}

Result<std::optional<std::string>> MaterialStore::ref_commit(std::string_view ref) const {
  PARTA_RETURN_IF_ERROR(impl_->check_ref_name(ref));
  git_oid id;
  int found = git_reference_name_to_id(&id, impl_->repo.get(), std::string(ref).c_str());
  if (found == GIT_ENOTFOUND) return std::optional<std::string>();
  if (found != 0) return git_failure(fmt::format("cannot read {}", ref));
  return std::optional<std::string>(oid_text(id));
}

Result<std::vector<MaterialFile>> MaterialStore::read_files(std::string_view commit_id) const {
  auto tree = impl_->commit_tree(commit_id);
  if (!tree) return tree.status();
  std::vector<MaterialFile> files;
  for (size_t i = 0; i < git_tree_entrycount(tree->get()); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree->get(), i);
    auto blob = impl_->blob(*git_tree_entry_id(entry), git_tree_entry_name(entry));
    if (!blob) return blob.status();
    files.push_back(
        MaterialFile{git_tree_entry_name(entry),
                     std::string(static_cast<const char*>(git_blob_rawcontent(blob->get())),
                                 static_cast<size_t>(git_blob_rawsize(blob->get())))});
  }
  return files;
}

Result<std::vector<MaterialEntry>> MaterialStore::list(std::string_view commit_id) const {
  auto tree = impl_->commit_tree(commit_id);
  if (!tree) return tree.status();
  std::vector<MaterialEntry> entries;
  for (size_t i = 0; i < git_tree_entrycount(tree->get()); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree->get(), i);
    size_t size_bytes = 0;
    git_object_t type;
    if (git_odb_read_header(&size_bytes, &type, impl_->odb.get(), git_tree_entry_id(entry)) != 0) {
      return git_failure(
          fmt::format("cannot read {} of commit {}", git_tree_entry_name(entry), commit_id));
    }
    entries.push_back(MaterialEntry{git_tree_entry_name(entry), size_bytes,
                                    oid_text(*git_tree_entry_id(entry)), 0});
  }
  PARTA_RETURN_IF_ERROR(impl_->count_versions(commit_id, &entries));
  return entries;
}

Result<std::vector<MaterialTip>> MaterialStore::tips() const {
  git_reference_iterator* iterator = nullptr;
  if (git_reference_iterator_glob_new(&iterator, impl_->repo.get(), "refs/*") != 0) {
    return git_failure(fmt::format("cannot list the refs of {}", impl_->path.string()));
  }
  ReferenceIteratorHandle refs(iterator);
  std::vector<MaterialTip> tips;
  git_reference* ref = nullptr;
  int next;
  while ((next = git_reference_next(&ref, iterator)) == 0) {
    ReferenceHandle owned(ref);
    const git_oid* target = git_reference_target(ref);
    if (target != nullptr) tips.push_back(MaterialTip{git_reference_name(ref), oid_text(*target)});
  }
  if (next != GIT_ITEROVER) return git_failure("cannot list the refs");
  std::sort(tips.begin(), tips.end(),
            [](const MaterialTip& a, const MaterialTip& b) { return a.ref < b.ref; });
  return tips;
}

Result<bool> MaterialStore::has_commit(std::string_view commit_id) const {
  auto oid = parse_oid(commit_id);
  if (!oid) return oid.status();
  return impl_->object_is(*oid, GIT_OBJECT_COMMIT);
}

}  // namespace parta
