// Packs between nodes: build_pack (a thin pack of what a peer lacks), index_pack, set_ref; see
// material_store.h and docs/materials-store.md.
#include <fmt/format.h>

#include <set>

#include "git_delta.h"
#include "material_store_impl.h"
#include "pack_writer.h"

namespace parta {

using namespace materials;

namespace {

struct OidLess {
  bool operator()(const git_oid& a, const git_oid& b) const { return git_oid_cmp(&a, &b) < 0; }
};
using OidSet = std::set<git_oid, OidLess>;

// Writes the objects of the commits a peer lacks. `peer_objects` are trees and blobs it has.
class PackBuilder {
 public:
  PackBuilder(git_repository* repo, git_odb* odb, OidSet peer_objects)
      : repo_(repo), odb_(odb), known_(std::move(peer_objects)) {}

  Status add_commit(const git_oid& id);
  Result<std::string> finish() { return writer_.finish(); }

 private:
  Result<OdbObjectHandle> read(const git_oid& id) const;
  Status add_tree(const git_oid& id, const git_tree* base);
  Status add_blob(const git_oid& id, const git_tree_entry* base);
  git_repository* repo_;
  git_odb* odb_;
  OidSet known_;  // objects the peer has or this pack already holds
  PackWriter writer_;
};

Result<OdbObjectHandle> PackBuilder::read(const git_oid& id) const {
  git_odb_object* object = nullptr;
  if (git_odb_read(&object, odb_, &id) != 0) {
    return git_failure(fmt::format("cannot read object {} for a pack", oid_text(id)));
  }
  return OdbObjectHandle(object);
}

Status PackBuilder::add_commit(const git_oid& id) {
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo_, &id) != 0) {
    return git_failure(fmt::format("cannot read commit {}", oid_text(id)));
  }
  CommitHandle owned(commit);
  TreeHandle base;
  if (git_commit_parentcount(commit) > 0) {
    git_commit* parent = nullptr;
    git_tree* tree = nullptr;
    if (git_commit_parent(&parent, commit, 0) == 0 && git_commit_tree(&tree, parent) == 0) {
      base.reset(tree);
    }
    git_commit_free(parent);
  }
  PARTA_RETURN_IF_ERROR(add_tree(*git_commit_tree_id(commit), base.get()));
  auto object = read(id);
  if (!object) return object.status();
  return writer_.add_whole(
      GIT_OBJECT_COMMIT,
      std::string_view(static_cast<const char*>(git_odb_object_data(object->get())),
                       git_odb_object_size(object->get())));
}

// `base` is the same tree in the parent commit (or null): its entries are delta bases.
Status PackBuilder::add_tree(const git_oid& id, const git_tree* base) {
  if (!known_.insert(id).second) return Status::ok();
  git_tree* tree = nullptr;
  if (git_tree_lookup(&tree, repo_, &id) != 0) {
    return git_failure(fmt::format("cannot read tree {}", oid_text(id)));
  }
  TreeHandle owned(tree);
  for (size_t i = 0; i < git_tree_entrycount(tree); ++i) {
    const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
    const git_tree_entry* base_entry =
        base != nullptr ? git_tree_entry_byname(base, git_tree_entry_name(entry)) : nullptr;
    if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
      TreeHandle base_tree;
      git_tree* found = nullptr;
      if (base_entry != nullptr && git_tree_entry_type(base_entry) == GIT_OBJECT_TREE &&
          git_tree_lookup(&found, repo_, git_tree_entry_id(base_entry)) == 0) {
        base_tree.reset(found);
      }
      PARTA_RETURN_IF_ERROR(add_tree(*git_tree_entry_id(entry), base_tree.get()));
    } else {
      bool blob_base = base_entry != nullptr && git_tree_entry_type(base_entry) == GIT_OBJECT_BLOB;
      PARTA_RETURN_IF_ERROR(add_blob(*git_tree_entry_id(entry), blob_base ? base_entry : nullptr));
    }
  }
  auto object = read(id);
  if (!object) return object.status();
  return writer_.add_whole(
      GIT_OBJECT_TREE,
      std::string_view(static_cast<const char*>(git_odb_object_data(object->get())),
                       git_odb_object_size(object->get())));
}

