// The state behind a MaterialStore and the reads its parts share. Private to parta_materials.
// Thread safety: as MaterialStore (one thread at a time).
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "git_handles.h"
#include "parta/materials/material_store.h"

namespace parta {

struct MaterialStore::Impl {
  // Constant after open.
  std::filesystem::path path;
  materials::RepositoryHandle repo;
  materials::OdbHandle odb;

  // Invalid unless `ref` is a well-formed ref under refs/.
  Status check_ref_name(std::string_view ref) const;
  // Whether the object is here with that type (false when absent).
  Result<bool> object_is(const git_oid& id, git_object_t type) const;
  // NotFound when the commit is not here; Corrupt when it or its tree cannot be read.
  Result<materials::TreeHandle> commit_tree(std::string_view commit_id) const;
  Result<materials::BlobHandle> blob(const git_oid& id, std::string_view name) const;
  // Fills each entry's version count from the first-parent history of `commit_id`.
  Status count_versions(std::string_view commit_id, std::vector<MaterialEntry>* entries) const;
  // Corrupt unless the commit, all its ancestors and every tree and blob they name are here.
  Status check_complete(const git_oid& commit) const;
};

}  // namespace parta
