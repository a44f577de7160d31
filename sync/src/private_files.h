// Files only the node's owner may read: the peer, status and invite files hold pinned keys and
// invite secrets, so their directories are made 0700 and the files 0600, each replaced whole
// (atomic_file.h). Sync-internal.
#pragma once

#include <filesystem>
#include <string_view>

#include "parta/storage/status.h"

namespace parta {

// Makes `dir` (mode 0700) unless it exists; its parent must exist. IO naming it on failure.
Status ensure_private_directory(const std::filesystem::path& dir);

// Replaces `path` whole with `bytes`, mode 0600. IO naming the file on failure.
Status write_private_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace parta
