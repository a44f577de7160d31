// Reading commits, trees and histories for MaterialStore; see material_store_impl.h.
#include <fmt/format.h>

#include <set>

#include "material_store_impl.h"

namespace parta {

using namespace materials;

namespace {

struct OidLess {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_cmp(&a, &b) < 0; }
};

}  // namespace

Status MaterialStore::Impl::check_ref_name(std::string_view ref) const {
  int valid = 0;
  std::string name(ref);
  if (!ref.starts_with("refs/") || git_reference_name_is_valid(&valid, name.c_str()) != 0 ||
      !valid) {
    return Status::invalid(fmt::format("\"{}\" is not a valid ref name under refs/", ref));
  }
  return Status::ok();
}

Result<bool> MaterialStore::Impl::object_is(const git_oid& id, git_object_t type) const {
  size_t size_bytes = 0;
  git_object_t found_type;
  int read = git_odb_read_header(&size_bytes, &found_type, odb.get(), &id);
  if (read == GIT_ENOTFOUND) return false;
  if (read != 0) return git_failure(fmt::format("cannot read object {}", oid_text(id)));
  return found_type == type;
}

Result<TreeHandle> MaterialStore::Impl::commit_tree(std::string_view commit_id) const {
  auto oid = parse_oid(commit_id);
  if (!oid) return oid.status();
  auto present = object_is(*oid, GIT_OBJECT_COMMIT);
  if (!present) return present.status();
  if (!*present) {
    return Status::not_found(fmt::format("commit {} is not in {} (yet); materials arrive with sync",
                                         commit_id, path.string()));
  }
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo.get(), &*oid) != 0) {
    return git_failure(fmt::format("cannot read commit {}", commit_id));
  }
  CommitHandle owned(commit);
  git_tree* tree = nullptr;
  if (git_commit_tree(&tree, commit) != 0) {
    return git_failure(fmt::format("cannot read the tree of commit {}", commit_id));
  }
  return TreeHandle(tree);
}

Result<BlobHandle> MaterialStore::Impl::blob(const git_oid& id, std::string_view name) const {
  git_blob* found = nullptr;
  if (git_blob_lookup(&found, repo.get(), &id) != 0) {
    return git_failure(fmt::format("cannot read {} (blob {})", name, oid_text(id)));
  }
  return BlobHandle(found);
}

Status MaterialStore::Impl::count_versions(std::string_view commit_id,
                                           std::vector<MaterialEntry>* entries) const {
  std::vector<std::string> last_ids(entries->size());
  std::vector<bool> counting(entries->size(), true);
  for (size_t i = 0; i < entries->size(); ++i) {
    last_ids[i] = (*entries)[i].blob_id;
    (*entries)[i].versions = 1;
  }
  git_oid at = parse_oid(commit_id).value();
  for (size_t walked = 0; walked < kHistoryCommitsMax; ++walked) {
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, repo.get(), &at) != 0) {
      return git_failure(fmt::format("cannot read commit {}", oid_text(at)));
    }
    CommitHandle owned(commit);
    if (git_commit_parentcount(commit) == 0) break;
    git_commit* parent = nullptr;
    if (git_commit_parent(&parent, commit, 0) != 0) {
      return git_failure(fmt::format("cannot read the parent of commit {}", oid_text(at)));
    }
    CommitHandle parent_owned(parent);
    git_tree* tree = nullptr;
    if (git_commit_tree(&tree, parent) != 0) {
      return git_failure(fmt::format("cannot read the tree of commit {}", oid_text(at)));
    }
    TreeHandle tree_owned(tree);
    for (size_t i = 0; i < entries->size(); ++i) {
      if (!counting[i]) continue;
      const git_tree_entry* entry = git_tree_entry_byname(tree, (*entries)[i].name.c_str());
      if (entry == nullptr) {
        counting[i] = false;  // the file was added in the newer commit
        continue;
      }
      std::string id = oid_text(*git_tree_entry_id(entry));
      if (id != last_ids[i]) ++(*entries)[i].versions, last_ids[i] = id;
    }
    at = *git_commit_id(parent);
  }
  return Status::ok();
}

Status MaterialStore::Impl::check_complete(const git_oid& commit) const {
  git_revwalk* walk = nullptr;
  if (git_revwalk_new(&walk, repo.get()) != 0) return git_failure("cannot walk the history");
  RevwalkHandle owned(walk);
  if (git_revwalk_push(walk, &commit) != 0) {
    return git_failure(fmt::format("commit {} is not complete", oid_text(commit)));
  }
  std::set<git_oid, OidLess> trees_checked;
  std::vector<git_oid> trees;
  git_oid at;
  size_t walked = 0;
  int next;
  while ((next = git_revwalk_next(&at, walk)) == 0) {
    if (++walked > kHistoryCommitsMax) {
      return Status::refused(fmt::format("the history of {} is longer than {} commits",
                                         oid_text(commit), kHistoryCommitsMax));
    }
    git_commit* found = nullptr;
    if (git_commit_lookup(&found, repo.get(), &at) != 0) {
      return git_failure(
          fmt::format("commit {} of the history of {} is missing", oid_text(at), oid_text(commit)));
    }
    trees.push_back(*git_commit_tree_id(found));
    git_commit_free(found);
    while (!trees.empty()) {
      git_oid tree_id = trees.back();
      trees.pop_back();
      if (!trees_checked.insert(tree_id).second) continue;
      git_tree* tree = nullptr;
      if (git_tree_lookup(&tree, repo.get(), &tree_id) != 0) {
        return git_failure(
            fmt::format("tree {} of commit {} is missing", oid_text(tree_id), oid_text(at)));
      }
      TreeHandle tree_owned(tree);
      for (size_t i = 0; i < git_tree_entrycount(tree); ++i) {
        const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
        if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
          trees.push_back(*git_tree_entry_id(entry));
        } else if (!git_odb_exists(odb.get(), git_tree_entry_id(entry))) {
          return Status::corrupt(fmt::format("{} (object {}) of commit {} is missing",
                                             git_tree_entry_name(entry),
                                             oid_text(*git_tree_entry_id(entry)), oid_text(at)));
        }
      }
    }
  }
  if (next != GIT_ITEROVER) {
    return git_failure(fmt::format("the history of commit {} is incomplete", oid_text(commit)));
  }
  return Status::ok();
}

}  // namespace parta
