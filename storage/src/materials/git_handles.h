// Owning handles for libgit2 objects and the one way libgit2 errors become a Status.
// Private to parta_materials. Thread safety: as the libgit2 objects they own.
#pragma once

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>

#include "parta/storage/status.h"

namespace parta::materials {

template <typename T, void (*Free)(T*)>
struct GitFree {
  void operator()(T* handle) const { Free(handle); }
};
template <typename T, void (*Free)(T*)>
using GitHandle = std::unique_ptr<T, GitFree<T, Free>>;

using RepositoryHandle = GitHandle<git_repository, git_repository_free>;
using OdbHandle = GitHandle<git_odb, git_odb_free>;
using OdbObjectHandle = GitHandle<git_odb_object, git_odb_object_free>;
using BlobHandle = GitHandle<git_blob, git_blob_free>;
using TreeHandle = GitHandle<git_tree, git_tree_free>;
using CommitHandle = GitHandle<git_commit, git_commit_free>;
using TreeBuilderHandle = GitHandle<git_treebuilder, git_treebuilder_free>;
using SignatureHandle = GitHandle<git_signature, git_signature_free>;
using ReferenceHandle = GitHandle<git_reference, git_reference_free>;
using ReferenceIteratorHandle = GitHandle<git_reference_iterator, git_reference_iterator_free>;
using RevwalkHandle = GitHandle<git_revwalk, git_revwalk_free>;
using IndexerHandle = GitHandle<git_indexer, git_indexer_free>;

// Initialises libgit2 once per process with fsync of everything under the git directory on.
void ensure_libgit2_ready();

// The Status for libgit2's last error after `what` failed: IO for the operating system's
// errors, `kind_otherwise` for the rest. The message names `what` and libgit2's reason.
Status git_failure(std::string_view what, Status (*kind_otherwise)(std::string) = &Status::corrupt);

// Parses 40 hex digits; Invalid naming `id` otherwise.
Result<git_oid> parse_oid(std::string_view id);
std::string oid_text(const git_oid& oid);

}  // namespace parta::materials