Status PackBuilder::add_blob(const git_oid& id, const git_tree_entry* base) {
  if (!known_.insert(id).second) return Status::ok();
  auto object = read(id);
  if (!object) return object.status();
  std::string_view bytes(static_cast<const char*>(git_odb_object_data(object->get())),
                         git_odb_object_size(object->get()));
  if (base != nullptr) {
    // The base is the parent's blob: the peer has it, or this pack holds it already.
    auto base_object = read(*git_tree_entry_id(base));
    if (!base_object) return base_object.status();
    std::string_view base_bytes(static_cast<const char*>(git_odb_object_data(base_object->get())),
                                git_odb_object_size(base_object->get()));
    auto delta = encode_delta(base_bytes, bytes, bytes.size() / 2);
    if (delta) return writer_.add_delta(*git_tree_entry_id(base), *delta);
  }
  return writer_.add_whole(GIT_OBJECT_BLOB, bytes);
}

// Every tree and blob `commit`'s tree reaches, into *out.
Status collect_tree_objects(git_repository* repo, const git_oid& commit_id, OidSet* out) {
  git_commit* commit = nullptr;
  if (git_commit_lookup(&commit, repo, &commit_id) != 0) {
    return git_failure(fmt::format("cannot read commit {}", oid_text(commit_id)));
  }
  std::vector<git_oid> trees{*git_commit_tree_id(commit)};
  git_commit_free(commit);
  while (!trees.empty()) {
    git_oid tree_id = trees.back();
    trees.pop_back();
    if (!out->insert(tree_id).second) continue;
    git_tree* tree = nullptr;
    if (git_tree_lookup(&tree, repo, &tree_id) != 0) {
      return git_failure(fmt::format("cannot read tree {}", oid_text(tree_id)));
    }
    for (size_t i = 0; i < git_tree_entrycount(tree); ++i) {
      const git_tree_entry* entry = git_tree_entry_byindex(tree, i);
      if (git_tree_entry_type(entry) == GIT_OBJECT_TREE) {
        trees.push_back(*git_tree_entry_id(entry));
      } else {
        out->insert(*git_tree_entry_id(entry));
      }
    }
    git_tree_free(tree);
  }
  return Status::ok();
}

// Stops the indexer once a pack announces more objects than a peer may send.
int limit_pack_objects(const git_indexer_progress* stats, void* /*payload*/) {
  return stats->total_objects > kPackObjectsMax ? -1 : 0;
}

}  // namespace

Result<std::string> MaterialStore::build_pack(std::span<const std::string> wanted,
                                              std::span<const std::string> peer_has) const {
  git_repository* repo = impl_->repo.get();
  git_revwalk* walk = nullptr;
  if (git_revwalk_new(&walk, repo) != 0) return git_failure("cannot walk the history");
  RevwalkHandle owned(walk);
  git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
  for (const std::string& id : wanted) {
    auto oid = parse_oid(id);
    if (!oid) return oid.status();
    auto present = impl_->object_is(*oid, GIT_OBJECT_COMMIT);
    if (!present) return present.status();
    if (!*present) return Status::not_found(fmt::format("commit {} is not here to send", id));
    if (git_revwalk_push(walk, &*oid) != 0) return git_failure("cannot walk " + id);
  }
  OidSet peer_commits;
  for (const std::string& id : peer_has) {
    auto oid = parse_oid(id);
    if (!oid) return oid.status();
    auto present = impl_->object_is(*oid, GIT_OBJECT_COMMIT);
    if (!present) return present.status();
    if (!*present) continue;  // the peer has what we have never seen: nothing to leave out
    if (git_revwalk_hide(walk, &*oid) != 0) return git_failure("cannot walk " + id);
    peer_commits.insert(*oid);
  }
  std::vector<git_oid> commits;
  git_oid at;
  int next;
  while ((next = git_revwalk_next(&at, walk)) == 0) {
    if (commits.size() >= kPackObjectsMax) {
      return Status::refused(fmt::format("more than {} commits to send", kPackObjectsMax));
    }
    commits.push_back(at);
  }
  if (next != GIT_ITEROVER) return git_failure("cannot walk the history to send");
  // What the peer holds for sure: the trees of the commits it has and of the parents of the
  // first commits sent (ancestors of what it has). Older objects sent again are harmless.
  OidSet sent(commits.begin(), commits.end());
  for (const git_oid& id : commits) {
    git_commit* commit = nullptr;
    if (git_commit_lookup(&commit, repo, &id) != 0) return git_failure("cannot read a commit");
    for (unsigned i = 0; i < git_commit_parentcount(commit); ++i) {
      const git_oid* parent = git_commit_parent_id(commit, i);
      if (sent.count(*parent) == 0) peer_commits.insert(*parent);
    }
    git_commit_free(commit);
  }
  OidSet peer_objects;
  for (const git_oid& id : peer_commits) {
    PARTA_RETURN_IF_ERROR(collect_tree_objects(repo, id, &peer_objects));
  }
  PackBuilder builder(repo, impl_->odb.get(), std::move(peer_objects));
  for (const git_oid& id : commits) PARTA_RETURN_IF_ERROR(builder.add_commit(id));
  return builder.finish();
}

Status MaterialStore::index_pack(std::string_view pack) {
  if (pack.size() > kPackBytesMax) {
    return Status::refused(fmt::format("a pack of {} bytes is over the limit of {} bytes",
                                       pack.size(), kPackBytesMax));
  }
  // The header's object count is checked here, before libgit2 sees it: libgit2 1.5 sizes
  // its table of objects from it, so a 12-byte header claiming two billion objects made it
  // allocate 4 GB (found by the material_pack fuzz target). Every object takes at least two
  // bytes of the pack.
  constexpr size_t kHeaderBytes = 12;
  if (pack.size() < kHeaderBytes + 20 || pack.substr(0, 4) != "PACK") {
    return Status::corrupt("the received pack is damaged (no pack header); nothing of it was kept");
  }
  const auto byte = [&](size_t at) { return static_cast<uint32_t>(static_cast<uint8_t>(pack[at])); };
  const uint32_t version = byte(4) << 24 | byte(5) << 16 | byte(6) << 8 | byte(7);
  const uint32_t objects = byte(8) << 24 | byte(9) << 16 | byte(10) << 8 | byte(11);
  if (version != 2 && version != 3) {
    return Status::corrupt(fmt::format("the received pack has version {}; only 2 and 3 exist",
                                       version));
  }
  if (objects > kPackObjectsMax) {
    return Status::refused(fmt::format("a pack of {} objects is over the limit of {}", objects,
                                       kPackObjectsMax));
  }
  if (objects > (pack.size() - kHeaderBytes) / 2) {
    return Status::corrupt(fmt::format(
        "the received pack claims {} objects in {} bytes; nothing of it was kept", objects,
        pack.size()));
  }
  git_indexer_options options;
  git_indexer_options_init(&options, GIT_INDEXER_OPTIONS_VERSION);
  options.verify = 1;  // every object a commit or tree names must be in the pack or here
  options.progress_cb = &limit_pack_objects;
  auto pack_dir = impl_->path / "objects" / "pack";
  git_indexer* created = nullptr;
  if (git_indexer_new(&created, pack_dir.c_str(), 0, impl_->odb.get(), &options) != 0) {
    return git_failure(fmt::format("cannot index a pack in {}", pack_dir.string()), &Status::io);
  }
  // Freed without a commit, the indexer deletes its temporary pack: nothing of a bad pack stays.
  IndexerHandle indexer(created);
  git_indexer_progress stats{};
  constexpr size_t kChunkBytes = size_t{1} << 20;
  for (size_t done = 0; done < pack.size();) {
    size_t part = std::min(kChunkBytes, pack.size() - done);
    if (git_indexer_append(created, pack.data() + done, part, &stats) != 0) {
      if (stats.total_objects > kPackObjectsMax) {
        return Status::refused(fmt::format("a pack of {} objects is over the limit of {}",
                                           stats.total_objects, kPackObjectsMax));
      }
      return git_failure("the received pack is damaged; nothing of it was kept");
    }
    done += part;
  }
  if (git_indexer_commit(created, &stats) != 0) {
    return git_failure("the received pack is damaged or incomplete; nothing of it was kept");
  }
  if (git_odb_refresh(impl_->odb.get()) != 0) return git_failure("cannot see the new pack");
  return Status::ok();
}

Status MaterialStore::set_ref(std::string_view ref, std::string_view commit_id) {
  PARTA_RETURN_IF_ERROR(impl_->check_ref_name(ref));
  auto oid = parse_oid(commit_id);
  if (!oid) return oid.status();
  auto present = impl_->object_is(*oid, GIT_OBJECT_COMMIT);
  if (!present) return present.status();
  if (!*present) {
    return Status::not_found(
        fmt::format("commit {} is not here; index the pack holding it before pointing {} at it",
                    commit_id, ref));
  }
  PARTA_RETURN_IF_ERROR(impl_->check_complete(*oid));
  git_reference* moved = nullptr;
  std::string name(ref);
  if (git_reference_create(&moved, impl_->repo.get(), name.c_str(), &*oid, /*force=*/1,
                           "parta: set by sync") != 0) {
    return git_failure(fmt::format("cannot move {}", ref), &Status::io);
  }
  git_reference_free(moved);
  return Status::ok();
}

}  // namespace parta
